# Sourced by bench/run. startup: time to ready and idle RSS. Tern through bench/startup (a restart on an existing
# data directory); Dovecot's master started on its configuration until IMAP accepts, RSS summed over all its
# processes.

# The processes of Dovecot's tree (master and every descendant), from one ps listing.
dovecot_pids() {
  ps -e -o pid=,ppid= | awk -v root="$(cat "$PEERS_DIR/dovecot/run/master.pid")" '
    { parent[$1] = $2 }
    END { for (p in parent) { q = p; for (d = 0; d < 6 && q != root && q > 1; d++) q = parent[q]; if (q == root) print p } }'
}

# Sum of VmRSS (kind rss) or of Pss (kind pss: shared pages divided among the processes sharing them) in KiB.
dovecot_memory_kib() { # $1 rss|pss
  local files=() p
  for p in $(dovecot_pids); do
    if [ "$1" = rss ]; then files+=("/proc/$p/status"); else files+=("/proc/$p/smaps_rollup"); fi
  done
  [ ${#files[@]} -gt 0 ] || { echo 0; return; }
  printf '%s\n' "${files[@]}" | xargs awk '/^VmRSS:|^Pss:/ {s += $2} END {print s + 0}' 2>/dev/null \
    | awk '{s += $1} END {print s + 0}'
}

scenario_startup() {
  tern_config 100 > "$WORK/startup.toml"
  local D="$PEERS_DIR/dovecot"
  for r in $(seq 1 "$ROUNDS"); do
    local line ms rss
    line=$(STARTUP_CONFIG="$WORK/startup.toml" bench/startup 1 | grep 'median again')
    ms=$(echo "$line" | sed -n 's/.*ready \([0-9]*\) ms.*/\1/p'); rss=$(echo "$line" | sed -n 's/.*RSS \([0-9.]*\) MiB.*/\1/p')
    sample startup ready ms lower tern "$ms"; sample startup idle-rss MiB lower tern "$rss"
    doveadm -c "$D/dovecot.conf" stop >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do [ -f "$D/run/master.pid" ] && kill -0 "$(cat "$D/run/master.pid")" 2>/dev/null || break; sleep 0.1; done
    local t0; t0=$(now)
    dovecot -c "$D/dovecot.conf" </dev/null 2>>"$WORK/peers.log"
    for _ in $(seq 1 1000); do (exec 3<>"/dev/tcp/127.0.0.1/$DOVECOT_IMAP_PORT") 2>/dev/null && break; sleep 0.01; done
    ms=$(( ($(now) - t0) / 1000000 ))
    sleep 2
    rss=$(awk -v k="$(dovecot_memory_kib rss)" 'BEGIN {printf "%.1f", k / 1024}')
    sample startup ready ms lower dovecot "$ms"; sample startup idle-rss MiB lower dovecot "$rss"
    say "startup round $r done"
  done
}
