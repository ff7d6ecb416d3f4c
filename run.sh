#!/usr/bin/env bash
# Runs the whole shop: installs what is missing, then starts the Aspire AppHost, which runs PostgreSQL, Redis and
# Azurite (as local processes without a container engine, as containers with one), `Worker migrate`, the Api,
# the Worker, the payment simulator and the Web, and the dashboard. Ctrl-C stops everything.
#   ./run.sh [AppHost arguments]      e.g. ./run.sh --Ports:web=8080
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

mkdir -p .local
exec 9>.local/run.lock
flock -n 9 || { echo "[run] ./run.sh is already running (pid $(cat .local/run.pid 2>/dev/null || echo '?')): stop it with Ctrl-C in its terminal first." >&2; exit 1; }
echo $$ >.local/run.pid

scripts/install.sh
echo "[run] starting the AppHost (the dashboard's login link and the shop's URL follow) ..."
# Not exec: the lock stays held by this shell until the AppHost has stopped.
dotnet run --project AppHost -c Release --launch-profile http -- "$@" 9>&-
