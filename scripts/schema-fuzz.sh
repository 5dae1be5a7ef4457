#!/usr/bin/env bash
# Schema fuzzing of /api/v1 with schemathesis, once per demo account and once anonymously.
#
#   scripts/schema-fuzz.sh [SERVER_BIN]
#
# Starts SERVER_BIN (default: $LKSA_SERVER_BIN, else $CARGO_TARGET_DIR/debug/server, else
# target/debug/server) on a free port with a fresh SQLite database and the demo data, signs in
# through POST /auth/login as each account, and runs schemathesis against the served OpenAPI
# document (/api/v1/openapi.json) with the checks not_a_server_error, status_code_conformance and
# response_schema_conformance. Path ids are drawn half of the time from the real institution and
# cycle ids (listed by the administrator), so the 200 answers are checked too, not only the 404s;
# the coverage phase also repeats query parameters (?grade=A&grade=B).
# Prints one summary line per account and exits non-zero if any account's run failed.
#
# Environment:
#   FUZZ_ACCOUNTS   accounts to run as, space separated; "anonymous" means no cookie
#                   (default: every demo account, then anonymous)
#   FUZZ_EXAMPLES   examples per operation and phase (default 100)
#   FUZZ_CHECKS     schemathesis checks (default not_a_server_error,status_code_conformance,
#                   response_schema_conformance; "all" for every check)
#   FUZZ_TIMEOUT    hard limit in seconds for one account's run (default 240); the whole
#                   script is bounded by about (accounts × FUZZ_TIMEOUT) + 2 minutes
#   FUZZ_SEED       schemathesis seed, to replay a run (default: random)
#   FUZZ_REPORT_DIR where the per-account logs and JUnit reports go (default: a temp dir, kept)
#
# schemathesis (pinned) is installed once into a venv under ~/.cache/lksa-schemathesis.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
PASSWORD=demo-lksa-2026
EXAMPLES="${FUZZ_EXAMPLES:-100}"
CHECKS="${FUZZ_CHECKS:-not_a_server_error,status_code_conformance,response_schema_conformance}"
TIMEOUT="${FUZZ_TIMEOUT:-240}"
ACCOUNTS="${FUZZ_ACCOUNTS:-pengelola pengelola.magetan asesor1 asesor2 supervisor dinsos dinsos.kalsel dinsos.magetan kabid.magetan admin anonymous}"

bin="${1:-${LKSA_SERVER_BIN:-${CARGO_TARGET_DIR:-$PWD/target}/debug/server}}"
[ -x "$bin" ] || { echo "schema-fuzz: no server binary at $bin (build it, or pass its path)" >&2; exit 2; }

# --- schemathesis, installed idempotently ---------------------------------------------------
venv="$HOME/.cache/lksa-schemathesis/venv-$SCHEMATHESIS_VERSION"
st="$venv/bin/schemathesis"
if ! "$st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  echo "schema-fuzz: installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv" || { echo "schema-fuzz: python3 -m venv failed (Debian: apt-get install python3-venv)" >&2; exit 2; }
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

# --- the server, on a free port with a fresh database; stopped on exit ------------------------
work=$(mktemp -d /tmp/lksa-fuzz.XXXXXX)
reports="${FUZZ_REPORT_DIR:-$work/reports}"
mkdir -p "$reports"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  # Keep the reports when they live outside the work dir; the database and evidence go.
  rm -rf "$work/db" "$work/evidence" "$work/cookies" "$work/config"
  if [ -n "${FUZZ_REPORT_DIR:-}" ]; then rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
mkdir -p "$work/db" "$work/evidence" "$work/cookies" "$work/config"
LEPTOS_SITE_ADDR="127.0.0.1:$port" \
LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$PWD/target/site}" \
DATABASE_URL="sqlite://$work/db/fuzz.db" \
LKSA_EVIDENCE_DIR="$work/evidence" \
LKSA_DEMO_DATA=1 \
RUST_LOG="${RUST_LOG:-warn}" NO_COLOR=1 \
  "$bin" >"$reports/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 600); do
  curl -fsS -o /dev/null "$base/healthz" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { echo "schema-fuzz: server exited at start:" >&2; tail -20 "$reports/server.log" >&2; exit 2; }
  sleep 0.2
done
curl -fsS -o /dev/null "$base/healthz" || { echo "schema-fuzz: server not healthy after 120 s" >&2; exit 2; }
echo "schema-fuzz: server $bin on $base, database $work/db/fuzz.db, reports in $reports"

