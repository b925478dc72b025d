#!/usr/bin/env bash
# Lints every IAM policy of every integ template with parliament (PyPI,
# pinned), after the deployment rehearsal has resolved their intrinsics
# (scripts/resolved-policies.ts). The library's own statements must have no
# finding except those in scripts/iam-lint-allowed.json, each with a reason.
# Installs parliament into .tmp/venv-parliament.
set -euo pipefail
cd "$(dirname "$0")/.."

PARLIAMENT_VERSION=1.6.4
VENV=.tmp/venv-parliament
if [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("parliament"))' 2>/dev/null)" != "$PARLIAMENT_VERSION" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "parliament==$PARLIAMENT_VERSION"
fi

[ -f assets/status-reporter/status-reporter.lambda/index.js ] || npx projen bundle >/dev/null
rm -rf .tmp/iam-lint
npx ts-node --transpile-only --project test/tsconfig.json scripts/resolved-policies.ts .tmp/iam-lint
"$VENV/bin/python" scripts/iam-lint.py .tmp/iam-lint
