#!/usr/bin/env bash
# Catalog benchmark: drives the ./run.sh stack (the AppHost) with wrk and appends figures to bench/results.md.
#   bench/catalog.sh            (DURATION=10s CONNECTIONS=32 THREADS=2 to tune)
# Workloads: cached item GET, uncached item GET (a second Api with CatalogCache__Enabled=false),
# a search page. Anchors measured in the same run (bench/Anchor): a minimal Kestrel JSON endpoint, and the same
# endpoint doing the item's single-row read with raw Npgsql; `pgbench -S` on the same PostgreSQL server for reference. Also samples each service's RSS under load.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DURATION="${DURATION:-10s}" WARMUP="${WARMUP:-30s}" CONNECTIONS="${CONNECTIONS:-32}" THREADS="${THREADS:-2}"
WEB_PORT="${WEB_PORT:-5080}" API_PORT="${API_PORT:-5090}" UNCACHED_PORT="${UNCACHED_PORT:-5091}" ANCHOR_PORT="${ANCHOR_PORT:-5099}"
NOLIMIT_PORT="${NOLIMIT_PORT:-5092}" LIMIT_PORT="${LIMIT_PORT:-5093}"
RESULTS="$ROOT/bench/results.md"
OUT="$ROOT/bench/out"; mkdir -p "$OUT"

# shellcheck source=common.sh
source bench/common.sh
ensure_cmd wrk wrk
bench_stack

