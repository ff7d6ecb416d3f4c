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

# Runs apt-get as root (directly, or through sudo when available). Progress goes to stderr.
_srv_apt_install() {
    local sudo=()
    if ! _srv_is_root; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            srv_die "need root (or sudo) to run: apt-get install -y $*"
            return 1
        fi
    fi
    command -v apt-get >/dev/null 2>&1 || { srv_die "apt-get not found: install $* yourself"; return 1; }
    if [ -z "$_SRV_APT_UPDATED" ]; then
        "${sudo[@]}" apt-get update -qq >/dev/null || { srv_die "apt-get update failed"; return 1; }
        _SRV_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
        { srv_die "apt-get install -y $* failed"; return 1; }
}

# ensure_cmd CMD PACKAGE: installs PACKAGE with apt when CMD is missing.
ensure_cmd() {
    local cmd="$1" pkg="${2:-$1}"
    command -v "$cmd" >/dev/null 2>&1 && return 0
    srv_log "installing $pkg (apt-get) ..." >&2
    _srv_apt_install "$pkg"
}

ensure_redis() {
    if command -v redis-server >/dev/null 2>&1; then
        return 0
    fi
    srv_log "installing redis-server (apt-get, ~10 s) ..."
    _srv_apt_install redis-server
    command -v redis-server >/dev/null 2>&1 || { srv_die "redis-server still missing after apt-get install"; return 1; }
}

ensure_azurite() {
    local dir bin
    dir="$(_srv_abspath "${1:?usage: ensure_azurite DIR}")"
    bin="$dir/node_modules/.bin/azurite-blob"
    if [ ! -x "$bin" ]; then
        if ! command -v npm >/dev/null 2>&1; then
            srv_log "installing nodejs and npm (apt-get) ..."
            _srv_apt_install nodejs npm
        fi
        srv_log "installing azurite@$SRV_AZURITE_VERSION into $dir (npm, ~30 s) ..."
        mkdir -p "$dir"
        if ! npm install --no-audit --no-fund --loglevel=error --prefix "$dir" "azurite@$SRV_AZURITE_VERSION" >"$dir/npm-install.log" 2>&1; then
            tail -n 20 "$dir/npm-install.log" >&2 || true
            srv_die "npm install azurite@$SRV_AZURITE_VERSION failed (log: $dir/npm-install.log)"
            return 1
        fi
        [ -x "$bin" ] || { srv_die "azurite-blob missing after npm install ($bin)"; return 1; }
    fi
    export SHOP_AZURITE_BIN="$bin"
    case ":$PATH:" in
        *":$dir/node_modules/.bin:"*) ;;
        *) export PATH="$dir/node_modules/.bin:$PATH" ;;
    esac
}

# Prints the directory of the newest PostgreSQL binaries; installs postgresql (apt) if none.
pg_bin() {
    local dir
    dir="$(_srv_find_pg_bin)"
    if [ -z "$dir" ]; then
        if command -v apt-get >/dev/null 2>&1; then
            srv_log "PostgreSQL not found: installing it (apt-get install -y postgresql) ..." >&2
            _srv_apt_install postgresql || return 1
            dir="$(_srv_find_pg_bin)"
        fi
    fi
    if [ -z "$dir" ]; then
        srv_die "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (on Debian/Ubuntu: apt-get install -y postgresql)"
        return 1
    fi
    export SHOP_PG_BIN="$dir"
    printf '%s\n' "$dir"
}

_srv_find_pg_bin() {
    local d
    d="$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -type d -name bin 2>/dev/null | sort -V | while read -r b; do
        [ -x "$b/pg_ctl" ] && [ -x "$b/initdb" ] && printf '%s\n' "$b"
    done | tail -n 1)"
    printf '%s' "$d"
}

