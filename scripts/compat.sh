#!/usr/bin/env bash
# API compatibility with the previous release (projen's `compat` task).
#
# Builds the jsii assembly of the newest release tag (v*) in a throwaway git
# worktree and compares this checkout's assembly (.jsii, from
# `npx projen compile`) with it using jsii-diff. The library's APIs are
# experimental, so jsii-diff is told to count their breaking changes as
# errors (--error-on all): otherwise it would let every one through.
#
# A breaking change passes only when a commit since that tag says so in
# conventional-commit form (a `BREAKING CHANGE:` footer, or `type!:`), which
# is also what makes projen's bump a major (or, in 0.x, a minor) release.
#
#   bash scripts/compat.sh            # against the newest v* tag
#   bash scripts/compat.sh v0.1.0     # against that tag
#
# No release tag yet: nothing to compare, exit 0.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
. scripts/release-tag.sh

# In a shallow clone "no release yet" would be a silent pass: refused there,
# with or without a tag given.
NEWEST=$(previous_release_tag compat)
TAG=${1:-$NEWEST}
if [ -z "$TAG" ]; then
  echo "compat: no release tag (v*) yet: no previous API to compare with"
  exit 0
fi
[ -f .jsii ] || { echo "compat: no .jsii here: run 'npx projen compile' first" >&2; exit 1; }

WORK=$(mktemp -d)
cleanup() { git -C "$ROOT" worktree remove --force "$WORK/previous" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

# The previous release's sources, compiled with this checkout's toolchain
# (jsii is pinned to one minor in package.json, so both assemblies come from
# the same compiler).
git worktree add --detach "$WORK/previous" "$TAG" >/dev/null 2>&1
ln -s "$ROOT/node_modules" "$WORK/previous/node_modules"
(cd "$WORK/previous" && npx jsii --silence-warnings=reserved-word >"$WORK/jsii.log" 2>&1) || {
  tail -20 "$WORK/jsii.log" >&2
  echo "compat: could not compile the assembly of $TAG" >&2
  exit 1
}

echo "compat: the public API of this checkout against $TAG"
IGNORE=()
[ -f .compatignore ] && IGNORE=(--ignore-file .compatignore)
if npx jsii-diff "$WORK/previous" "$ROOT" --keys --error-on all "${IGNORE[@]}" >"$WORK/diff.log" 2>&1; then
  cat "$WORK/diff.log"
  echo "compat: no breaking change since $TAG"
  exit 0
fi
cat "$WORK/diff.log"

# Breaking changes: allowed only when announced by a commit since the tag.
# The log is read whole before grep looks at it: `git log | grep -q` under
# pipefail fails at random, since grep exits at its first match and git log,
# still writing, then dies of SIGPIPE (exit 141), which pipefail reports.
MESSAGES=$(git log --format='%B%n--END--' "$TAG..HEAD")
if grep -Eq '^BREAKING[ -]CHANGE: |^[a-z]+(\([^)]*\))?!: ' <<<"$MESSAGES"; then
  echo "compat: breaking changes since $TAG, announced by a BREAKING CHANGE commit: allowed (the next release bumps accordingly)"
  exit 0
fi
echo "compat: breaking changes since $TAG (above) and no commit since says BREAKING CHANGE." >&2
echo "compat: restore the API, or commit with a 'BREAKING CHANGE: <what and how to migrate>' footer." >&2
exit 1
