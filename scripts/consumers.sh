#!/usr/bin/env bash
# Builds this library's packages with projen's standard packaging tasks and
# synthesizes the same app with each of them, as a user would:
#   typescript  consumers/typescript/app.ts against src/ (the reference)
#   python      consumers/python/app.py, in a venv with aws-cdk-lib, constructs
#               and dist/python/*.whl           (npx projen package:python)
#   java        consumers/java (Maven), with aws-cdk-lib, constructs and the
#               jar from dist/java               (npx projen package:java)
#   go          consumers/go, with aws-cdk-go and dist/go via `replace`
#                                                (npx projen package:go)
# then compares every template with the TypeScript one
# (scripts/compare-consumers.ts) and prints the wall time of each step.
#
#   bash scripts/consumers.sh                 # all four
#   bash scripts/consumers.sh python go       # TypeScript (always) + these
#
# Expects `npm install` and `npx projen compile` to have run (lib/, .jsii).
# Installs everything else it needs under .tmp/ (venv, Maven repository).
# Templates land in .tmp/consumers/LANG/ (scripts/cfn-lint.sh lints them).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export CDK_DISABLE_CLI_TELEMETRY=true

ALL=(python java go)
LANGS=("$@")
[ "${#LANGS[@]}" -gt 0 ] || LANGS=("${ALL[@]}")
for l in "${LANGS[@]}"; do
  case "$l" in typescript|python|java|go) ;; *) echo "unknown language: $l (one of typescript ${ALL[*]})" >&2; exit 2 ;; esac
done

OUT=.tmp/consumers
LOGS=.tmp/consumers-logs
TS_NODE=(npx ts-node --transpile-only --project test/tsconfig.json)
# The versions the library is built and tested against (package.json devDependencies).
CDK_VERSION=$(node -p 'require("./package.json").devDependencies["aws-cdk-lib"]')
CONSTRUCTS_VERSION=$(node -p 'require("./package.json").devDependencies["constructs"]')
mkdir -p "$OUT" "$LOGS"

[ -f .jsii ] || { echo "no .jsii: run 'npx projen compile' first" >&2; exit 1; }
[ -f assets/status-reporter/status-reporter.lambda/index.js ] || npx projen bundle >/dev/null

TIMES=()
# step NAME LOG COMMAND...: runs COMMAND with output to LOG, records its wall
# time, and on failure prints the log's tail and exits.
step() {
  local name=$1 log=$LOGS/$2; shift 2
  local t0=$SECONDS
  echo "== $name"
  if ! "$@" > "$log" 2>&1; then
    tail -40 "$log" >&2
    echo "FAILED: $name (full log: $log)" >&2
    exit 1
  fi
  TIMES+=("$(printf '%-45s %4ds' "$name" $((SECONDS - t0)))")
}

synth_typescript() {
  rm -rf "$OUT/typescript"
  CDK_OUTDIR=$OUT/typescript "${TS_NODE[@]}" consumers/typescript/app.ts
}

