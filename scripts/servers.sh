# shellcheck shell=bash
# Shared helpers for run.sh and test.sh: install, start and stop the local servers
# (PostgreSQL, Redis, Azurite blob) without containers. Source it; it is safe under
# `set -euo pipefail` and defines functions only (plus a few SRV_* defaults).
#
#   ensure_redis                 install redis-server (apt) if missing
#   ensure_azurite DIR           npm-install azurite into DIR if missing; exports SHOP_AZURITE_BIN, PATH
#   pg_bin                       print the newest /usr/lib/postgresql/*/bin (installs postgresql if missing);
#                                also exports SHOP_PG_BIN when not called in a subshell
#   start_postgres DATADIR PORT  initdb once, start on 127.0.0.1:PORT, create database shopdb
#   stop_postgres DATADIR
#   start_redis DIR PORT / stop_redis DIR
#   start_azurite DIR PORT / stop_azurite DIR     (blob service only; data in DIR/data)
#   wait_tcp HOST PORT TIMEOUT   wait_http URL TIMEOUT   port_in_use PORT
#   srv_spawn PIDFILE CMD...     background CMD in its own session, pid in PIDFILE
#   srv_stop_pidfile PIDFILE NAME PATTERN   TERM (then KILL) the process in PIDFILE
#   export_connection_strings PGPORT REDISPORT BLOBPORT
#
# Optional settings: SRV_LOG_PREFIX (progress prefix, default "==>"),
# PG_EXTRA_OPTS (extra `-c name=value` server options, e.g. "-c fsync=off" for throwaway data).

SRV_LOG_PREFIX="${SRV_LOG_PREFIX:-==>}"
SRV_AZURITE_VERSION="${SRV_AZURITE_VERSION:-3.37.0}"
SRV_DEV_ACCOUNT_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
_SRV_APT_UPDATED="${_SRV_APT_UPDATED:-}"

srv_log() { printf '%s %s\n' "$SRV_LOG_PREFIX" "$*"; }
srv_err() { printf '%s ERROR: %s\n' "$SRV_LOG_PREFIX" "$*" >&2; }
srv_die() { srv_err "$*"; return 1; }

_srv_is_root() { [ "$(id -u)" -eq 0 ]; }

_srv_abspath() { realpath -m -- "$1"; }

# Installers (ensure_cmd, ensure_redis, ensure_azurite, pg_bin).
_SRV_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=install.sh
source "$_SRV_DIR/install.sh"
# shellcheck source=postgres.sh
source "$_SRV_DIR/postgres.sh"

# port_in_use PORT: true when something listens on PORT (any address) on this machine.
port_in_use() {
    local port="${1:?usage: port_in_use PORT}"
    if command -v ss >/dev/null 2>&1; then
        [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]
    else
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
    fi
}

# wait_tcp HOST PORT TIMEOUT_SECONDS: waits until a TCP connect succeeds.
wait_tcp() {
    local host="${1:?}" port="${2:?}" timeout="${3:-30}"
    local deadline=$((SECONDS + timeout))
    while :; do
        if timeout 2 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; then
            return 0
        fi
        [ "$SECONDS" -ge "$deadline" ] && return 1
        sleep 0.1
    done
}

# wait_http URL TIMEOUT_SECONDS: waits until URL answers HTTP 200.
wait_http() {
    local url="${1:?}" timeout="${2:-30}"
    local deadline=$((SECONDS + timeout))
    while :; do
        [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" 2>/dev/null || true)" = "200" ] && return 0
        [ "$SECONDS" -ge "$deadline" ] && return 1
        sleep 0.2
    done
}

# ---------------------------------------------------------------- Redis

# start_redis DIR PORT (data is not persisted: --save '' --appendonly no)
start_redis() {
    local dir port
    dir="$(_srv_abspath "${1:?usage: start_redis DIR PORT}")"
    port="${2:?usage: start_redis DIR PORT}"
    mkdir -p "$dir"
    stop_redis "$dir" leftover
    if port_in_use "$port"; then
        srv_die "redis: port $port is already in use by another process"
        return 1
    fi
    srv_log "redis: starting on 127.0.0.1:$port ..."
    rm -f "$dir/redis.pid"
    if ! redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
            --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" >/dev/null; then
        srv_die "redis: failed to start (log: $dir/redis.log)"
        return 1
    fi
    if ! wait_tcp 127.0.0.1 "$port" 20; then
        tail -n 20 "$dir/redis.log" >&2 || true
        srv_die "redis: not listening on port $port after 20 s (log: $dir/redis.log)"
        return 1
    fi
}

