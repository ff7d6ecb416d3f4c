# shellcheck shell=bash
# Shared by the bench scripts, with OUT, API_PORT and WEB_PORT set: progress helpers, and bench_stack, which uses
# the ./run.sh stack (the AppHost on DESIGN.md's fixed ports) if it is up, else starts it and stops it on exit.
PG_PORT=55432 REDIS_PORT=56379 BLOB_PORT=10000
SHOP_PG_BIN="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin | sort -V | tail -n 1)"
export ConnectionStrings__shopdb="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=shopdb"
export ConnectionStrings__cache="127.0.0.1:$REDIS_PORT"
export ConnectionStrings__blobs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$BLOB_PORT/devstoreaccount1;"
export Messaging__Transport=Postgres

srv_log() { printf '[bench] %s\n' "$*"; }
srv_err() { printf '[bench] ERROR: %s\n' "$*" >&2; }
ensure_cmd() { command -v "$1" >/dev/null 2>&1 || apt-get install -y -qq "$2" >/dev/null; }
wait_http() {
    local deadline=$((SECONDS + $2))
    until [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$1" || true)" = 200 ]; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.3
    done
}
# pid_of api, worker or web: the host process the AppHost started (its apphost binary, without arguments).
pid_of() { local p="${1^}"; pgrep -x -f "[^ ]*/$p/bin/[^ ]*/$p" | head -n 1; }

STARTED_RUN="" EXTRA_PIDS=() BENCH_DATA="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.local/bench"
bench_cleanup() {
    set +e
    for pid in "${EXTRA_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    # The whole session setsid gave ./run.sh: TERM to bash alone would leave `dotnet run` and the AppHost running
    # (a background job ignores SIGINT, so TERM is the signal that stops the AppHost cleanly).
    [ -n "$STARTED_RUN" ] && kill -TERM -- "-$STARTED_RUN" 2>/dev/null && wait "$STARTED_RUN" 2>/dev/null
    while [ -n "$STARTED_RUN" ] && pgrep -f "tools/dcp " >/dev/null; do sleep 0.2; done
}
trap bench_cleanup EXIT

bench_stack() {
    if ! curl -fs "http://127.0.0.1:$API_PORT/health" >/dev/null; then
        srv_log "starting ./run.sh ..."
        # A load test from one address would spend the per-client budget at once: limits off (catalog.sh measures them).
        # Traces are sampled as in production (10% of new traces, children follow their parent); logs and metrics are not.
        # Its own data directory, new each time: a dev stack's accumulated blobs make Azurite rewrite a metadata file
        # of hundreds of MB on every save (measured: 4.9 ms of Azurite CPU per order), which no cloud store does.
        rm -rf "$BENCH_DATA"
        setsid ./run.sh --RateLimits:Enabled=false --OTEL_TRACES_SAMPLER=parentbased_traceidratio --OTEL_TRACES_SAMPLER_ARG=0.1 \
            --LocalServers:DataDirectory="$BENCH_DATA" >"$OUT/run.log" 2>&1 &
        STARTED_RUN=$!
        wait_http "http://127.0.0.1:$API_PORT/health" 300 || { tail -30 "$OUT/run.log"; exit 1; }
        wait_http "http://127.0.0.1:$WEB_PORT/health" 60
    fi
    # Start from an idle stack: the seed's image renditions (or an earlier run's leftovers) must not share the CPU.
    local deadline=$((SECONDS + 300)) queued
    while queued="$("$SHOP_PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d shopdb -qAtX -c "SELECT count(*) FROM outbox_messages")" &&
        [ "$queued" -gt 0 ] && [ "$SECONDS" -lt "$deadline" ]; do
        sleep 1
    done
    srv_log "stack idle (${queued:-?} messages queued)"
}
