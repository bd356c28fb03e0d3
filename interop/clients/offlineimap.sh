#!/usr/bin/env bash
# offlineimap syncs a folder tree both ways between Tern and a local Maildir (folder separator "/", so nested
# folders are nested directories; folder names in UTF-8 locally, in modified UTF-7 over IMAP):
#   1. Tern -> empty Maildir: a tree of 30 messages in INBOX, Projects, Projects/Alpha, Archive/2025,
#      "Travel Plans" and "Café", flags included; the Maildir must hold every message byte for byte with its flags.
#   2. Maildir -> Tern: new folders (top-level, nested, and "Reisen München"), each with a message, a new message
#      in INBOX, \Flagged and \Seen set, two messages deleted; then Python's imaplib reads Tern's state.
#   3. Tern -> Maildir again: a folder created, a message appended, one expunged and \Answered set over IMAP;
#      the Maildir must follow.
#   4. A sync with nothing to do changes nothing on either side (no duplicates).
# TLS: implicit TLS with the certificate pinned by its SHA-256 fingerprint (cert_fingerprint). offlineimap's own
# host check compares DNS names only, so it would refuse 127.0.0.1 with sslcacertfile; the pin verifies exactly
# the certificate Tern serves.
# needs: offlineimap3 python3 openssl
set -uo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
W="$TERN_WORK/offlineimap"
mkdir -p "$W"
export HOME="$W"   # offlineimap keeps nothing under $HOME then but its defaults
if ! command -v offlineimap >/dev/null; then echo "FAIL offlineimap: not installed (Debian package offlineimap3)"; exit 0; fi

USER="offlineimap@$TERN_DOMAIN" PASS='offline-Imap-1'
add_user() { echo "$PASS" | $TERN_CLI user add "$USER" --password-stdin >/dev/null 2>"$W/useradd.err"; }
# The account must start empty: one left by an earlier run against the same server is removed first.
add_user || { grep -q 'exists already' "$W/useradd.err" && $TERN_CLI user remove "$USER" >/dev/null && add_user; } \
  || { echo "FAIL offlineimap: tern user add $USER: $(cat "$W/useradd.err")"; exit 0; }

FINGERPRINT=$(openssl x509 -in "$TERN_DATA/tls/cert.pem" -outform DER | sha256sum | cut -d' ' -f1)
rm -rf "$W/mail" "$W/meta"
cat > "$W/offlineimaprc" <<EOF
[general]
accounts = tern
metadata = $W/meta
ui = basic

[Account tern]
localrepository = local
remoterepository = tern
# local folder names in UTF-8, IMAP's in modified UTF-7
utf8foldernames = yes

[Repository local]
type = Maildir
localfolders = $W/mail
sep = /

[Repository tern]
type = IMAP
remotehost = $TERN_HOST
remoteport = $TERN_IMAPS_PORT
ssl = yes
cert_fingerprint = $FINGERPRINT
remoteuser = $USER
remotepass = $PASS
maxconnections = 2
EOF
oi_sync() { # step name -> runs offlineimap once, prints FAIL on error
  if timeout 120 offlineimap -c "$W/offlineimaprc" -o -u basic >"$W/sync-$1.log" 2>&1 \
     && ! grep -q 'ERROR' "$W/sync-$1.log"; then
    return 0
  fi
  echo "FAIL offlineimap sync $1: $(grep -m3 'ERROR\|Error\|rror:' "$W/sync-$1.log" | tr '\n' ' ' | cut -c1-400)"
  return 1
}
tool() { python3 "$W/tool.py" "$@"; }

cat > "$W/tool.py" <<'PY'
import os, re, sys, time
sys.path.insert(0, os.path.join(os.environ["ROOT"], "interop", "lib"))
import mailstore
from mailstore import mailbox, report

USER, PASS, MAIL = os.environ["OI_USER"], os.environ["OI_PASS"], os.environ["OI_MAIL"]
SEEDED = {"INBOX": 15, "Projects": 4, "Projects/Alpha": 4, "Archive/2025": 4, "Travel Plans": 2, "Café": 1}
MAILDIR_FLAGS = {"\\Seen": "S", "\\Flagged": "F", "\\Answered": "R", "\\Draft": "D"}

