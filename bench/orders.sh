#!/usr/bin/env bash
# Orders benchmark: places orders against the ./run.sh stack (the AppHost) and appends figures to bench/results.md.
#   bench/orders.sh     (DURATION=10s WARMUP=10s LEVELS="1 4 16 32" THREADS=2 LATENCY_SECONDS=60 to tune)
# Anchor, measured first in the same run: pgbench TPC-B (16 clients, scale 16) in a database `pgbench`
# on the same PostgreSQL server. Then:
#   - wrk with bench/orders.lua (one new order per request) at increasing connection counts:
#     accepted (202) orders/s, POST p50/p99; the Worker drains its backlog between levels;
#   - bench/order_latency.py at a steady 25% of the pgbench tps (ORDER_RATE=n overrides): accept ->
#     Confirmed p50/p99 from each order's history (server-side timestamps), orders not final after 30 s;
#   - each service's peak RSS throughout.
# Targets (2-core machine): accepted orders/s >= 50% of pgbench tps with POST p99 < 50 ms at that rate;
# accept -> Confirmed p99 < 1 s at 25% of pgbench tps; RSS < 250 MB per service.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DURATION="${DURATION:-10s}" WARMUP="${WARMUP:-10s}" LEVELS="${LEVELS:-1 4 16 32}" THREADS="${THREADS:-2}"
PGBENCH_CLIENTS="${PGBENCH_CLIENTS:-16}" PGBENCH_SCALE="${PGBENCH_SCALE:-16}" PGBENCH_SECONDS="${PGBENCH_SECONDS:-10}"
LATENCY_SECONDS="${LATENCY_SECONDS:-60}" LATENCY_WAIT="${LATENCY_WAIT:-30}" ORDER_RATE="${ORDER_RATE:-}"
DRAIN_TIMEOUT="${DRAIN_TIMEOUT:-120}" ITEMS="${ITEMS:-100}" WORKERS="${WORKERS:-1}"
API_PORT="${API_PORT:-5090}" WEB_PORT="${WEB_PORT:-5080}" WORKER_PORT="${WORKER_PORT:-5095}"
RESULTS="$ROOT/bench/results.md"
OUT="$ROOT/bench/out"; mkdir -p "$OUT"
command -v python3 >/dev/null 2>&1 || { srv_err "python3 not found (bench/order_latency.py needs it)"; exit 1; }

# shellcheck source=common.sh
source bench/common.sh
ensure_cmd wrk wrk
bench_stack
# Orders are confirmed by the Worker: without it nothing would ever be Confirmed.
wait_http "http://127.0.0.1:$WORKER_PORT/health" 60 || { srv_err "the Worker on :$WORKER_PORT is not healthy"; exit 1; }
WORKER_PIDS=()
trap 'if [ ${#WORKER_PIDS[@]} -gt 0 ]; then kill "${WORKER_PIDS[@]}" 2>/dev/null || true; fi; bench_cleanup' EXIT
# WORKERS=2: competing consumers, a second Worker process on the same queue (same binary, settings from common.sh).
# The payment provider's address is the one the AppHost gave the first Worker.
PAYMENTS_URL="$(tr '\0' '\n' <"/proc/$(pid_of worker)/environ" | sed -n 's/^Payments__BaseUrl=//p')"
for ((w = 2; w <= WORKERS; w++)); do
    port=$((WORKER_PORT + 10 + w))
    (cd Worker && ASPNETCORE_URLS="http://127.0.0.1:$port" Payments__BaseUrl="$PAYMENTS_URL" \
        exec dotnet bin/Release/net10.0/Worker.dll >"$OUT/worker-$w.log" 2>&1) &
    WORKER_PIDS+=($!)   # not in EXTRA_PIDS: watch_pid empties that list after every load generator
    wait_http "http://127.0.0.1:$port/health" 60 || { tail -20 "$OUT/worker-$w.log" >&2; srv_err "Worker $w is not healthy"; exit 1; }
done

# shellcheck source=orders-db.sh
source bench/orders-db.sh

# ------------------------------------------------------------------ RSS sampling
rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
for name in api web worker; do echo 0 >"$OUT/orders-rss-$name"; done
sample_rss() {
    local name v
    for name in api web worker; do
        v="$(rss_mb "$(pid_of "$name")")"
        if [ "${v:-0}" -gt "$(cat "$OUT/orders-rss-$name")" ]; then echo "$v" >"$OUT/orders-rss-$name"; fi
    done
    return 0
}
# watch_pid PID: samples RSS every second until PID (in EXTRA_PIDS) exits, then returns its exit status.
watch_pid() {
    local rc=0
    while kill -0 "$1" 2>/dev/null; do sample_rss; sleep 1; done
    wait "$1" || rc=$?
    EXTRA_PIDS=()
    return "$rc"
}

