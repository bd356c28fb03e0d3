# Sourced by bench/run: imap-mix, pop3 and imap-big, Tern against Dovecot.

scenario_imap_mix() {
  load seed "$TERN_IMAP_PORT" "$USERS" "$PASS" "$MIX_MESSAGES" "$MSG_SIZE" >&2
  load seed "$DOVECOT_IMAP_PORT" "$USERS" "$PASS" "$MIX_MESSAGES" "$MSG_SIZE" >&2
  for r in $(seq 1 "$ROUNDS"); do
    for side in tern dovecot; do
      local port=$TERN_IMAP_PORT out
      [ "$side" = dovecot ] && port=$DOVECOT_IMAP_PORT
      out=$(load imap-mix "$port" "$USERS" "$PASS" "$MIX_CLIENTS" "$MIX_SECONDS")
      say "imap-mix round $r $side: $out"
      sample imap-mix throughput ops/s higher "$side" "$(echo "$out" | field rate)"
      sample imap-mix latency-p50 ms lower "$side" "$(echo "$out" | field p50_ms)"
      sample imap-mix latency-p99 ms lower "$side" "$(echo "$out" | field p99_ms)"
    done
  done
}

scenario_pop3() {
  for r in $(seq 1 "$ROUNDS"); do
    for side in tern dovecot; do
      local imap=$TERN_IMAP_PORT pop=$TERN_POP3_PORT out
      [ "$side" = dovecot ] && { imap=$DOVECOT_IMAP_PORT; pop=$DOVECOT_POP3_PORT; }
      load seed "$imap" "$USERS" "$PASS" "$POP3_MESSAGES" "$MSG_SIZE" >&2
      out=$(load pop3 "$pop" "$USERS" "$PASS" "$POP3_MAX_SECONDS")
      say "pop3 round $r $side: $out"
      sample pop3 download-delete msg/s higher "$side" "$(echo "$out" | field rate)"
    done
  done
}

# imap-big: BIG_MESSAGES messages of 4 KiB in bench22's INBOX on both sides (not measured): into Tern by IMAP
# APPEND with LITERAL+ over BIG_FILL_CONNECTIONS connections, into Dovecot as files written straight into the
# Maildir and then indexed by `doveadm index` (its APPEND, one fsync per message, would take most of an hour).
# Then each round one fresh connection times SELECT, UID FETCH 1:* (FLAGS), SEARCH HEADER Subject "bench message
# N/2" and, where the server offers it, SORT (SUBJECT) UTF-8 ALL.
scenario_imap_big() {
  local user="bench$BIG_USER@bench.test" side port out have
  have=$(load count "$TERN_IMAP_PORT" "$user" "$PASS" | field exists)
  if [ "$have" -lt "$BIG_MESSAGES" ]; then
    say "imap-big: filling Tern with $((BIG_MESSAGES - have)) messages"
    load fill "$TERN_IMAP_PORT" "$user" "$PASS" "$((BIG_MESSAGES - have))" "$MSG_SIZE" "$BIG_FILL_CONNECTIONS" >&2
  fi
  local maildir="$PEERS_DIR/mail/bench$BIG_USER/Maildir"
  have=$(find "$maildir/cur" "$maildir/new" -type f | wc -l)
  if [ "$have" -lt "$BIG_MESSAGES" ]; then
    say "imap-big: filling Dovecot with $((BIG_MESSAGES - have)) messages"
    load maildir "$maildir" "$((have + 1))" "$((BIG_MESSAGES - have))" "$MSG_SIZE" >&2
    chown -R "$(id -u mail):$(id -g mail)" "$maildir"
    local t0; t0=$(now)
    doveadm -c "$PEERS_DIR/dovecot/dovecot.conf" index -u "bench$BIG_USER" INBOX
    say "imap-big: doveadm index took $(seconds_since "$t0") s"
  fi
  for r in $(seq 1 "$ROUNDS"); do
    for side in tern dovecot; do
      port=$TERN_IMAP_PORT; [ "$side" = dovecot ] && port=$DOVECOT_IMAP_PORT
      out=$(load imap-big "$port" "$user" "$PASS")
      say "imap-big round $r $side: $out"
      sample imap-big select ms lower "$side" "$(echo "$out" | field select_ms)"
      sample imap-big uid-fetch-flags ms lower "$side" "$(echo "$out" | field fetch_ms)"
      sample imap-big search-header ms lower "$side" "$(echo "$out" | field search_ms)"
      local sort; sort=$(echo "$out" | field sort_ms)
      if [ "$sort" != "-1.0" ]; then sample imap-big sort-subject ms lower "$side" "$sort"; fi
    done
  done
  sample imap-big messages count none tern "$(load count "$TERN_IMAP_PORT" "$user" "$PASS" | field exists)"
  sample imap-big messages count none dovecot "$(load count "$DOVECOT_IMAP_PORT" "$user" "$PASS" | field exists)"
}