# Signs in through the real form; prints the session token.
token_of() {
  local jar="$work/cookies/$1.txt"
  curl -sS -o /dev/null -c "$jar" --data-urlencode "username=$1" --data-urlencode "password=$PASSWORD" "$base/auth/login"
  awk '$6 == "lksa_session" { print $7 }' "$jar"
}

# Real ids for the path parameters, as the administrator sees them.
admin_token=$(token_of admin)
[ -n "$admin_token" ] || { echo "schema-fuzz: could not sign in as admin" >&2; exit 2; }
curl -fsS -H "Cookie: lksa_session=$admin_token" "$base/api/v1/institutions" >"$work/config/institutions.json"
ids_toml=$(python3 - "$work/config/institutions.json" "$base" "$admin_token" <<'EOF'
import json, sys, urllib.request
institutions = [i["id"] for i in json.load(open(sys.argv[1]))]
cycles = []
for i in institutions:
    req = urllib.request.Request(f"{sys.argv[2]}/api/v1/institutions/{i}/cycles",
                                 headers={"Cookie": f"lksa_session={sys.argv[3]}"})
    cycles += [c["id"] for c in json.load(urllib.request.urlopen(req, timeout=10))]
print(json.dumps(institutions + cycles))
EOF
)
echo "schema-fuzz: $(python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])))' "$ids_toml") real institution and cycle ids seeded into path parameters"

summary=()
failed=0
total_start=$(date +%s)
for account in $ACCOUNTS; do
  config="$work/config/$account.toml"
  {
    # Crash files for `st replay` stay with the reports, not in the checkout.
    echo "[cache]"
    echo "directory = \"$reports/schemathesis-cache\""
    echo "[dictionaries.ids]"
    echo "values = $ids_toml"
    echo "[parameters]"
    echo "\"path.id\" = { dictionary = \"ids\", probability = 0.5 }"
    # Repeated query parameters (?name=a&name=b) are a common way to reach undocumented answers.
    echo "[phases.coverage]"
    echo "generate-duplicate-query-parameters = true"
  } >"$config"
  if [ "$account" = anonymous ]; then
    printf '[generation]\nwith-security-parameters = false\n' >>"$config"
  else
    tok=$(token_of "$account")
    if [ -z "$tok" ]; then
      summary+=("$(printf '%-18s FAILED: could not sign in' "$account")")
      failed=1
      continue
    fi
    printf '[auth.openapi.session_cookie]\napi_key = "%s"\n' "$tok" >>"$config"
  fi
  start=$(date +%s)
  set +e
  timeout --kill-after=10 "$TIMEOUT" "$st" --config-file "$config" --no-color run "$base/api/v1/openapi.json" \
    --checks "$CHECKS" \
    --phases examples,coverage,fuzzing \
    --max-examples "$EXAMPLES" \
    --request-timeout 10 \
    --workers 1 \
    --generation-database none \
    --continue-on-failure \
    ${FUZZ_SEED:+--seed "$FUZZ_SEED"} \
    --report junit --report-junit-path "$reports/$account.junit.xml" \
    >"$reports/$account.log" 2>&1
  rc=$?
  set -e
  secs=$(( $(date +%s) - start ))
  # schemathesis' closing lines: "58 generated, 3 found 3 unique failures" and "== 3 failures in 2.10s =="
  cases=$(grep -oE '[0-9]+ generated' "$reports/$account.log" | tail -1 | grep -oE '^[0-9]+' || true)
  result=$(grep -E '^=+ .* =+$' "$reports/$account.log" | tail -1 | sed -E 's/^=+ //; s/ =+$//' || true)
  failures=$(sed -n '/^Failures:/,/^$/p' "$reports/$account.log" | grep -E 'ST[0-9]+' | sed -E 's/^ *(❌ )?//' | paste -sd ';' - || true)
  if [ "$rc" = 0 ]; then
    status=ok
  elif [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    status="FAILED (timed out after ${TIMEOUT}s)"; failed=1
  else
    status="FAILED (exit $rc)"; failed=1
  fi
  summary+=("$(printf '%-18s %-8s %4ss  %5s test cases  %s%s' "$account" "$status" "$secs" "${cases:-?}" "${result:-no result line}" "${failures:+  [$failures]}")")
done

echo
echo "schema-fuzz summary (checks: $CHECKS; examples per operation: $EXAMPLES; total $(( $(date +%s) - total_start ))s):"
for line in "${summary[@]}"; do echo "  $line"; done
echo "schema-fuzz: per-account logs (failures with curl reproductions) and JUnit reports in $reports"
if grep -qE 'panicked|ERROR' "$reports/server.log"; then
  echo "schema-fuzz: the server logged errors:"; grep -E 'panicked|ERROR' "$reports/server.log" | head -20
  failed=1
fi
exit "$failed"
