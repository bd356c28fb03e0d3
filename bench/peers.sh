#!/usr/bin/env bash
# Reference peers for side-by-side benchmarks: Postfix (SMTP in, queue, relay), Postfix's smtp-sink (a
# receiver that discards) and Dovecot (IMAP, POP3), from Debian packages, on 127.0.0.1 only, under one folder.
#
#   peers.sh install                    apt-get the packages once (postfix, dovecot-imapd, dovecot-pop3d)
#   peers.sh postfix start|stop         SMTP on $POSTFIX_PORT; mail for @$BENCH_DOMAIN goes durably into Maildirs
#   peers.sh sink start|stop            smtp-sink on $SINK_PORT: accepts and discards (the protocol ceiling)
#   peers.sh dovecot start|stop         IMAP on $DOVECOT_IMAP_PORT (and TLS on $DOVECOT_IMAPS_PORT, self-signed),
#                                       POP3 on $DOVECOT_POP3_PORT, over the same Maildirs
#   peers.sh users                      print the bench users (bench1..bench$BENCH_USERS, password $BENCH_PASS)
#   peers.sh stop                       stop everything this script started
#
# Dovecot stores the passwords as $DOVECOT_SCHEME (default ARGON2ID) with an authentication cache of
# $DOVECOT_AUTH_CACHE (default 10M, 0 = off): compare Tern with the same hashing and the same caching.
#
# This copy of ../shared/bench/peers.sh adds knobs for bench/run (the defaults behave as the shared recipe):
#   PEER_RETRY (empty)          Postfix's minimal_backoff_time and queue_run_delay (e.g. 10s), to match a short
#                               retry interval given to Tern; empty keeps Postfix's 300s
#   SINK_DUMP (empty)           smtp-sink appends every message to this file (-D), so that a run can count them
#   (smtp-sink also writes its running counters, -c, to $PEERS_DIR/sink/log)
#   DOVECOT_LOGIN_PROCESSES (0) >0: login processes in Dovecot's high-performance mode (service_count = 0), each
#                               serving many connections, as Dovecot's documentation advises for many clients;
#                               0 keeps one login process per connection (the default, high-security mode)
#   DOVECOT_PROCESS_LIMIT (20000) process and client limits of the imap and login services
#   DOVECOT_IDLE_NOTIFY (empty) imap_idle_notify_interval; empty keeps Dovecot's default (2 mins)
# Postfix relays mail for other domains to smtp-sink ([127.0.0.1]:$SINK_PORT) as its relayhost.
#
# Postfix delivers into the Maildirs that Dovecot serves, so a message sent to bench3@$BENCH_DOMAIN through
# Postfix can be read by IMAP or POP3 as bench3. Both fsync as in their default configuration: Postfix its
# queue files and Maildir deliveries, Dovecot with mail_fsync = optimized.
set -euo pipefail

PEERS_DIR=${PEERS_DIR:-/tmp/tern-peers}
POSTFIX_PORT=${POSTFIX_PORT:-10025}
SINK_PORT=${SINK_PORT:-10026}
DOVECOT_IMAP_PORT=${DOVECOT_IMAP_PORT:-10143}
DOVECOT_POP3_PORT=${DOVECOT_POP3_PORT:-10110}
DOVECOT_IMAPS_PORT=${DOVECOT_IMAPS_PORT:-10993}
BENCH_DOMAIN=${BENCH_DOMAIN:-bench.test}
BENCH_USERS=${BENCH_USERS:-20}
BENCH_PASS=${BENCH_PASS:-bench}
# Dovecot's password scheme: ARGON2ID (like Tern's stored hashes; the fair default) or PLAIN (no hashing cost),
# and its authentication cache (0 = off). Compare Tern configured the same way.
DOVECOT_SCHEME=${DOVECOT_SCHEME:-ARGON2ID}
DOVECOT_AUTH_CACHE=${DOVECOT_AUTH_CACHE:-10M}
PEER_RETRY=${PEER_RETRY:-}
SINK_DUMP=${SINK_DUMP:-}
DOVECOT_LOGIN_PROCESSES=${DOVECOT_LOGIN_PROCESSES:-0}
DOVECOT_PROCESS_LIMIT=${DOVECOT_PROCESS_LIMIT:-20000}
DOVECOT_IDLE_NOTIFY=${DOVECOT_IDLE_NOTIFY:-}
MAIL_UID=$(id -u mail 2>/dev/null || echo 8)
MAIL_GID=$(id -g mail 2>/dev/null || echo 8)