# field FILE NAME: the value of NAME=... on the ORDERS (wrk) or LATENCY (python) line of FILE.
field() {
    awk -v k="$2" '/^(ORDERS|LATENCY) / {
        for (i = 2; i <= NF; i++) if (index($i, k "=") == 1) { print substr($i, length(k) + 2); exit }
    }' "$1"
}
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }               # microseconds -> ms
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a ~ /^[0-9.]+$/ && a + 0 < b + 0) }'; }
ratio_ok() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { exit !(b > 0 && a / b >= t) }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d%%", (b > 0 ? 100 * a / b : 0) }'; }
met() { if "$@"; then echo met; else echo MISSED; fi; }

# ------------------------------------------------------------------ anchor: pgbench TPC-B
measure_pgbench

if [ -n "$ORDER_RATE" ]; then
    RATE="$ORDER_RATE" RATE_NOTE="ORDER_RATE override"
else
    RATE="$(awk -v t="$PGBENCH" 'BEGIN { printf "%.1f", t / 4 }')" RATE_NOTE="25% of pgbench tps"
fi

# ------------------------------------------------------------------ wrk: accepted orders/s at increasing concurrency
RUN_ID="$(date +%s)-$$" WRK_RUNS=0
# wrk_orders CONNECTIONS DURATION OUTFILE: one wrk run of bench/orders.lua, sampling RSS meanwhile.
wrk_orders() {
    local c="$1" t="$THREADS" wrk_pid
    if [ "$c" -lt "$t" ]; then t="$c"; fi   # wrk needs connections >= threads
    WRK_RUNS=$((WRK_RUNS + 1))
    ORDERS_RUN_ID="$RUN_ID-$WRK_RUNS" ORDERS_ITEMS="$ITEMS" \
        wrk -t"$t" -c"$c" -d"$2" --timeout 10s --latency -s bench/orders.lua "http://127.0.0.1:$API_PORT" >"$3" 2>&1 &
    wrk_pid=$!
    EXTRA_PIDS+=("$wrk_pid")
    watch_pid "$wrk_pid" || { cat "$3" >&2; srv_err "wrk failed"; exit 1; }
    grep -q '^ORDERS ' "$3" || { cat "$3" >&2; srv_err "no ORDERS line in wrk's output"; exit 1; }
}

MAX_C=0
for c in $LEVELS; do if [ "$c" -gt "$MAX_C" ]; then MAX_C="$c"; fi; done
[ "$MAX_C" -gt 0 ] || { srv_err "LEVELS must list connection counts, e.g. LEVELS=\"1 4 16 32\""; exit 1; }
top_up_stock
srv_log "orders: warm-up, wrk -c$MAX_C for $WARMUP ..."
wrk_orders "$MAX_C" "$WARMUP" "$OUT/orders-wrk-warmup.txt"
drain

