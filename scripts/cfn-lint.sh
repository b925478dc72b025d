#!/usr/bin/env bash
# AWS's cfn-lint (PyPI, pinned) over every template the project synthesizes:
#   - the integ snapshots (integ/*.snapshot/*.template.json),
#   - the scale app of test/scale.test.ts (synthesized by scripts/synth-scale.ts),
#   - the consumer apps' templates (.tmp/consumers/*/, written by
#     scripts/consumers.sh; the TypeScript one is synthesized here if absent).
# Zero findings are allowed except those listed, with a reason each, in
# scripts/cfn-lint-allowed.json. Installs cfn-lint into .tmp/venv-cfn-lint.
#
#   bash scripts/cfn-lint.sh            # lint all of the above
#   bash scripts/cfn-lint.sh FILE...    # lint only these templates
set -euo pipefail
cd "$(dirname "$0")/.."
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20

CFN_LINT_VERSION=1.58.0
# Regions to lint in: the consumer and scale apps' region, and cfn-lint's default.
REGIONS=(eu-west-1 us-east-1)
VENV=.tmp/venv-cfn-lint
TS_NODE=(npx ts-node --transpile-only --project test/tsconfig.json)

if [ "$("$VENV/bin/cfn-lint" --version 2>/dev/null)" != "cfn-lint $CFN_LINT_VERSION" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check "cfn-lint==$CFN_LINT_VERSION"
fi

if [ "$#" -gt 0 ]; then
  templates=("$@")
else
  [ -f assets/status-reporter/status-reporter.lambda/index.js ] || npx projen bundle >/dev/null
  rm -rf .tmp/cfn-lint && mkdir -p .tmp/cfn-lint
  "${TS_NODE[@]}" scripts/synth-scale.ts .tmp/cfn-lint/scale >/dev/null
  if ! ls .tmp/consumers/*/CodeConnectionsConsumer.template.json >/dev/null 2>&1; then
    CDK_OUTDIR=.tmp/cfn-lint/consumer "${TS_NODE[@]}" consumers/typescript/app.ts >/dev/null
  fi
  shopt -s nullglob
  templates=(integ/*.snapshot/*.template.json .tmp/cfn-lint/scale/*.template.json
             .tmp/consumers/*/CodeConnectionsConsumer.template.json .tmp/cfn-lint/consumer/*.template.json)
  shopt -u nullglob
fi

echo "$("$VENV/bin/cfn-lint" --version) over ${#templates[@]} templates in ${REGIONS[*]}:"
printf '  %s\n' "${templates[@]}"
set +e
"$VENV/bin/cfn-lint" --format json --regions "${REGIONS[@]}" -- "${templates[@]}" > .tmp/cfn-lint-findings.json
rc=$?
set -e
# cfn-lint exits with a bit mask: 2 errors, 4 warnings, 8 informational; 1 is a failure of its own.
if [ $((rc & 1)) -ne 0 ] || [ ! -s .tmp/cfn-lint-findings.json ]; then
  echo "cfn-lint itself failed (exit $rc)" >&2
  cat .tmp/cfn-lint-findings.json >&2 || true
  exit 1
fi
"$VENV/bin/python" scripts/cfn-lint-check.py scripts/cfn-lint-allowed.json "${#templates[@]}" < .tmp/cfn-lint-findings.json
