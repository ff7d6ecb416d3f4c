# shellcheck shell=bash
# run.sh's hosts (Api, Worker, Web): building them when sources changed, starting them with the configuration
# AppHost would give them, and how to stop them. Sourced by run.sh after it sets ROOT, TFM, HOSTS,
# LOGS, PIDS and the *_PORT variables, and defines log.

project_of() { case "$1" in api) echo Api ;; worker) echo Worker ;; web) echo Web ;; esac; }

port_of() { case "$1" in api) echo "$API_PORT" ;; worker) echo "$WORKER_PORT" ;; web) echo "$WEB_PORT" ;; esac; }

dll_of() { local p; p="$(project_of "$1")"; echo "$ROOT/$p/bin/Release/$TFM/$p.dll"; }

outputs_exist() {
    local name
    for name in "${HOSTS[@]}"; do [ -f "$(dll_of "$name")" ] || return 1; done
}

any_alive() {
    local pid
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && return 0; done
    return 1
}

stop_hosts() {
    local name pid pids=()
    for name in "${HOSTS[@]}"; do
        pid="$(cat "$PIDS/$name.pid" 2>/dev/null || true)"
        if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null &&
            tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "$(project_of "$name").dll"; then
            kill -TERM "$pid" 2>/dev/null || true
            pids+=("$pid")
        fi
    done
    if [ "${#pids[@]}" -gt 0 ]; then
        log "stopping hosts ..."
        for _ in $(seq 1 150); do
            any_alive "${pids[@]}" || break
            sleep 0.1
        done
        for pid in "${pids[@]}"; do
            if kill -0 "$pid" 2>/dev/null; then
                srv_err "host pid $pid did not stop in 15 s: killing it"
                kill -KILL "$pid" 2>/dev/null || true
            fi
        done
    fi
    for name in "${HOSTS[@]}"; do rm -f "$PIDS/$name.pid"; done
}

# Fingerprint of every source file (path, mtime, size): additions, deletions and edits all change it.
source_fingerprint() {
    find . \( -name bin -o -name obj -o -name .local -o -name .git -o -name node_modules -o -name TestResults -o -path ./bench/out \) -prune \
        -o -type f \( -name '*.cs' -o -name '*.razor' -o -name '*.cshtml' -o -name '*.csproj' -o -name '*.props' \
        -o -name '*.targets' -o -name '*.json' -o -name '*.sql' -o -name '*.css' -o -name '*.js' -o -name '*.slnf' \
        -o -name '*.sln' -o -iname 'nuget.config' -o -name '.editorconfig' \) -printf '%p %T@ %s\n' |
        LC_ALL=C sort | md5sum | cut -d' ' -f1
}

# Streams a host's output: raw into its log file, prefixed with [name] to stdout. Ignores Ctrl-C
# so the hosts' shutdown messages still come through; it ends when the host closes its output.
prefix_output() {
    trap '' INT TERM HUP
    tee -a "$2" | sed -u "s/^/[$1] /"
}

# exec_host NAME: becomes the host process. Working directory = project directory, as with
# `dotnet run` and AppHost (content root). setsid: a Ctrl-C in the terminal reaches only run.sh,
# which then stops the hosts before the servers.
exec_host() {
    local name="$1" project
    project="$(project_of "$name")"
    cd "$ROOT/$project"
    ASPNETCORE_URLS="http://127.0.0.1:$(port_of "$name")"
    export ASPNETCORE_URLS
    export OTEL_SERVICE_NAME="$name"
    OTEL_RESOURCE_ATTRIBUTES="service.instance.id=$name-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
    export OTEL_RESOURCE_ATTRIBUTES
    if [ "$name" = web ]; then
        export services__api__http__0="http://127.0.0.1:$API_PORT"
    fi
    exec setsid dotnet "$(dll_of "$name")"
}

start_host() {
    local name="$1"
    : >"$LOGS/$name.log"
    exec_host "$name" </dev/null > >(prefix_output "$name" "$LOGS/$name.log") 2>&1 &
    HOST_PID[$name]=$!
    echo "$!" >"$PIDS/$name.pid"
}

