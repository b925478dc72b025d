import { DependencyType, JsonFile, awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';
import { addConsumerTasks } from './projenrc/consumers';
import { addReleaseTasks } from './projenrc/release';

/**
 * The floor: aws-cdk-lib 2.138.0, the first release with the
 * `aws_codeconnections` module (`CfnConnection`; 2.137.0 has none). Apps on
 * any later 2.x install the library. Everything newer that the library
 * uses has a shim in src/core/cdk-compat.ts that writes the same template
 * at every version (README "aws-cdk-lib versions"):
 * - `AWS::CodeConnections::Host` is written as a CfnResource of that type
 *   (`CfnHost` first ships in 2.268.0);
 * - custom resources are CfnResources with `ServiceTimeout` in their
 *   properties (`CustomResource`'s `serviceTimeout` is 2.174.0);
 * - the per-stack aspects run at `AspectPriority.MUTATING` where it exists
 *   (2.172.0) and in the order added before;
 * - CodeBuild's webhook `ScopeConfiguration` is written as a property
 *   override (the L1 property is 2.148.0), and `WORKFLOW_JOB_QUEUED` as its
 *   string (the enum value is 2.146.0).
 * The pinned devDependency, the jsii compile, the default test run and the
 * integ snapshots are all at the floor, so the library never uses an API a
 * supported app lacks; CI also runs every synthesizing suite at the newest
 * aws-cdk-lib and compares what the library owns (scripts/compare-ends.ts).
 */
const CDK_VERSION = '2.138.0';

/**
 * aws-cdk-lib 2.138.0 asks for constructs ^10.0.0, and so does the library
 * (its peer range, set below); it is built and tested with 10.0.5, the
 * lowest the floor's dev tools accept (cdk-nag 2.28 asks ^10.0.5).
 */
const CONSTRUCTS_VERSION = '10.0.5';
const CONSTRUCTS_PEER_RANGE = '^10.0.0';

/**
 * integ-tests-alpha at the floor's own `-alpha.0` release. integ-runner is
 * not used: integ apps are synthesized with the aws-cdk CLI (which reads the
 * cloud assembly of every aws-cdk-lib from the floor to the newest) and their
 * snapshots compared by `integ:snapshot` (see scripts/integ-snapshots.ts).
 */
const INTEG_TESTS_VERSION = '2.138.0-alpha.0';
const CDK_CLI_VERSION = '2.1148.1';

/**
 * cdk-nag at the floor: 2.28.196, the newest release whose peer range
 * (^2.116.0) admits 2.138 (2.29 and later need ^2.156.0). The newest run of
 * .ci/run takes the newest 2.x (2.38.x) and 3.x besides. 2.x reads the
 * acknowledgements the library writes into its resources' metadata
 * (`cdk_nag.rules_to_suppress`, with `applies_to`).
 */
const CDK_NAG_VERSION = '2.28.196';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-codeconnections',
  description:
    'AWS CDK L2 constructs for AWS CodeConnections (CodeStar Connections): connections, hosts, pipeline sources, and a status report with the console link that finishes the handshake.',
  author: 'cdk-codeconnections maintainers',
  authorAddress: 'maintainers@cdk-codeconnections.dev',
  repositoryUrl: 'https://github.com/cdk-codeconnections/cdk-codeconnections.git',
  keywords: ['cdk', 'awscdk', 'codeconnections', 'codestar-connections', 'codepipeline', 'github', 'gitlab', 'bitbucket'],
  license: 'Apache-2.0',
  stability: 'experimental',

  cdkVersion: CDK_VERSION,
  constructsVersion: CONSTRUCTS_VERSION,
  // The devDependencies are pinned below: constructs' differs from its peer floor.
  peerDependencyOptions: { pinnedDevDependency: false },
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~5.9.0',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // Node.js 22 and 24, the LTS lines still maintained (20 ended in April
  // 2026); CI runs on 24, the major of the Lambda runtime the handlers ship on.
  minNodeVersion: '22.0.0',
  workflowNodeVersion: '24.x',

  // jsii targets, each published by its job of .github/workflows/release.yml.
  // Publishing needs registries this environment cannot reach; `npx projen
  // bindings` generates and checks the code of all four offline, and
  // `npx projen release` builds every package (see .ci/run).
  publishToPypi: { distName: 'cdk-codeconnections', module: 'cdk_codeconnections' },
  publishToMaven: {
    javaPackage: 'io.github.cdkcodeconnections',
    mavenGroupId: 'io.github.cdk-codeconnections',
    mavenArtifactId: 'cdk-codeconnections',
  },
  publishToNuget: { dotNetNamespace: 'CdkCodeConnections', packageId: 'CdkCodeConnections' },
  publishToGo: { moduleName: 'github.com/cdk-codeconnections/cdk-codeconnections-go' },

  // The maintainers' GitHub workflows (committed, never run here; CI here is
  // `.ci/run`): build on pull requests, release from main with a publishing
  // job per registry, and dependency upgrades.
  github: true,
  githubOptions: { mergify: false },
  release: true,
  buildWorkflow: true,
  depsUpgrade: true,
  pullRequestTemplate: false,
  autoApproveUpgrades: false,
  package: true,
  releaseToNpm: true,
  // Versions come from conventional commits since the last tag; the first
  // release is 0.1.0 (projen's first release would otherwise be 0.0.0).
  nextVersionCommand: 'bash scripts/next-version.sh',

  // The handler talks to CodeStar Connections through the SDK that the Lambda
  // Node.js runtime ships; esbuild keeps @aws-sdk/* external (projen default).
  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    // AWS_NODEJS_CONNECTION_REUSE_ENABLED is an SDK v2 setting: v3 (the
    // runtime's) reuses connections anyway, and an environment variable
    // without a KMS key is a finding of checkov (CKV_AWS_173).
    awsSdkConnectionReuse: false,
    bundlingOptions: {
      externals: ['@aws-sdk/*'],
      sourcemap: false,
    },
  },
  // Integ apps live in integ/ and are handled by our own snapshot task.
  integrationTestAutoDiscover: false,

  devDeps: [
    `aws-cdk-lib@${CDK_VERSION}`,
    '@aws-sdk/client-codestar-connections@^3.1017.0',
    '@aws-sdk/client-lambda@^3.1017.0',
    '@aws-sdk/client-service-catalog@^3.1017.0',
    '@types/aws-lambda@^8.10.0',
    'aws-sdk-client-mock@^4.1.0',
    `@aws-cdk/integ-tests-alpha@${INTEG_TESTS_VERSION}`,
    `aws-cdk@${CDK_CLI_VERSION}`,
    `cdk-nag@${CDK_NAG_VERSION}`,
    // Control Tower's proactive controls as cfn-guard rules, run as a CDK
    // policy-validation plugin by the compliance scan (scripts/compliance.ts).
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    'esbuild@^0.25.0',
    '@aws-cdk/aws-service-spec',
    'fast-check@^4.11.0',
  ],

  jestOptions: {
    // A snapshot test that rewrites its snapshot can never fail.
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // Coverage of the whole library is measured, but not of the integ apps.
      coveragePathIgnorePatterns: ['/node_modules/', '/integ/'],
    },
  },

  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'integ', 'scripts', 'bench', 'rosetta', 'examples'],
  },

  tsconfigDev: {
    include: ['../src/**/*.ts', '../integ/**/*.ts', '../scripts/**/*.ts', '../bench/**/*.ts', '../rosetta/**/*.ts', '../examples/**/*.ts'],
    compilerOptions: {},
  },

  gitignore: ['/.tmp/', '/examples/cdk.out', '/dist-code/', '.jsii.tabl.json', '/rosetta/**/*.js'],
});

