#!/usr/bin/env bash
# The compliance scan (scripts/compliance.ts): cdk-nag's packs, Control
# Tower's cfn-guard rules and checkov over every integ app; the library's
# own findings must be the ones the README lists, and none in the regulated
# app. Installs checkov (PyPI, pinned) into .tmp/venv-checkov.
set -euo pipefail
cd "$(dirname "$0")/.."

CHECKOV_VERSION=3.3.30
VENV=.tmp/venv-checkov
if [ "$("$VENV/bin/checkov" --version 2>/dev/null)" != "$CHECKOV_VERSION" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "checkov==$CHECKOV_VERSION"
fi
[ -f assets/status-reporter/status-reporter.lambda/index.js ] || npx projen bundle >/dev/null
echo "cdk-nag $(node -p 'require("cdk-nag/package.json").version'), aws-cdk-lib $(node -p 'require("aws-cdk-lib/package.json").version'), checkov $("$VENV/bin/checkov" --version), cdk-validator-cfnguard $(node -p 'require("@cdklabs/cdk-validator-cfnguard/package.json").version')"
CHECKOV="$PWD/$VENV/bin/checkov" npx ts-node --transpile-only --project test/tsconfig.json scripts/compliance.ts "$@"