# wait_hosts_healthy: polls each host's /health until all answer 200; dies when a host exits first
# or HEALTH_TIMEOUT runs out, and names the stragglers every 10 s.
wait_hosts_healthy() {
    local -A healthy=()
    local deadline=$((SECONDS + HEALTH_TIMEOUT)) next_report=$((SECONDS + 10)) name code
    local -a missing
    while :; do
        missing=()
        for name in "${HOSTS[@]}"; do
            [ -n "${healthy[$name]:-}" ] && continue
            if ! kill -0 "${HOST_PID[$name]}" 2>/dev/null; then
                die "$name exited before becoming healthy (log: .local/logs/$name.log)"
            fi
            code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$(port_of "$name")/health" 2>/dev/null || true)"
            if [ "$code" = 200 ]; then
                healthy[$name]=1
                log "$name is healthy"
            else
                missing+=("$name (/health: ${code:-000})")
            fi
        done
        [ "${#missing[@]}" -eq 0 ] && break
        if [ "$SECONDS" -ge "$deadline" ]; then
            die "not healthy after $HEALTH_TIMEOUT s: ${missing[*]} (logs in .local/logs/)"
        fi
        if [ "$SECONDS" -ge "$next_report" ]; then
            log "still waiting for: ${missing[*]}"
            next_report=$((SECONDS + 10))
        fi
        sleep 0.3
    done
}

# build_if_changed: builds Local.slnf unless no source changed since the last successful build
# (RUN_SH_NO_BUILD=1 skips it).
build_if_changed() {
    if [ "${RUN_SH_NO_BUILD:-}" = 1 ]; then
        log "skipping the build (RUN_SH_NO_BUILD=1)"
    else
        local fingerprint
        fingerprint="$(source_fingerprint)"
        if outputs_exist && [ -f "$BUILD_STAMP" ] && [ "$(cat "$BUILD_STAMP")" = "$fingerprint" ]; then
            log "build is up to date (no source changed since the last successful build)"
        else
            log "building Local.slnf (Release) ..."
            rm -f "$BUILD_STAMP"
            # In the background so that a signal is handled at once (the trap stops the build too).
            dotnet build Local.slnf -c Release -nologo -v q </dev/null &
            BUILD_PID=$!
            wait "$BUILD_PID" || die "build failed"
            BUILD_PID=""
            echo "$fingerprint" >"$BUILD_STAMP"
            log "build done ($(elapsed) s since start)"
        fi
    fi
}

# The admin token (Admin:Token) is generated once into .local/ and never committed.
ensure_admin_token() {
    if [ ! -s "$TOKEN_FILE" ]; then
        (
            umask 077
            openssl rand -hex 24 >"$TOKEN_FILE" 2>/dev/null ||
                od -An -N24 -tx1 /dev/urandom | tr -d ' \n' >"$TOKEN_FILE"
        )
        log "generated an admin token in .local/admin-token"
    fi
    Admin__Token="$(tr -d ' \n\r' <"$TOKEN_FILE")"
    export Admin__Token
}

# What AppHost would set for the hosts.
export_host_environment() {
    export Messaging__Transport=Postgres
    # The simulated payment provider runs inside the Api (Development only); the Worker calls it over HTTP.
    export PaymentSimulator__Enabled="${PaymentSimulator__Enabled:-true}"
    export Payments__BaseUrl="${Payments__BaseUrl:-http://127.0.0.1:$API_PORT/simulated-payments}"
    export ASPNETCORE_FORWARDEDHEADERS_ENABLED=true
    if [ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]; then
        export OTEL_EXPORTER_OTLP_PROTOCOL="${OTEL_EXPORTER_OTLP_PROTOCOL:-grpc}"
        export OTEL_BLRP_SCHEDULE_DELAY="${OTEL_BLRP_SCHEDULE_DELAY:-1000}"
        export OTEL_BSP_SCHEDULE_DELAY="${OTEL_BSP_SCHEDULE_DELAY:-1000}"
        export OTEL_METRIC_EXPORT_INTERVAL="${OTEL_METRIC_EXPORT_INTERVAL:-1000}"
        export OTEL_TRACES_SAMPLER="${OTEL_TRACES_SAMPLER:-always_on}"
        export OTEL_METRICS_EXEMPLAR_FILTER="${OTEL_METRICS_EXEMPLAR_FILTER:-trace_based}"
    fi
}
