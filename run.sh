#!/usr/bin/env bash
# shellcheck disable=SC2317  # the cleanup functions are called from traps
# Runs the whole shop on this machine without containers:
#   PostgreSQL, Redis and Azurite (blob) from .local/, then `Worker migrate`, then Api, Worker, Web.
# Ctrl-C (or SIGTERM) stops the hosts, then the servers.
#
#   ./run.sh                  everything (builds first when sources changed)
#   ./run.sh --servers-only   only PostgreSQL, Redis and Azurite (e.g. for bench scripts);
#                             their variables are written to .local/servers.env
#
# Ports (env): WEB_PORT=5080 API_PORT=5090 WORKER_PORT=5095 PG_PORT=55432 REDIS_PORT=56379 BLOB_PORT=10000
# Other env:   RUN_SH_NO_BUILD=1 (skip the build), ASPNETCORE_ENVIRONMENT (default Development),
#              HEALTH_TIMEOUT (seconds, default 60), OTEL_EXPORTER_OTLP_ENDPOINT (passed through).
set -euo pipefail

START_NS="$(date +%s%N)"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
SRV_LOG_PREFIX="[run]"
# shellcheck source=scripts/servers.sh
source "$ROOT/scripts/servers.sh"

MODE=all
for arg in "$@"; do
    case "$arg" in
        --servers-only) MODE=servers ;;
        -h | --help) sed -n '3,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) srv_err "unknown argument: $arg (try --help)"; exit 2 ;;
    esac
done

WEB_PORT="${WEB_PORT:-5080}"
API_PORT="${API_PORT:-5090}"
WORKER_PORT="${WORKER_PORT:-5095}"
PG_PORT="${PG_PORT:-55432}"
REDIS_PORT="${REDIS_PORT:-56379}"
BLOB_PORT="${BLOB_PORT:-10000}"
HEALTH_TIMEOUT="${HEALTH_TIMEOUT:-60}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-$ASPNETCORE_ENVIRONMENT}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

LOCAL="$ROOT/.local"
LOGS="$LOCAL/logs"
PIDS="$LOCAL/pids"
LOCK="$LOCAL/run.pid"
PG_DIR="$LOCAL/postgres"
REDIS_DIR="$LOCAL/redis"
AZURITE_DIR="$LOCAL/azurite"
AZURITE_TOOL_DIR="$LOCAL/tools/azurite"
BUILD_STAMP="$LOCAL/build.stamp"
TOKEN_FILE="$LOCAL/admin-token"
TFM=net10.0
HOSTS=(api worker web)

log() { srv_log "$@"; }
die() { srv_err "$@"; exit 1; }
elapsed() { awk -v s="$START_NS" -v e="$(date +%s%N)" 'BEGIN { printf "%.1f", (e - s) / 1e9 }'; }
# shellcheck source=scripts/hosts.sh
source "$ROOT/scripts/hosts.sh"

mkdir -p "$LOGS" "$PIDS"

# ------------------------------------------------------------------ one run.sh at a time
acquire_lock "$LOCK" run.sh || exit 1

# ------------------------------------------------------------------ cleanup on exit / Ctrl-C
SERVER_JOBS=()
CLEANED=""
SLEEP_PID=""
BUILD_PID=""

stop_servers() {
    stop_azurite "$AZURITE_DIR" || true
    stop_redis "$REDIS_DIR" || true
    stop_postgres "$PG_DIR" || true
}

cleanup() {
    [ -n "$CLEANED" ] && return 0
    CLEANED=1
    set +e
    trap '' INT TERM HUP
    [ -n "$SLEEP_PID" ] && kill "$SLEEP_PID" 2>/dev/null
    if [ -n "$BUILD_PID" ] && kill -0 "$BUILD_PID" 2>/dev/null; then
        log "stopping the build ..."
        kill -TERM "$BUILD_PID" 2>/dev/null
        wait "$BUILD_PID" 2>/dev/null
    fi
    # Server starts still in flight finish first (they have their own timeouts), so nothing leaks.
    for job in "${SERVER_JOBS[@]}"; do wait "$job" 2>/dev/null; done
    stop_hosts
    stop_servers
    [ "$(cat "$LOCK" 2>/dev/null)" = "$$" ] && rm -f "$LOCK"
    log "stopped."
}

on_signal() {
    echo
    log "$1 received: shutting down ..."
    cleanup
    exit "$2"
}

trap cleanup EXIT
trap 'on_signal SIGINT 130' INT
trap 'on_signal SIGTERM 143' TERM
trap 'on_signal SIGHUP 129' HUP

# ------------------------------------------------------------------ leftovers and ports
# A run.sh killed with SIGKILL leaves its processes behind: stop the ones recorded in .local.
stop_hosts
stop_azurite "$AZURITE_DIR" leftover
stop_redis "$REDIS_DIR" leftover
stop_postgres "$PG_DIR"

