# shellcheck shell=bash
# Sourced by scripts/servers.sh. Needs LOCAL (the .local directory) and srv_log.

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
