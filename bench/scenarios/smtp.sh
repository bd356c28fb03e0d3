# Sourced by bench/run: smtp-in and smtp-relay, Tern against Postfix.

# smtp-in: Postfix's smtp-source sends SMTP_MESSAGES messages of 4 KiB to bench21 over SMTP_SESSIONS sessions (each
# kept open for its next message, -d). Tern's MX listener answers 250 only once the message is durably in the
# mailbox, so its time is smtp-source's, and the messages are then counted in the store (IMAP SELECT). Postfix
# answers 250 once its queue file is durable, so its time runs until the last message is in the Maildir (fsynced
# by its virtual delivery agent). Before each run the mailbox is emptied on both sides (not measured).
# Each server first gets SMTP_WARMUP untimed messages: a mail server runs for days, and the figure wanted is its
# steady rate, not the JVM's just-in-time compilation in its first seconds. While Postfix is timed, Tern is
# stopped (SIGSTOP), so that its compiler threads or a store checkpoint cannot take CPU from Postfix; Postfix is
# idle while Tern is timed (its deliveries have ended by then).
scenario_smtp_in() {
  local user="bench$SMTP_USER@bench.test" maildir="$PEERS_DIR/mail/bench$SMTP_USER/Maildir"
  if [ "$SMTP_WARMUP" -gt 0 ]; then
    say "smtp-in: warming up both servers with $SMTP_WARMUP untimed messages each"
    for port in "$TERN_SMTP_PORT" "$POSTFIX_PORT"; do
      timeout "$SMTP_MAX_SECONDS" smtp-source -d -s 20 -m "$SMTP_WARMUP" -l "$MSG_SIZE" -f sender@remote.test \
        -t "$user" -M client.bench.test "127.0.0.1:$port" || say "smtp-in: warm-up against port $port ended with $?"
    done
    sleep 2   # Postfix's last deliveries of the warm-up
  fi
  for r in $(seq 1 "$ROUNDS"); do
    for sessions in $SMTP_SESSIONS; do
      for side in tern postfix; do
        local port=$TERN_SMTP_PORT t0 secs got
        [ "$side" = postfix ] && port=$POSTFIX_PORT
        if [ "$side" = tern ]; then load clear "$TERN_IMAP_PORT" "$user" "$PASS" >/dev/null
        else find "$maildir/new" "$maildir/cur" -type f -delete; fi
        [ "$side" = postfix ] && kill -STOP "$TERN_PID"
        t0=$(now)
        timeout "$SMTP_MAX_SECONDS" smtp-source -d -s "$sessions" -m "$SMTP_MESSAGES" -l "$MSG_SIZE" \
          -f sender@remote.test -t "$user" -M client.bench.test "127.0.0.1:$port" \
          || say "smtp-in: smtp-source against $side ended with status $?"
        if [ "$side" = tern ]; then
          secs=$(seconds_since "$t0")
          got=$(load count "$TERN_IMAP_PORT" "$user" "$PASS" | field exists)
        else
          local deadline=$(( $(date +%s) + SMTP_MAX_SECONDS ))
          while [ "$(ls -f "$maildir/new" | wc -l)" -lt $((SMTP_MESSAGES + 2)) ] && [ "$(date +%s)" -lt "$deadline" ]; do
            sleep 0.05
          done
          secs=$(seconds_since "$t0")
          got=$(( $(ls -f "$maildir/new" | wc -l) - 2 ))
          kill -CONT "$TERN_PID"
        fi
        say "smtp-in round $r $side, $sessions sessions: $got of $SMTP_MESSAGES delivered in $secs s"
        [ "$got" -ge "$SMTP_MESSAGES" ] || say "smtp-in: $side delivered only $got of $SMTP_MESSAGES"
        sample smtp-in "sessions-$sessions" msg/s higher "$side" "$(rate "$got" "$secs")"
      done
    done
  done
}

# smtp-sink's running counter (-c): messages received since it started.
sink_received() {
  tail -c 400 "$PEERS_DIR/sink/log" 2>/dev/null | tr '\r' '\n' | sed -n 's/.*mesg=\([0-9]*\).*/\1/p' | tail -1 | sed 's/^$/0/'
}

# Distinct messages of run $1 in the sink's dump file (every Message-ID is <RUN.n@bench.test>), and all of them.
sink_distinct() { [ -f "$SINK_DUMP" ] || { echo 0; return; }; grep -a -o "^Message-ID: <$1\.[0-9]*@" "$SINK_DUMP" | sort -u | wc -l; }
sink_copies() { [ -f "$SINK_DUMP" ] || { echo 0; return; }; grep -a -c "^Message-ID: <$1\." "$SINK_DUMP" || true; }

