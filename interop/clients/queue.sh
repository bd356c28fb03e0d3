#!/usr/bin/env bash
# The outbound queue against Postfix's smtp-sink: a Tern of this check's own (its data directory under
# $TERN_WORK, free loopback ports) relays through a smart host that is smtp-sink on 127.0.0.1; Python's smtplib
# submits messages with STARTTLS + AUTH for recipients in two remote domains (an 8-bit UTF-8 body among them);
# smtp-sink dumps every transaction it receives (-d), and the check reads the dumps: envelope (MAIL FROM, every
# RCPT TO, BODY=8BITMIME), and the message byte for byte (line ends aside: smtp-sink writes LF) below the trace
# fields. Then `tern queue list` must show an empty queue and /metrics the deliveries. Last, smtp-sink is started
# again without 8BITMIME (-8): an 8-bit message must reach it converted to 7 bits (quoted-printable, RFC 6152),
# decoding to the octets submitted. Nothing leaves loopback:
# the smart host is 127.0.0.1 and MX lookups would go to a loopback port where nothing answers.
# needs: postfix python3
set -uo pipefail
W="$TERN_WORK/queue"
mkdir -p "$W"
SINK_BIN=/usr/sbin/smtp-sink
check() { # name, condition-command...
  local name=$1; shift
  if "$@"; then echo "PASS $name"; else echo "FAIL $name: ${WHY:-condition failed}"; fi
}
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
if [ ! -x "$SINK_BIN" ]; then
  echo "FAIL queue via smtp-sink: $SINK_BIN not found (Debian package postfix)"
  exit 0
fi

SINK_PORT=$(free_port); SUB_PORT=$(free_port); HTTP_PORT=$(free_port)
# smtp-sink run as root must drop to another user (-u), who must be able to write the dumps.
DUMP=$(mktemp -d /tmp/tern-sink.XXXXXX)
chmod 1777 "$DUMP"
sink_user=()
[ "$(id -u)" = 0 ] && sink_user=(-u nobody)
"$SINK_BIN" "${sink_user[@]}" -h sink.test -d "$DUMP/msg." "127.0.0.1:$SINK_PORT" 16 2>"$W/sink.err" &
SINK_PID=$!

DATA="$W/data"
mkdir -p "$DATA"
cat > "$DATA/tern.toml" <<TOML
hostname = "mail.queue.test"
[admin]
port = $HTTP_PORT
[outbound]
dns-server = "127.0.0.1"
dns-port = 9
smart-host = "127.0.0.1"
smart-host-port = $SINK_PORT
smart-host-tls = "none"
[queue]
poll-interval = "200ms"
retry-intervals = "0s 1s"
[[listeners]]
protocol = "submission"
address = "127.0.0.1"
port = $SUB_PORT
tls = "starttls"
TOML
tern() { TERN_DATA="$DATA" $TERN_CLI "$@"; }
# Started as a simple command, not through the function, so that $! is the server's own process.
TERN_DATA="$DATA" $TERN_CLI serve >"$W/server.out" 2>"$W/server.log" &
TERN_PID=$!
cleanup() {
  kill -TERM "$TERN_PID" 2>/dev/null; wait "$TERN_PID" 2>/dev/null
  kill -TERM "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null
  rm -rf "$DUMP"
}
trap cleanup EXIT
for _ in $(seq 1 300); do grep -q 'event=ready' "$W/server.log" && break; sleep 0.1; done
if ! grep -q 'event=ready' "$W/server.log"; then
  echo "FAIL queue via smtp-sink: the relaying Tern did not start: $(tail -3 "$W/server.log" | tr '\n' ' ')"
  exit 0
fi
tern domain add queue.test >/dev/null
echo 'carol-Secret-3' | tern user add carol@queue.test --password-stdin >/dev/null