die() { echo "peers.sh: $*" >&2; exit 1; }

install_packages() {
  local missing=()
  command -v postfix >/dev/null 2>&1 || missing+=(postfix)
  command -v smtp-source >/dev/null 2>&1 || missing+=(postfix)
  command -v dovecot >/dev/null 2>&1 || missing+=(dovecot-imapd dovecot-pop3d)
  [ ${#missing[@]} -eq 0 ] && return 0
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
  # The packages may start system-wide daemons on the standard ports; this script uses its own instances.
  systemctl stop postfix dovecot >/dev/null 2>&1 || service postfix stop >/dev/null 2>&1 || true
  service dovecot stop >/dev/null 2>&1 || true
}

mail_home() { echo "$PEERS_DIR/mail/$1"; }

make_users() {
  mkdir -p "$PEERS_DIR/dovecot" "$PEERS_DIR/mail"
  : > "$PEERS_DIR/dovecot/users"
  local hash="{PLAIN}$BENCH_PASS"
  [ "$DOVECOT_SCHEME" = PLAIN ] || hash=$(doveadm pw -s "$DOVECOT_SCHEME" -p "$BENCH_PASS")
  for i in $(seq 1 "$BENCH_USERS"); do
    echo "bench$i:$hash::::::" >> "$PEERS_DIR/dovecot/users"
    mkdir -p "$(mail_home bench$i)/Maildir"/{cur,new,tmp}
  done
  chown -R "$MAIL_UID:$MAIL_GID" "$PEERS_DIR/mail"
}

postfix_start() {
  install_packages
  make_users
  local P="$PEERS_DIR/postfix"
  mkdir -p "$P/etc" "$P/spool" "$P/data" "$P/log"
  cp /etc/postfix/master.cf "$P/etc/master.cf" 2>/dev/null || cp /usr/share/postfix/master.cf.dist "$P/etc/master.cf"
  # replace the standard smtp listener with one on loopback and our port
  sed -i -E '/^smtp[[:space:]]+inet/d' "$P/etc/master.cf"
  echo "127.0.0.1:$POSTFIX_PORT inet n - n - - smtpd" >> "$P/etc/master.cf"
  local maps=""
  for i in $(seq 1 "$BENCH_USERS"); do maps+="bench$i@$BENCH_DOMAIN=bench$i/Maildir/ "; done
  cat > "$P/etc/main.cf" <<EOF
compatibility_level = 3.6
config_directory = $P/etc
queue_directory = $P/spool
data_directory = $P/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.$BENCH_DOMAIN
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
smtpd_peername_lookup = no
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions = permit_mynetworks, reject
maillog_file = $P/log/postfix.log
maillog_file_prefixes = /var, /dev/stdout, $PEERS_DIR
virtual_mailbox_domains = $BENCH_DOMAIN
virtual_mailbox_base = $PEERS_DIR/mail
virtual_mailbox_maps = inline:{ $(echo "$maps" | sed 's/ $//; s/ /, /g') }
virtual_uid_maps = static:$MAIL_UID
virtual_gid_maps = static:$MAIL_GID
virtual_minimum_uid = 1
alias_maps =
alias_database =
local_recipient_maps =
local_transport = discard:no local delivery
default_destination_concurrency_limit = 20
relayhost = [127.0.0.1]:$SINK_PORT
smtp_tls_security_level = none
EOF
  if [ -n "$PEER_RETRY" ]; then
    printf 'minimal_backoff_time = %s\nqueue_run_delay = %s\nmaximal_backoff_time = %s\n' \
      "$PEER_RETRY" "$PEER_RETRY" "$PEER_RETRY" >> "$P/etc/main.cf"
  fi
  postfix -c "$P/etc" set-permissions >/dev/null 2>&1 || true
  postfix -c "$P/etc" check
  postfix -c "$P/etc" start </dev/null >>"$P/log/start.log" 2>&1 || { cat "$P/log/start.log" >&2; die "postfix did not start"; }
  wait_port "$POSTFIX_PORT" postfix
}

postfix_stop() { [ -d "$PEERS_DIR/postfix/etc" ] && postfix -c "$PEERS_DIR/postfix/etc" stop 2>/dev/null || true; }

sink_start() {
  install_packages
  mkdir -p "$PEERS_DIR/sink"
  local dump=()
  if [ -n "$SINK_DUMP" ]; then
    mkdir -p "$(dirname "$SINK_DUMP")"; chmod 777 "$(dirname "$SINK_DUMP")"
    touch "$SINK_DUMP"; chmod 666 "$SINK_DUMP"
    dump=(-D "$SINK_DUMP")
  fi
  smtp-sink -u nobody -c "${dump[@]}" "127.0.0.1:$SINK_PORT" 256 </dev/null >"$PEERS_DIR/sink/log" 2>&1 &
  echo $! > "$PEERS_DIR/sink/pid"
  wait_port "$SINK_PORT" smtp-sink
}

sink_stop() {
  local f="$PEERS_DIR/sink/pid"
  [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  rm -f "$f"
}

dovecot_start() {
  install_packages
  make_users
  local D="$PEERS_DIR/dovecot"
  mkdir -p "$D/run" "$D/state" "$D/log"
  [ -f "$D/cert.pem" ] || openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=localhost" \
      -keyout "$D/key.pem" -out "$D/cert.pem" >/dev/null 2>&1 || die "openssl could not make a certificate"
  cat > "$D/dovecot.conf" <<EOF
protocols = imap pop3
listen = 127.0.0.1
base_dir = $D/run
state_dir = $D/state
instance_name = tern-peers-dovecot
log_path = $D/log/dovecot.log
ssl = yes
ssl_cert = <$D/cert.pem
ssl_key = <$D/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:~/Maildir
mail_fsync = optimized
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = username_format=%n $D/users
}
auth_cache_size = $DOVECOT_AUTH_CACHE
auth_cache_ttl = 1 hour
userdb {
  driver = passwd-file
  args = username_format=%n $D/users
  default_fields = uid=$MAIL_UID gid=$MAIL_GID home=$PEERS_DIR/mail/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $DOVECOT_IMAP_PORT
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $DOVECOT_IMAPS_PORT
  }
$(if [ "$DOVECOT_LOGIN_PROCESSES" -gt 0 ]; then
    printf '  service_count = 0\n  process_min_avail = %s\n  client_limit = %s\n  vsz_limit = 1G\n' \
      "$DOVECOT_LOGIN_PROCESSES" "$DOVECOT_PROCESS_LIMIT"
  else echo "  process_min_avail = 2"; fi)
}
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = $DOVECOT_POP3_PORT
  }
  inet_listener pop3s {
    port = 0
  }
}
service imap {
  process_limit = $DOVECOT_PROCESS_LIMIT
}
service pop3 {
  process_limit = 1000
}
default_process_limit = $DOVECOT_PROCESS_LIMIT
default_client_limit = $DOVECOT_PROCESS_LIMIT
protocol imap {
  mail_max_userip_connections = $DOVECOT_PROCESS_LIMIT
$([ -n "$DOVECOT_IDLE_NOTIFY" ] && echo "  imap_idle_notify_interval = $DOVECOT_IDLE_NOTIFY")
}
protocol pop3 {
  mail_max_userip_connections = 1000
}
EOF
  dovecot -c "$D/dovecot.conf" </dev/null >>"$D/log/start.log" 2>&1 || { cat "$D/log/start.log" >&2; die "dovecot did not start"; }
  wait_port "$DOVECOT_IMAP_PORT" dovecot
}

dovecot_stop() {
  local D="$PEERS_DIR/dovecot"
  [ -f "$D/dovecot.conf" ] && doveadm -c "$D/dovecot.conf" stop 2>/dev/null || true
}

wait_port() {
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  die "$2 did not start listening on 127.0.0.1:$1"
}

case "${1:-}" in
  install) install_packages ;;
  postfix) case "${2:-}" in start) postfix_start ;; stop) postfix_stop ;; *) die "postfix start|stop" ;; esac ;;
  sink)    case "${2:-}" in start) sink_start ;; stop) sink_stop ;; *) die "sink start|stop" ;; esac ;;
  dovecot) case "${2:-}" in start) dovecot_start ;; stop) dovecot_stop ;; *) die "dovecot start|stop" ;; esac ;;
  users)   for i in $(seq 1 "$BENCH_USERS"); do echo "bench$i@$BENCH_DOMAIN $BENCH_PASS"; done ;;
  stop)    postfix_stop; sink_stop; dovecot_stop ;;
  *) sed -n "2,28p" "$0"; exit 2 ;;
esac
