#!/usr/bin/env bash
# IMAP with clients nobody here wrote: Python's imaplib (STARTTLS, LOGIN, APPEND, SELECT, FETCH, SEARCH, SORT,
# THREAD, STORE, COPY, MOVE, EXPUNGE, GETQUOTAROOT; raw commands for MULTIAPPEND and ENABLE QRESYNC + SELECT (QRESYNC ...)), curl's IMAP
# (LIST, FETCH; also the second reader that checks what imaplib did), and mbsync syncing a maildir of 1,000
# messages up to Tern and down into an empty maildir, comparing bodies and flags.
# needs: python3 curl isync
set -uo pipefail
W="$TERN_WORK/imap"
mkdir -p "$W"
URL="imap://$TERN_HOST:$TERN_IMAP_PORT"
pass() { echo "PASS imap $1"; }
fail() { echo "FAIL imap $1: $2"; }

# --- imaplib ------------------------------------------------------------------------------------------------
python3 - "$TERN_HOST" "$TERN_IMAP_PORT" "$TERN_USER1" "$TERN_PASS1" <<'PY'
import imaplib, ssl, sys
host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def check(what, ok, why=""):
    print(("PASS imaplib " + what) if ok else ("FAIL imaplib %s: %s" % (what, why)))
imaplib.Commands.setdefault("MOVE", ("SELECTED",))
try:
    m = imaplib.IMAP4(host, port)
    m.starttls(ssl_context=ssl._create_unverified_context())
    typ, _ = m.login(user, password)
    check("STARTTLS and LOGIN", typ == "OK")
    for i in range(1, 4):
        body = ("From: imaplib@example.net\r\nSubject: imaplib %d\r\n\r\nbody number %d\r\n" % (i, i)).encode()
        typ, data = m.append("INBOX", "(\\Flagged)" if i == 1 else None, None, body)
        if typ != "OK": check("APPEND", False, data)
    check("APPEND with APPENDUID", typ == "OK" and b"APPENDUID" in data[0], data)
    typ, data = m.select("INBOX")
    check("SELECT", typ == "OK" and int(data[0]) == 3, data)
    typ, data = m.search(None, "SUBJECT", '"imaplib 2"')
    check("SEARCH", data[0].split() == [b"2"], data)
    typ, data = m.search(None, "FLAGGED")
    check("SEARCH FLAGGED", data[0].split() == [b"1"], data)
    typ, data = m.sort("(REVERSE SUBJECT)", "UTF-8", "ALL")
    check("SORT", typ == "OK" and data[0].split() == [b"3", b"2", b"1"], data)
    typ, data = m.sort("(REVERSE DATE)", "UTF-8", "ALL")
    check("SORT REVERSE DATE", typ == "OK" and sorted(data[0].split()) == [b"1", b"2", b"3"], data)
    typ, data = m.thread("ORDEREDSUBJECT", "UTF-8", "ALL")
    check("THREAD", typ == "OK" and data[0] == b"(1)(2)(3)", data)
    typ, data = m.fetch("2", "(BODY.PEEK[] FLAGS)")
    check("FETCH", typ == "OK" and b"body number 2" in data[0][1], data)
    typ, data = m.store("2", "+FLAGS", "(\\Seen \\Answered)")
    check("STORE", typ == "OK" and b"\\Seen" in data[0] and b"\\Answered" in data[0], data)
    m.create("Kept")
    typ, data = m.copy("1", "Kept")
    check("COPY", typ == "OK", data)
    typ, data = m._simple_command("MOVE", "3", "Kept")
    check("MOVE", typ == "OK", data)
    m.store("1", "+FLAGS", "\\Deleted")
    typ, data = m.expunge()
    # imaplib also hands back the EXPUNGE that MOVE produced (message 3); this one is message 1.
    check("EXPUNGE", typ == "OK" and data[-1] == b"1", data)
    m.logout()
except Exception as e:
    check("session", False, repr(e))
PY

# --- imaplib raw commands: CONDSTORE/QRESYNC (RFC 7162) and MULTIAPPEND (RFC 3502) ------------------------------
python3 - "$TERN_HOST" "$TERN_IMAP_PORT" "$TERN_USER1" "$TERN_PASS1" <<'PY'
import imaplib, ssl, sys
host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def check(what, ok, why=""):
    print(("PASS imaplib " + what) if ok else ("FAIL imaplib %s: %s" % (what, why)))
def connect():
    m = imaplib.IMAP4(host, port)
    m.starttls(ssl_context=ssl._create_unverified_context())
    m.login(user, password)
    return m