# --- submit -------------------------------------------------------------------------------------------------
export SUB_PORT W
WHY="python said: $(python3 - <<'PY' 2>&1
import os, smtplib, ssl
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
messages = {
    "queue interop 1": (["dave@sink.example", "erin@sink.example"],
        "From: carol@queue.test\r\nTo: dave@sink.example, erin@sink.example\r\nSubject: queue interop 1\r\n"
        "Message-ID: <q1@queue.test>\r\nDate: Thu, 26 Nov 2026 10:00:00 +0000\r\n\r\n"
        ".a line that starts with a dot\r\nplain text\r\n"),
    "queue interop 2": (["frank@other.example"],
        "From: carol@queue.test\r\nTo: frank@other.example\r\nSubject: queue interop 2\r\n"
        "Message-ID: <q2@queue.test>\r\nDate: Thu, 26 Nov 2026 10:00:01 +0000\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "Gr\u00fc\u00dfe aus dem B\u00fcro\r\n"),
}
with smtplib.SMTP("127.0.0.1", int(os.environ["SUB_PORT"]), timeout=10) as s:
    s.ehlo("client.queue.test"); s.starttls(context=ctx); s.ehlo("client.queue.test")
    s.login("carol@queue.test", "carol-Secret-3")
    for subject, (rcpts, text) in messages.items():
        data = text.encode("utf-8")
        s.sendmail("carol@queue.test", rcpts, data, mail_options=["BODY=8BITMIME"])
        with open(os.path.join(os.environ["W"], "sent-" + subject.split()[-1] + ".eml"), "wb") as f:
            f.write(data)
print("submitted")
PY
)"
check "smtplib submits two messages for remote recipients (STARTTLS + AUTH)" \
  test -f "$W/sent-1.eml" -a -f "$W/sent-2.eml"

# --- what smtp-sink received --------------------------------------------------------------------------------
for _ in $(seq 1 300); do [ "$(find "$DUMP" -type f -name 'msg.*' | wc -l)" -ge 2 ] && break; sleep 0.1; done
WHY="smtp-sink dumped $(find "$DUMP" -type f | wc -l) transactions; its stderr: $(tail -2 "$W/sink.err" | tr '\n' ' ')"
check "smtp-sink received one transaction per destination domain" \
  test "$(find "$DUMP" -type f -name 'msg.*' | wc -l)" -eq 2

verdict=$(python3 - "$DUMP" "$W" <<'PY' 2>&1
import glob, os, re, sys
dump, sent = sys.argv[1], sys.argv[2]
want = {n: open(f"{sent}/sent-{n}.eml", "rb").read().replace(b"\r\n", b"\n") for n in ("1", "2")}
envelopes = {"1": ("<carol@queue.test>", ["<dave@sink.example>", "<erin@sink.example>"]),
             "2": ("<carol@queue.test>", ["<frank@other.example>"])}
found = {}
for path in glob.glob(os.path.join(dump, "msg.*")):
    raw = open(path, "rb").read()
    head, _, rest = raw.partition(b"\nReceived: ")
    # smtp-sink's own Received field is three lines; what follows is the message as Tern sent it.
    message = rest.split(b"\n", 3)[3]
    if message.endswith(b"\n\n"):
        message = message[:-1]  # the empty line smtp-sink ends each dump with
    n = re.search(rb"Subject: queue interop (\d)", message).group(1).decode()
    fields = dict()
    for line in head.decode().split("\n"):
        key, _, value = line.partition(": ")
        fields.setdefault(key, []).append(value)
    sender, rcpts = envelopes[n]
    mail = fields["X-Mail-Args"][0]
    # smtp-sink writes the arguments of MAIL and RCPT without the FROM: and TO: keywords.
    if mail.split()[0].removeprefix("FROM:") != sender or "BODY=8BITMIME" not in mail.split()[1:]:
        print(f"message {n}: MAIL {mail!r}"); continue
    got = [r.split()[0].removeprefix("TO:") for r in fields["X-Rcpt-Args"]]
    if got != rcpts:
        print(f"message {n}: RCPT {got} instead of {rcpts}"); continue
    # Below the trace: the submitted bytes, unchanged. Above: only Tern's Received field (submission).
    if not message.endswith(want[n]):
        print(f"message {n}: body differs"); continue
    trace = message[: len(message) - len(want[n])].decode()
    if not re.fullmatch(r"Received: from client\.queue\.test \(\[127\.0\.0\.1\]\)\n(\t[^\n]*\n)+", trace) \
            or "by mail.queue.test (Tern) with ESMTPSA" not in trace:
        print(f"message {n}: unexpected trace fields {trace!r}"); continue
    found[n] = True
print("ok" if sorted(found) == ["1", "2"] else f"verified {sorted(found)}")
PY
)
WHY="$verdict"
check "smtp-sink got each message byte for byte below Tern's trace field, with its envelope and BODY=8BITMIME" \
  test "$verdict" = ok

