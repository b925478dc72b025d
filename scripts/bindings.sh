#!/usr/bin/env bash
# Generates the jsii bindings' code for all four languages with
# `jsii-pacmak --code-only` (~3 s): the only check .NET gets here, since
# there is no .NET toolchain. The real packages (npm tarball, Python wheel and
# sdist, Maven jar, Go module), built with projen's package:* tasks and used
# by a consumer app in each language, are scripts/consumers.sh's job.
set -euo pipefail
cd "$(dirname "$0")/.."

rm -rf dist-code
npx jsii-pacmak --code-only --target python --target java --target dotnet --target go --outdir dist-code

for t in python java dotnet go; do
  n=$(find "dist-code/$t" -type f | wc -l)
  echo "generated $t: $n files"
  [ "$n" -gt 0 ] || { echo "no $t code generated" >&2; exit 1; }
done
