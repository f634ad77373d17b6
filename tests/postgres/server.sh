#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for the tests: `start DIR` initialises one in DIR (which must not exist), on a free
# loopback port, run by an unprivileged user, and prints the Npgsql connection string; `stop DIR` stops it and deletes
# DIR. Installs Debian's postgresql-15 when it is missing. Quiet unless something fails (then the server log is shown).
# The tests' server skips durability (fsync off); POSTGRES_DURABLE=1 keeps PostgreSQL's defaults (fsync, synchronous
# commits, full page writes), as a deployed server has them: benchmarks/Databases uses it.
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
user=portaltest

# Runs a command as the cluster's owner: root hands it to the unprivileged user (PostgreSQL refuses to run as root).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

start() {
    local dir=$1
    if [ ! -x "$bin/postgres" ]; then
        echo "Installing Debian's PostgreSQL 15 for the PostgreSQL tests..." >&2
        local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
    fi
    if [ "$(id -u)" -eq 0 ] && ! id "$user" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
    fi
    local owner; owner=$([ "$(id -u)" -eq 0 ] && echo "$user" || id -un)

    mkdir -p "$dir"
    chmod 700 "$dir"
    [ "$(id -u)" -ne 0 ] || chown "$user" "$dir"
    local password; password=$(head -c 18 /dev/urandom | base64 | tr -d '+/=')
    printf '%s\n' "$password" >"$dir/pwfile"
    [ "$(id -u)" -ne 0 ] || chown "$user" "$dir/pwfile"
    as_owner "$bin/initdb" -D "$dir/data" -U "$owner" --pwfile="$dir/pwfile" --auth=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
    rm -f "$dir/pwfile"

    # A free loopback port: the first one from a random start that nothing answers on.
    local port=$((20000 + RANDOM % 20000)) tries=0
    while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
        port=$((port + 1)); tries=$((tries + 1))
        [ "$tries" -lt 200 ] || { echo "No free port for PostgreSQL." >&2; return 1; }
    done
    # A test server: no durability needed (fsync off), room for every test class's connection pool.
    local durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [ "${POSTGRES_DURABLE:-}" != 1 ] || durability=""
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o \
        "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c max_connections=300 $durability" \
        >/dev/null 2>&1 || { cat "$dir/server.log" >&2; return 1; }
    echo "$port" >"$dir/port"
    echo "Host=127.0.0.1;Port=$port;Username=$owner;Password=$password;Database=postgres"
}

stop() {
    local dir=$1
    [ -d "$dir" ] || return 0
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
    start) start "$2" ;;
    stop) stop "$2" ;;
    *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
