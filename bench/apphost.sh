#!/usr/bin/env bash
# AppHost benchmark: seconds from `./run.sh` to the AppHost's "The shop is up" line (Api, Worker and Web healthy),
# warm (built, data and tools present; best of RUNS) and cold (a fresh clone: install, build, initdb, seed), and the
# RSS of the AppHost, DCP, the dashboard and each resource once everything is up. Appends to bench/results.md.
#   bench/apphost.sh      (RUNS=3 to tune; COLD=0 skips the fresh clone)
set -euo pipefail
set -m # job control: each ./run.sh gets a process group of its own, which `down` stops as Ctrl-C would
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-3}" COLD="${COLD:-1}" OUT="$ROOT/bench/out" RESULTS="$ROOT/bench/results.md"
mkdir -p "$OUT"
say() { printf '[bench] %s\n' "$*"; }
now() { date +%s.%N; }

# up DIR LOG: starts ./run.sh in DIR, waits for the ready line, sets ELAPSED (seconds).
RUN_PID="" ELAPSED=""
up() {
    local start; start="$(now)"
    (cd "$1" && exec ./run.sh >"$2" 2>&1) &
    RUN_PID=$!
    until grep -q "The shop is up" "$2"; do
        kill -0 "$RUN_PID" 2>/dev/null || { tail -30 "$2" >&2; exit 1; }
        sleep 0.1
    done
    ELAPSED="$(awk -v s="$start" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }')"
}
down() {
    [ -n "$RUN_PID" ] || return 0
    kill -INT -- "-$RUN_PID" 2>/dev/null || true
    wait "$RUN_PID" 2>/dev/null || true
    while pgrep -f "tools/dcp " >/dev/null; do sleep 0.2; done
    RUN_PID=""
}
trap 'down' EXIT
rss() { local t=0 p; for p in $(pgrep -f "$1" || true); do t=$((t + $(awk '/VmRSS/ {print int($2/1024)}' "/proc/$p/status" 2>/dev/null || echo 0))); done; echo "$t"; }

say "building (not timed) ..."
dotnet build AppHost -c Release -nologo -v q >/dev/null
WARM=()
for i in $(seq 1 "$RUNS"); do
    up "$ROOT" "$OUT/apphost-warm-$i.log"
    WARM+=("$ELAPSED")
    say "warm run $i: ${WARM[-1]} s"
    if [ "$i" -eq "$RUNS" ]; then
        sleep 5
        R_APPHOST=$(rss "AppHost/bin/Release/net10.0/AppHost") R_DCP=$(rss "tools/dcp ") R_DASH=$(rss "Aspire.Dashboard")
        R_RUN=$(rss "dotnet run --project") R_API=$(rss "/Api/bin/Release/net10.0/Api$") R_PAY=$(rss "Api payment-simulator")
        R_WORKER=$(rss "/Worker/bin/Release/net10.0/Worker$") R_WEB=$(rss "/Web/bin/Release/net10.0/Web$")
        R_PG=$(rss "postgres") R_REDIS=$(rss "redis-server") R_AZ=$(rss "azurite-blob")
    fi
    down
done
BEST="$(printf '%s\n' "${WARM[@]}" | sort -n | head -n 1)"

COLD_S="skipped"
if [ "$COLD" = 1 ]; then
    rm -rf /tmp/shop-cold && git clone -q "$ROOT" /tmp/shop-cold
    say "cold run in a fresh clone (/tmp/shop-cold) ..."
    up /tmp/shop-cold "$OUT/apphost-cold.log"
    COLD_S="$ELAPSED s"
    down
fi

{
    echo
    echo "## AppHost start, $(date -u '+%Y-%m-%d %H:%M') UTC ($(git rev-parse --short HEAD))"
    echo
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%d GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release && echo "$PRETTY_NAME"), .NET $(dotnet --version). Local-servers mode (no container engine)."
    echo
    echo "| measure | figure | target |"
    echo "|---|---|---|"
    echo "| warm \`./run.sh\` to Api, Worker and Web healthy (best of $RUNS: ${WARM[*]} s) | $BEST s | < 20 s |"
    echo "| cold: fresh clone, install Azurite, build, initdb, migrate and seed, to healthy | $COLD_S | |"
    echo "| RSS AppHost / DCP (all its processes) / dashboard | $R_APPHOST / $R_DCP / $R_DASH MB | |"
    echo "| RSS \`dotnet run\` wrappers (./run.sh's and one per project resource) | $R_RUN MB | |"
    echo "| RSS api / worker / web / payments, idle | $R_API / $R_WORKER / $R_WEB / $R_PAY MB | |"
    echo "| RSS postgres (all backends) / redis / azurite | $R_PG / $R_REDIS / $R_AZ MB | |"
} >>"$RESULTS"
say "appended to bench/results.md"
