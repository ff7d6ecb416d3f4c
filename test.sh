#!/usr/bin/env bash
# Runs every test that can run on this machine against real, throwaway servers.
#   ./test.sh [extra dotnet test arguments]      e.g. ./test.sh --filter Health
#
# Installs what is missing, starts PostgreSQL / Redis / Azurite (blob) on test ports with data in
# .local/test (wiped at start), builds Local.slnf, runs `dotnet test`, stops the servers and ends
# with one line: "N passed, N failed, N skipped" (summed from the TRX files). Exit code is non-zero
# when the build failed, a test failed, or no test ran.
#
# Env: TEST_PG_PORT=56432 TEST_REDIS_PORT=57379 TEST_BLOB_PORT=11000
# Exported for the tests: TEST_*_PORT, ConnectionStrings__*, Messaging__Transport, SHOP_REPO_ROOT,
# SHOP_PG_BIN (PostgreSQL bin dir), SHOP_AZURITE_BIN (azurite-blob), PATH (redis-server, azurite-blob).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
SRV_LOG_PREFIX="[test]"
# shellcheck source=scripts/servers.sh
source "$ROOT/scripts/servers.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export TEST_PG_PORT="${TEST_PG_PORT:-56432}"
export TEST_REDIS_PORT="${TEST_REDIS_PORT:-57379}"
export TEST_BLOB_PORT="${TEST_BLOB_PORT:-11000}"
export SHOP_REPO_ROOT="$ROOT"

LOCAL="$ROOT/.local"
TDIR="$LOCAL/test"
RESULTS="$TDIR/results"
LOCK="$LOCAL/test.pid"

log() { srv_log "$@"; }
die() { srv_err "$@"; exit 1; }

mkdir -p "$LOCAL"

# ------------------------------------------------------------------ one test.sh at a time
acquire_lock "$LOCK" test.sh || exit 1

# ------------------------------------------------------------------ servers: always stopped
SERVER_JOBS=()
STOPPED=""
# shellcheck disable=SC2317  # called from traps
stop_test_servers() {
    [ -n "$STOPPED" ] && return 0
    STOPPED=1
    local job
    for job in "${SERVER_JOBS[@]}"; do wait "$job" 2>/dev/null || true; done
    stop_azurite "$TDIR/azurite" || true
    stop_redis "$TDIR/redis" || true
    stop_postgres "$TDIR/postgres" || true
}
# shellcheck disable=SC2317  # called from traps
on_exit() {
    set +e
    stop_test_servers
    [ "$(cat "$LOCK" 2>/dev/null)" = "$$" ] && rm -f "$LOCK"
}
trap on_exit EXIT
trap 'echo; log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# Leftovers of a test.sh that was killed, then fresh data.
stop_azurite "$TDIR/azurite" leftover
stop_redis "$TDIR/redis" leftover
stop_postgres "$TDIR/postgres"
rm -rf "$TDIR"
mkdir -p "$RESULTS"

for var in TEST_PG_PORT TEST_REDIS_PORT TEST_BLOB_PORT; do
    if port_in_use "${!var}"; then
        die "port ${!var} ($var) is in use by another process: stop it or set $var to a free port"
    fi
done

# ------------------------------------------------------------------ install what is missing
command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK (see global.json)"
ensure_cmd curl curl
ensure_redis
ensure_cmd redis-cli redis-tools
ensure_cmd chromium chromium          # browser tests (Playwright drives Debian's Chromium)
export SHOP_CHROMIUM="$(command -v chromium)"
pg_bin >/dev/null                       # exports SHOP_PG_BIN
ensure_azurite "$LOCAL/tools/azurite"   # exports SHOP_AZURITE_BIN and puts it on PATH
REDIS_BIN_DIR="$(dirname "$(command -v redis-server)")"
case ":$PATH:" in *":$REDIS_BIN_DIR:"*) ;; *) export PATH="$REDIS_BIN_DIR:$PATH" ;; esac
export SHOP_PG_BIN SHOP_AZURITE_BIN PATH
export_connection_strings "$TEST_PG_PORT" "$TEST_REDIS_PORT" "$TEST_BLOB_PORT"

# ------------------------------------------------------------------ start the servers (in parallel)
# Throwaway data: durability off for speed.
PG_EXTRA_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start_postgres "$TDIR/postgres" "$TEST_PG_PORT" &
SERVER_JOBS+=($!)
start_azurite "$TDIR/azurite" "$TEST_BLOB_PORT" &
SERVER_JOBS+=($!)
start_redis "$TDIR/redis" "$TEST_REDIS_PORT"

wait_all_servers() {
    local job failed=""
    for job in "${SERVER_JOBS[@]}"; do wait "$job" || failed=1; done
    SERVER_JOBS=()
    [ -z "$failed" ] || die "a test server failed to start (see above; logs in .local/test/)"
}
wait_all_servers
log "test servers ready: PostgreSQL :$TEST_PG_PORT, Redis :$TEST_REDIS_PORT, Azurite blob :$TEST_BLOB_PORT"

# ------------------------------------------------------------------ build and test
BUILD_FAILED=""
TEST_RC=0
log "building Local.slnf (Release) ..."
dotnet build Local.slnf -c Release -nologo || BUILD_FAILED=1

if [ -z "$BUILD_FAILED" ]; then
    # No LogFileName: the TRX logger then gives each test project its own file.
    log "running tests ..."
    dotnet test Local.slnf -c Release --no-build --logger trx --results-directory "$RESULTS" "$@" || TEST_RC=$?
fi

stop_test_servers
# CI waits for every process holding its output: stop the MSBuild / compiler servers.
if [ -n "${CI:-}" ]; then
    dotnet build-server shutdown >/dev/null 2>&1 || true
fi

# ------------------------------------------------------------------ summary from the TRX files
# counter ELEMENT NAME: the value of attribute NAME in a <Counters .../> element (0 when absent).
counter() {
    local v
    v="$(printf '%s' "$1" | grep -o "[[:space:]]$2=\"[0-9]*\"" | grep -o '[0-9][0-9]*' | head -n 1 || true)"
    echo "${v:-0}"
}

PASSED=0 FAILED=0 SKIPPED=0 TRX_COUNT=0
while IFS= read -r -d '' trx; do
    element="$(tr '\r\n\t' '   ' <"$trx" | grep -o '<Counters[[:space:]][^>]*>' | head -n 1 || true)"
    [ -n "$element" ] || continue
    TRX_COUNT=$((TRX_COUNT + 1))
    PASSED=$((PASSED + $(counter "$element" passed)))
    FAILED=$((FAILED + $(counter "$element" failed) + $(counter "$element" error) + $(counter "$element" timeout) + $(counter "$element" aborted)))
    SKIPPED=$((SKIPPED + $(counter "$element" notExecuted)))
done < <(find "$RESULTS" -name '*.trx' -print0 2>/dev/null)

STATUS=0
if [ -n "$BUILD_FAILED" ]; then
    srv_err "the build failed"
    STATUS=1
elif [ "$FAILED" -gt 0 ]; then
    STATUS=1
elif [ "$TEST_RC" -ne 0 ]; then
    srv_err "dotnet test exited with code $TEST_RC ($TRX_COUNT TRX file(s) in .local/test/results)"
    STATUS=1
elif [ $((PASSED + FAILED)) -eq 0 ]; then
    srv_err "no test ran"
    STATUS=1
fi
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
exit "$STATUS"
