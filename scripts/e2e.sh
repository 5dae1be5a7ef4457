#!/usr/bin/env bash
# Runs the Playwright journeys against the built release server (`make build`) on a free port with a fresh
# database. Playwright starts the server and stops it when the run ends.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d /tmp/lksa-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT
export E2E_PORT="$port"
export E2E_SERVER_BIN="$target/${E2E_PROFILE:-release}/server"
export E2E_SITE_ROOT="$PWD/target/site"
export E2E_DATABASE_URL="sqlite://$work/e2e.db"
export E2E_EVIDENCE_DIR="$work/evidence"
cd end2end
npx playwright test "$@"
