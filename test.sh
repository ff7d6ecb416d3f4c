#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, runs `dotnet test` (the tests start their own throwaway
# servers and AppHosts from C#, on free ports) and ends with one line "N passed, N failed, N skipped".
#   ./test.sh [extra dotnet test arguments]      e.g. ./test.sh --filter Health
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/install.sh --browser
RESULTS=.local/test-results
rm -rf "$RESULTS"

STATUS=0
dotnet build Aspire.sln -c Release -nologo -v q || STATUS=$?
if [ "$STATUS" -eq 0 ]; then
    # No LogFileName: the TRX logger then gives each test project its own file.
    # -m:1: one test project at a time; the AppHost tests start whole shops, which would starve timing-sensitive tests.
    dotnet test Aspire.sln -c Release --no-build -m:1 --logger trx --results-directory "$RESULTS" "$@" || STATUS=$?
fi
# CI waits for every process holding its output: stop the MSBuild and compiler servers.
dotnet build-server shutdown >/dev/null 2>&1 || true

# The summary, summed over the TRX files' <Counters .../> elements (no file or no match counts 0).
set +o pipefail
count() { cat "$RESULTS"/*.trx 2>/dev/null | grep -o "<Counters [^>]*" | grep -o " $1=\"[0-9]*\"" | tr -dc '0-9\n' | awk '{ s += $1 } END { print s + 0 }'; }
PASSED=$(count passed)
FAILED=$(($(count failed) + $(count error) + $(count timeout) + $(count aborted)))
SKIPPED=$(count notExecuted)
[ "$PASSED" -gt 0 ] || { echo "no test passed or ran" >&2; STATUS=1; }
[ "$FAILED" -eq 0 ] || STATUS=1
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
exit "$STATUS"