queued() { tern queue list 2>&1 | grep -c '@'; }
for _ in $(seq 1 50); do [ "$(queued)" -eq 0 ] && break; sleep 0.1; done
WHY="tern queue list: $(tern queue list 2>&1 | tr '\n' ' ')"
check "the queue is empty once smtp-sink has everything" test "$(queued)" -eq 0

metrics=$(python3 -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$HTTP_PORT/metrics', timeout=5).read().decode())" 2>&1)
WHY="/metrics: $(grep '^tern_queue' <<<"$metrics" | head -6 | tr '\n' ' ')"
delivered_none_bounced() {
  grep -qx 'tern_queue_deliveries_total 3' <<<"$metrics" && grep -qx 'tern_queue_bounces_total 0' <<<"$metrics"
}
check "/metrics counts three recipients delivered and none bounced" delivered_none_bounced

# --- a next hop without 8BITMIME: the message is converted to 7 bits ----------------------------------------
kill -TERM "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null
rm -f "$DUMP"/msg.*
"$SINK_BIN" "${sink_user[@]}" -8 -h sink.test -d "$DUMP/msg." "127.0.0.1:$SINK_PORT" 16 2>>"$W/sink.err" &
SINK_PID=$!
for _ in $(seq 1 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $SINK_PORT), 1)" \
  2>/dev/null && break; sleep 0.1; done
python3 - <<'PY' >"$W/sent-3.log" 2>&1
import os, smtplib, ssl
ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
text = ("From: carol@queue.test\r\nTo: gina@sink.example\r\nSubject: queue interop 3\r\n"
        "Message-ID: <q3@queue.test>\r\nDate: Thu, 26 Nov 2026 10:00:02 +0000\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        "Gr\u00fc\u00dfe = greetings, " + "\u00e9" * 60 + "\r\ntrailing space \r\n").encode("utf-8")
open(os.path.join(os.environ["W"], "sent-3.eml"), "wb").write(text)
with smtplib.SMTP("127.0.0.1", int(os.environ["SUB_PORT"]), timeout=10) as s:
    s.ehlo("client.queue.test"); s.starttls(context=ctx); s.ehlo("client.queue.test")
    s.login("carol@queue.test", "carol-Secret-3")
    s.sendmail("carol@queue.test", ["gina@sink.example"], text, mail_options=["BODY=8BITMIME"])
PY
for _ in $(seq 1 100); do [ "$(find "$DUMP" -type f -name 'msg.*' | wc -l)" -ge 1 ] && break; sleep 0.1; done
verdict=$(python3 - "$DUMP" "$W" <<'PY' 2>&1
import glob, quopri, sys
dump, sent = sys.argv[1], sys.argv[2]
files = glob.glob(dump + "/msg.*")
if len(files) != 1:
    print(f"{len(files)} dumps instead of 1"); sys.exit()
raw = open(files[0], "rb").read()
head, _, rest = raw.partition(b"\nReceived: ")
message = rest.split(b"\n", 3)[3]
mail = [l for l in head.decode().split("\n") if l.startswith("X-Mail-Args: ")][0]
want = open(sent + "/sent-3.eml", "rb").read().replace(b"\r\n", b"\n")
want_head, _, want_body = want.partition(b"\n\n")
got_head, _, got_body = message.partition(b"\n\n")
if "BODY=8BITMIME" in mail:
    print("MAIL still says BODY=8BITMIME: " + mail)
elif any(b > 127 for b in message):
    print("8-bit octets reached a host without 8BITMIME")
elif not got_head.endswith(want_head.replace(b"Content-Transfer-Encoding: 8bit",
                                             b"Content-Transfer-Encoding: quoted-printable")):
    print("header differs beyond the transfer encoding: %r" % got_head[-300:])
elif quopri.decodestring(got_body.rstrip(b"\n") + b"\n") != want_body:
    print("the quoted-printable body does not decode to what was sent: %r" % got_body[:200])
else:
    print("ok")
PY
)
WHY="$verdict; python: $(tr '\n' ' ' <"$W/sent-3.log")"
check "an 8-bit message reaches smtp-sink without 8BITMIME as quoted-printable, decoding to what was sent" \
  test "$verdict" = ok
