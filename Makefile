# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/end2end/node_modules/.bin:$(PATH)
PORT ?= 3000

.PHONY: bench-scale setup national run-national run test test-rust test-e2e test-schema test-fuzz build release size bench lint bench-load lighthouse size-check run-scale test-scale test-s3

setup:
	bash scripts/setup.sh

## Build and serve the app with SQLite (data/lksa.db) and demo data on http://127.0.0.1:$(PORT): the
## release build users get (each page its own WASM chunk, precompressed; the first build takes a while)
run: setup
	LEPTOS_SITE_ADDR=127.0.0.1:$(PORT) cargo leptos serve --release --split --precompress

## Every test: domain unit and property tests, storage and server integration tests, Playwright journeys
## on the release build, the first-load size budget
test: setup lint test-rust test-s3 build test-e2e test-scale size-check test-schema test-fuzz

## Each test in its own process with a time limit (.config/nextest.toml): a hang fails by name.
## The store and server suites run twice: on SQLite, then on a throw-away PostgreSQL cluster.
test-rust:
	cargo nextest run -p domain -p store -p media
	cargo nextest run -p app --features ssr --lib
	cargo nextest run -p server
	bash scripts/with-postgres.sh cargo nextest run -p store -p server

## Evidence in a real S3 server: a throw-away single-node Garage (scripts/garage.sh) and the blob
## store's contract (store/tests/blobs.rs): content addressing, dedupe, nothing readable anonymously
test-s3:
	bash scripts/garage.sh run cargo nextest run -p store --test blobs

## The build that ships (and that the journeys test): release, each page its own WASM chunk
## (--split), file names hashed, brotli and gzip copies written beside them (--precompress)
build:
	cargo leptos build --release --split --precompress

test-e2e:
	bash scripts/e2e.sh

## Two app servers on one PostgreSQL (and one Garage bucket) behind nginx, on free ports, with demo data
run-scale: setup build
	bash scripts/scale.sh run

## The journey through nginx and two servers; one server is killed mid-way (tests/scale.spec.ts)
test-scale:
	bash scripts/scale.sh test

## The national data set in PostgreSQL behind nginx and two servers, then the load benchmark through
## the proxy (BENCHMARKS.md "National size: PostgreSQL"). BENCH_ARGS go to scripts/load-bench.py.
bench-scale: setup build
	bash scripts/scale.sh bench $(BENCH_ARGS)

## Schemathesis against /api/v1 as every demo account and anonymously (SECURITY.md)
test-schema:
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-30} bash scripts/schema-fuzz.sh

## A short coverage-guided fuzzing run of the upload pipeline and the instrument parser (SECURITY.md)
test-fuzz:
	CARGO_TARGET_DIR=$(HOME)/.cache/lksa-accreditation/fuzz-target FUZZ_SECONDS=$${FUZZ_SECONDS:-45} bash scripts/fuzz-ci.sh

release: setup build

## The national data set (14,445 institutions, ~13 million score rows) in data/national.db,
## beside the demo data; serve it with `make run-national`. Deterministic; a second run changes nothing.
NATIONAL_DB ?= data/national.db
national: release
	RUST_LOG=info,sqlx=error DATABASE_URL=sqlite://$(NATIONAL_DB) $${CARGO_TARGET_DIR:-target}/release/server national $(INSTITUTIONS)

## The release build on the national data set, as the load benchmark measures it
run-national: release
	DATABASE_URL=sqlite://$(NATIONAL_DB) LEPTOS_SITE_ADDR=127.0.0.1:$(PORT) LEPTOS_OUTPUT_NAME=lksa \
		LEPTOS_SITE_ROOT=$${CARGO_TARGET_DIR:-target}/site $${CARGO_TARGET_DIR:-target}/release/server

## WASM + JS (brotli) each page loads first, per role (BENCHMARKS.md "First load"). The goal for
## sign-in, home, registry and verification is 150 KB; until it is met, CI fails when they grow
## beyond SIZE_BUDGET (today's figure plus a margin), so nothing makes them heavier unnoticed.
SIZE_BUDGET ?= 460000
size: release size-check

size-check:
	python3 scripts/size.py --site target/site --budget $(SIZE_BUDGET) --goal 150000 --out target/size.md

## Lighthouse (mobile) on the pages of each role, release build with demo data (BENCHMARKS.md)
lighthouse: release
	python3 scripts/lighthouse.py --site target/site --out target/lighthouse.md

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
