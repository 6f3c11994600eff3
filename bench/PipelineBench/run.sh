#!/usr/bin/env bash
# Runs the offline pipeline benchmarks and prints the figures quoted in README.md.
# Needs: the .NET SDK, python3 with pytest (the examples' tests), GNU time (/usr/bin/time; apt-get install -y time).
# Scratch space: BENCH_DIR (default /tmp/pipelinebench), ~12 GB while the 2 GB case runs; removed at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${BENCH_DIR:-/tmp/pipelinebench}"
runs="${BENCH_RUNS:-5}"
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

dotnet build -c Release "$here" -o "$work/bin" >/dev/null
dotnet build -c Release "$repo/bench/BundleBench" -o "$work/bundlebench" >/dev/null

echo "== machine"; nproc; uptime; dotnet --version

echo "== examples: $runs offline runs each (auto-approved)"
dotnet "$work/bin/PipelineBench.dll" examples "$repo" "$runs"

# The same generated trees as BundleBench (~30% text): 10 MB, 500 MB and 2 GB bundles.
for case in "10mb 13" "500mb 640" "2gb 2620"; do
  set -- $case
  echo "== deploy: $1 bundle"
  dotnet "$work/bundlebench/BundleBench.dll" generate "$work/tree-$1" "$2" >/dev/null
  /usr/bin/time -v dotnet "$work/bin/PipelineBench.dll" deploy "$repo" "$work/tree-$1" 2> "$work/time-$1.txt"
  grep -E 'Maximum resident set size|Elapsed \(wall clock\)' "$work/time-$1.txt"
  rm -rf "$work/tree-$1"
done