// projen's peer range is ^constructsVersion; the library's is aws-cdk-lib's own.
project.deps.removeDependency('constructs', DependencyType.PEER);
project.deps.addDependency(`constructs@${CONSTRUCTS_PEER_RANGE}`, DependencyType.PEER);
project.deps.addDependency(`constructs@${CONSTRUCTS_VERSION}`, DependencyType.BUILD);
// jsii would have the devDependency at the peer floor (10.0.0); cdk-nag at
// the floor asks ^10.0.5, and the library itself uses nothing newer than
// 10.0.0 has (the scratch apps of README "aws-cdk-lib versions" run it on
// 10.0.0 and 10.3.0).
project.compileTask.reset('jsii --silence-warnings=reserved-word --silence-warnings=metadata/missing-dev-dependency');

project.npmignore?.exclude('/integ/', '/scripts/', '/bench/', '/.ci/', '/examples/', '/rosetta/');

// eslint's project service looks for the nearest tsconfig.json: give the
// non-library folders one, so they are type-checked like the tests.
for (const dir of ['integ', 'scripts', 'bench', 'rosetta']) {
  new JsonFile(project, `${dir}/tsconfig.json`, {
    obj: { extends: '../test/tsconfig.json', include: ['**/*.ts', '../src/**/*.ts'] },
    marker: false,
  });
}
// The examples import the library by its package name, as users do: the
// compiler resolves it through examples/tsconfig.json's paths (type-checked),
// eslint's import plugin cannot.
project.eslint?.addOverride({ files: ['examples/**/*.ts'], rules: { 'import/no-unresolved': 'off' } });
// The examples import the library by its package name, as users do.
new JsonFile(project, 'examples/tsconfig.json', {
  obj: {
    extends: '../test/tsconfig.json',
    compilerOptions: { baseUrl: '.', paths: { 'cdk-codeconnections': ['../src/index.ts'] } },
    include: ['**/*.ts', '../src/**/*.ts'],
  },
  marker: false,
});

