#!/usr/bin/env bash
# POP3 with clients nobody here wrote: Python's poplib (STLS + USER/PASS, and implicit TLS), curl's pop3 and
# pop3s (LIST, RETR), fetchmail (STLS) and getmail6 (implicit TLS), both handing mail to an MDA, downloading 1,000
# messages in keep and then delete modes, then IMAP's view: kept messages \Seen, deleted ones gone. The messages
# are put into two accounts of this check's own with IMAP APPEND, and every one fetched is compared byte for byte
# with what was appended (line ends aside: clients that hand mail to local programs use LF); fetched copies may
# only have trace header lines added in front.
# needs: python3 curl fetchmail getmail6
set -uo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
W="$TERN_WORK/pop3"
mkdir -p "$W"
export HOME="$W"   # fetchmail and getmail keep their state under $HOME
TOOL="$W/pop3tool.py"
BIG=${POP3_INTEROP_MESSAGES:-1000}

cat > "$TOOL" <<'PY'
import glob, imaplib, os, poplib, random, re, ssl, sys
H = os.environ["TERN_HOST"]
CTX = ssl.create_default_context(); CTX.check_hostname = False; CTX.verify_mode = ssl.CERT_NONE

def crlf(b):
    return re.sub(rb"\r?\n", b"\r\n", b)

def generate(d, n, tag):
    os.makedirs(d, exist_ok=True)
    rnd = random.Random(n)
    for i in range(1, n + 1):
        lines = [f"From: carol@example.net", f"To: someone@{os.environ['TERN_DOMAIN']}",
                 f"Subject: pop3 interop {tag} {i}", f"Message-ID: <{tag}-{i}@interop.test>",
                 "Date: Thu, 26 Nov 2026 08:00:00 +0000", "MIME-Version: 1.0",
                 "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", ""]
        for j in range(rnd.randint(20, 120)):
            k = rnd.randint(0, 9)
            lines.append({0: ".", 1: ".. two dots", 2: ".leading dot " + str(j), 3: "From the start of a line",
                          4: "Grüße aus Köln " + str(j)}.get(k, "x" * rnd.randint(0, 70)))
        text = "\r\n".join(lines) + "\r\n"
        if i % 50 == 0:
            text = text.replace("\r\n", "\n")   # bare LF: the server must send CRLF
        open(os.path.join(d, "%05d.eml" % i), "wb").write(text.encode("utf-8"))

def originals(d):
    out = {}
    for f in sorted(glob.glob(os.path.join(d, "*.eml"))):
        b = crlf(open(f, "rb").read())
        out[message_id(b)] = b
    return out

def message_id(b):
    m = re.search(rb"(?im)^Message-ID: (<[^>]+>)", b)
    return m.group(1).decode() if m else None

HEADER_LINE = re.compile(rb"^([!-9;-~]+:|[ \t])")

def same(orig, got):
    """got must be orig, possibly after header lines a client or server prepended (Received, Return-Path...)."""
    got = crlf(got)
    if not got.endswith(orig):
        return False
    prefix = got[:len(got) - len(orig)]
    return all(HEADER_LINE.match(l) for l in prefix.split(b"\r\n")[:-1])

def check(what, orig, got_messages):
    seen, bad = set(), []
    for g in got_messages:
        mid = message_id(g)
        if mid in seen or mid not in orig or not same(orig[mid], g):
            bad.append(mid)
        seen.add(mid)
    missing = [m for m in orig if m not in seen]
    if bad or missing:
        print(f"FAIL {what}: {len(bad)} wrong or duplicated, {len(missing)} missing (e.g. {(bad + missing)[:3]})")
        return False
    print(f"PASS {what}: {len(orig)} messages, byte for byte")
    return True

def pop3_stls(user, pw, before_login=None):
    p = poplib.POP3(H, int(os.environ["TERN_POP3_PORT"]), timeout=30)
    p.stls(context=CTX)
    if before_login: before_login(p)
    p.user(user); p.pass_(pw)
    return p

def pop3_ssl(user, pw):
    p = poplib.POP3_SSL(H, int(os.environ["TERN_POP3S_PORT"]), context=CTX, timeout=30)
    p.user(user); p.pass_(pw)
    return p

def retr_all(p):
    n = p.stat()[0]
    return [b"\r\n".join(p.retr(i)[1]) + b"\r\n" for i in range(1, n + 1)]

