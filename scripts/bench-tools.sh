#!/usr/bin/env bash
# Installs the load tools scripts/load-bench.py drives, when missing: oha (crates.io, pinned; it
# compiles for several minutes the first time), wrk and the sqlite3 CLI (Debian). Idempotent.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
OHA_VERSION=1.16.0
if ! oha --version 2>/dev/null | grep -qF "$OHA_VERSION"; then
    cargo install oha --version "$OHA_VERSION" --locked
fi
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
if ((${#missing[@]})); then
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}"
fi