# Submits RELAY_MESSAGES messages to sink@remote.test: to Tern by submission with AUTH PLAIN, to Postfix by SMTP from
# a trusted loopback address (mynetworks). $1 side, $2 run name, $3 count; prints the generator's line.
relay_submit() {
  if [ "$1" = tern ]; then
    load smtp-send "$TERN_SUBMISSION_PORT" "$RELAY_SESSIONS" "$3" "$MSG_SIZE" "bench$SMTP_USER@bench.test" \
      sink@remote.test "$2" "$RELAY_MAX_SECONDS" "bench$SMTP_USER@bench.test" "$PASS"
  else
    load smtp-send "$POSTFIX_PORT" "$RELAY_SESSIONS" "$3" "$MSG_SIZE" "bench$SMTP_USER@bench.test" \
      sink@remote.test "$2" "$RELAY_MAX_SECONDS"
  fi
}

# Waits until smtp-sink's counter has gone $2 past $1, or RELAY_MAX_SECONDS; prints how many arrived.
sink_await() {
  local base=$1 want=$2 have deadline=$(( $(date +%s) + RELAY_MAX_SECONDS ))
  while have=$(( $(sink_received) - base )); [ "$have" -lt "$want" ] && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 0.05
  done
  echo "$have"
}

# smtp-relay: end to end, from the first submission until smtp-sink has received every message, then the outage.
# Like smtp-in, each side first relays RELAY_WARMUP untimed messages: the figure wanted is a running server's
# rate, not the JVM compiling the submission, queue and client code in its first seconds.
scenario_smtp_relay() {
  # The timed rounds need only the sink's counter. Its dump (a file opened and appended per message) took 30 %
  # of all CPU samples on 2 cores at Tern's rate (perf -a), CPU that the measured server then lacked. The outage,
  # which counts every Message-ID, turns it back on.
  peer sink stop
  SINK_DUMP= peer sink start
  if [ "$RELAY_WARMUP" -gt 0 ]; then
    say "smtp-relay: warming up both servers with $RELAY_WARMUP untimed messages each"
    for side in tern postfix; do
      local base; base=$(sink_received)
      relay_submit "$side" "$side-warm-$$" "$RELAY_WARMUP" > /dev/null
      [ "$(sink_await "$base" "$RELAY_WARMUP")" -ge "$RELAY_WARMUP" ] || say "smtp-relay: $side's warm-up did not all arrive"
    done
  fi
  for r in $(seq 1 "$ROUNDS"); do
    for side in tern postfix; do
      local base t0 out sent secs have
      base=$(sink_received)
      t0=$(now)
      out=$(relay_submit "$side" "$side-r$r-$$" "$RELAY_MESSAGES")
      local submit_secs; submit_secs=$(seconds_since "$t0")
      sent=$(echo "$out" | field messages)
      have=$(sink_await "$base" "$sent")
      secs=$(seconds_since "$t0")
      say "smtp-relay round $r $side: submitted $sent in $submit_secs s, the sink had $have after $secs s"
      [ "$have" -ge "$sent" ] || say "smtp-relay: the sink received only $have of $sent from $side in time"
      sample smtp-relay end-to-end msg/s higher "$side" "$(rate "$have" "$secs")"
      sample smtp-relay submission msg/s higher "$side" "$(rate "$sent" "$submit_secs")"
    done
  done
  peer sink stop
  peer sink start
  [ "$RELAY_PAUSE" -gt 0 ] && for side in tern postfix; do relay_outage "$side"; done
  return 0
}

# The outage: the sink is stopped once a quarter of the messages has arrived, for RELAY_PAUSE seconds, while
# submission goes on; then it is started again. Counted from the dump: messages lost (submitted but never
# received), duplicates, and the time from the sink's restart until the last message arrived.
relay_outage() {
  local side=$1 run="$1-outage-$$" gen="$WORK/outage-$1.out" pid distinct t_up deadline
  rm -f "$SINK_DUMP"
  relay_submit "$side" "$run" "$RELAY_MESSAGES" > "$gen" &
  pid=$!
  deadline=$(( $(date +%s) + RELAY_MAX_SECONDS ))
  while [ "$(sink_copies "$run")" -lt $((RELAY_MESSAGES / 4)) ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  peer sink stop
  say "smtp-relay outage $side: sink stopped after $(sink_copies "$run") messages, for $RELAY_PAUSE s"
  sleep "$RELAY_PAUSE"
  peer sink start
  t_up=$(now)
  wait "$pid" || say "smtp-relay outage $side: the submitting client ended with status $?"
  local sent; sent=$(field messages < "$gen")
  while distinct=$(sink_distinct "$run"); [ "$distinct" -lt "$sent" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.5; done
  local secs; secs=$(seconds_since "$t_up")
  local copies; copies=$(sink_copies "$run")
  say "smtp-relay outage $side: submitted $sent, received $distinct distinct ($copies copies), last one $secs s after the restart"
  sample smtp-relay outage-lost msgs lower "$side" $((sent - distinct))
  sample smtp-relay outage-duplicates msgs lower "$side" $((copies - distinct))
  sample smtp-relay outage-drain-after-restart s lower "$side" "$secs"
}
