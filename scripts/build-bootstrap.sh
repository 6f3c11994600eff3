#!/usr/bin/env bash
# Builds the one Native AOT `bootstrap` (linux-x64, custom runtime provided.al2023) that every function in
# template.yaml runs: artifacts/bootstrap/bootstrap (the functions' CodeUri is artifacts/bootstrap/).
# Fails on any build, trim or AOT warning, and when the binary needs a newer glibc than Amazon Linux 2023 has.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/artifacts/bootstrap"
symbols="$root/artifacts/bootstrap-symbols"
publish="$root/artifacts/obj/bootstrap-publish"
log="$root/artifacts/obj/bootstrap-publish.log"
# provided.al2023 ships glibc 2.34: a binary that asks for a newer symbol version would not start there.
max_glibc="2.34"

# Native AOT links with clang and zlib.
missing=()
command -v clang >/dev/null 2>&1 || missing+=(clang)
[ -e /usr/include/zlib.h ] || missing+=(zlib1g-dev)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "build-bootstrap: Native AOT needs ${missing[*]}; install them (apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  echo "build-bootstrap: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

rm -rf "$publish" "$out" "$symbols"
mkdir -p "$publish" "$out" "$symbols" "$(dirname "$log")"

echo "build-bootstrap: dotnet publish (Native AOT, linux-x64, Release, warnings as errors)"
set +e
dotnet publish "$root/functions/SmusServerless.Functions/SmusServerless.Functions.csproj" \
  -c Release -r linux-x64 -o "$publish" \
  -p:TreatWarningsAsErrors=true -p:TrimmerSingleWarn=false -p:SuppressTrimAnalysisWarnings=false \
  -nologo -clp:NoSummary >"$log" 2>&1
status=$?
set -e
if [ $status -ne 0 ]; then
  cat "$log" >&2
  echo "build-bootstrap: publish failed (exit $status)" >&2
  exit 1
fi
# Belt and braces: ILC warnings (IL2xxx/IL3xxx) must not pass even if a project relaxed TreatWarningsAsErrors.
if grep -Eiq '(^|[^a-z])warning ' "$log"; then
  grep -Ei '(^|[^a-z])warning ' "$log" >&2
  echo "build-bootstrap: the publish produced warnings; the bootstrap must publish with none" >&2
  exit 1
fi

cp "$publish/bootstrap" "$out/bootstrap"
chmod 755 "$out/bootstrap"
[ -f "$publish/bootstrap.dbg" ] && cp "$publish/bootstrap.dbg" "$symbols/bootstrap.dbg"

if command -v objdump >/dev/null 2>&1; then
  needed="$(objdump -T "$out/bootstrap" | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1)"
  if [ -n "$needed" ] && [ "$(printf '%s\n%s\n' "$needed" "$max_glibc" | sort -V | tail -1)" != "$max_glibc" ]; then
    echo "build-bootstrap: the binary needs glibc $needed; provided.al2023 has $max_glibc" >&2
    exit 1
  fi
  echo "build-bootstrap: needs glibc ${needed:-?} (provided.al2023 has $max_glibc)"
fi

size=$(stat -c %s "$out/bootstrap")
echo "build-bootstrap: $out/bootstrap ($size bytes), 0 warnings"