# ---------------------------------------------------------------- npm
# jsii-pacmak embeds this same tarball in the wheel, the jar and the Go
# module, so what it holds ships in every language: nothing but the library.
package_js() {
  rm -rf dist/js
  npx projen package:js
  local stray
  stray=$(tar tzf dist/js/*.tgz | grep -E '^package/(\.tmp|consumers|dist-code|dist)/' | head -5 || true)
  if [ -n "$stray" ]; then
    echo "the npm tarball holds files that are not the library (.npmignore is not .gitignore):" >&2
    echo "$stray" >&2
    echo "exclude /.tmp/, /consumers/ and /dist-code/ in .npmignore (projenrc/consumers.ts's addConsumerTasks does)" >&2
    return 1
  fi
  tar tzf dist/js/*.tgz | sed -n 's#^package/\([^/]*\).*#\1#p' | sort | uniq -c
}

# ---------------------------------------------------------------- Python
package_python() {
  rm -rf dist/python
  npx projen package:python
  ls -l dist/python
}
install_python() {
  local venv=.tmp/venv-consumer
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check \
    "aws-cdk-lib==$CDK_VERSION" "constructs==$CONSTRUCTS_VERSION"
  # The wheel's version stays 0.0.0 between builds: always reinstall it.
  "$venv/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps dist/python/*.whl
  "$venv/bin/pip" check
}
synth_python() {
  rm -rf "$OUT/python"
  (cd consumers/python && CDK_OUTDIR=$ROOT/$OUT/python "$ROOT/.tmp/venv-consumer/bin/python" app.py)
}

# ---------------------------------------------------------------- Java
# One Maven repository for everything Java here (jsii-pacmak's build of the
# jar and the consumer), so a locally built aws-cdk-lib (below) is seen by both.
# The user's Maven repository by default: on a fresh machine a locally built
# aws-cdk-lib (below) takes minutes once, then stays for later runs.
M2=${CDK_CODECONNECTIONS_M2:-$HOME/.m2/repository}
mvn_() { mvn -B -Dmaven.repo.local="$M2" "$@"; }

# aws-cdk-lib's jar from Maven Central (the floor's, 2.138.0, is served with
# its dependencies); where a mirror lacks it (this environment's served the
# pom of 2.268.0 but not its jar), build the same jar from the npm package
# (node_modules/aws-cdk-lib) with jsii-pacmak, as AWS does, into $M2.
java_cdk_lib() {
  # With its dependencies: a pom whose pinned dependencies are not served is
  # not enough; the locally built pom takes a version range.
  if mvn_ -q dependency:get -Dartifact="software.amazon.awscdk:aws-cdk-lib:$CDK_VERSION"; then
    echo "aws-cdk-lib $CDK_VERSION: resolves with its dependencies (Maven Central or $M2)"
    return
  fi
  echo "aws-cdk-lib $CDK_VERSION: jar not served by Maven Central here; building it from node_modules/aws-cdk-lib with jsii-pacmak"
  local gen=.tmp/cdklib-java
  rm -rf "$gen"
  npx jsii-pacmak --code-only --target java --outdir "$gen" node_modules/aws-cdk-lib
  (cd "$gen/java" && mvn_ -q -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -DskipTests install)
  rm -rf "$gen"
}
package_java() {
  rm -rf dist/java
  # jsii-pacmak runs Maven with its own settings; -Dmaven.repo.local wins over them.
  MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=$M2" npx projen package:java
  find dist/java -name '*.jar' -exec ls -l {} +
}
synth_java() {
  rm -rf "$OUT/java"
  # Maven caches dist/java's 0.0.0 in $M2 and would not look at a rebuilt one.
  rm -rf "$M2/io/github/cdk-codeconnections"
  (cd consumers/java && CDK_OUTDIR=$ROOT/$OUT/java mvn_ -q -Dcdk.version="$CDK_VERSION" -Dconstructs.version="$CONSTRUCTS_VERSION" compile exec:java)
}

# ---------------------------------------------------------------- Go
# package:go (scripts/package-go.sh) excuses exactly one failure of pacmak's
# own go-build check: this Go proxy refusing an indirect module. The module
# is complete; consumers/go/go.mod replaces that version with the one awscdk
# v2 itself requires, and builds it for real below.
package_go() {
  rm -rf dist/go
  npx projen package:go
  find dist/go -type f | wc -l
}
build_go() {
  (cd consumers/go && go build -o "$ROOT/.tmp/consumer-go" .)
}
synth_go() {
  rm -rf "$OUT/go"
  (cd consumers/go && CDK_OUTDIR=$ROOT/$OUT/go "$ROOT/.tmp/consumer-go")
}

# ---------------------------------------------------------------- run
T0=$SECONDS
step "typescript: synth (ts-node, src/)" ts-synth.log synth_typescript
step "npm: npx projen package:js" js-package.log package_js
compared=()
for l in "${LANGS[@]}"; do
  case "$l" in
    typescript) ;;
    python)
      step "python: npx projen package:python" py-package.log package_python
      step "python: venv + pip install" py-install.log install_python
      step "python: synth (python app.py)" py-synth.log synth_python
      compared+=(python) ;;
    java)
      step "java: aws-cdk-lib $CDK_VERSION jar" java-cdk-lib.log java_cdk_lib
      step "java: npx projen package:java" java-package.log package_java
      step "java: synth (mvn compile exec:java)" java-synth.log synth_java
      compared+=(java) ;;
    go)
      step "go: npx projen package:go" go-package.log package_go
      step "go: go build" go-build.log build_go
      step "go: synth (run the binary)" go-synth.log synth_go
      compared+=(go) ;;
  esac
done

echo
echo "Packages:"
for f in dist/js/* dist/python/* $(find dist/java -name '*.jar' 2>/dev/null); do
  [ -f "$f" ] && printf '  %-75s %9d bytes\n' "$f" "$(stat -c %s "$f")"
done
[ -d dist/go ] && printf '  %-75s %9d bytes in %d files\n' "dist/go/cdkcodeconnections/" \
  "$(du -sb dist/go/cdkcodeconnections | cut -f1)" "$(find dist/go/cdkcodeconnections -type f | wc -l)"
echo
echo "Wall time:"
printf '  %s\n' "${TIMES[@]}"
printf '  %-45s %4ds\n' "total" $((SECONDS - T0))
echo
if [ "${#compared[@]}" -gt 0 ]; then
  "${TS_NODE[@]}" scripts/compare-consumers.ts "$OUT" "${compared[@]}"
fi
