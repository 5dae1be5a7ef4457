#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already there at the right
# version. Safe to run again: on a prepared machine it takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages: Chromium for Playwright (no browser download is possible here),
# poppler-utils for reading generated PDFs in tests.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

# cargo-leptos 0.3.10 is the last version that builds on rustc 1.95.
if ! cargo leptos --version 2>/dev/null | grep -q "0.3.10"; then
  cargo install cargo-leptos --version 0.3.10 --locked --features no_downloads
fi

# cargo-nextest runs every Rust test in its own process with a time limit.
if ! cargo nextest --version >/dev/null 2>&1; then
  cargo install cargo-nextest --locked
fi

# leptosfmt formats the view! macros; `make lint` checks them.
if ! leptosfmt --version 2>/dev/null | grep -q "0.1.33"; then
  cargo install leptosfmt --version 0.1.33 --locked
fi

# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock.
wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q "$wb"; then
  # No --locked: its lock file wants a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$wb"
fi

# Playwright (uses Debian's chromium) and binaryen's wasm-opt for release builds.
if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi
