# Sourced by bench/run last: the table on stdout, and the same rows as CSV under bench/results/.
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
STAMP=$(date -u +%Y-%m-%dT%H%MZ)
mkdir -p bench/results
CSV="bench/results/$STAMP-$(echo "$SCENARIOS" | tr ' ' '+')-dovecot-$DOVECOT_SCHEME.csv"
CONFIG="tern login-cache-entries=${TERN_LOGIN_CACHE:-10000}; dovecot $DOVECOT_SCHEME auth_cache_size=$DOVECOT_AUTH_CACHE"
CONFIG="$CONFIG; smtp $SMTP_MESSAGES msgs sessions ${SMTP_SESSIONS// //}; relay $RELAY_MESSAGES msgs warm-up $RELAY_WARMUP pause ${RELAY_PAUSE}s retry $RELAY_RETRY"
CONFIG="$CONFIG; big $BIG_MESSAGES msgs; idle $IDLE_CONNECTIONS conns (dovecot PLAIN"
CONFIG="$CONFIG, $IDLE_DOVECOT_LOGIN_PROCESSES login processes); cpus $(nproc)"
awk -v csv="$CSV" -v stamp="$STAMP" -v cpu="$CPU" -v rounds="$ROUNDS" -v config="$CONFIG" '
  function median(k,   n, i, j, t, a) {
    n = split(vals[k], a, " ")
    if (n == 0) { lo[k] = "-"; hi[k] = "-"; return "" }
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    lo[k] = a[1]; hi[k] = a[n]
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  function show(v) { return v == "" ? "n/a" : sprintf("%.1f", v) }
  { key = $1 " " $2; if (!(key in unit)) { order[++rows] = key; unit[key] = $3; better[key] = $4 }
    side = $5 == "tern" ? "tern" : "peer"; if (side == "peer") peer[key] = $5
    vals[key "|" side] = vals[key "|" side] " " $6 }
  END {
    printf "%-10s %-26s %-6s %-6s %10s %-8s %10s %7s %21s %21s\n", "scenario", "metric", "unit", "better", "tern", "peer", "peer", "ratio", "tern min-max", "peer min-max"
    print "date,cpu,config,rounds,scenario,metric,unit,better,tern_median,peer,peer_median,ratio,tern_min,tern_max,peer_min,peer_max" > csv
    for (r = 1; r <= rows; r++) {
      k = order[r]; split(k, p, " ")
      t = median(k "|tern"); d = median(k "|peer")
      ratio = (t != "" && d != "" && d > 0) ? sprintf("%.2f", t / d) : "n/a"
      printf "%-10s %-26s %-6s %-6s %10s %-8s %10s %7s %21s %21s\n", p[1], p[2], unit[k], better[k], show(t), peer[k], show(d), ratio,
        lo[k "|tern"] "-" hi[k "|tern"], lo[k "|peer"] "-" hi[k "|peer"]
      printf "%s,\"%s\",\"%s\",%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", stamp, cpu, config, rounds, p[1], p[2], unit[k], better[k],
        t, peer[k], d, ratio, lo[k "|tern"], hi[k "|tern"], lo[k "|peer"], hi[k "|peer"] > csv
    }
  }' "$WORK/samples"
echo "ratio = Tern / peer; $ROUNDS rounds; $CONFIG; $CPU; written to $CSV"