check_port() {
    if port_in_use "$2"; then
        die "port $2 ($1) is in use by another process: stop it, or set $1 to a free port (e.g. $1=... ./run.sh)"
    fi
}
check_port PG_PORT "$PG_PORT"
check_port REDIS_PORT "$REDIS_PORT"
check_port BLOB_PORT "$BLOB_PORT"
if [ "$MODE" = all ]; then
    check_port API_PORT "$API_PORT"
    check_port WORKER_PORT "$WORKER_PORT"
    check_port WEB_PORT "$WEB_PORT"
fi

# ------------------------------------------------------------------ install what is missing
if [ "$MODE" = all ] && ! command -v dotnet >/dev/null 2>&1; then
    die "dotnet not found: install the .NET 10 SDK (see global.json)"
fi
if [ "$MODE" = all ] && [ "${RUN_SH_NO_BUILD:-}" = 1 ] && ! outputs_exist; then
    die "RUN_SH_NO_BUILD=1 but there is no build output in */bin/Release/$TFM: run once without it"
fi
ensure_cmd curl curl
ensure_redis
pg_bin >/dev/null

# ------------------------------------------------------------------ servers (in parallel)
export_connection_strings "$PG_PORT" "$REDIS_PORT" "$BLOB_PORT"

start_postgres "$PG_DIR" "$PG_PORT" &
SERVER_JOBS+=($!)
{ ensure_azurite "$AZURITE_TOOL_DIR" && start_azurite "$AZURITE_DIR" "$BLOB_PORT"; } &
SERVER_JOBS+=($!)
start_redis "$REDIS_DIR" "$REDIS_PORT"

wait_servers() {
    local job failed=""
    for job in "${SERVER_JOBS[@]}"; do
        wait "$job" || failed=1
    done
    SERVER_JOBS=()
    [ -z "$failed" ] || die "a server failed to start (see the messages above and the logs in .local/)"
}

# Variables for scripts that want to talk to these servers: `source .local/servers.env`.
{
    printf 'export %s=%q\n' ConnectionStrings__shopdb "$ConnectionStrings__shopdb" \
        ConnectionStrings__cache "$ConnectionStrings__cache" \
        ConnectionStrings__blobs "$ConnectionStrings__blobs" \
        Messaging__Transport "$Messaging__Transport" \
        PG_PORT "$PG_PORT" REDIS_PORT "$REDIS_PORT" BLOB_PORT "$BLOB_PORT" SHOP_PG_BIN "$SHOP_PG_BIN"
} >"$LOCAL/servers.env"

if [ "$MODE" = servers ]; then
    wait_servers
    log "servers ready in $(elapsed) s:"
    log "  PostgreSQL  127.0.0.1:$PG_PORT  database shopdb, user postgres (trust)"
    log "  Redis       127.0.0.1:$REDIS_PORT"
    log "  Azurite     http://127.0.0.1:$BLOB_PORT/devstoreaccount1"
    log "  variables:  source .local/servers.env"
    log "Ctrl-C stops them."
    sleep infinity &
    SLEEP_PID=$!
    wait "$SLEEP_PID" || true
    exit 0
fi

# ------------------------------------------------------------------ build (while the servers start)
build_if_changed

wait_servers
log "servers ready: PostgreSQL :$PG_PORT, Redis :$REDIS_PORT, Azurite blob :$BLOB_PORT"

# ------------------------------------------------------------------ admin token, and what AppHost would set
ensure_admin_token
export_host_environment

# ------------------------------------------------------------------ migrations
log "applying migrations (Worker migrate) ..."
: >"$LOGS/migrate.log"
if ! (cd "$ROOT/Worker" && OTEL_SERVICE_NAME=migrate exec dotnet "$(dll_of worker)" migrate) 2>&1 </dev/null |
    prefix_output migrate "$LOGS/migrate.log"; then
    die "migrations failed (log: .local/logs/migrate.log)"
fi

# ------------------------------------------------------------------ hosts
declare -A HOST_PID=()

for name in "${HOSTS[@]}"; do
    log "starting $name on http://127.0.0.1:$(port_of "$name") ..."
    start_host "$name"
done

# ------------------------------------------------------------------ wait for /health
wait_hosts_healthy

log "------------------------------------------------------------------"
log "Web         http://127.0.0.1:$WEB_PORT"
log "Api         http://127.0.0.1:$API_PORT   (OpenAPI: /openapi/v1.json)"
log "Worker      http://127.0.0.1:$WORKER_PORT/health"
log "PostgreSQL  127.0.0.1:$PG_PORT (database shopdb)   Redis 127.0.0.1:$REDIS_PORT   Azurite http://127.0.0.1:$BLOB_PORT/devstoreaccount1"
log "Admin token $TOKEN_FILE   (Authorization: Bearer <token>)"
log "Logs        $LOGS/"
log "all healthy in $(elapsed) s. Ctrl-C stops everything."
log "------------------------------------------------------------------"

# ------------------------------------------------------------------ run until a signal or a host dies
set +e
wait -n "${HOST_PID[@]}"
rc=$?
set -e
for name in "${HOSTS[@]}"; do
    if ! kill -0 "${HOST_PID[$name]}" 2>/dev/null; then
        srv_err "$name exited unexpectedly (code $rc; log: .local/logs/$name.log): stopping everything"
    fi
done
exit 1