// The handler bundle is minified: it is read and compiled on every cold
// start. projen's lambdaOptions cannot say so, so the bundle step gets the
// flag here (same command otherwise).
for (const entry of ['status-reporter/status-reporter.lambda', 'monitoring/health-publisher.lambda']) {
  const bundleHandler = project.tasks.tryFind(`bundle:${entry}`)!;
  const [esbuildStep] = bundleHandler.steps;
  bundleHandler.reset(`${(esbuildStep.execArgs ?? []).map(a => (/[*]/.test(a) ? `'${a}'` : a)).join(' ')} --minify`);
}

// The handlers' modules run in the Lambda runtime, which ships the AWS SDK:
// the SDK is a devDependency (bundled as external), like the entries'.
project.eslint?.allowDevDeps('src/status-reporter/handler/**');
project.eslint?.allowDevDeps('src/monitoring/handler/**');

// Tests synthesize stacks that reference the bundled handler, so the bundle
// must exist before jest runs (on a fresh clone it does not).
project.testTask.prependSpawn(project.tasks.tryFind('bundle')!);

const tsNode = 'ts-node --transpile-only --project test/tsconfig.json';

project.addTask('integ:update', {
  description: 'Re-synthesize every integ/integ.*.ts app and rewrite its committed snapshot',
  steps: [{ spawn: 'bundle' }, { exec: `${tsNode} scripts/integ-snapshots.ts --update` }],
});

// The README's Quick start app, as a user writes it (importing
// 'cdk-codeconnections', which scripts/self-package.js maps to src/).
const EXAMPLE_STACK = 'QuickStart';
const EXAMPLE_APP = 'examples/quick-start/main.ts';
project.addTask('example', {
  description: 'Synthesize the README\'s Quick start app with `cdk synth` and print what it creates',
  steps: [
    { spawn: 'bundle' },
    {
      exec: `cdk synth ${EXAMPLE_STACK} --app "${tsNode} --require ./scripts/self-package.js ${EXAMPLE_APP}" --output .tmp/example.out --no-notices`,
    },
    { exec: `${tsNode} scripts/summarize.ts .tmp/example.out ${EXAMPLE_STACK}` },
  ],
});

// README examples are compiled against rosetta/*.ts-fixture: a broken example
// fails the build instead of rotting.
project.postCompileTask.exec('jsii-rosetta extract --strict');

project.addTask('bench', {
  description: 'Print benchmark figures: synth time vs the L1 baseline, template footprint, handler cold start (see bench/README.md)',
  steps: [{ spawn: 'bundle' }, { exec: `${tsNode} bench/run-all.ts` }],
});

project.addTask('bindings', {
  description: 'Generate Python, Java, .NET and Go code with jsii-pacmak (code only; .NET has no toolchain here)',
  steps: [{ exec: 'bash scripts/bindings.sh' }],
});

// Packages in every language, consumer apps that use them, and cfn-lint.
addConsumerTasks(project);

// Release build, its checks, and API compatibility.
addReleaseTasks(project);

project.synth();
