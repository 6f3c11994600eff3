#!/usr/bin/env bash
# Runs the example pipeline end to end offline: bundles examples/marketing-demo, uploads it to the local S3, and
# runs the SAM app's state machine and handlers on the local stack (dev -> test -> prod, prod after approval).
# Pass other `run` options after the script name, e.g. `scripts/run-example.sh examples/serverless-etl`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# The example's tests run with pytest, as the CodeBuild project does on AWS.
if ! { python3 -c 'import pytest' || /usr/bin/python3 -c 'import pytest'; } >/dev/null 2>&1; then
  echo "installing pytest (Debian package python3-pytest)"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-pytest >/dev/null
fi

example="${1:-examples/marketing-demo}"
[ $# -gt 0 ] && shift
state=".smus-local/$(basename "$example")"
rm -rf "$state"
exec dotnet run --project cli/SmusServerless.Cli -c Release -- run "$example" --auto-approve --state-dir "$state" "$@"
