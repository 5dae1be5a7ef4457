#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL cluster (scripts/postgres.sh) named in
# LKSA_TEST_POSTGRES, and stops the cluster afterwards, also when the command fails or is
# interrupted. `make test-rust` runs the store and server suites through it a second time.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(mktemp -d /tmp/lksa-pg-XXXXXX)"
trap 'bash scripts/postgres.sh stop "$dir"' EXIT INT TERM
LKSA_TEST_POSTGRES="$(bash scripts/postgres.sh start "$dir")"
export LKSA_TEST_POSTGRES
echo "== PostgreSQL for tests at $LKSA_TEST_POSTGRES"
"$@"
