# shellcheck shell=bash
# bench/orders.sh's database side, sourced after bench/common.sh: access to the shop database, the pgbench anchor,
# and what the database says about a run (statements per order, duplicate effects, final statuses).

# ------------------------------------------------------------------ PostgreSQL access
# conn_field NAME: one field of the Npgsql connection string bench/common.sh exports (case-insensitive).
conn_field() {
    tr ';' '\n' <<<"$ConnectionStrings__shopdb" |
        awk -F= -v k="$1" '!found && tolower($1) == tolower(k) { sub(/^[^=]*=/, ""); print; found = 1 }'
}
SHOP_DB="$(conn_field Database)"; SHOP_DB="${SHOP_DB:-shopdb}"
PG_PASSWORD="$(conn_field Password)"
if [ -n "$PG_PASSWORD" ]; then export PGPASSWORD="$PG_PASSWORD"; fi
pg_args=(-h "$(conn_field Host)" -p "$(conn_field Port)" -U "$(conn_field Username)")
[ -n "${pg_args[1]}" ] || pg_args[1]=127.0.0.1
[ -n "${pg_args[3]}" ] || pg_args[3]="$PG_PORT"
[ -n "${pg_args[5]}" ] || pg_args[5]=postgres
psql_cmd=("$SHOP_PG_BIN/psql" "${pg_args[@]}" -qAtX -v ON_ERROR_STOP=1)
shopdb() { "${psql_cmd[@]}" -d "$SHOP_DB" -c "$1"; }

# Seeded stock is small: top it up so that orders are not Rejected for stock.
top_up_stock() { shopdb "UPDATE catalog_items SET stock = 1000000" >/dev/null; }

BENCH_T0="$(date +%s)"
# backlog: orders placed since this script started that are not final yet.
backlog() {
    # Unfinished orders plus queued messages (e-mails), so one level's leftovers never slow the next.
    shopdb "SELECT (SELECT count(*) FROM orders WHERE created_at >= to_timestamp($BENCH_T0)
            AND status NOT IN ('Confirmed', 'Rejected', 'PaymentFailed')) + (SELECT count(*) FROM outbox_messages)"
}
# drain: waits up to DRAIN_TIMEOUT s for the backlog to be empty; sets DRAIN_S (seconds) and DRAIN_LEFT.
drain() {
    local start=$SECONDS
    DRAIN_LEFT="$(backlog)"
    while [ "$DRAIN_LEFT" -gt 0 ] && [ $((SECONDS - start)) -lt "$DRAIN_TIMEOUT" ]; do
        sleep 1
        DRAIN_LEFT="$(backlog)"
    done
    DRAIN_S=$((SECONDS - start))
    if [ "$DRAIN_LEFT" -gt 0 ]; then srv_err "$DRAIN_LEFT orders still not final after ${DRAIN_TIMEOUT}s"; fi
    return 0
}

# ------------------------------------------------------------------ anchor: pgbench TPC-B
# measure_pgbench: sets PGBENCH (tps) for PGBENCH_CLIENTS clients at PGBENCH_SCALE on the same server.
measure_pgbench() {
    srv_log "pgbench TPC-B ($PGBENCH_CLIENTS clients, scale $PGBENCH_SCALE, ${PGBENCH_SECONDS}s) on the same server ..."
    PGB="$SHOP_PG_BIN/pgbench"
    if [ -z "$("${psql_cmd[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = 'pgbench'")" ]; then
        "${psql_cmd[@]}" -d postgres -c "CREATE DATABASE pgbench" >/dev/null
    fi
    "$PGB" "${pg_args[@]}" -i -s "$PGBENCH_SCALE" -q pgbench >"$OUT/orders-pgbench-init.log" 2>&1 ||
        { tail -20 "$OUT/orders-pgbench-init.log" >&2; srv_err "pgbench -i failed"; exit 1; }
    # Checkpoints before and after, so neither the loaded data nor pgbench's writes are flushed during a measurement.
    "${psql_cmd[@]}" -d postgres -c CHECKPOINT >/dev/null
    "$PGB" "${pg_args[@]}" -c "$PGBENCH_CLIENTS" -j "$THREADS" -T "$PGBENCH_SECONDS" pgbench >"$OUT/orders-pgbench.txt" 2>&1 ||
        { tail -20 "$OUT/orders-pgbench.txt" >&2; srv_err "pgbench failed"; exit 1; }
    "${psql_cmd[@]}" -d postgres -c CHECKPOINT >/dev/null
    PGBENCH="$(awk '/^tps/ {printf "%d", $3; exit}' "$OUT/orders-pgbench.txt")"
    [ "${PGBENCH:-0}" -gt 0 ] || { cat "$OUT/orders-pgbench.txt" >&2; srv_err "no tps in pgbench's output"; exit 1; }
    srv_log "pgbench TPC-B: $PGBENCH tps"
}

# ------------------------------------------------------------------ what the database says
# start_statement_profile: from now on pg_stat_statements counts only this phase (the AppHost preloads it).
start_statement_profile() {
    shopdb "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null 2>&1 || true
    shopdb "SELECT pg_stat_statements_reset()" >/dev/null 2>&1 || true
    PROFILE_T0="$(date +%s)"
}

# read_run_checks: sets PROFILE (statements per order since start_statement_profile), DUPLICATES, STOCK_TAKEN,
# STOCK_SOLD and STATUSES.
read_run_checks() {
    PROFILE="$(shopdb "SELECT string_agg(format('| %s | %s | %s ms | %s |', round(calls::numeric / greatest(n, 1), 2),
            calls, round(mean_exec_time::numeric, 3), left(regexp_replace(query, '\s+', ' ', 'g'), 70)), E'\n' ORDER BY calls DESC)
        FROM (SELECT * FROM pg_stat_statements WHERE query !~* 'pg_stat_statements|^select status|^select \(select count' ORDER BY calls DESC LIMIT 14) s,
             (SELECT count(*) AS n FROM orders WHERE created_at >= to_timestamp($PROFILE_T0) AND status = 'Confirmed') o" 2>/dev/null || true)"
    # No duplicate effects, whatever the number of Workers: one Confirmed per order, and the stock taken since the last
    # top-up is exactly what the Confirmed orders placed since then bought.
    DUPLICATES="$(shopdb "SELECT count(*) FROM (SELECT order_id FROM order_status_changes WHERE status = 'Confirmed'
        GROUP BY order_id HAVING count(*) > 1) d")"
    STOCK_TAKEN="$(shopdb "SELECT sum(1000000 - stock) FROM catalog_items")"
    STOCK_SOLD="$(shopdb "SELECT coalesce(sum(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id
        WHERE o.created_at >= to_timestamp($PROFILE_T0) AND o.status = 'Confirmed'")"
    STATUSES="$(shopdb "SELECT coalesce(string_agg(status || ' ' || n, ', ' ORDER BY n DESC), 'none') FROM
        (SELECT status, count(*) AS n FROM orders WHERE created_at >= to_timestamp($BENCH_T0) GROUP BY status) s")"
}
