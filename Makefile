# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/end2end/node_modules/.bin:$(PATH)
PORT ?= 3000

.PHONY: setup national run-national run test test-rust test-e2e test-schema test-fuzz build release size bench lint bench-load

setup:
	bash scripts/setup.sh

## Build and serve the app with SQLite (data/lksa.db) and demo data on http://127.0.0.1:$(PORT)
run: setup
	LEPTOS_SITE_ADDR=127.0.0.1:$(PORT) cargo leptos serve

## Every test: domain unit and property tests, storage and server integration tests, Playwright journeys
test: setup lint test-rust build test-e2e test-schema test-fuzz

## Each test in its own process with a time limit (.config/nextest.toml): a hang fails by name.
test-rust:
	cargo nextest run -p domain -p store -p media
	cargo nextest run -p app --features ssr --lib
	cargo nextest run -p server

build:
	cargo leptos build

test-e2e:
	bash scripts/e2e.sh

## Schemathesis against /api/v1 as every demo account and anonymously (SECURITY.md)
test-schema:
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-30} bash scripts/schema-fuzz.sh

## A short coverage-guided fuzzing run of the upload pipeline and the instrument parser (SECURITY.md)
test-fuzz:
	CARGO_TARGET_DIR=$(HOME)/.cache/lksa-accreditation/fuzz-target FUZZ_SECONDS=$${FUZZ_SECONDS:-45} bash scripts/fuzz-ci.sh

release: setup
	cargo leptos build --release

## The national data set (14,445 institutions, ~13 million score rows) in data/national.db,
## beside the demo data; serve it with `make run-national`. Deterministic; a second run changes nothing.
NATIONAL_DB ?= data/national.db
national: release
	RUST_LOG=info,sqlx=error DATABASE_URL=sqlite://$(NATIONAL_DB) $${CARGO_TARGET_DIR:-target}/release/server national $(INSTITUTIONS)

## The release build on the national data set, as the load benchmark measures it
run-national: release
	DATABASE_URL=sqlite://$(NATIONAL_DB) LEPTOS_SITE_ADDR=127.0.0.1:$(PORT) LEPTOS_OUTPUT_NAME=lksa \
		LEPTOS_SITE_ROOT=$${CARGO_TARGET_DIR:-target}/site $${CARGO_TARGET_DIR:-target}/release/server

## Size of the WASM + JS the login page loads (release build), raw, gzip and brotli
size: release
	bash scripts/size.sh

## Formatting (Rust and view! macros) and clippy on both sides: the server (ssr) and the browser (hydrate, wasm32)
lint:
	cargo fmt --all --check
	leptosfmt --check app/src
	python3 scripts/house-check.py
	cargo clippy -p domain -p store -p media -p server -p app --features app/ssr --all-targets -- -D warnings
	cargo clippy -p app -p frontend --features app/hydrate --target wasm32-unknown-unknown -- -D warnings

## Load benchmark of a running server (BENCHMARKS.md "Load benchmark"): every page and server function
## of each role, and score saves at 50 and 200 connections. BENCH_BASE, BENCH_USERS=demo|national, BENCH_DB.
bench-load:
	mkdir -p target
	bash scripts/bench-tools.sh
	python3 scripts/load-bench.py --base $${BENCH_BASE:-http://127.0.0.1:$(PORT)} --users $${BENCH_USERS:-demo} \
		--duration $${BENCH_DURATION:-10s} --connections $${BENCH_CONNECTIONS:-4} \
		$${BENCH_DB:+--db $$BENCH_DB} --out $${BENCH_OUT:-target/load-bench-$${BENCH_USERS:-demo}.md}