def text(mid, folder, extra=""):
    return ("From: Carol <carol@example.net>\r\nTo: %s\r\nSubject: offlineimap %s\r\nMessage-ID: <%s@interop.test>\r\n"
            "Date: Thu, 26 Nov 2026 08:00:00 +0000\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\nIn %s. Grüße.\r\n.dot line\r\n%s%s\r\n"
            % (USER, mid, mid, folder, "z" * (len(mid) * 7 % 200), extra)).encode()

def seed_flags(i):
    return [f for f, on in (("\\Seen", i % 2 == 0), ("\\Flagged", i % 5 == 0), ("\\Answered", i % 7 == 0)) if on]

def seeded():
    """{message id: (folder, bytes, flags)} of the tree put on the server."""
    out, i = {}, 0
    for folder, n in SEEDED.items():
        for _ in range(n):
            i += 1
            mid = "oi-%d" % i
            out[mid] = (folder, text(mid, folder), seed_flags(i))
    return out

def message_id(b):
    m = re.search(rb"(?im)^Message-ID: <([^>@]+)@", b)
    return m.group(1).decode() if m else None

def local():
    """{message id: (folder, bytes, maildir flags, path)} of the Maildir tree."""
    out = {}
    for dirpath, dirs, files in os.walk(MAIL):
        if os.path.basename(dirpath) not in ("cur", "new"):
            continue
        folder = os.path.relpath(os.path.dirname(dirpath), MAIL)
        for name in files:
            p = os.path.join(dirpath, name)
            b = open(p, "rb").read()
            flags = name.split(":2,", 1)[1] if ":2," in name else ""
            out[message_id(b)] = (folder, b, "".join(sorted(flags)), p)
    return out

def server():
    """{message id: (folder, bytes, flags)} of everything in the account, and the folder list."""
    m = mailstore.login(USER, PASS)
    out, folders = {}, mailstore.mailboxes(m)
    for f in folders:
        for uid, flags, b in mailstore.messages(m, f, "ALL"):
            mid = message_id(b)
            if mid in out:
                out.setdefault("duplicates", []).append(mid)
            out[mid] = (f, b, flags)
    m.logout()
    return out, folders

def maildir_flags(flags):
    return "".join(sorted(MAILDIR_FLAGS[f] for f in flags if f in MAILDIR_FLAGS))

def seed():
    m = mailstore.login(USER, PASS)
    for folder in SEEDED:
        if folder != "INBOX":
            m.create(mailbox(folder))
    for mid, (folder, b, flags) in seeded().items():
        typ, data = m.append(mailbox(folder), "(%s)" % " ".join(flags) if flags else None, None, b)
        if typ != "OK":
            sys.exit("APPEND to %s: %s" % (folder, data))
    m.logout()

def compare(what, want, got):
    """want/got: {mid: (folder, bytes, maildir flags)}; bytes compared with line ends made CRLF."""
    missing = [k for k in want if k not in got]
    extra = [k for k in got if k not in want]
    wrong_folder = [k for k in want if k in got and want[k][0] != got[k][0]]
    wrong_bytes = [k for k in want if k in got and mailstore.crlf(want[k][1]) != mailstore.crlf(got[k][1])]
    wrong_flags = [k for k in want if k in got and want[k][2] != got[k][2]]
    problems = ["%s: %s" % (name, ", ".join(sorted(ks)[:4])) for name, ks in
                (("missing", missing), ("unexpected", extra), ("in the wrong folder", wrong_folder),
                 ("bytes differ", wrong_bytes), ("flags differ", wrong_flags)) if ks]
    if wrong_flags:
        k = wrong_flags[0]
        problems.append("e.g. %s has %r, want %r" % (k, got[k][2], want[k][2]))
    return report(what, not problems, "; ".join(problems))

def check_down(step):
    """The Maildir matches what the server holds now (folders, bytes, flags)."""
    srv, folders = server()
    srv.pop("duplicates", None)
    want = {k: (f, b, maildir_flags(flags)) for k, (f, b, flags) in srv.items()}
    got = {k: v[:3] for k, v in local().items()}
    compare("offlineimap %s: the Maildir holds all %d messages byte for byte with their flags" % (step, len(want)),
            want, got)
    dirs = sorted(f for f in folders if os.path.isdir(os.path.join(MAIL, f, "cur")))
    report("offlineimap %s: every server folder is a local Maildir folder" % step, dirs == sorted(folders),
           "server %s, local %s" % (sorted(folders), dirs))