try:
    m = connect()
    m.create("Resync")
    msgs = [("Subject: resync %d\r\n\r\nbody %d\r\n" % (i, i)) for i in range(1, 4)]
    # imaplib has no MULTIAPPEND: the literals go by hand, as LITERAL+ lets them ({n+}: no continuation to await).
    tag = m._new_tag()
    line = tag + b" APPEND Resync"
    for body in msgs: line += (" {%d+}\r\n" % len(body)).encode() + body.encode()
    m.send(line + b"\r\n")
    while True:
        reply = m.readline()
        if reply.startswith(tag): break
    check("MULTIAPPEND with APPENDUID 1:3", b"OK [APPENDUID" in reply and b" 1:3]" in reply, reply)
    m.select("Resync")
    typ, data = m._simple_command("STATUS", "Resync", "(UIDVALIDITY HIGHESTMODSEQ)")
    status = m._untagged_response(typ, data, "STATUS")[1][0].decode()
    words = status.split("(")[1].rstrip(")").split()
    uidvalidity, modseq = words[words.index("UIDVALIDITY") + 1], words[words.index("HIGHESTMODSEQ") + 1]
    m.store("2", "+FLAGS", "\\Deleted")
    m.expunge()
    m.store("1", "+FLAGS", "\\Flagged")
    m.logout()

    m = connect()
    typ, data = m._simple_command("ENABLE", "QRESYNC")
    enabled = m._untagged_response(typ, data, "ENABLED")[1]
    check("ENABLE QRESYNC", typ == "OK" and b"QRESYNC" in (enabled[0] or b""), enabled)
    typ, data = m._simple_command("SELECT", "Resync", "(QRESYNC (%s %s))" % (uidvalidity, modseq))
    vanished = m.untagged_responses.pop("VANISHED", [])
    fetch = m.untagged_responses.pop("FETCH", [])
    check("SELECT (QRESYNC ...) reports the expunge", typ == "OK" and vanished == [b"(EARLIER) 2"], vanished)
    check("SELECT (QRESYNC ...) reports the flag change with its MODSEQ",
          len(fetch) == 1 and b"UID 1 " in fetch[0] and b"\\Flagged" in fetch[0] and b"MODSEQ" in fetch[0], fetch)
    m.logout()
except Exception as e:
    check("CONDSTORE/QRESYNC session", False, repr(e))
PY

# curl as the second reader of what imaplib left: INBOX holds message 2 (seen, answered), Kept holds 1 and 3.
status=$(curl -s --max-time 20 -u "$TERN_USER1:$TERN_PASS1" "$URL/" -X 'STATUS INBOX (MESSAGES UNSEEN)' | tr -d '\r')
[[ "$status" == *"MESSAGES 1 UNSEEN 0"* ]] && pass "curl STATUS sees imaplib's changes" \
  || fail "curl STATUS sees imaplib's changes" "got '$status'"
kept=$(curl -s --max-time 20 -u "$TERN_USER1:$TERN_PASS1" "$URL/Kept" -X 'UID SEARCH ALL' | tr -d '\r')
[[ "$kept" == *"SEARCH 1 2"* ]] && pass "COPY and MOVE landed in Kept" || fail "COPY and MOVE landed in Kept" "got '$kept'"
body=$(curl -s --max-time 20 -u "$TERN_USER1:$TERN_PASS1" "$URL/Kept;UID=2" | tr -d '\r')
[[ "$body" == *"body number 3"* ]] && pass "curl FETCH" || fail "curl FETCH" "got '${body:0:200}'"
list=$(curl -s --max-time 20 --ssl-reqd -k -u "$TERN_USER1:$TERN_PASS1" "$URL/" | tr -d '\r')
[[ "$list" == *'"/" INBOX'* && "$list" == *'"/" Kept'* && "$list" == *'\Sent'* ]] \
  && pass "curl LIST over STARTTLS" || fail "curl LIST over STARTTLS" "got '$list'"

# --- QUOTA (RFC 9208): a quota set with the CLI while the server runs, read by imaplib's getquotaroot ---------
QUOTA_USER="quota@$TERN_DOMAIN"
echo "quota-Secret-3" | $TERN_CLI user add "$QUOTA_USER" --password-stdin --quota 50M >/dev/null 2>"$W/quota.err" \
  || fail "tern user add --quota" "$(cat "$W/quota.err")"
python3 - "$TERN_HOST" "$TERN_IMAP_PORT" "$QUOTA_USER" "quota-Secret-3" <<'PY'
import imaplib, ssl, sys
host, port, user, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def check(what, ok, why=""):
    print(("PASS imaplib " + what) if ok else ("FAIL imaplib %s: %s" % (what, why)))
