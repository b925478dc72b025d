# Sourced by compat.sh and next-version.sh: the newest release tag (v*).
#
#   previous_release_tag <who>   prints the tag, or nothing before the first
#                                release; refuses (exit 1) a shallow clone,
#                                where no tag is visible and every check or
#                                bump would take the first release for the next.
previous_release_tag() {
  if [ "$(git rev-parse --is-shallow-repository)" = "true" ]; then
    echo "$1: this clone is shallow, so the previous release tag cannot be found; fetch the whole history with its tags (git fetch --unshallow --tags)" >&2
    return 1
  fi
  git describe --tags --abbrev=0 --match 'v[0-9]*' 2>/dev/null || true
}
