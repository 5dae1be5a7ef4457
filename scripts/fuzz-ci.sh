#!/usr/bin/env bash
# Runs every fuzz target in fuzz/ for a short while (FUZZ_SECONDS, default 60) from the committed
# corpus and fails on any crash, timeout or allocation over the memory limit. See SECURITY.md.
#
# Builds with plain `cargo` on stable Rust, passing the same coverage flags `cargo fuzz build
# --sanitizer none -O` would: none of them needs nightly without a sanitizer, so nothing has to be
# installed beyond a C++ compiler for libFuzzer itself (installed from Debian if missing).
set -euo pipefail

cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${FUZZ_SECONDS:-60}"
TRIPLE="$(rustc -vV | sed -n 's/^host: //p')"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/fuzz/target}"
# Memory limits make an over-budget allocation a crash: no single allocation above 320 MiB (the
# pipeline's ceiling per job is 255 MiB) and no more than 512 MiB resident in total.
LIMITS=(-rss_limit_mb=512 -malloc_limit_mb=320 -timeout=10 -print_final_stats=1)

if ! command -v c++ >/dev/null 2>&1; then
    echo "== installing a C++ compiler for libFuzzer"
    if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq g++ >/dev/null
fi

echo "== building fuzz targets ($TRIPLE, $CARGO_TARGET_DIR)"
# Exactly the flags of `cargo fuzz build -O --sanitizer none` (cargo-fuzz 0.13), so either tool
# reuses the other's build; debug assertions and overflow checks come from fuzz/Cargo.toml.
RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cllvm-args=-simplifycfg-branch-fold-threshold=0 \
-Cllvm-args=-sanitizer-coverage-stack-depth -Ccodegen-units=1" \
    cargo build --manifest-path fuzz/Cargo.toml --target "$TRIPLE" --release \
    --config 'profile.release.debug="line-tables-only"' --bins

failed=0
summary=()
for target in process detect instrument; do
    # Images and PDFs stay small; the instrument target also reads the real 117 KB instrument,
    # which is not copied into the corpus.
    max_len=65536
    extra=()
    if [ "$target" = instrument ]; then
        max_len=131072
        extra=(instrument)
    fi
    work="$(mktemp -d)"
    artifacts="fuzz/artifacts/$target"
    mkdir -p "$artifacts"
    log="$work/log"
    echo "== fuzzing $target for ${SECONDS_PER_TARGET}s"
    # New inputs go to the temporary first directory, so the committed corpus stays as it is.
    if "$CARGO_TARGET_DIR/$TRIPLE/release/$target" "$work" "fuzz/corpus/$target" "${extra[@]}" \
        -max_total_time="$SECONDS_PER_TARGET" -max_len="$max_len" "${LIMITS[@]}" \
        -artifact_prefix="$artifacts/" >"$log" 2>&1; then
        result="ok"
    else
        result="FAILED (see $artifacts/ and the log below)"
        failed=1
        tail -n 40 "$log"
    fi
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")"
    cov="$(grep -E '^#[0-9]+' "$log" | tail -n 1 | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true)"
    rss="$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")"
    summary+=("$(printf '%-11s %-8s runs=%-9s %-22s peak_rss=%sMB' "$target" "$result" "${runs:-?}" "${cov:-cov: ?}" "${rss:-?}")")
    rm -rf "$work"
done

echo
echo "== fuzz summary (${SECONDS_PER_TARGET}s per target)"
printf '%s\n' "${summary[@]}"
exit "$failed"
