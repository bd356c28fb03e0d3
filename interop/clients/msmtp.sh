#!/usr/bin/env bash
# msmtp sends through submission: STARTTLS + AUTH SCRAM-SHA-256 (through GNU SASL),
# STARTTLS + AUTH PLAIN, and implicit TLS (the 465-style port) + AUTH LOGIN, to two recipients; a wrong password
# is refused and nothing is delivered. Each sent message is read back over IMAP (interop/lib/mailstore.py) from
# every recipient's INBOX and must be the bytes msmtp was given, with only trace lines in front.
# TLS: the STARTTLS accounts trust $TERN_DATA/tls/cert.pem as their only CA (the self-signed certificate names
# 127.0.0.1, so msmtp verifies it fully); the implicit TLS account pins the certificate's SHA-256 fingerprint.
# needs: msmtp python3 openssl
set -uo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
W="$TERN_WORK/msmtp"
mkdir -p "$W"
STORE="$ROOT/interop/lib/mailstore.py"
if ! command -v msmtp >/dev/null; then echo "FAIL msmtp: not installed (Debian package msmtp)"; exit 0; fi

CERT="$TERN_DATA/tls/cert.pem"
FINGERPRINT=$(openssl x509 -in "$CERT" -noout -fingerprint -sha256 | sed 's/^.*=//')
cat > "$W/msmtprc" <<EOF
defaults
host $TERN_HOST
from $TERN_USER1
user $TERN_USER1
password $TERN_PASS1
logfile $W/msmtp.log
tls on
tls_trust_file $CERT

account scram
port $TERN_SUBMISSION_PORT
tls_starttls on
auth scram-sha-256

account plain
port $TERN_SUBMISSION_PORT
tls_starttls on
auth plain

account implicit
port $TERN_SUBMISSIONS_PORT
tls_starttls off
tls_trust_file
tls_fingerprint $FINGERPRINT
auth login

account wrong : plain
password not-the-password
EOF
chmod 600 "$W/msmtprc"

message() { # subject -> a message file: 8-bit text, a line that starts with a dot, a long line, LF line ends
  local f="$W/$1.eml"
  {
    printf 'From: Alice <%s>\nTo: %s, %s\nSubject: %s\nMessage-ID: <%s@interop.test>\nDate: %s\n' \
      "$TERN_USER1" "$TERN_USER2" "$TERN_USER1" "$1" "$1" "$(date -R)"
    printf 'MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n'
    printf 'Grüße from msmtp.\n.a line that starts with a dot\n..and one with two\n%s\n.\nend\n' "$(printf 'y%.0s' $(seq 1 900))"
  } > "$f"
  echo "$f"
}
send() { # account subject -> sends to both users, prints msmtp's error if any
  local f; f=$(message "$2")
  msmtp -C "$W/msmtprc" -a "$1" "$TERN_USER2" "$TERN_USER1" < "$f" 2>&1
}
both_delivered() { # what subject
  python3 "$STORE" delivered "$1 (bob's INBOX)" "$TERN_USER2" "$TERN_PASS2" INBOX "$2" "$W/$2.eml"
  python3 "$STORE" delivered "$1 (alice's INBOX)" "$TERN_USER1" "$TERN_PASS1" INBOX "$2" "$W/$2.eml"
}
tag="msmtp-$$-$RANDOM"

# --- STARTTLS + AUTH SCRAM-SHA-256 (GNU SASL's client against Tern's server) ---------------------------------
if out=$(send scram "$tag-scram"); then
  both_delivered "msmtp STARTTLS + AUTH SCRAM-SHA-256 delivered byte for byte" "$tag-scram"
else
  echo "FAIL msmtp STARTTLS + AUTH SCRAM-SHA-256: $(tr '\n' ' ' <<<"$out")"
fi

# --- STARTTLS + AUTH PLAIN ----------------------------------------------------------------------------------
if out=$(send plain "$tag-plain"); then
  both_delivered "msmtp STARTTLS + AUTH PLAIN delivered byte for byte" "$tag-plain"
else
  echo "FAIL msmtp STARTTLS + AUTH PLAIN: $(tr '\n' ' ' <<<"$out")"
fi

# --- implicit TLS, pinned certificate, AUTH LOGIN -----------------------------------------------------------
if out=$(send implicit "$tag-implicit"); then
  both_delivered "msmtp implicit TLS (pinned) + AUTH LOGIN delivered byte for byte" "$tag-implicit"
else
  echo "FAIL msmtp implicit TLS (pinned) + AUTH LOGIN: $(tr '\n' ' ' <<<"$out")"
fi

# --- a wrong password: refused, nothing delivered ------------------------------------------------------------
if out=$(send wrong "$tag-wrong"); then
  echo "FAIL msmtp with a wrong password is refused: msmtp reported success"
else
  grep -q '535' <<<"$out" && echo "PASS msmtp with a wrong password is refused (535)" \
    || echo "FAIL msmtp with a wrong password is refused: want a 535 reply, got $(tr '\n' ' ' <<<"$out")"
fi
n=$(python3 - "$tag-wrong" <<PY
import sys; sys.path.insert(0, "$ROOT/interop/lib"); import mailstore
m = mailstore.login("$TERN_USER2", "$TERN_PASS2")
print(len(mailstore.messages(m, "INBOX", "SUBJECT", mailstore.quote(sys.argv[1])))); m.logout()
PY
)
[ "$n" = 0 ] && echo "PASS msmtp refused message is not delivered" || echo "FAIL msmtp refused message is not delivered: $n found"
exit 0