def cmd_poplib(d, user, pw):
    orig = originals(d)
    caps = {}
    p = pop3_stls(user, pw, lambda p: caps.update(p.capa()))
    ok = all(c in caps for c in ("TOP", "UIDL", "USER", "SASL", "PIPELINING", "RESP-CODES"))
    print(("PASS" if ok else "FAIL") + " poplib CAPA after STLS lists TOP UIDL USER SASL PIPELINING RESP-CODES" + ("" if ok else f": {caps}"))
    check("poplib STLS+USER/PASS RETR", orig, retr_all(p))
    uidls = [l.split()[1] for l in p.uidl()[1]]
    top = b"\r\n".join(p.top(1, 0)[1]) + b"\r\n"
    first = orig[message_id(top)]
    ok = first.startswith(top) and top.endswith(b"\r\n\r\n")
    print(("PASS" if ok else "FAIL") + " poplib TOP 1 0 gives the header and the blank line")
    p.quit()
    p = pop3_ssl(user, pw)
    again = [l.split()[1] for l in p.uidl()[1]]
    ok = uidls == again and len(set(uidls)) == len(uidls) == len(orig)
    print(("PASS" if ok else "FAIL") + " poplib UIDL unique and the same in the next session (implicit TLS)")
    check("poplib implicit TLS RETR", orig, retr_all(p))
    try:
        p2 = pop3_stls(user, pw)
        print("FAIL a second session of the same maildrop got in")
        p2.quit()
    except poplib.error_proto as e:
        print(("PASS" if b"[IN-USE]" in e.args[0] else "FAIL") + f" a second session is refused: {e.args[0].decode()}")
    p.quit()

def cmd_stat(user, pw):
    p = pop3_ssl(user, pw)
    n = p.stat()[0]
    ids = [message_id(b"\r\n".join(p.top(i, 0)[1])) for i in range(1, n + 1)]
    p.quit()
    print(n); print(" ".join(ids))

def cmd_check_dir(what, orig_dir, got_dir):
    files = [f for f in glob.glob(os.path.join(got_dir, "**", "*"), recursive=True) if os.path.isfile(f)]
    sys.exit(0 if check(what, originals(orig_dir), [open(f, "rb").read() for f in files]) else 1)

def cmd_check_file(what, orig_dir, got_file):
    orig = originals(orig_dir)
    sys.exit(0 if check(what, {k: v for k, v in orig.items() if k == message_id(crlf(open(got_file, "rb").read()))},
                        [open(got_file, "rb").read()]) else 1)

def cmd_imap_seed(d, user, pw):
    m = imaplib.IMAP4(H, int(os.environ["TERN_IMAP_PORT"]))
    m.starttls(ssl_context=CTX); m.login(user, pw)
    for f in sorted(glob.glob(os.path.join(d, "*.eml"))):
        typ, data = m.append("INBOX", None, None, open(f, "rb").read())
        if typ != "OK":
            sys.exit(f"APPEND of {f} failed: {data}")
    m.logout()

def cmd_imap_flags(user, pw, expect_count):
    m = imaplib.IMAP4(H, int(os.environ["TERN_IMAP_PORT"]))
    m.starttls(ssl_context=CTX); m.login(user, pw); m.select("INBOX", readonly=True)
    all_ = m.search(None, "ALL")[1][0].split(); unseen = m.search(None, "UNSEEN")[1][0].split()
    ok = len(all_) == int(expect_count) and not unseen
    print(("PASS" if ok else "FAIL") + f" IMAP sees {len(all_)} messages in INBOX (want {expect_count}), {len(unseen)} not \\Seen")
    m.logout()

if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "generate": generate(args[0], int(args[1]), args[2])
    elif cmd == "poplib": cmd_poplib(*args)
    elif cmd == "stat": cmd_stat(*args)
    elif cmd == "check-dir": cmd_check_dir(*args)
    elif cmd == "check-file": cmd_check_file(*args)
    elif cmd == "imap-seed": cmd_imap_seed(*args)
    elif cmd == "imap-flags": cmd_imap_flags(*args)
PY

# How many messages are in USER's INBOX now (line 1) and their Message-IDs (line 2).
stat() { python3 "$TOOL" stat "$1" "$2"; }

