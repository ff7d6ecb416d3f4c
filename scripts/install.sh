#!/usr/bin/env bash
# Installs what the AppHost and the tests need when it is missing: PostgreSQL, Redis (apt), Azurite (npm,
# into .local/tools/azurite), and with --browser Chromium for the browser tests. Safe to run again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AZURITE_VERSION=3.37.0
AZURITE_DIR="$ROOT/.local/tools/azurite"
APT_PACKAGES=()

say() { printf '[install] %s\n' "$*"; }
die() { printf '[install] ERROR: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK (see global.json)"

compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null || APT_PACKAGES+=(postgresql)
command -v redis-server >/dev/null 2>&1 || APT_PACKAGES+=(redis-server)
[ -x "$AZURITE_DIR/node_modules/.bin/azurite-blob" ] || command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)
if [ "${1:-}" = --browser ]; then
    command -v chromium >/dev/null 2>&1 || APT_PACKAGES+=(chromium)
fi

if [ "${#APT_PACKAGES[@]}" -gt 0 ]; then
    SUDO=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "need root or sudo for: apt-get install ${APT_PACKAGES[*]}"
        SUDO=(sudo)
    fi
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install ${APT_PACKAGES[*]} yourself"
    say "installing ${APT_PACKAGES[*]} (apt-get) ..."
    "${SUDO[@]}" apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >/dev/null
fi

if [ ! -x "$AZURITE_DIR/node_modules/.bin/azurite-blob" ]; then
    say "installing azurite@$AZURITE_VERSION into .local/tools/azurite (npm, ~30 s) ..."
    mkdir -p "$AZURITE_DIR"
    # Node trusts only its bundled CAs; where a proxy re-signs TLS, the system's bundle carries its CA.
    [ -n "${NODE_EXTRA_CA_CERTS:-}" ] || [ ! -f /etc/ssl/certs/ca-certificates.crt ] ||
        export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
    npm install --no-audit --no-fund --loglevel=error --prefix "$AZURITE_DIR" "azurite@$AZURITE_VERSION" >"$AZURITE_DIR/npm-install.log" 2>&1 ||
        { tail -n 20 "$AZURITE_DIR/npm-install.log" >&2; die "npm install azurite failed (log: .local/tools/azurite/npm-install.log)"; }
fi
