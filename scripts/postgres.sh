# shellcheck shell=bash
# PostgreSQL without containers: initdb once, start, create shopdb, stop. Sourced by scripts/servers.sh
# (uses srv_log, srv_err, _srv_is_root, _srv_abspath, pg_bin, wait_tcp and srv_spawn from there).

# Runs a PostgreSQL tool as the postgres user when we are root (PostgreSQL refuses root).
_srv_as_pg() {
    if _srv_is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}


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
