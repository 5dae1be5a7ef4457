#!/usr/bin/env bash
# The product as a ministry would run it: PostgreSQL and one S3 bucket on a real Garage server,
# two stateless app servers sharing both, behind Debian's nginx doing round robin. Everything runs
# from a temporary directory on free ports.
#
#   scripts/scale.sh run           starts it all with demo data, prints the address, waits for Ctrl-C
#   scripts/scale.sh test [args]   starts it all, runs the Playwright journey through nginx, stops it
#   scripts/scale.sh bench [args]  the national data set (`server national`) in PostgreSQL, then the
#                                  load benchmark (scripts/load-bench.py [args]) through nginx, stops it
#
# LKSA_SCALE_DATABASE_URL names a database to use instead of a throw-away cluster (for `bench`, one
# that holds the national data set already: generating it takes ~3.5 minutes).
#
# Uses the release build (`make build`). Every wait has a limit; everything started is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-run}"
shift || true
target="${CARGO_TARGET_DIR:-$PWD/target}"
bin="$target/release/server"
[ -x "$bin" ] || { echo "no release server at $bin: run 'make build' first" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work="$(mktemp -d /tmp/lksa-scale-XXXXXX)"
# The cluster runs as the unprivileged postgres user, who must reach its folder inside.
chmod 711 "$work"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    [ -f "$work/nginx.pid" ] && { kill "$(cat "$work/nginx.pid")" 2>/dev/null || true; }
    [ -n "${garage_dir:-}" ] && { bash scripts/garage.sh stop "$garage_dir" >/dev/null 2>&1 || true; }
    [ -d "$work/pg" ] && { bash scripts/postgres.sh stop "$work/pg" || true; }
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
    echo "== installing nginx from Debian"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
    $SUDO service nginx stop >/dev/null 2>&1 || true
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"

if [ -n "${LKSA_SCALE_DATABASE_URL:-}" ]; then
    database_url="$LKSA_SCALE_DATABASE_URL"
else
    database_url="$(bash scripts/postgres.sh start "$work/pg")/lksa"
    psql "${database_url%/lksa}/postgres" -qc "create database lksa" >/dev/null
    if [ "$mode" = bench ]; then
        echo "== the national data set into PostgreSQL (a few minutes)"
        DATABASE_URL="$database_url" RUST_LOG=warn "$bin" national | tail -1
    fi
fi
echo "== PostgreSQL: $database_url"

# Evidence in one private bucket on a real Garage server (scripts/garage.sh prints `export LKSA_…`).
garage_dir="$work/garage"
evidence_env=()
while IFS= read -r line; do evidence_env+=("${line#export }"); done < <(bash scripts/garage.sh start "$garage_dir" | grep '^export LKSA_')
[ "${#evidence_env[@]}" -ge 5 ] || { echo "Garage did not start" >&2; exit 1; }
echo "== Garage: $(printf '%s\n' "${evidence_env[@]}" | sed -n 's/^LKSA_S3_ENDPOINT=//p')"

ports=()
for i in 1 2; do
    port="$(free_port)"
    ports+=("$port")
    # The first server migrates and loads the demo data; the second starts once it answers.
    env "${evidence_env[@]}" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$PWD/target/site" \
        LEPTOS_OUTPUT_NAME=lksa DATABASE_URL="$database_url" LKSA_TRUSTED_PROXIES=127.0.0.1 RUST_LOG="${RUST_LOG:-warn}" \
        "$bin" >"$work/server$i.log" 2>&1 &
    pids+=("$!")
    echo "$!" >"$work/server$i.pid"
    for _ in $(seq 1 600); do
        curl -fsS --max-time 2 "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
        kill -0 "${pids[-1]}" 2>/dev/null || { cat "$work/server$i.log" >&2; exit 1; }
        sleep 0.2
    done
    curl -fsS --max-time 2 "http://127.0.0.1:$port/healthz" >/dev/null || { echo "server $i did not answer" >&2; exit 1; }
done

proxy_port="$(free_port)"
mkdir -p "$work/nginx"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log $work/nginx/access.log;
    client_body_temp_path $work/nginx/body;
    proxy_temp_path $work/nginx/proxy;
    fastcgi_temp_path $work/nginx/fastcgi;
    uwsgi_temp_path $work/nginx/uwsgi;
    scgi_temp_path $work/nginx/scgi;
    # Round robin over both servers. A server that refuses connections is skipped for 10 s, and the
    # request goes to the other one: every write carries the client's id or checks the workflow
    # step, so a request the dead server may have seen is answered the same way by the other.
    upstream lksa {
        server 127.0.0.1:${ports[0]} max_fails=1 fail_timeout=10s;
        server 127.0.0.1:${ports[1]} max_fails=1 fail_timeout=10s;
    }
    server {
        listen 127.0.0.1:$proxy_port;
        client_max_body_size 40m;
        location / {
            proxy_pass http://lksa;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_next_upstream error timeout non_idempotent;
            proxy_read_timeout 60s;
            proxy_buffering off;
            add_header X-Upstream \$upstream_addr always;
        }
    }
}
EOF
"$nginx_bin" -c "$work/nginx.conf" -p "$work/nginx" -e "$work/nginx/error.log"
for _ in $(seq 1 100); do curl -fsS --max-time 2 "http://127.0.0.1:$proxy_port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
echo "== two servers (${ports[*]}) behind nginx: http://127.0.0.1:$proxy_port"

case "$mode" in
run)
    echo "Open http://127.0.0.1:$proxy_port (demo accounts as in README.md); Ctrl-C stops everything."
    wait "${pids[0]}"
    ;;
test)
    export E2E_BASE_URL="http://127.0.0.1:$proxy_port"
    export E2E_SERVER_PIDS="$(cat "$work/server1.pid") $(cat "$work/server2.pid")"
    # The whole journey with both servers up, then the spread check and the killed server.
    (cd end2end && npx playwright test --project=tablet-portrait tests/journey.spec.ts "$@" &&
        npx playwright test --project=tablet-landscape tests/scale.spec.ts "$@")
    ;;
bench)
    bash scripts/bench-tools.sh
    mkdir -p target
    python3 scripts/load-bench.py --base "http://127.0.0.1:$proxy_port" --users national --db "$database_url" \
        --out target/load-bench-national-postgres.md "$@"
    ;;
*)
    echo "usage: $0 run|test|bench" >&2
    exit 2
    ;;
esac