L_CONN=() L_RATE=() L_P50=() L_P99=() L_OTHER=() L_ERRORS=() L_CONFIRMED=() L_BACKLOG=() L_DRAIN=()
for c in $LEVELS; do
    top_up_stock
    f="$OUT/orders-wrk-c$c.txt"
    start="$(date +%s.%N)"
    wrk_orders "$c" "$DURATION" "$f"
    dur_us="$(field "$f" duration_us)"
    end="$(awk -v s="$start" -v d="$dur_us" 'BEGIN { printf "%.6f", s + d / 1e6 }')"
    backlog_at_end="$(backlog)"
    drain   # also lets the Confirmed of the window commit before they are counted
    confirmed="$(shopdb "SELECT count(*) FROM order_status_changes WHERE status = 'Confirmed'
                         AND at >= to_timestamp($start) AND at < to_timestamp($end)")"
    L_CONN+=("$c")
    L_RATE+=("$(awk -v a="$(field "$f" accepted)" -v d="$dur_us" 'BEGIN { printf "%d", (d > 0 ? a * 1e6 / d : 0) }')")
    L_P50+=("$(ms "$(field "$f" p50_us)")")
    L_P99+=("$(ms "$(field "$f" p99_us)")")
    L_OTHER+=("$(field "$f" other)$(o="$(field "$f" first_other)"; [ "$o" = - ] || echo " (first: $o)")")
    L_ERRORS+=("$(awk 'BEGIN { n = 0 } /^ORDERS / { for (i = 2; i <= NF; i++) {
        split($i, kv, "="); if (kv[1] ~ /^(connect|read|write|timeout)$/) n += kv[2] } } END { print n }' "$f")")
    L_CONFIRMED+=("$(awk -v n="$confirmed" -v d="$dur_us" 'BEGIN { printf "%d", (d > 0 ? n * 1e6 / d : 0) }')")
    L_BACKLOG+=("$backlog_at_end")
    L_DRAIN+=("${DRAIN_S}s$([ "$DRAIN_LEFT" -eq 0 ] || echo " ($DRAIN_LEFT left)")")
    i=$((${#L_CONN[@]} - 1))
    srv_log "orders -c$c: ${L_RATE[$i]} accepted/s, p50 ${L_P50[$i]}ms, p99 ${L_P99[$i]}ms, not 202: ${L_OTHER[$i]}, socket errors ${L_ERRORS[$i]}, Confirmed ${L_CONFIRMED[$i]}/s, backlog $backlog_at_end (drained in ${L_DRAIN[$i]})"
done

# The level for the throughput targets: among those at >= 50% of pgbench, the lowest p99;
# when none gets there, the highest rate.
BEST=-1
for i in "${!L_CONN[@]}"; do
    if ratio_ok "${L_RATE[$i]}" "$PGBENCH" 0.5 && { [ "$BEST" -lt 0 ] || lt "${L_P99[$i]}" "${L_P99[$BEST]}"; }; then BEST=$i; fi
done
RATE_REACHED=1
if [ "$BEST" -lt 0 ]; then
    RATE_REACHED="" BEST=0
    for i in "${!L_CONN[@]}"; do if [ "${L_RATE[$i]}" -gt "${L_RATE[$BEST]}" ]; then BEST=$i; fi; done
fi

# ------------------------------------------------------------------ accept -> Confirmed at a steady rate
top_up_stock
srv_log "accept -> Confirmed: $RATE orders/s ($RATE_NOTE) for ${LATENCY_SECONDS}s, then up to ${LATENCY_WAIT}s for them to be final ..."
LAT="$OUT/orders-latency.txt"
# Profile of the steady phase: the database's statements per order.
start_statement_profile
python3 bench/cpu_by_process.py snap "$OUT/orders-cpu-before.json"
python3 bench/order_latency.py --url "http://127.0.0.1:$API_PORT" --rate "$RATE" --seconds "$LATENCY_SECONDS" \
    --wait "$LATENCY_WAIT" --items "$ITEMS" --csv "$OUT/orders-latency.csv" >"$LAT" &
py_pid=$!
EXTRA_PIDS+=("$py_pid")
watch_pid "$py_pid" || true
grep -q '^LATENCY ' "$LAT" || { srv_err "bench/order_latency.py printed no result"; exit 1; }
ACHIEVED="$(field "$LAT" achieved_rate)" C_P50="$(field "$LAT" confirm_p50_ms)" C_P99="$(field "$LAT" confirm_p99_ms)"
NOT_FINAL="$(field "$LAT" not_final)" FAILED="$(field "$LAT" failed)" LATE="$(field "$LAT" late)"
srv_log "accept -> Confirmed at $ACHIEVED/s: p50 ${C_P50}ms, p99 ${C_P99}ms ($NOT_FINAL not final after ${LATENCY_WAIT}s, $FAILED failed)"
drain
# CPU per order of the steady phase, by process, until its orders and their e-mails are done.
python3 bench/cpu_by_process.py snap "$OUT/orders-cpu-after.json"
CPU_PROFILE="$(python3 bench/cpu_by_process.py diff "$OUT/orders-cpu-before.json" "$OUT/orders-cpu-after.json" "$(field "$LAT" placed)")"

read_run_checks

# ------------------------------------------------------------------ results
rss_ok() { [ "$1" -lt 250 ]; }
steady_ok() { lt "$C_P99" 1000 && ratio_ok "$ACHIEVED" "$RATE" 0.9; }
declare -A PEAK=([api]="$(cat "$OUT/orders-rss-api")" [web]="$(cat "$OUT/orders-rss-web")" [worker]="$(cat "$OUT/orders-rss-worker")")
B_C="${L_CONN[$BEST]}" B_RATE="${L_RATE[$BEST]}" B_P99="${L_P99[$BEST]}"
{
    echo
    echo "## Orders, $(date -u '+%Y-%m-%d %H:%M UTC') ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
    echo
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version)."
    echo "Anchor: pgbench TPC-B, scale $PGBENCH_SCALE, -c$PGBENCH_CLIENTS -j$THREADS -T$PGBENCH_SECONDS on the same PostgreSQL server: **$PGBENCH tps**."
    echo "wrk -t$THREADS (at most one per connection) -d$DURATION per level after one $WARMUP warm-up at -c$MAX_C, bench/orders.lua (a new order per request, random item 1..$ITEMS, stock topped up); the Worker drains its backlog before the next level."
    echo "Steady rate: bench/order_latency.py, $RATE orders/s ($RATE_NOTE) for ${LATENCY_SECONDS}s; accept → Confirmed is the order history's Confirmed \`at\` minus its Placed \`at\`. Loopback, load generators on the same machine."
    echo
    echo "| connections | accepted orders/s | vs pgbench | POST p50 | POST p99 | not 202 | socket errors | Confirmed/s meanwhile | backlog at end | drained in |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    for i in "${!L_CONN[@]}"; do
        echo "| ${L_CONN[$i]} | ${L_RATE[$i]} | $(pct "${L_RATE[$i]}" "$PGBENCH") | ${L_P50[$i]}ms | ${L_P99[$i]}ms | ${L_OTHER[$i]} | ${L_ERRORS[$i]} | ${L_CONFIRMED[$i]} | ${L_BACKLOG[$i]} | ${L_DRAIN[$i]} |"
    done
    echo
    echo "| target | measured | result |"
    echo "|---|---|---|"
    echo "| accepted orders/s ≥ 50% of pgbench tps | $B_RATE/s at -c$B_C = $(pct "$B_RATE" "$PGBENCH") of $PGBENCH | $(met ratio_ok "$B_RATE" "$PGBENCH" 0.5) |"
    if [ -n "$RATE_REACHED" ]; then
        echo "| POST p99 < 50 ms at that rate | ${B_P99}ms at -c$B_C | $(met lt "$B_P99" 50) |"
    else
        echo "| POST p99 < 50 ms at that rate | rate not reached (${B_P99}ms at -c$B_C, the best rate) | MISSED |"
    fi
    echo "| accept → Confirmed p99 < 1 s at 25% of pgbench tps | p50 ${C_P50}ms, p99 ${C_P99}ms at $ACHIEVED/s of $RATE/s asked; POST p50 $(field "$LAT" post_p50_ms)ms, p99 $(field "$LAT" post_p99_ms)ms; $(field "$LAT" post_errors) not accepted, $LATE sent > 10 ms late, $NOT_FINAL not final after ${LATENCY_WAIT}s, $FAILED Rejected/PaymentFailed | $(met steady_ok) |"
    echo
    echo "Peak RSS, whole run: Api ${PEAK[api]} MB ($(met rss_ok "${PEAK[api]}")), Web ${PEAK[web]} MB ($(met rss_ok "${PEAK[web]}")), Worker ${PEAK[worker]} MB ($(met rss_ok "${PEAK[worker]}")); target < 250 MB each."
    echo "Final status of the orders placed by this run: $STATUSES."
    echo "Worker processes: $WORKERS. Orders with more than one Confirmed: $DUPLICATES. Stock taken during the steady phase: $STOCK_TAKEN, bought by its Confirmed orders: $STOCK_SOLD ($([ "$DUPLICATES" = 0 ] && [ "$STOCK_TAKEN" = "$STOCK_SOLD" ] && echo 'no duplicate effects' || echo 'MISMATCH'))."
    echo
    echo "CPU of the steady phase until its orders and e-mails were done, by process ($(field "$LAT" placed) orders; $(nproc) cores):"
    echo
    echo "| process | CPU s | CPU ms per order |"
    echo "|---|---|---|"
    echo "$CPU_PROFILE"
    if [ -n "$PROFILE" ]; then
        echo
        echo "Database statements during the steady phase (pg_stat_statements; per order = calls / orders placed and Confirmed in that phase):"
        echo
        echo "| per order | calls | mean | statement |"
        echo "|---|---|---|---|"
        echo "$PROFILE"
    fi
} | tee -a "$RESULTS"
# For bench/throughput.sh, which puts every target of one run in one table.
cat >"$OUT/orders-summary.env" <<EOF
PGBENCH=$PGBENCH ACCEPTED=$B_RATE ACCEPTED_C=$B_C ACCEPTED_P99=$B_P99 STEADY_ASKED=$RATE STEADY_RATE=$ACHIEVED
CONFIRM_P50=$C_P50 CONFIRM_P99=$C_P99 NOT_FINAL=$NOT_FINAL STEADY_DRAIN_LEFT=$DRAIN_LEFT STEADY_DRAIN_S=$DRAIN_S
ORDERS_RSS_API=${PEAK[api]} ORDERS_RSS_WORKER=${PEAK[worker]} ORDERS_RSS_WEB=${PEAK[web]}
EOF
