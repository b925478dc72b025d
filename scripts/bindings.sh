#!/usr/bin/env bash
# Generates the jsii bindings for all four languages (code only: the
# toolchains and registries to package Java, .NET and Go are not reachable
# here), builds the Python wheel offline from the generated code with
# Debian's setuptools/wheel, and inspects it.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf dist-code
npx jsii-pacmak --code-only --target python --target java --target dotnet --target go --outdir dist-code

for t in python java dotnet go; do
  n=$(find "dist-code/$t" -type f | wc -l)
  echo "generated $t: $n files"
  [ "$n" -gt 0 ] || { echo "no $t code generated" >&2; exit 1; }
done

# pyenv's python has no `wheel`; Debian's python3 does (python3-wheel).
PY=/usr/bin/python3
if ! "$PY" -c 'import setuptools, wheel' 2>/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-setuptools python3-wheel python3-pip >/dev/null
  else
    echo "need Debian's python3-setuptools and python3-wheel" >&2; exit 1
  fi
fi
"$PY" -m pip wheel --no-deps --no-build-isolation --no-index -w dist-code/wheel dist-code/python >/dev/null
"$PY" scripts/inspect-wheel.py dist-code/wheel/*.whl
