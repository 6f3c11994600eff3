#!/usr/bin/env bash
# Installs what the test suites need, idempotently: Debian packages (only when missing) and the npm tools
# pinned in tools/package.json + tools/package-lock.json into the project-local folder .tools/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# The app tests' python (LocalTestRunner.FindPython) needs pytest, and boto3 for tests that call the local stack.
{ python3 -c 'import pytest, boto3' || /usr/bin/python3 -c 'import pytest, boto3'; } >/dev/null 2>&1 || need_apt+=(python3-pytest python3-boto3)
if [ "${#need_apt[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${need_apt[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

tools="$root/.tools"
mkdir -p "$tools"
if ! cmp -s "$root/tools/package-lock.json" "$tools/package-lock.json" || [ ! -d "$tools/node_modules" ]; then
  echo "installing npm test tools into .tools/"
  cp "$root/tools/package.json" "$root/tools/package-lock.json" "$tools/"
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error)
fi
