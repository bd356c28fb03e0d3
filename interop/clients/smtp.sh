#!/usr/bin/env bash
# SMTP with clients nobody here wrote: Python's smtplib (MX delivery, submission with STARTTLS + AUTH, implicit
# TLS, relay and spoofing refused) and swaks (MX, submission with STARTTLS + AUTH, implicit TLS, pipelining).
# Delivery is checked in the store: the message is read back over IMAP (Python's imaplib, SEARCH by subject)
# from the recipient's INBOX, and the server's log has the accepted message under the id its 250 reply gave.
# needs: swaks libnet-ssleay-perl python3
# (swaks needs Net::SSLeay from libnet-ssleay-perl for STARTTLS and implicit TLS)
set -uo pipefail

delivered() { # how many messages in the INBOX of $1 (password $2) have $3 in their Subject, read over IMAP
  python3 - "$1" "$2" "$3" <<'PY' 2>/dev/null || echo -1
import imaplib, os, sys
m = imaplib.IMAP4(os.environ["TERN_HOST"], int(os.environ["TERN_IMAP_PORT"]))
m.login(sys.argv[1], sys.argv[2])
m.select("INBOX", readonly=True)
typ, data = m.search(None, "SUBJECT", '"%s"' % sys.argv[3])
print(len(data[0].split()))
m.logout()
PY
}
accepted() { # whether the server log shows message id $1 accepted with $2 local and $3 remote recipients
  grep -q "event=accepted id=$1 .* local=$2 remote=$3 " "$TERN_WORK/server.log"
}
check() { # name, condition-command...
  local name=$1; shift
  if "$@"; then echo "PASS $name"; else echo "FAIL $name: ${WHY:-condition failed}"; fi
}
grown() { # user, password, subject, count before: one more such message now
  [ "$(delivered "$1" "$2" "$3")" -eq $(( $4 + 1 )) ]
}

# --- Python smtplib ----------------------------------------------------------------------------------------
before1=$(delivered "$TERN_USER1" "$TERN_PASS1" "interop smtplib mx")
before2=$(delivered "$TERN_USER2" "$TERN_PASS2" "interop smtplib submission")
py_out=$(python3 - <<'PY' 2>&1
import os, smtplib, ssl
host = os.environ["TERN_HOST"]
u1, p1, u2 = os.environ["TERN_USER1"], os.environ["TERN_PASS1"], os.environ["TERN_USER2"]
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
msg = "From: <%s>\r\nTo: <%s>\r\nSubject: interop smtplib %s\r\n\r\n.a line starting with a dot\r\nbye\r\n"

def data_reply(s, sender, rcpts, text):
    code, reply = s.mail(sender)
    assert code == 250, reply
    for r in rcpts:
        code, reply = s.rcpt(r)
        assert code == 250, reply
    code, reply = s.data(text)
    return code, reply.decode()

# MX: plain delivery from a remote sender
with smtplib.SMTP(host, int(os.environ["TERN_SMTP_PORT"]), timeout=10) as s:
    s.ehlo("smtplib.example")
    code, reply = data_reply(s, "someone@remote.example", [u1], msg % ("someone@remote.example", u1, "mx"))
    print("mx", code, reply)
    # relaying is refused
    s.rset(); s.mail("someone@remote.example")
    code, reply = s.rcpt("victim@elsewhere.example")
    print("relay", code, reply.decode())

# submission: STARTTLS then AUTH, a local and a remote recipient
with smtplib.SMTP(host, int(os.environ["TERN_SUBMISSION_PORT"]), timeout=10) as s:
    s.ehlo("smtplib.example"); s.starttls(context=ctx); s.ehlo("smtplib.example")
    s.login(u1, p1)
    code, reply = data_reply(s, u1, [u2, "friend@remote.example"], msg % (u1, u2, "submission"))
    print("submission", code, reply)
    s.rset(); code, reply = s.mail(u2)
    print("spoof", code, reply.decode())

# submissions: implicit TLS
with smtplib.SMTP_SSL(host, int(os.environ["TERN_SUBMISSIONS_PORT"]), context=ctx, timeout=10) as s:
    s.ehlo("smtplib.example"); s.login(u1, p1)
    code, reply = data_reply(s, u1, [u2], msg % (u1, u2, "implicit-tls"))
    print("submissions", code, reply)
PY
)
id_of() { sed -n "s/^$1 250 2\.0\.0 OK id=\([0-9A-Z]*\).*/\1/p" <<<"$py_out"; }
WHY="smtplib said: $(tr '\n' ' ' <<<"$py_out")"
mx_id=$(id_of mx); sub_id=$(id_of submission); subs_id=$(id_of submissions)
check "smtplib MX delivery to a local user (250, logged, stored)" \
  eval '[ -n "$mx_id" ] && accepted "$mx_id" 1 0 && grown "$TERN_USER1" "$TERN_PASS1" "interop smtplib mx" "$before1"'
