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

# The official AWS SDK for JavaScript clients run inside SmusServerless.Local.Tests (one xunit test starts the
# local endpoints and node's test runner), so their results are counted with the xunit ones.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
[ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
[ "$failed" -gt 0 ] && status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
