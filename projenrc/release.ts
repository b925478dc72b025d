import { awscdk } from 'projen';

/**
 * What `npx projen release` needs beyond projen's defaults here. Call from
 * .projenrc.ts: `addReleaseTasks(project);`
 *
 * - `package:dotnet` builds the NuGet package where a .NET SDK exists (the
 *   release workflow's job), and elsewhere generates the .NET code only,
 *   into dist/dotnet-code/: the build machines here have no .NET toolchain,
 *   and a release build must still produce every other package.
 * - `package:java` keeps the pom's version ranges of aws-cdk-lib, constructs
 *   and jsii-runtime (`[2.138.0,3.0.0)`, ...): jsii-pacmak otherwise runs
 *   Maven's versions:resolve-ranges, which pins each to the newest release
 *   Maven Central serves that day, and a Gradle build (newest wins) would
 *   then lift an app's aws-cdk-lib to it.
 * - `package:go` accepts exactly one failure of pacmak's own go-build check:
 *   the Go proxy here refusing an indirect module (scripts/package-go.sh).
 * - The release build's tests can be skipped with
 *   CODECONNECTIONS_TESTS_ALREADY_RAN=1, for .ci/run, which has just run the
 *   whole suite (`npx projen test`) on the same commit. Without it,
 *   `npx projen release` runs them, as projen's build does.
 * - `release:check`: the version inside every package in dist/, the
 *   changelog, and the npm tarball's contents and size
 *   (scripts/check-release.ts).
 * - `compat`: the public API against the previous release's (scripts/compat.sh).
 * - `iam-lint`: parliament over every resolved IAM policy of the integ
 *   templates (scripts/iam-lint.sh).
 * - `compliance`: cdk-nag's packs, Control Tower's cfn-guard rules and
 *   checkov over every integ app (scripts/compliance.sh).
 */
export function addReleaseTasks(project: awscdk.AwsCdkConstructLibrary): void {
  // processDependencies=false turns off resolve-ranges for <dependencies>
  // (versions-maven-plugin's user property); pacmak hands --mvn-X=V to
  // every Maven run as --X V.
  project.tasks.tryFind('package:java')!.reset('jsii-pacmak -v --target java --mvn-define=processDependencies=false');
  const dotnet = project.tasks.tryFind('package:dotnet')!;
  dotnet.reset('bash scripts/package-dotnet.sh');
  // package:go tolerates exactly the Go proxy's refusal of one indirect
  // module here (scripts/package-go.sh says why); any other failure fails.
  project.tasks.tryFind('package:go')!.reset('bash scripts/package-go.sh');

  // projen's build task is locked, so the condition sits on the test task;
  // a node check (projen's task shell is not bash: a `[ -z "${X:-}" ]`
  // condition skipped the tests unconditionally), and loud when it skips.
  project.testTask.addCondition('node -e "if (process.env.CODECONNECTIONS_TESTS_ALREADY_RAN) { '
    + 'console.error(\'tests skipped: CODECONNECTIONS_TESTS_ALREADY_RAN is set\'); process.exit(1) }"');

  project.addTask('iam-lint', {
    description: 'Lint every IAM policy of the integ templates with parliament, intrinsics resolved by the deployment rehearsal',
    steps: [{ exec: 'bash scripts/iam-lint.sh' }],
  });
  project.addTask('compliance', {
    description: "Scan every integ app with cdk-nag's packs, Control Tower's cfn-guard rules and checkov; the library's findings must be the README's list, none in the regulated app",
    steps: [{ exec: 'bash scripts/compliance.sh', receiveArgs: true }],
  });
  project.addTask('release:check', {
    description: 'Check the packages a release build left in dist/: the version in each, the changelog, the npm tarball contents and size',
    steps: [{ exec: 'ts-node --transpile-only --project test/tsconfig.json scripts/check-release.ts' }],
  });
  // projen's own compat compares with the npm registry's latest release; this
  // one with the previous release tag's assembly, built from the tag.
  project.removeTask('compat');
  const compat = project.addTask('compat', {
    description: "Compare the public API with the previous release's (jsii-diff); a breaking change needs a BREAKING CHANGE commit",
    steps: [{ exec: 'bash scripts/compat.sh', receiveArgs: true }],
  });
  // A release checks its API against the previous one (its assembly is built),
  // and packages only what this commit compiles: jsii never deletes files of
  // sources that moved or went away, and lib/ is what the npm tarball ships.
  const release = project.tasks.tryFind('release')!;
  release.prependExec('rm -rf lib');
  release.spawn(compat);
}
