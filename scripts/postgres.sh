#!/usr/bin/env bash
# A throw-away PostgreSQL cluster (Debian's postgresql 15) in a temporary directory on a free port,
# for tests and `make run-scale`. Nothing is installed as a service and nothing outside the
# directory is touched.
#
#   scripts/postgres.sh start DIR   creates DIR, starts the cluster, prints its URL (postgres://…)
#   scripts/postgres.sh stop DIR    stops it (immediate) and removes DIR
#
# As root the cluster runs as the unprivileged `postgres` user (initdb refuses root). Every wait
# has a time limit, so a cluster that does not come up fails here, saying so, instead of hanging.
set -euo pipefail

cmd="${1:?start or stop}"
dir="${2:?a directory}"

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bin_dir() {
    local d
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    if [ -z "$d" ]; then
        echo "== installing PostgreSQL from Debian" >&2
        if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
        $SUDO apt-get update -qq >&2 && $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
        # Debian starts a system cluster on install; the tests do not use it.
        $SUDO service postgresql stop >/dev/null 2>&1 || true
        d="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
    fi
    echo "$d"
}

case "$cmd" in
start)
    bin="$(bin_dir)"
    port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U lksa --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 400
shared_buffers = 256MB
fsync = on
synchronous_commit = on
EOF
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
        { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://lksa@127.0.0.1:$port"
    ;;
stop)
    bin="$(bin_dir)"
    if [ -d "$dir/data" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
