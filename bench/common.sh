# shellcheck shell=bash
# Shared by the bench scripts: sourced after scripts/servers.sh, with OUT, API_PORT and WEB_PORT set.
# bench_stack: uses the run.sh stack if it is up, else starts it (and stops it on exit), then loads
# .local/servers.env. Extra processes appended to EXTRA_PIDS are killed on exit too.
STARTED_RUN="" EXTRA_PIDS=()
bench_cleanup() {
    set +e
    for pid in "${EXTRA_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    [ -n "$STARTED_RUN" ] && kill -TERM "$STARTED_RUN" 2>/dev/null && wait "$STARTED_RUN" 2>/dev/null
}
trap bench_cleanup EXIT

bench_stack() {
    if ! curl -fs "http://127.0.0.1:$API_PORT/health" >/dev/null; then
        srv_log "starting ./run.sh ..."
        ./run.sh >"$OUT/run.log" 2>&1 &
        STARTED_RUN=$!
        wait_http "http://127.0.0.1:$API_PORT/health" 180 || { tail -30 "$OUT/run.log"; exit 1; }
        wait_http "http://127.0.0.1:$WEB_PORT/health" 60
    fi
    # shellcheck disable=SC1091
    source .local/servers.env
}