# Runs a PostgreSQL tool as the postgres user when we are root (PostgreSQL refuses root).
_srv_as_pg() {
    if _srv_is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

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

# ---------------------------------------------------------------- PostgreSQL

# start_postgres DATADIR PORT
start_postgres() {
    local datadir port bin logfile running_port
    datadir="$(_srv_abspath "${1:?usage: start_postgres DATADIR PORT}")"
    port="${2:?usage: start_postgres DATADIR PORT}"
    bin="${SHOP_PG_BIN:-}"
    [ -n "$bin" ] && [ -x "$bin/pg_ctl" ] || bin="$(pg_bin)" || return 1
    logfile="$datadir/server.log"

    if [ ! -f "$datadir/PG_VERSION" ]; then
        srv_log "postgres: creating cluster in $datadir ..."
        mkdir -p "$datadir"
        chmod 700 "$datadir"
        if _srv_is_root; then
            chown postgres:postgres "$datadir"
            if ! runuser -u postgres -- test -w "$datadir"; then
                srv_die "postgres: user 'postgres' cannot reach $datadir (a parent directory is not searchable by others, e.g. /root). Move the repository or run: chmod o+x on its parent directories."
                return 1
            fi
        fi
        if ! _srv_as_pg "$bin/initdb" -D "$datadir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$datadir.initdb.log" 2>&1; then
            cat "$datadir.initdb.log" >&2
            srv_die "postgres: initdb failed"
            return 1
        fi
        rm -f "$datadir.initdb.log"
        cat >>"$datadir/postgresql.conf" <<'EOF'

# --- dev settings written by scripts/servers.sh ---
listen_addresses = '127.0.0.1'
max_connections = 200
shared_buffers = 128MB
fsync = on
logging_collector = off
log_min_messages = warning
log_min_error_statement = error
log_line_prefix = '%m [%p] %q%d '
EOF
    fi

    # A server left over from an earlier run on this data directory: reuse it on the same port.
    if [ -f "$datadir/postmaster.pid" ] && _srv_as_pg "$bin/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
        running_port="$(sed -n 4p "$datadir/postmaster.pid" 2>/dev/null || true)"
        if [ "$running_port" = "$port" ]; then
            srv_log "postgres: already running on 127.0.0.1:$port (reusing it)"
            _srv_create_db "$bin" "$port" shopdb
            return
        fi
        srv_log "postgres: running on port $running_port, restarting it on $port ..."
        stop_postgres "$datadir"
    fi

    if port_in_use "$port"; then
        srv_die "postgres: port $port is already in use by another process"
        return 1
    fi

    srv_log "postgres: starting on 127.0.0.1:$port ..."
    if _srv_is_root; then
        touch "$logfile" && chown postgres:postgres "$logfile"
    fi
    # setsid: the server gets its own session, so a Ctrl-C in the terminal does not reach it;
    # the caller stops it in order.
    # shellcheck disable=SC2086
    if ! _srv_as_pg setsid -w "$bin/pg_ctl" -D "$datadir" -l "$logfile" -w -t 60 \
            -o "-p $port -k $datadir -c listen_addresses=127.0.0.1 ${PG_EXTRA_OPTS:-}" start >/dev/null; then
        tail -n 20 "$logfile" >&2 || true
        srv_die "postgres: failed to start (log: $logfile)"
        return 1
    fi
    _srv_create_db "$bin" "$port" shopdb
}

_srv_create_db() {
    local bin="$1" port="$2" db="$3" exists
    exists="$(PGCONNECT_TIMEOUT=5 "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$db'")" || { srv_die "postgres: cannot connect on port $port"; return 1; }
    if [ "$exists" != "1" ]; then
        PGCONNECT_TIMEOUT=5 "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
            -c "CREATE DATABASE \"$db\"" >/dev/null || { srv_die "postgres: CREATE DATABASE $db failed"; return 1; }
        srv_log "postgres: created database $db"
    fi
}

# stop_postgres DATADIR (fast mode; no-op when it is not running)
stop_postgres() {
    local datadir bin
    datadir="$(_srv_abspath "${1:?usage: stop_postgres DATADIR}")"
    [ -f "$datadir/postmaster.pid" ] || return 0
    bin="${SHOP_PG_BIN:-}"
    [ -n "$bin" ] && [ -x "$bin/pg_ctl" ] || bin="$(_srv_find_pg_bin)"
    [ -n "$bin" ] || return 0
    if _srv_as_pg "$bin/pg_ctl" -D "$datadir" status >/dev/null 2>&1; then
        srv_log "postgres: stopping ..."
        _srv_as_pg "$bin/pg_ctl" -D "$datadir" -m fast -w -t 60 stop >/dev/null 2>&1 ||
            srv_err "postgres: pg_ctl stop failed (log: $datadir/server.log)"
    fi
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

# ------------------------------------------------------------------ Service Bus adapter probe
# Api and Worker include Shop.ServiceBus unless ShopServiceBus=false (Directory.Build.props); MSBuild reads
# environment variables as properties. Where Azure.Messaging.ServiceBus does not restore, the hosts are
# built without the adapter. The answer is kept in .local/servicebus-probe for the same inputs (project,
# props, SDK); delete it to probe again. A ShopServiceBus already set in the environment skips the probe.
probe_servicebus() {
    local key result SB_PROJECT="Shop.ServiceBus/Shop.ServiceBus.csproj" SB_PROBE_CACHE="$LOCAL/servicebus-probe"
    if [ -n "${ShopServiceBus:-}" ]; then return 0; fi
    if [ ! -f "$SB_PROJECT" ]; then export ShopServiceBus=false; return 0; fi
    key="$({ dotnet --version 2>/dev/null; cat "$SB_PROJECT" Directory.Build.props Directory.Packages.props global.json 2>/dev/null || true; } | md5sum | cut -d' ' -f1)"
    if [ -f "$SB_PROBE_CACHE" ] && [ "$(cut -d' ' -f2 "$SB_PROBE_CACHE")" = "$key" ]; then
        result="$(cut -d' ' -f1 "$SB_PROBE_CACHE")"
    elif timeout 600 dotnet restore "$SB_PROJECT" -nologo -v q </dev/null >"$LOCAL/servicebus-restore.log" 2>&1; then
        result=ok
    else
        result=fail
    fi
    echo "$result $key" >"$SB_PROBE_CACHE"
    if [ "$result" = fail ]; then
        export ShopServiceBus=false
        srv_log "Azure.Messaging.ServiceBus does not restore here: building without the Service Bus adapter"
    fi
}
