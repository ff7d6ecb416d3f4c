# shellcheck shell=bash
# Installs what run.sh and test.sh need when it is missing (apt, npm). Sourced by scripts/servers.sh,
# which defines srv_log, srv_err and _srv_is_root first.

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
        # Node trusts only its bundled CAs; where a proxy re-signs TLS, the system's bundle carries its CA.
        local ca=/etc/ssl/certs/ca-certificates.crt
        [ -n "${NODE_EXTRA_CA_CERTS:-}" ] || [ ! -f "$ca" ] || export NODE_EXTRA_CA_CERTS="$ca"
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