def new_maildir_message(folder, mid, flags=""):
    d = os.path.join(MAIL, folder)
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(d, sub), exist_ok=True)
    b = text(mid, folder).replace(b"\r\n", b"\n")   # local mail uses LF; IMAP needs CRLF
    name = "%d.%s.interop" % (time.time() * 1000, mid)
    open(os.path.join(d, "cur" if flags else "new", name + (":2," + flags if flags else "")), "wb").write(b)

def change_local():
    loc = local()
    new_maildir_message("Local", "oi-local-top", "S")
    new_maildir_message("Projects/Beta", "oi-local-nested")
    new_maildir_message("Reisen München", "oi-local-utf8")
    new_maildir_message("INBOX", "oi-local-inbox")
    def retag(mid, add):
        p = loc[mid][3]
        base, flags = (p.split(":2,", 1) + [""])[:2]
        if os.path.basename(os.path.dirname(p)) == "new":
            base = os.path.join(os.path.dirname(os.path.dirname(p)), "cur", os.path.basename(base))
        os.rename(p, base + ":2," + "".join(sorted(set(flags) | set(add))))
    retag("oi-1", "F")   # was unseen, unflagged
    retag("oi-3", "S")   # was unseen
    os.remove(loc["oi-2"][3])
    os.remove(loc["oi-20"][3])

def check_up():
    srv, folders = server()
    want = {k: (f, b, maildir_flags(fl)) for k, (f, b, fl) in seeded().items() if k not in ("oi-2", "oi-20")}
    want["oi-1"] = ("INBOX", want["oi-1"][1], "F")
    want["oi-3"] = ("INBOX", want["oi-3"][1], "S")
    for mid, folder, flags in (("oi-local-top", "Local", "S"), ("oi-local-nested", "Projects/Beta", ""),
                               ("oi-local-inbox", "INBOX", ""), ("oi-local-utf8", "Reisen München", "")):
        want[mid] = (folder, text(mid, folder), flags)
    dup = srv.pop("duplicates", [])
    report("offlineimap up: no message stored twice", not dup, "duplicated: %s" % dup[:4])
    compare("offlineimap up: Tern holds the local changes (new folders and messages, flags, deletions)",
            want, {k: (f, b, maildir_flags(fl)) for k, (f, b, fl) in srv.items()})
    report("offlineimap up: Tern LISTs the new folders Local, Projects/Beta and Reisen München",
           all(f in folders for f in ("Local", "Projects/Beta", "Reisen München")), "LIST gave %s" % folders)

def change_server():
    m = mailstore.login(USER, PASS)
    m.create(mailbox("From Server"))
    m.append(mailbox("From Server"), None, None, text("oi-server-new-folder", "From Server"))
    m.append(mailbox("Projects/Alpha"), "(\\Flagged)", None, text("oi-server-alpha", "Projects/Alpha"))
    m.select(mailbox("Projects"))
    typ, data = m.search(None, "HEADER", "Message-ID", "oi-16@")
    m.store(data[0].split()[0], "+FLAGS", "(\\Answered)")
    m.select(mailbox("Projects/Alpha"))
    typ, data = m.search(None, "HEADER", "Message-ID", "oi-21@")
    m.store(data[0].split()[0], "+FLAGS", "(\\Deleted)")
    m.expunge()
    m.logout()

def snapshot():
    srv, folders = server()
    dup = srv.pop("duplicates", [])
    loc = local()
    print(repr((sorted(folders), sorted((k, v[0], v[2]) for k, v in srv.items()), len(dup),
                sorted((k, v[0], v[2]) for k, v in loc.items()))))

if __name__ == "__main__":
    {"seed": seed, "check-down": lambda: check_down(sys.argv[2]), "change-local": change_local,
     "check-up": check_up, "change-server": change_server, "snapshot": snapshot}[sys.argv[1]]()
PY
export ROOT OI_USER="$USER" OI_PASS="$PASS" OI_MAIL="$W/mail"

tool seed || { echo "FAIL offlineimap: seeding $USER over IMAP failed"; exit 0; }
# 1. down into an empty Maildir
oi_sync down && tool check-down down || exit 0
# 2. local changes up
tool change-local && oi_sync up && tool check-up || exit 0
# 3. server changes down
tool change-server && oi_sync again && tool check-down "server changes down" || exit 0
# 4. nothing to do
before=$(tool snapshot)
oi_sync idle && after=$(tool snapshot) && \
  { [ "$before" = "$after" ] && echo "PASS offlineimap: a sync with nothing to do changes nothing" \
    || echo "FAIL offlineimap: a sync with nothing to do changed something: before $before after $after"; }
exit 0
