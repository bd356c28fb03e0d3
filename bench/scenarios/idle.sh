# Sourced by bench/run. idle: IDLE_CONNECTIONS implicit-TLS IMAP connections, logged in, INBOX selected, in IDLE;
# then the server's memory. Tern is restarted before each round, so that the heap earlier scenarios grew is not
# counted; Dovecot's processes of earlier connections have exited by then. Tern: VmRSS of its one process, and its heap (used, and live after a full GC, by
# jcmd). Dovecot: VmRSS summed over all its processes, and Pss summed likewise (shared pages counted once).
# Users bench23... take at most 80 connections each (Tern allows 100 IMAP sessions per account).
#
# For this scenario Dovecot is restarted with PLAIN passwords and its login processes in high-performance mode
# (IDLE_DOVECOT_LOGIN_PROCESSES processes, each proxying many TLS connections, as Dovecot's documentation advises for
# many clients): 10,000 Argon2id verifications (Dovecot verifies at every login, cache or not) would take its single
# auth process many minutes, and one login process per connection would double its process count. Neither the
# hashing scheme nor the login mode is part of what is measured here beyond the login processes' own memory.

tern_heap_mib() { # $1 "used" now, or "live" after a full GC
  [ "$1" = live ] && "$JAVA_HOME/bin/jcmd" "$TERN_PID" GC.run >/dev/null
  "$JAVA_HOME/bin/jcmd" "$TERN_PID" GC.heap_info | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -1 \
    | awk '{printf "%.1f", $1 / 1024}'
}

idle_round() { # $1 side; prints nothing, records samples
  local side=$1 port=$TERN_IMAPS_PORT gen="$WORK/idle-$1.out" pid before after
  [ "$side" = dovecot ] && port=$DOVECOT_IMAPS_PORT
  if [ "$side" = tern ]; then restart_tern; fi
  if [ "$side" = tern ]; then before=$(awk '/VmRSS/ {print $2}' "/proc/$TERN_PID/status")
  else before=$(dovecot_memory_kib rss); fi
  rm -f "$WORK/stop-idle"
  LOAD_JAVA_OPTS="-Xmx3g -Xss256k" load idle "$port" "$IDLE_FIRST" "$IDLE_USERS" "$PASS" "$IDLE_CONNECTIONS" \
    "$IDLE_MAX_SECONDS" "$WORK/stop-idle" > "$gen" &
  pid=$!
  while ! grep -qs 'idle ready=' "$gen" && kill -0 "$pid" 2>/dev/null; do sleep 0.5; done
  local line ready; line=$(grep 'idle ready=' "$gen" || echo "idle ready=0")
  ready=$(echo "$line" | field ready)
  sleep "$IDLE_SETTLE"
  say "idle $side: $line"
  if [ "$side" = tern ]; then
    after=$(awk '/VmRSS/ {print $2}' "/proc/$TERN_PID/status")
    sample idle heap-used MiB lower tern "$(tern_heap_mib used)"
    sample idle heap-live MiB lower tern "$(tern_heap_mib live)"
    sample idle pss-total MiB lower tern "$(awk '/^Pss:/ {printf "%.1f", $2 / 1024}' "/proc/$TERN_PID/smaps_rollup")"
  else
    after=$(dovecot_memory_kib rss)
    sample idle pss-total MiB lower dovecot "$(dovecot_memory_kib pss | awk '{printf "%.1f", $1 / 1024}')"
    say "idle dovecot: $(dovecot_pids | wc -l) processes"
  fi
  sample idle rss-total MiB lower "$side" "$(awk -v k="$after" 'BEGIN {printf "%.1f", k / 1024}')"
  sample idle rss-per-connection KiB lower "$side" "$(awk -v a="$after" -v b="$before" -v n="$ready" 'BEGIN {printf "%.1f", (n > 0 ? (a - b) / n : 0)}')"
  sample idle connections-idling count higher "$side" "$ready"
  touch "$WORK/stop-idle"
  wait "$pid" || say "idle $side: the client ended with status $?"
  sleep 2   # let the server notice the closed connections before the next measurement
}

scenario_idle() {
  say "idle: restarting Dovecot with PLAIN passwords and $IDLE_DOVECOT_LOGIN_PROCESSES high-performance login processes"
  peer dovecot stop; sleep 1
  DOVECOT_SCHEME=PLAIN DOVECOT_LOGIN_PROCESSES=$IDLE_DOVECOT_LOGIN_PROCESSES peer dovecot start
  for r in $(seq 1 "$ROUNDS"); do
    for side in tern dovecot; do idle_round "$side"; done
  done
  peer dovecot stop; sleep 1; peer dovecot start
}
