#!/usr/bin/env bash
# Every throughput target in one run on one stack: bench/catalog.sh, then bench/orders.sh (each appends its own
# section with its anchors), then one table of the targets, each a ratio to an anchor measured in this run.
#   bench/throughput.sh      (the two scripts' variables tune it, e.g. LEVELS="16 32" LATENCY_SECONDS=60)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
WEB_PORT="${WEB_PORT:-5080}" API_PORT="${API_PORT:-5090}"
RESULTS="$ROOT/bench/results.md"
OUT="$ROOT/bench/out"; mkdir -p "$OUT"

# shellcheck source=common.sh
source bench/common.sh
rm -f "$OUT/catalog-summary.env" "$OUT/orders-summary.env"
bench_stack   # both scripts find it up and leave it running; this script stops it if it started it
LEVELS="${LEVELS:-16 32}" bench/catalog.sh
LEVELS="${LEVELS:-16 32}" bench/orders.sh
# shellcheck disable=SC1091
source "$OUT/catalog-summary.env"
# shellcheck disable=SC1091
source "$OUT/orders-summary.env"

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d%%", (b > 0 ? 100 * a / b : 0) }'; }
met() { if awk "BEGIN { exit !($1) }"; then echo met; else echo MISSED; fi; }
max() { if [ "$1" -gt "$2" ]; then echo "$1"; else echo "$2"; fi; }
RSS_API="$(max "$CATALOG_RSS_API" "$ORDERS_RSS_API")" RSS_WORKER="$(max "$CATALOG_RSS_WORKER" "$ORDERS_RSS_WORKER")"
RSS_WEB="$(max "$CATALOG_RSS_WEB" "$ORDERS_RSS_WEB")"
{
    echo
    echo "## Throughput targets, one run, $(date -u '+%Y-%m-%d %H:%M UTC') ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
    echo
    echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs). The two sections above are this run's detail."
    echo
    echo "| workload | anchor, same run | measured | target | result |"
    echo "|---|---|---|---|---|"
    echo "| orders confirmed/s, one Worker, 60 s | pgbench TPC-B $PGBENCH tps | $STEADY_RATE/s of $STEADY_ASKED/s asked = $(pct "$STEADY_RATE" "$PGBENCH") | ≥ 25% | $(met "$STEADY_RATE >= 0.9 * $STEADY_ASKED") |"
    echo "| accept → Confirmed p99 at that rate | | p50 ${CONFIRM_P50} ms, p99 ${CONFIRM_P99} ms; $NOT_FINAL not final after 30 s; drained after ${STEADY_DRAIN_S}s, $STEADY_DRAIN_LEFT left | < 1 s, backlog flat | $(met "$CONFIRM_P99 < 1000 && $NOT_FINAL == 0") |"
    echo "| orders accepted/s (POST) | pgbench TPC-B $PGBENCH tps | $ACCEPTED/s at -c$ACCEPTED_C = $(pct "$ACCEPTED" "$PGBENCH"), POST p99 $ACCEPTED_P99 ms | ≥ 50%, p99 < 50 ms | $(met "$ACCEPTED >= 0.5 * $PGBENCH && $ACCEPTED_P99 < 50") |"
    echo "| cached item GET | bare Kestrel JSON $KESTREL req/s | $CACHED req/s = $(pct "$CACHED" "$KESTREL") | ≥ 70% | $(met "$CACHED >= 0.7 * $KESTREL") |"
    echo "| uncached item GET | Kestrel + raw Npgsql row read $RAW_NPGSQL req/s | $UNCACHED req/s = $(pct "$UNCACHED" "$RAW_NPGSQL") | ≥ 60% | $(met "$UNCACHED >= 0.6 * $RAW_NPGSQL") |"
    echo "| peak RSS under that load | | Api $RSS_API MB, Worker $RSS_WORKER MB, Web $RSS_WEB MB | < 250 MB each | $(met "$RSS_API < 250 && $RSS_WORKER < 250 && $RSS_WEB < 250") |"
} | tee -a "$RESULTS"
