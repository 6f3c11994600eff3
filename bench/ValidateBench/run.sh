#!/usr/bin/env bash
# Validate speed, before and after, in one run: builds the CLI and ValidateBench from BASE_REF (default: the commit
# before issue 13's second half) and from the working tree, then runs `validate` on each fixture alternately
# (base, head, base, head, ...) and prints medians side by side, plus the in-process load time of each build.
# Needs: the .NET SDK and git. Scratch space: BENCH_DIR (default /tmp/validatebench), removed at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
base_ref="${BASE_REF:-1b52048}"
runs="${BENCH_RUNS:-15}"
loads="${BENCH_LOADS:-2000}"
work="${BENCH_DIR:-/tmp/validatebench}"
rm -rf "$work"; mkdir -p "$work/base"
trap 'rm -rf "$work"' EXIT

git -C "$root" archive "$base_ref" | tar -x -C "$work/base"
rm -rf "$work/base/bench/ValidateBench"; cp -r "$here" "$work/base/bench/ValidateBench"
for side in base head; do
  src=$([ "$side" = base ] && echo "$work/base" || echo "$root")
  dotnet build "$src/cli/SmusServerless.Cli" -c Release -nologo -v q -o "$work/out-$side/cli" | grep -E "error|warn" || true
  dotnet build "$src/bench/ValidateBench" -c Release -nologo -v q -o "$work/out-$side/bench" | grep -E "error|warn" || true
done

echo "== machine"; nproc; uptime; dotnet --version
echo "== base $(git -C "$root" rev-parse --short "$base_ref"), head $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' + working tree')"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

for fixture in "$here"/fixtures/*.yaml; do
  name=$(basename "$fixture")
  : > "$work/base.ms"; : > "$work/head.ms"
  for _ in $(seq "$runs"); do
    for side in base head; do
      start=$(now_ms)
      dotnet "$work/out-$side/cli/smus-serverless.dll" validate -p "$fixture" >/dev/null
      echo $(( $(now_ms) - start )) >> "$work/$side.ms"
    done
  done
  printf '%-14s validate wall, median of %s: base %s ms, head %s ms\n' "$name" "$runs" \
    "$(median < "$work/base.ms")" "$(median < "$work/head.ms")"
  for side in base head; do
    printf '%-14s in-process, %s: ' "$name" "$side"
    dotnet "$work/out-$side/bench/ValidateBench.dll" "$fixture" "$loads"
  done
done
