#!/usr/bin/env bash
# neomutt, as a person uses it, without anyone at the keyboard:
#   - sending in batch mode (`neomutt -s SUBJECT ADDRESS < body`, no terminal needed) through submission with
#     STARTTLS + AUTH (GNU SASL picks SCRAM-SHA-256 from what Tern offers) and with implicit TLS + AUTH PLAIN;
#     neomutt keeps a copy of what it sent in a local Maildir ($record: it does no IMAP Fcc in batch mode),
#     and the delivered message must be that copy byte for byte, with only trace lines in front;
#   - reading a mailbox over IMAP in a terminal (tmux) with one `push` of keys from its rc file: pipe one message
#     out (a FETCH of its raw bytes), display it (\Seen), flag another, save a third to a new nested folder
#     (COPY/MOVE + CREATE), delete a fourth, sync (EXPUNGE) and quit.
# Python's imaplib then reads the store: the delivered messages, the AUTH mechanism in the server log, and every
# change made from the index.
# TLS: certificate_file is $TERN_DATA/tls/cert.pem, so GnuTLS trusts exactly that certificate and checks that it
# names 127.0.0.1; neomutt refuses the connection without it (it cannot ask anyone in batch mode).
# needs: neomutt tmux python3
set -uo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
W="$TERN_WORK/neomutt"
mkdir -p "$W"
export HOME="$W"   # no ~/.neomuttrc or caches of the machine's user
STORE="$ROOT/interop/lib/mailstore.py"
for c in neomutt tmux; do command -v $c >/dev/null || { echo "FAIL neomutt: $c is not installed"; exit 0; }; done

SENDER="neomutt-sender@$TERN_DOMAIN" SENDER_PASS='neomutt-Sender-1'
READER="neomutt-reader@$TERN_DOMAIN" READER_PASS='neomutt-Reader-2'
add_user() { echo "$2" | $TERN_CLI user add "$1" --password-stdin >/dev/null 2>"$W/useradd.err"; }
for u in "$SENDER:$SENDER_PASS" "$READER:$READER_PASS"; do
  # fresh accounts: one left by an earlier run against the same server is removed first
  add_user "${u%%:*}" "${u#*:}" || { grep -q 'exists already' "$W/useradd.err" && $TERN_CLI user remove "${u%%:*}" >/dev/null \
    && add_user "${u%%:*}" "${u#*:}"; } || { echo "FAIL neomutt: tern user add ${u%%:*}: $(cat "$W/useradd.err")"; exit 0; }
done
tag="neomutt-$$-$RANDOM"
auths() { grep -c "event=auth user=$SENDER mechanism=$1\$" "$TERN_WORK/server.log"; }

common() { # settings every neomutt run here shares
  cat <<EOF
set certificate_file = "$TERN_DATA/tls/cert.pem"
set ssl_force_tls = yes
set header_cache = ""
set message_cachedir = ""
set charset = "utf-8"
set send_charset = "utf-8"
set mail_check_stats = no
EOF
}

# --- sending ------------------------------------------------------------------------------------------------
send_rc() { # smtp url, extra line -> rc file on stdout
  common
  cat <<EOF
set from = "Neomutt Sender <$SENDER>"
set use_from = yes
set smtp_url = "$1"
set smtp_pass = "$SENDER_PASS"
set ssl_starttls = yes
set record = "$W/sent"
set mbox_type = Maildir
set copy = yes
$2
EOF
}
printf 'Grüße from neomutt in batch mode.\n.a line that starts with a dot\n' > "$W/body.txt"

sent_ok() { # what, subject, mechanism, auth count before -> PASS/FAIL lines from the store and the log
  python3 - "$1" "$2" <<PY
import email, email.policy, sys
sys.path.insert(0, "$ROOT/interop/lib")
import mailstore
from mailstore import quote, report
what, subject = sys.argv[1], sys.argv[2]
import glob, re
r = mailstore.login("$READER", "$READER_PASS")
inbox = mailstore.messages(r, "INBOX", "SUBJECT", quote(subject)); r.logout()
copies = [open(f, "rb").read() for f in glob.glob("$W/sent/*/*")]
copies = [c for c in copies if email.message_from_bytes(c, policy=email.policy.default)["Subject"] == subject]
if report(what + ": delivered once", len(inbox) == 1, "%d in the reader's INBOX" % len(inbox)):
    msg = email.message_from_bytes(inbox[0][2], policy=email.policy.default)
    body = msg.get_body(("plain",)).get_content()
    report(what + ": headers and UTF-8 body arrive intact",
           msg["From"].addresses[0].addr_spec == "$SENDER" and msg["To"].addresses[0].addr_spec == "$READER"
           and msg["Subject"] == subject and "Grüße from neomutt" in body and "\n.a line that starts" in body,
           "From %s To %s Subject %s body %r" % (msg["From"], msg["To"], msg["Subject"], body[:200]))
    # neomutt writes the Date line of its copy anew when it saves it, after sending: that line may differ.
    undated = lambda b: re.sub(rb"(?m)^Date: [^\n]*\n", b"", b, count=1)
    report(what + ": stored byte for byte as neomutt's own copy of what it sent (Date aside)",
           len(copies) == 1 and mailstore.same(undated(copies[0]), undated(inbox[0][2])),
           "%d copies in $W/sent; %s" % (len(copies), copies and mailstore.first_difference(copies[0], inbox[0][2])))
PY
  local now; now=$(auths "$3")
  [ "$now" -gt "$4" ] && echo "PASS $1: the server logged AUTH $3" \
    || echo "FAIL $1: the server log has no new AUTH $3 for $SENDER (mechanisms: $(grep "event=auth user=$SENDER" "$TERN_WORK/server.log" | sed 's/.*mechanism=//' | sort | uniq -c | tr '\n' ' '))"
}
send() { # what, rc, subject, mechanism
  local before; before=$(auths "$4")
  if timeout 60 neomutt -n -F "$2" -s "$3" -- "$READER" < "$W/body.txt" >"$W/send.out" 2>&1; then
    sent_ok "$1" "$3" "$4" "$before"
  else
    echo "FAIL $1: neomutt exited $?: $(tr '\n' ' ' < "$W/send.out" | cut -c1-300)"
  fi
}
send_rc "smtp://$SENDER@$TERN_HOST:$TERN_SUBMISSION_PORT/" "" > "$W/starttls.rc"
send "neomutt submission STARTTLS + AUTH" "$W/starttls.rc" "$tag starttls" SCRAM-SHA-256
send_rc "smtps://$SENDER@$TERN_HOST:$TERN_SUBMISSIONS_PORT/" 'set smtp_authenticators = "plain"' > "$W/implicit.rc"
send "neomutt implicit TLS + AUTH PLAIN" "$W/implicit.rc" "$tag implicit" PLAIN

