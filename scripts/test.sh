#!/usr/bin/env bash
# Runs every test of the repository on a fresh machine with the .NET SDK:
#   1. installs what the tests need (Debian packages, npm tools into .tools/),
#   2. runs every xunit project and the official-AWS-client tests (their fixtures start and stop the
#      local services: s3rver, the local AWS endpoints, the approval server),
#   3. prints one closing line: "tests: N passed, N failed, N skipped", counted from the real results.
# Exit code 0 only when nothing failed.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/install-test-tools.sh || { echo "test tools could not be installed" >&2; echo "tests: 0 passed, 1 failed"; exit 1; }

results="$root/TestResults"
rm -rf "$results"; mkdir -p "$results"
export SMUS_REPO_ROOT="$root"
export SMUS_TOOLS_DIR="$root/.tools"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

status=0
echo "== build"
dotnet build SmusServerless.sln -c Release -nologo -v q || status=1

# The Native AOT bootstrap is built here (warnings are errors) so an AOT/trim regression fails the tests;
# a test then runs the native binary against a fake Lambda Runtime API.
echo "== bootstrap (Native AOT)"
bash scripts/build-bootstrap.sh || status=1

echo "== xunit"
if [ "$status" -eq 0 ]; then
  for proj in $(find tests -name '*.Tests.csproj' | sort); do
    name=$(basename "$proj" .csproj)
    echo "-- $name"
    dotnet test "$proj" -c Release --no-build -nologo -v q \
      --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=1
  done
fi

# Node's test runner for the official AWS SDK for JavaScript clients against our local endpoints.
node_passed=0; node_failed=0; node_skipped=0
if [ -f tests/js-clients/run.sh ]; then
  echo "== js-clients"
  bash tests/js-clients/run.sh > "$results/js-clients.txt" 2>&1; rc=$?
  cat "$results/js-clients.txt"
  node_passed=$(grep -E '^# pass [0-9]+' "$results/js-clients.txt" | awk '{s+=$3} END {print s+0}')
  node_failed=$(grep -E '^# fail [0-9]+' "$results/js-clients.txt" | awk '{s+=$3} END {print s+0}')
  node_skipped=$(grep -E '^# skipped [0-9]+' "$results/js-clients.txt" | awk '{s+=$3} END {print s+0}')
  if [ "$rc" -ne 0 ] && [ "$node_failed" -eq 0 ]; then node_failed=1; fi
fi

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
passed=$((passed + node_passed)); failed=$((failed + node_failed)); skipped=$((skipped + node_skipped))
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
[ "$failed" -gt 0 ] && status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