# Puts every message of DIR into USER's INBOX with IMAP APPEND, which stores them as they are; then waits until
# POP3 shows them all.
seed() {
  local user=$1 pass=$2 dir=$3 want
  want=$(ls "$dir"/*.eml | wc -l)
  python3 "$TOOL" imap-seed "$dir" "$user" "$pass" || { echo "FAIL seeding $user over IMAP"; return 1; }
  for _ in $(seq 1 300); do [ "$(stat "$user" "$pass" | head -1)" = "$want" ] && return 0; sleep 0.2; done
  echo "FAIL seeding $user: POP3 does not show $want messages"; return 1
}
# The MDA both clients hand each message to: one file per message in the directory given ($1), then a pause ($2).
SAVE="$W/save.sh"
printf '#!/bin/sh\nmkdir -p "$1" && cat > "$(mktemp -p "$1" msg.XXXXXXXX)" && sleep "${2:-0}"\n' > "$SAVE"
chmod +x "$SAVE"
step() { echo "$(date +%T) $*" >&2; }   # progress, for the .err file of interop/run

python3 "$TOOL" generate "$W/small" 5 small
python3 "$TOOL" generate "$W/big" "$BIG" big
# Accounts of this check's own, so that what other checks leave in the shared users' mailboxes does not count.
SMALL_USER="pop3-small@$TERN_DOMAIN" SMALL_PASS='pop3-Small-1'
BIG_USER="pop3-big@$TERN_DOMAIN" BIG_PASS='pop3-Big-2'
step accounts
echo "$SMALL_PASS" | $TERN_CLI user add "$SMALL_USER" --password-stdin >/dev/null || { echo "FAIL tern user add $SMALL_USER"; exit 0; }
echo "$BIG_PASS" | $TERN_CLI user add "$BIG_USER" --password-stdin >/dev/null || { echo "FAIL tern user add $BIG_USER"; exit 0; }
step seeding
seed "$SMALL_USER" "$SMALL_PASS" "$W/small" || exit 0
seed "$BIG_USER" "$BIG_PASS" "$W/big" || exit 0

# --- Python's poplib ----------------------------------------------------------------------------------------
step "poplib"
python3 "$TOOL" poplib "$W/small" "$SMALL_USER" "$SMALL_PASS"

# --- curl ---------------------------------------------------------------------------------------------------
step "curl"
list=$(curl -sS --ssl-reqd -k --user "$SMALL_USER:$SMALL_PASS" "pop3://$TERN_HOST:$TERN_POP3_PORT/" 2>&1)
if [ "$(grep -c '^[0-9]* [0-9]*' <<<"$list")" = 5 ]; then echo "PASS curl pop3 STLS LIST"; else echo "FAIL curl pop3 STLS LIST: $list"; fi
curl -sS --ssl-reqd -k --user "$SMALL_USER:$SMALL_PASS" "pop3://$TERN_HOST:$TERN_POP3_PORT/3" -o "$W/curl-3.eml" 2>"$W/curl.err" \
  && python3 "$TOOL" check-file "curl pop3 STLS RETR 3" "$W/small" "$W/curl-3.eml" \
  || echo "FAIL curl pop3 RETR 3: $(cat "$W/curl.err")"
list=$(curl -sS -k --user "$SMALL_USER:$SMALL_PASS" "pop3s://$TERN_HOST:$TERN_POP3S_PORT/" 2>&1)
if [ "$(grep -c '^[0-9]* [0-9]*' <<<"$list")" = 5 ]; then echo "PASS curl pop3s LIST"; else echo "FAIL curl pop3s LIST: $list"; fi
curl -sS -k --user "$SMALL_USER:$SMALL_PASS" "pop3s://$TERN_HOST:$TERN_POP3S_PORT/5" -o "$W/curl-5.eml" 2>"$W/curl.err" \
  && python3 "$TOOL" check-file "curl pop3s RETR 5" "$W/small" "$W/curl-5.eml" \
  || echo "FAIL curl pop3s RETR 5: $(cat "$W/curl.err")"

# --- fetchmail (STLS, USER/PASS, to an MDA) -----------------------------------------------------------------
step "fetchmail keep"
fetchmail_run() {  # $1: keep|delete, $2: output directory, $3: fetch limit (0: all)
  local rc="$W/fetchmailrc"
  cat > "$rc" <<RC
set no syslog
set invisible
set no bouncemail
poll $TERN_HOST protocol pop3 port $TERN_POP3_PORT auth password
  user "$BIG_USER" there with password "$BIG_PASS" is "$(id -un)" here
  options $( [ "$1" = keep ] && echo keep || echo nokeep ) fetchall sslproto "tls1.2+" no sslcertck fetchlimit $3
  mda "$SAVE $2"
RC
  chmod 600 "$rc"
  fetchmail --fetchmailrc "$rc" --pidfile "$W/fetchmail.pid" --nodetach --silent >"$W/fetchmail.out" 2>&1
  local status=$?
  # 0: mail fetched, 1: none there, 13: stopped at the fetch limit as asked
  [ $status -eq 0 ] || [ $status -eq 1 ] || [ $status -eq 13 ] || { echo "FAIL fetchmail $1: exit $status: $(tail -3 "$W/fetchmail.out" | tr '\n' ' ')"; return 1; }
}
fetchmail_run keep "$W/fetchmail-keep" 0 && python3 "$TOOL" check-dir "fetchmail keep mode" "$W/big" "$W/fetchmail-keep"
left=$(stat "$BIG_USER" "$BIG_PASS" | head -1)
[ "$left" = "$BIG" ] && echo "PASS fetchmail keep mode left all $BIG messages on the server" || echo "FAIL fetchmail keep mode: $left of $BIG left"

# --- getmail6 (implicit TLS, to a Maildir) ------------------------------------------------------------------
step "getmail keep"
# getmail6 can lose track of an MDA child that exits at once (getmail6 issue #226, a race between its SIGCHLD
# handler and the fork) and then gives up on the run; its MDA here waits a moment before it exits, and a run
# that fails so is tried again from the start, into an empty directory.
getmail_run() {  # $1: keep|delete, $2: output directory (through the same MDA as fetchmail)
  local attempt
  for attempt in 1 2 3; do
    getmail_once "$@" && return 0
    step "getmail $1 attempt $attempt failed: $(tail -1 "$W/getmail.out")"
  done
  echo "FAIL getmail6 $1: $(tail -3 "$W/getmail.out" | tr '\n' ' ')"
  return 1
}
getmail_once() {
  rm -rf "$2" && mkdir -p "$2" "$W/getmail"
  cat > "$W/getmail/getmailrc" <<RC
[retriever]
type = SimplePOP3SSLRetriever
server = $TERN_HOST
port = $TERN_POP3S_PORT
username = $BIG_USER
password = $BIG_PASS
timeout = 30

[destination]
type = MDA_external
path = $SAVE
arguments = ("$2", "0.01")
allow_root_commands = true

[options]
verbose = 0
read_all = true
delete = $( [ "$1" = keep ] && echo false || echo true )
delivered_to = false
received = false
RC
  getmail --getmaildir "$W/getmail" --rcfile getmailrc >"$W/getmail.out" 2>&1
}
getmail_run keep "$W/getmail-keep" && python3 "$TOOL" check-dir "getmail6 keep mode" "$W/big" "$W/getmail-keep"
python3 "$TOOL" imap-flags "$BIG_USER" "$BIG_PASS" "$BIG"

# --- delete modes: fetchmail takes the first half, getmail6 the rest -----------------------------------------
step "delete modes"
half=$((BIG / 2))
before=$(stat "$BIG_USER" "$BIG_PASS" | sed -n 2p)
if fetchmail_run delete "$W/fetchmail-delete" "$half"; then
  got=$(ls "$W/fetchmail-delete" | wc -l)
  after=$(stat "$BIG_USER" "$BIG_PASS")
  expected_left=$(tr ' ' '\n' <<<"$before" | tail -n +$((half + 1)) | tr '\n' ' ' | sed 's/ $//')
  if [ "$got" = "$half" ] && [ "$(head -1 <<<"$after")" = "$((BIG - half))" ] && [ "$(sed -n 2p <<<"$after")" = "$expected_left" ]; then
    echo "PASS fetchmail delete mode: $half downloaded and deleted, the other $((BIG - half)) untouched"
  else
    echo "FAIL fetchmail delete mode: downloaded $got, left $(head -1 <<<"$after") (want $half and $((BIG - half)))"
  fi
fi
if getmail_run delete "$W/getmail-delete"; then
  mkdir -p "$W/deleted-both" && cp "$W"/fetchmail-delete/* "$W"/getmail-delete/* "$W/deleted-both/"
  python3 "$TOOL" check-dir "fetchmail + getmail6 delete modes together" "$W/big" "$W/deleted-both"
  left=$(stat "$BIG_USER" "$BIG_PASS" | head -1)
  [ "$left" = 0 ] && echo "PASS getmail6 delete mode emptied the maildrop" || echo "FAIL getmail6 delete mode: $left left"
fi
python3 "$TOOL" imap-flags "$BIG_USER" "$BIG_PASS" 0
exit 0