# stop_redis DIR: stops the redis-server whose pidfile is DIR/redis.pid (no-op when none).
stop_redis() {
    local dir
    dir="$(_srv_abspath "${1:?usage: stop_redis DIR}")"
    srv_stop_pidfile "$dir/redis.pid" redis redis-server "${2:-}"
}

# ---------------------------------------------------------------- Azurite (blob only)

# start_azurite DIR PORT: needs ensure_azurite first (or azurite-blob on PATH).
start_azurite() {
    local dir port bin pid
    dir="$(_srv_abspath "${1:?usage: start_azurite DIR PORT}")"
    port="${2:?usage: start_azurite DIR PORT}"
    bin="${SHOP_AZURITE_BIN:-$(command -v azurite-blob || true)}"
    if [ -z "$bin" ] || [ ! -x "$bin" ]; then
        srv_die "azurite-blob not found: call ensure_azurite DIR first"
        return 1
    fi
    mkdir -p "$dir/data"
    stop_azurite "$dir" leftover
    if port_in_use "$port"; then
        srv_die "azurite: port $port is already in use by another process"
        return 1
    fi
    srv_log "azurite: starting blob service on 127.0.0.1:$port ..."
    rm -f "$dir/azurite.pid"
    # Own session (a Ctrl-C in the terminal does not reach it); the pidfile holds the node process.
    srv_spawn "$dir/azurite.pid" "$bin" --blobHost 127.0.0.1 --blobPort "$port" --location "$dir/data" \
        --skipApiVersionCheck --loose --disableTelemetry >"$dir/azurite.log" 2>&1 </dev/null
    local deadline=$((SECONDS + 30))
    until wait_tcp 127.0.0.1 "$port" 1; do
        pid="$(cat "$dir/azurite.pid" 2>/dev/null || true)"
        if [ "$SECONDS" -ge "$deadline" ] || { [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; }; then
            tail -n 20 "$dir/azurite.log" >&2 || true
            srv_die "azurite: not listening on port $port (log: $dir/azurite.log)"
            return 1
        fi
    done
}

# stop_azurite DIR
stop_azurite() {
    local dir
    dir="$(_srv_abspath "${1:?usage: stop_azurite DIR}")"
    srv_stop_pidfile "$dir/azurite.pid" azurite azurite "${2:-}"
}

# srv_spawn PIDFILE CMD ARGS...: starts CMD in the background in its own session (setsid) and
# writes its pid to PIDFILE (the pid of CMD itself, also when setsid has to fork).
# Redirect the caller's stdout/stderr as wanted: `srv_spawn f cmd >log 2>&1`.
srv_spawn() {
    local pidfile="$1"
    shift
    # shellcheck disable=SC2016  # $$ and $@ belong to the inner bash
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" &
}

# srv_stop_pidfile PIDFILE NAME PATTERN [leftover]: SIGTERM the process in PIDFILE when its
# command line contains PATTERN, wait up to 10 s, then SIGKILL. Removes PIDFILE.
srv_stop_pidfile() {
    local pidfile="$1" name="$2" pattern="$3" leftover="${4:-}" pid
    [ -f "$pidfile" ] || return 0
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
        tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$pattern"; then
        if [ -n "$leftover" ]; then
            srv_log "$name: stopping a leftover instance (pid $pid) ..."
        else
            srv_log "$name: stopping ..."
        fi
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            srv_err "$name: did not stop in 10 s, killing pid $pid"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$pidfile"
}

# ---------------------------------------------------------------- configuration

# export_connection_strings PGPORT REDISPORT BLOBPORT: the variables AppHost would inject.
export_connection_strings() {
    local pg="${1:?}" redis="${2:?}" blob="${3:?}"
    export ConnectionStrings__shopdb="Host=127.0.0.1;Port=$pg;Username=postgres;Database=shopdb"
    export ConnectionStrings__cache="127.0.0.1:$redis"
    export ConnectionStrings__blobs="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$SRV_DEV_ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;"
    export Messaging__Transport=Postgres
}

# acquire_lock LOCKFILE SCRIPTNAME HINT: one instance of a script at a time. Fails with a clear
# message while another live SCRIPTNAME process holds LOCKFILE; a stale lock is taken over.
acquire_lock() {
    local lock="$1" script="$2" hint="${3:-}" other
    if [ -f "$lock" ]; then
        other="$(cat "$lock" 2>/dev/null || true)"
        if [[ "$other" =~ ^[0-9]+$ ]] && [ "$other" != "$$" ] && kill -0 "$other" 2>/dev/null &&
            tr '\0' ' ' <"/proc/$other/cmdline" 2>/dev/null | grep -qF "$script"; then
            srv_die "$script is already running (pid $other). Stop it with Ctrl-C in its terminal or: kill $other${hint:+ ($hint)}"
            return 1
        fi
    fi
    echo "$$" >"$lock"
}
