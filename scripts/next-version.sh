#!/usr/bin/env bash
# projen's nextVersionCommand: decides the bump only for the first release.
# Without a release tag, projen would release the current version, 0.0.0; the
# first release is 0.1.0 instead ("minor" from 0.0.0). Once a v* tag exists,
# this prints nothing and the bump follows the conventional commits since
# that tag (fix: patch, feat: minor, BREAKING CHANGE: major; in 0.x as
# commit-and-tag-version does).
set -euo pipefail
. "$(dirname "$0")/release-tag.sh"
# A shallow clone is refused: every release would look like the first.
TAG=$(previous_release_tag next-version)
if [ -z "$TAG" ]; then
  echo minor
fi