# --- reading and changing a mailbox over IMAP ---------------------------------------------------------------
python3 - "$tag" <<PY || { echo "FAIL neomutt: seeding $READER over IMAP failed"; exit 0; }
import sys
sys.path.insert(0, "$ROOT/interop/lib")
import mailstore
m = mailstore.login("$READER", "$READER_PASS")
for what in ("read", "flag", "move", "delete", "keep"):
    typ, data = m.append("INBOX", None, None, (
        "From: Carol <carol@example.net>\r\nTo: $READER\r\nSubject: %s %s\r\nMessage-ID: <%s-%s@interop.test>\r\n"
        "Date: Thu, 26 Nov 2026 08:00:00 +0000\r\n\r\nThe %s message.\r\n.dot line\r\n" % (sys.argv[1], what, sys.argv[1], what, what)).encode())
    assert typ == "OK", data
m.logout()
PY
{
  common
  cat <<EOF
set imap_user = "$READER"
set imap_pass = "$READER_PASS"
set folder = "imaps://$TERN_HOST:$TERN_IMAPS_PORT/"
set spoolfile = "+INBOX"
set confirmcreate = no
set confirmappend = no
set delete = yes
set move = no
set quit = yes
set wait_key = no
set pipe_decode = no
set mark_old = no
set imap_check_subscribed = no
set sort = date
# One push: keys pushed later would run first.
push "<limit>~s '$tag read'<enter><pipe-message>cat > $W/read.eml<enter><display-message><exit>\\
<limit>~s '$tag flag'<enter><flag-message>\\
<limit>~s '$tag move'<enter><save-message>=Neomutt/Saved<enter>\\
<limit>~s '$tag delete'<enter><delete-message>\\
<limit>all<enter><sync-mailbox><quit>"
EOF
} > "$W/imap.rc"
SOCK="interop-neomutt-$$"   # a tmux server of this check's own, ended below
rm -f "$W/exit"
tmux -L "$SOCK" new-session -d -x 160 -y 50 "neomutt -n -F '$W/imap.rc' -f +INBOX; echo \$? > '$W/exit'"
for _ in $(seq 1 120); do [ -s "$W/exit" ] && break; sleep 0.5; done
if [ "$(cat "$W/exit" 2>/dev/null)" = 0 ]; then
  echo "PASS neomutt IMAP session (implicit TLS) ran its keys and quit"
else
  echo "FAIL neomutt IMAP session: did not finish (exit '$(cat "$W/exit" 2>/dev/null)'); screen: $(tmux -L "$SOCK" capture-pane -p 2>/dev/null | grep -v '^ *$' | tail -5 | tr '\n' ' ')"
fi
tmux -L "$SOCK" kill-server 2>/dev/null

python3 - "$tag" "$W/read.eml" <<PY
import os, sys
sys.path.insert(0, "$ROOT/interop/lib")
import mailstore
from mailstore import quote, report
tag, piped = sys.argv[1], sys.argv[2]
m = mailstore.login("$READER", "$READER_PASS")
def find(mailbox, what):
    return mailstore.messages(m, mailbox, "HEADER", "Message-ID", "<%s-%s@" % (tag, what))
read, flag, move, delete, keep = (find("INBOX", w) for w in ("read", "flag", "move", "delete", "keep"))
saved = find("Neomutt/Saved", "move") if "Neomutt/Saved" in mailstore.mailboxes(m) else []
m.logout()
got = open(piped, "rb").read() if os.path.exists(piped) else b""
report("neomutt pipe-message gets the stored bytes", len(read) == 1 and mailstore.same(got, read[0][2]),
       "piped %d bytes: %r" % (len(got), got[:120]))
report("neomutt display-message sets \\\\Seen", len(read) == 1 and "\\\\Seen" in read[0][1], read and read[0][1])
report("neomutt flag-message sets \\\\Flagged", len(flag) == 1 and flag[0][1] == ["\\\\Flagged"], flag and flag[0][1])
report("neomutt save-message puts it in a new folder Neomutt/Saved and sync removes it from INBOX",
       len(saved) == 1 and not move, "%d in Neomutt/Saved, %d left in INBOX" % (len(saved), len(move)))
report("neomutt delete-message + sync-mailbox expunges it", not delete, "still there: %s" % (delete and delete[0][1]))
report("neomutt leaves the other message alone", len(keep) == 1 and keep[0][1] == [], keep and keep[0][1])
PY
exit 0
