#!/usr/bin/env bash
# Builds the bench bootstrap as Native AOT and as JIT, then times cold starts and warm invocations against a
# local fake Runtime API. Results: stdout (a Markdown table) and artifacts/bench/coldstart.json.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/artifacts/bench"
runs="${RUNS:-31}"
warm="${WARM:-2000}"

command -v clang >/dev/null 2>&1 || { echo "run.sh: Native AOT needs clang and zlib1g-dev (apt-get install -y clang zlib1g-dev)" >&2; exit 1; }
rm -rf "$out/aot" "$out/jit" "$out/driver"
dotnet publish "$root/bench/ColdStart/BenchBootstrap" -c Release -r linux-x64 -o "$out/aot" -nologo -v:q
dotnet publish "$root/bench/ColdStart/BenchBootstrap" -c Release -o "$out/jit" -nologo -v:q
dotnet build "$root/bench/ColdStart/ColdStartBench" -c Release -o "$out/driver" -nologo -v:q
dotnet "$out/driver/ColdStartBench.dll" --aot "$out/aot/bootstrap" --jit "$out/jit/bootstrap.dll" \
  --runs "$runs" --warm "$warm" --json "$out/coldstart.json"
