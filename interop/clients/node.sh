#!/usr/bin/env bash
# The npm packages nodemailer and imapflow (versions pinned in interop/node/package-lock.json, installed there
# with `npm ci`, never globally). interop/node/check.mjs: nodemailer submits with STARTTLS + AUTH PLAIN and with
# implicit TLS + AUTH LOGIN (a wrong password gets 535); imapflow logs in over implicit TLS, LISTs, SEARCHes by
# subject, FETCHes a body and compares it with what nodemailer sent, sets \Flagged and a keyword, CREATEs a
# nested folder and MOVEs a message there, hears a new delivery while in IDLE, and a second session (STARTTLS +
# LOGIN) sees the moved message. Then Python's imaplib reads the store: the flagged message still in INBOX, the
# moved one only in the new folder, every body byte for byte what nodemailer sent.
# needs: nodejs python3
set -uo pipefail
ROOT=$(cd "$(dirname "$(readlink -f "$0")")/../.." && pwd)
NODE_DIR="$ROOT/interop/node"
W="$TERN_WORK/node"
mkdir -p "$W"
STORE="$ROOT/interop/lib/mailstore.py"

# Debian's nodejs comes without npm (NodeSource's has it inside): add Debian's npm when it is missing.
if ! command -v npm >/dev/null && [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null 2>&1
fi
command -v node >/dev/null && command -v npm >/dev/null || { echo "FAIL node: node and npm are needed (Debian packages nodejs, npm)"; exit 0; }
# npm ci installs exactly the locked versions into interop/node/node_modules; skipped when that lock is installed.
if ! cmp -s "$NODE_DIR/package-lock.json" "$NODE_DIR/node_modules/.interop-installed-lock"; then
  (cd "$NODE_DIR" && npm ci --no-audit --no-fund --loglevel=error >"$W/npm.log" 2>&1) \
    || { echo "FAIL node: npm ci in interop/node failed: $(tail -3 "$W/npm.log" | tr '\n' ' ')"; exit 0; }
  cp "$NODE_DIR/package-lock.json" "$NODE_DIR/node_modules/.interop-installed-lock"
fi

# Accounts of this check's own: the sender and the mailbox imapflow works on.
SENDER="node-sender@$TERN_DOMAIN" SENDER_PASS='node-Sender-1'
RCPT="node-reader@$TERN_DOMAIN" RCPT_PASS='node-Reader-2'
for u in "$SENDER:$SENDER_PASS" "$RCPT:$RCPT_PASS"; do
  echo "${u#*:}" | $TERN_CLI user add "${u%%:*}" --password-stdin >/dev/null 2>"$W/useradd.err" \
    || grep -q 'exists already' "$W/useradd.err" || { echo "FAIL node: tern user add ${u%%:*}: $(cat "$W/useradd.err")"; exit 0; }
done
tag="node-$$-$RANDOM"
timeout 120 node "$NODE_DIR/check.mjs" "$SENDER" "$SENDER_PASS" "$RCPT" "$RCPT_PASS" "$tag" "$W" 2>"$W/node.err" \
  || echo "FAIL node check.mjs: exited $?: $(tail -3 "$W/node.err" | tr '\n' ' ')"

# --- what the store holds, read with Python's imaplib -------------------------------------------------------
python3 "$STORE" delivered "store: nodemailer's STARTTLS message in INBOX, byte for byte, \\Flagged and \$Important" \
  "$RCPT" "$RCPT_PASS" INBOX "$tag starttls" "$W/starttls.eml" '\Flagged' '$Important'
python3 "$STORE" delivered "store: the message imapflow moved is in Node/Moved, byte for byte" \
  "$RCPT" "$RCPT_PASS" Node/Moved "$tag implicit" "$W/implicit.eml"
n=$(python3 "$STORE" count "$RCPT" "$RCPT_PASS" INBOX "$tag implicit")
[ "$n" = 0 ] && echo "PASS store: the moved message is gone from INBOX" || echo "FAIL store: the moved message is gone from INBOX: $n left"
python3 "$STORE" delivered "store: the message sent during IDLE in INBOX, byte for byte" \
  "$RCPT" "$RCPT_PASS" INBOX "$tag idle" "$W/idle.eml"
exit 0
