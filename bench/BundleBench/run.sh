#!/usr/bin/env bash
# Runs every bundle benchmark and prints the figures quoted in README.md.
# Needs: the .NET SDK, zip (apt-get install -y zip), GNU time (/usr/bin/time; apt-get install -y time).
# Scratch space: BENCH_DIR (default /tmp/bundlebench), up to ~5 GB while the 2 GB case runs; removed at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${BENCH_DIR:-/tmp/bundlebench}"
runs="${BENCH_RUNS:-5}"
rm -rf "$work"; mkdir -p "$work"
trap 'rm -rf "$work"' EXIT

dotnet build -c Release "$here" -o "$work/bin" >/dev/null
bench() { dotnet "$work/bin/BundleBench.dll" "$@"; }

echo "== machine"; nproc; uptime; dotnet --version; zip -v | sed -n 2p

echo "== create: ours vs zip -r -X, 100 MiB tree, $runs runs each"
bench generate "$work/tree" 100
bench compare "$work/tree" "$runs"
rm -rf "$work/tree"

# Trees are ~30% text: the bundles come out at ~78% of the tree size (10 MB, 500 MB and 2 GB bundles).
for case in "10mb 13" "500mb 640" "2gb 2620"; do
  set -- $case
  echo "== inspect: $1 bundle"
  bench generate "$work/tree-$1" "$2"
  bench create "$work/tree-$1" "$work/bundle-$1.zip"
  rm -rf "$work/tree-$1"
  /usr/bin/time -v dotnet "$work/bin/BundleBench.dll" inspect "$work/bundle-$1.zip" 2> "$work/time-$1.txt"
  grep -E 'Maximum resident set size|Elapsed \(wall clock\)|User time|System time' "$work/time-$1.txt"
  rm -f "$work/bundle-$1.zip"
done
