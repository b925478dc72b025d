#!/usr/bin/env bash
# projen's package:dotnet: the NuGet package where a .NET SDK exists (the
# release workflow's job runs in a container with one); elsewhere the .NET
# code only, generated into dist/dotnet-code/, so that a release build on a
# machine without .NET (this project's CI) still builds every other package
# and checks that the .NET code generates.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v dotnet >/dev/null 2>&1; then
  exec npx jsii-pacmak -v --target dotnet
fi
echo "package:dotnet: no .NET SDK here; generating the .NET code only, into dist/dotnet-code"
rm -rf dist/dotnet-code
npx jsii-pacmak --code-only --target dotnet --outdir dist/dotnet-code