srv_log "starting an uncached Api on :$UNCACHED_PORT and the anchor on :$ANCHOR_PORT ..."
dotnet build bench/Anchor -c Release -nologo -v q >/dev/null
(cd Api && CatalogCache__Enabled=false RateLimits__Enabled=false ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$UNCACHED_PORT" \
    exec dotnet bin/Release/net10.0/Api.dll >"$OUT/api-uncached.log" 2>&1) &
EXTRA_PIDS+=($!)
# What the rate limiter costs: the same Api twice, limits off, and on with a budget the load never reaches.
(cd Api && RateLimits__Enabled=false ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS="http://127.0.0.1:$NOLIMIT_PORT" \
    exec dotnet bin/Release/net10.0/Api.dll >"$OUT/api-nolimit.log" 2>&1) &
EXTRA_PIDS+=($!)
(cd Api && RateLimits__Enabled=true RateLimits__Global__PermitLimit=2000000000 ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS="http://127.0.0.1:$LIMIT_PORT" exec dotnet bin/Release/net10.0/Api.dll >"$OUT/api-limit.log" 2>&1) &
EXTRA_PIDS+=($!)
(ASPNETCORE_URLS="http://127.0.0.1:$ANCHOR_PORT" exec dotnet bench/Anchor/bin/Release/net10.0/Anchor.dll >"$OUT/anchor.log" 2>&1) &
EXTRA_PIDS+=($!)
wait_http "http://127.0.0.1:$UNCACHED_PORT/alive" 60
wait_http "http://127.0.0.1:$ANCHOR_PORT/item" 60
wait_http "http://127.0.0.1:$NOLIMIT_PORT/alive" 60
wait_http "http://127.0.0.1:$LIMIT_PORT/alive" 60

rss_mb() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
# run_wrk runs in a subshell (process substitution), so peaks are kept in files.
for name in api web worker; do echo 0 >"$OUT/rss-$name"; done
sample_rss() {
    local name v
    for name in api web worker; do
        v="$(rss_mb "$(pid_of "$name")")"
        if [ "$v" -gt "$(cat "$OUT/rss-$name")" ]; then echo "$v" >"$OUT/rss-$name"; fi
    done
    return 0
}

# run_wrk NAME URL: warm up, measure, print req/s and p99 latency; samples RSS while it runs.
run_wrk() {
    local name="$1" url="$2" out="$OUT/wrk-$1.txt"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null 2>&1 || true
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$out" 2>&1 &
    local wrk_pid=$!
    while kill -0 "$wrk_pid" 2>/dev/null; do sample_rss; sleep 1; done
    wait "$wrk_pid"
    local rps p99 non2xx
    rps="$(awk '/Requests\/sec/ {printf "%d", $2}' "$out")"
    p99="$(awk '$1 == "99%" {print $2}' "$out")"
    non2xx="$(awk '/Non-2xx/ {print $NF}' "$out")"
    srv_log "$name: $rps req/s, p99 $p99${non2xx:+, NON-2XX $non2xx}" >&2
    echo "$rps $p99"
}

read -r ANCHOR ANCHOR_P99 < <(run_wrk anchor "http://127.0.0.1:$ANCHOR_PORT/item")
read -r ANCHOR_DB ANCHOR_DB_P99 < <(run_wrk anchor-db "http://127.0.0.1:$ANCHOR_PORT/item/1/db")
python3 bench/cpu_by_process.py snap "$OUT/catalog-cpu-before.json"
read -r CACHED CACHED_P99 < <(run_wrk cached "http://127.0.0.1:$API_PORT/api/catalog/items/1")
python3 bench/cpu_by_process.py snap "$OUT/catalog-cpu-after.json"
# CPU per 1,000 requests, by process, over the cached run's warm-up and measurement (wrk's own CPU is not counted).
CACHED_CPU="$(python3 bench/cpu_by_process.py diff "$OUT/catalog-cpu-before.json" "$OUT/catalog-cpu-after.json" \
    "$(awk -v r="$CACHED" -v w="${WARMUP%s}" -v d="${DURATION%s}" 'BEGIN { printf "%d", r * (w + d) / 1000 }')")"
read -r UNCACHED UNCACHED_P99 < <(run_wrk uncached "http://127.0.0.1:$UNCACHED_PORT/api/catalog/items/1")
read -r NOLIMIT NOLIMIT_P99 < <(run_wrk cached-nolimit "http://127.0.0.1:$NOLIMIT_PORT/api/catalog/items/1")
read -r LIMIT LIMIT_P99 < <(run_wrk cached-limit "http://127.0.0.1:$LIMIT_PORT/api/catalog/items/1")
read -r SEARCH SEARCH_P99 < <(run_wrk search "http://127.0.0.1:$API_PORT/api/catalog/items?q=tent&page=1&pageSize=20")
read -r WEBPAGE WEBPAGE_P99 < <(run_wrk web-home "http://127.0.0.1:5080/")

srv_log "pgbench -S (same server, $CONNECTIONS clients) ..."
PGB="$SHOP_PG_BIN/pgbench"
psql_cmd=("$SHOP_PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAt)
"${psql_cmd[@]}" -d postgres -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench" >/dev/null
"$PGB" -h 127.0.0.1 -p "$PG_PORT" -U postgres -i -s 10 -q bench >/dev/null 2>&1
PGBENCH="$("$PGB" -h 127.0.0.1 -p "$PG_PORT" -U postgres -S -c "$CONNECTIONS" -j "$THREADS" -T "${DURATION%s}" bench 2>/dev/null \
    | awk '/^tps/ {printf "%d", $3}')"
"${psql_cmd[@]}" -d postgres -c "DROP DATABASE bench" >/dev/null
srv_log "pgbench -S: $PGBENCH tps"

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%d%%", (b > 0 ? 100 * a / b : 0) }'; }
verdict() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { print (b > 0 && a / b >= t) ? "met" : "MISSED" }'; }
rss_verdict() { [ "$1" -lt 250 ] && echo met || echo MISSED; }

declare -A PEAK=([api]="$(cat "$OUT/rss-api")" [web]="$(cat "$OUT/rss-web")" [worker]="$(cat "$OUT/rss-worker")")
{
    echo
    echo "## Catalog, $(date -u '+%Y-%m-%d %H:%M UTC') ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
    echo
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version)."
    echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION after a $WARMUP warm-up, on loopback, load generator on the same machine."
    echo
    echo "| workload | req/s | p99 | vs anchor | target | result |"
    echo "|---|---|---|---|---|---|"
    echo "| minimal Kestrel JSON (anchor) | $ANCHOR | $ANCHOR_P99 | | | |"
    echo "| Kestrel JSON + one raw Npgsql row read (anchor) | $ANCHOR_DB | $ANCHOR_DB_P99 | | | |"
    echo "| pgbench -S tps (reference) | $PGBENCH | | | | |"
    echo "| cached item GET | $CACHED | $CACHED_P99 | $(pct "$CACHED" "$ANCHOR") of Kestrel | ≥ 70% | $(verdict "$CACHED" "$ANCHOR" 0.7) |"
    echo "| uncached item GET | $UNCACHED | $UNCACHED_P99 | $(pct "$UNCACHED" "$ANCHOR_DB") of raw Npgsql | ≥ 60% | $(verdict "$UNCACHED" "$ANCHOR_DB" 0.6) |"
    echo "| cached item GET, own Api, rate limits off | $NOLIMIT | $NOLIMIT_P99 | | | |"
    echo "| cached item GET, own Api, rate limits on (budget not reached) | $LIMIT | $LIMIT_P99 | $(pct "$LIMIT" "$NOLIMIT") of limits off | ≥ 90% | $(verdict "$LIMIT" "$NOLIMIT" 0.9) |"
    echo "| search page (cached) | $SEARCH | $SEARCH_P99 | $(pct "$SEARCH" "$ANCHOR") of Kestrel | | |"
    echo "| Web home page (SSR, via Api) | $WEBPAGE | $WEBPAGE_P99 | | | |"
    echo
    echo "CPU during the cached item GET on the AppHost Api (warm-up and measurement; per 1,000 requests, assuming the measured rate throughout):"
    echo
    echo "| process | CPU s | CPU ms per 1,000 requests |"
    echo "|---|---|---|"
    echo "$CACHED_CPU"
    echo
    echo "Peak RSS under load: Api ${PEAK[api]} MB ($(rss_verdict "${PEAK[api]}")), Web ${PEAK[web]} MB ($(rss_verdict "${PEAK[web]}")), Worker ${PEAK[worker]} MB ($(rss_verdict "${PEAK[worker]}")); target < 250 MB each."
} | tee -a "$RESULTS"
cat >"$OUT/catalog-summary.env" <<EOF
KESTREL=$ANCHOR CACHED=$CACHED RAW_NPGSQL=$ANCHOR_DB UNCACHED=$UNCACHED
CATALOG_RSS_API=${PEAK[api]} CATALOG_RSS_WORKER=${PEAK[worker]} CATALOG_RSS_WEB=${PEAK[web]}
EOF
