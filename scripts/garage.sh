#!/usr/bin/env bash
# A throw-away single-node Garage (a Rust, S3-compatible object store) in a directory on free
# ports, with one private bucket `lksa` and one key allowed to read and write it. For the S3
# evidence tests and `make run-scale`. Nothing is installed as a service.
#
#   scripts/garage.sh start DIR   starts it; prints `export …` lines for the app (LKSA_EVIDENCE_URL,
#                                 LKSA_S3_ENDPOINT, LKSA_S3_REGION, LKSA_S3_ACCESS_KEY_ID, …)
#   scripts/garage.sh stop DIR    stops it and removes DIR
#   scripts/garage.sh run CMD…    starts one in a temporary directory, runs CMD with those
#                                 variables and LKSA_TEST_S3=1, stops it (also on failure)
#
# Garage comes from the crate registry (`cargo install garage --locked`) when it is missing.
# Every wait has a time limit.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
GARAGE_VERSION=2.5.0

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

ensure_garage() {
    if ! command -v garage >/dev/null; then
        echo "== installing Garage $GARAGE_VERSION from crates.io (a few minutes, once)" >&2
        cargo install garage --locked --version "$GARAGE_VERSION" >&2
    fi
}

start() {
    local dir="$1"
    ensure_garage
    mkdir -p "$dir"
    local rpc s3 admin
    rpc="$(free_port)"; s3="$(free_port)"; admin="$(free_port)"
    cat >"$dir/garage.toml" <<CONF
metadata_dir = "$dir/meta"
data_dir = "$dir/data"
db_engine = "sqlite"
replication_factor = 1
rpc_bind_addr = "127.0.0.1:$rpc"
rpc_public_addr = "127.0.0.1:$rpc"
rpc_secret = "$(openssl rand -hex 32)"
[s3_api]
s3_region = "garage"
api_bind_addr = "127.0.0.1:$s3"
root_domain = ".s3.garage.localhost"
[admin]
api_bind_addr = "127.0.0.1:$admin"
CONF
    local g=(garage -c "$dir/garage.toml")
    setsid "${g[@]}" server >"$dir/server.log" 2>&1 < /dev/null &
    echo $! >"$dir/pid"
    local id=""
    for _ in $(seq 1 100); do
        id="$("${g[@]}" node id -q 2>/dev/null | cut -d@ -f1)" && [ -n "$id" ] && break
        sleep 0.2
    done
    [ -n "$id" ] || { cat "$dir/server.log" >&2; echo "Garage did not start within 20 s" >&2; exit 1; }
    "${g[@]}" layout assign -z dc1 -c 1G "$id" >/dev/null
    "${g[@]}" layout apply --version 1 >/dev/null
    "${g[@]}" bucket create lksa >/dev/null
    local key secret
    key="GK$(openssl rand -hex 12)"; secret="$(openssl rand -hex 32)"
    "${g[@]}" key import -n lksa --yes "$key" "$secret" >/dev/null
    "${g[@]}" bucket allow --read --write lksa --key lksa >/dev/null
    # The S3 endpoint answers once the layout is live: an anonymous request is refused (403).
    for _ in $(seq 1 100); do
        code="$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$s3/lksa/probe" || true)"
        [ "$code" = "403" ] && break
        sleep 0.2
    done
    cat <<VARS
export LKSA_EVIDENCE_URL=s3://lksa/evidence
export LKSA_S3_ENDPOINT=http://127.0.0.1:$s3
export LKSA_S3_REGION=garage
export LKSA_S3_ACCESS_KEY_ID=$key
export LKSA_S3_SECRET_ACCESS_KEY=$secret
VARS
}

stop() {
    local dir="$1"
    if [ -f "$dir/pid" ]; then
        kill "$(cat "$dir/pid")" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$(cat "$dir/pid")" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$(cat "$dir/pid")" 2>/dev/null || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
start) start "${2:?a directory}" ;;
stop) stop "${2:?a directory}" ;;
run)
    shift
    dir="$(mktemp -d /tmp/lksa-garage-XXXXXX)"
    trap 'stop "$dir"' EXIT INT TERM
    eval "$(start "$dir")"
    export LKSA_TEST_S3=1
    echo "== Garage (S3) for tests at $LKSA_S3_ENDPOINT"
    "$@"
    ;;
*) echo "usage: $0 start DIR | stop DIR | run CMD…" >&2; exit 2 ;;
esac