check "smtplib MX refuses to relay (550 5.7.1)" grep -q '^relay 550 5.7.1 ' <<<"$py_out"
check "smtplib submission STARTTLS + AUTH: local delivered, remote queued" \
  eval '[ -n "$sub_id" ] && grep -q "^submission 250 .* queued as " <<<"$py_out" && accepted "$sub_id" 1 1 && grown "$TERN_USER2" "$TERN_PASS2" "interop smtplib submission" "$before2"'
check "smtplib submission refuses a sender the user does not own (553 5.7.1)" grep -q '^spoof 553 5.7.1 ' <<<"$py_out"
check "smtplib implicit TLS submission with AUTH" eval '[ -n "$subs_id" ] && accepted "$subs_id" 1 0'

# --- swaks -------------------------------------------------------------------------------------------------
if ! command -v swaks >/dev/null; then
  echo "FAIL swaks: not installed (apt-get install swaks)"
  exit 0
fi
swaks_id() { sed -n 's/.*250 2\.0\.0 OK id=\([0-9A-Z]*\).*/\1/p' <<<"$1" | head -1; }
before2=$(delivered "$TERN_USER2" "$TERN_PASS2" "interop swaks mx")
out=$(swaks --server "$TERN_HOST" --port "$TERN_SMTP_PORT" --ehlo swaks.example --from sender@remote.example \
  --to "$TERN_USER2" --header "Subject: interop swaks mx" 2>&1)
id=$(swaks_id "$out"); WHY="swaks said: $(tail -5 <<<"$out" | tr '\n' ' ')"
check "swaks MX delivery" eval '[ -n "$id" ] && accepted "$id" 1 0 && grown "$TERN_USER2" "$TERN_PASS2" "interop swaks mx" "$before2"'

out=$(swaks --server "$TERN_HOST" --port "$TERN_SUBMISSION_PORT" --ehlo swaks.example -tls --auth PLAIN \
  --auth-user "$TERN_USER1" --auth-password "$TERN_PASS1" --from "$TERN_USER1" --to "$TERN_USER2" 2>&1)
id=$(swaks_id "$out"); WHY="swaks said: $(tail -5 <<<"$out" | tr '\n' ' ')"
check "swaks submission STARTTLS + AUTH PLAIN" eval '[ -n "$id" ] && accepted "$id" 1 0 && grep -q "ESMTPSA\|235 2.7.0" <<<"$out"'

out=$(swaks --server "$TERN_HOST" --port "$TERN_SUBMISSIONS_PORT" --ehlo swaks.example --tls-on-connect \
  --auth LOGIN --auth-user "$TERN_USER1" --auth-password "$TERN_PASS1" --from "$TERN_USER1" --to "$TERN_USER2" 2>&1)
id=$(swaks_id "$out"); WHY="swaks said: $(tail -5 <<<"$out" | tr '\n' ' ')"
check "swaks implicit TLS + AUTH LOGIN" eval '[ -n "$id" ] && accepted "$id" 1 0'

out=$(swaks --server "$TERN_HOST" --port "$TERN_SMTP_PORT" --ehlo swaks.example --pipeline \
  --from sender@remote.example --to "$TERN_USER1" 2>&1)
id=$(swaks_id "$out"); WHY="swaks said: $(tail -5 <<<"$out" | tr '\n' ' ')"
check "swaks MX with PIPELINING" eval '[ -n "$id" ] && accepted "$id" 1 0'

out=$(swaks --server "$TERN_HOST" --port "$TERN_SMTP_PORT" --ehlo swaks.example --from sender@remote.example \
  --to victim@elsewhere.example --quit-after RCPT 2>&1)
WHY="swaks said: $(tail -5 <<<"$out" | tr '\n' ' ')"
check "swaks MX relay refused" grep -q '<\*\* *550 5.7.1' <<<"$out"
