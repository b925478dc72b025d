#!/usr/bin/env bash
# projen's nextVersionCommand: decides the bump only for the first release.
# Without a release tag, projen would release the current version, 0.0.0; the
# first release is 0.1.0 instead ("minor" from 0.0.0). Once a v* tag exists,
# this prints nothing and the bump follows the conventional commits since
# that tag (fix: patch, feat: minor, BREAKING CHANGE: major; in 0.x as
# commit-and-tag-version does).
set -euo pipefail
# A shallow clone has no tags: every release would look like the first.
if [ "$(git rev-parse --is-shallow-repository)" = "true" ]; then
  echo "next-version: this clone is shallow, so the previous release tag cannot be found; fetch the whole history with its tags (git fetch --unshallow --tags)" >&2
  exit 1
fi
if ! git describe --tags --abbrev=0 --match 'v[0-9]*' >/dev/null 2>&1; then
  echo minor
fi