try:
    m = imaplib.IMAP4(host, port)
    m.starttls(ssl_context=ssl._create_unverified_context())
    m.login(user, password)
    body = b"Subject: quota\r\n\r\n" + b"q" * 3000 + b"\r\n"
    m.append("INBOX", None, None, body)
    m.append("INBOX", "(\\Deleted)", None, body)
    typ, data = m.getquotaroot("INBOX")
    check("GETQUOTAROOT", typ == "OK" and data == [[b'INBOX ""'], [b'"" (STORAGE 5 51200)']], data)
    typ, data = m.status("INBOX", "(DELETED DELETED-STORAGE)")
    check("STATUS DELETED-STORAGE", typ == "OK" and b"DELETED 1 DELETED-STORAGE 2" in data[0], data)
    m.logout()
except Exception as e:
    check("quota session", False, repr(e))
PY

# --- mbsync: 1,000 messages up and back down ---------------------------------------------------------------
if ! command -v mbsync >/dev/null; then
  fail "mbsync round trip" "mbsync is not installed (Debian package isync)"
  exit 0
fi
python3 - "$W/up" <<'PY'
import os, sys
root = sys.argv[1]
for d in ("cur", "new", "tmp"): os.makedirs(os.path.join(root, d), exist_ok=True)
for i in range(1000):
    flags = "".join(f for f, on in (("F", i % 5 == 0), ("R", i % 7 == 0), ("S", i % 3 == 0)) if on)
    body = ("From: gen@example.net\nTo: alice@interop.test\nSubject: generated %d\nMessage-ID: <gen-%d@example.net>\n"
            "Date: Thu, 05 Mar 2026 10:00:00 +0000\n\nline one of %d\n%s\n" % (i, i, i, "x" * (i % 300)))
    with open(os.path.join(root, "cur", "%d.gen.host:2,%s" % (1000000 + i, flags)), "w") as f: f.write(body)
PY
mkdir -p "$W/down" "$W/up-root" "$W/down-root"
cat > "$W/mbsyncrc" <<EOF
IMAPAccount tern
Host $TERN_HOST
Port $TERN_IMAP_PORT
User $TERN_USER1
Pass $TERN_PASS1
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account tern

MaildirStore up
Path $W/up-root/
Inbox $W/up

MaildirStore down
Path $W/down-root/
Inbox $W/down

Channel push
Far :remote:Synced
Near :up:
Create Far
Sync Push
SyncState *

Channel pull
Far :remote:Synced
Near :down:
Create Near
Sync Pull
SyncState *
EOF
if mbsync -c "$W/mbsyncrc" push >"$W/push.log" 2>&1; then pass "mbsync pushes 1,000 messages"
else fail "mbsync pushes 1,000 messages" "$(tail -3 "$W/push.log" | tr '\n' ' ')"; fi
count=$(curl -s --max-time 20 -u "$TERN_USER1:$TERN_PASS1" "$URL/" -X 'STATUS Synced (MESSAGES)' | tr -d '\r')
[[ "$count" == *"MESSAGES 1000"* ]] && pass "1,000 messages stored" || fail "1,000 messages stored" "got '$count'"
if mbsync -c "$W/mbsyncrc" pull >"$W/pull.log" 2>&1; then pass "mbsync pulls them into an empty maildir"
else fail "mbsync pulls them into an empty maildir" "$(tail -3 "$W/pull.log" | tr '\n' ' ')"; fi
python3 - "$W/up" "$W/down" <<'PY'
import os, re, sys
def load(root):
    result = {}
    for d in ("cur", "new"):
        for name in os.listdir(os.path.join(root, d)):
            text = open(os.path.join(root, d, name), encoding="utf-8").read().replace("\r\n", "\n")
            text = "".join(l for l in text.splitlines(True) if not l.startswith("X-TUID:"))
            mid = re.search(r"^Message-ID: (.*)$", text, re.M).group(1)
            flags = name.split(":2,")[1] if ":2," in name else ""
            result[mid] = (text, "".join(sorted(flags)))
    return result
up, down = load(sys.argv[1]), load(sys.argv[2])
missing = set(up) - set(down)
print("PASS imap mbsync round trip keeps every message" if not missing and len(down) == 1000
      else "FAIL imap mbsync round trip keeps every message: %d missing, %d down" % (len(missing), len(down)))
bodies = [m for m in up if m in down and up[m][0] != down[m][0]]
print("PASS imap mbsync round trip keeps bodies byte for byte" if not bodies
      else "FAIL imap mbsync round trip keeps bodies byte for byte: %d differ, e.g. %s" % (len(bodies), bodies[0]))
flags = [m for m in up if m in down and up[m][1] != down[m][1]]
print("PASS imap mbsync round trip keeps flags" if not flags
      else "FAIL imap mbsync round trip keeps flags: %d differ, e.g. %s %s vs %s" % (len(flags), flags[0], up[flags[0]][1], down[flags[0]][1]))
PY
