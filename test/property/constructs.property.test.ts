/**
 * Property-based safety net of the constructs: for ANY props (random and
 * unicode strings, control characters, huge values, tokens in every string
 * and number prop, CfnParameter values), synthesizing either succeeds or
 * throws the library's own validation error that names the prop (see
 * classify.ts): never a TypeError, a RangeError, or an error from inside
 * aws-cdk-lib / constructs.
 *
 * When synthesis succeeds, what the library promises to have validated is
 * checked in the template too (name lengths, the wait in range).
 *
 * Seeds are fixed; on failure fast-check prints the seed, the path and the
 * shrunk counterexample (the specs are plain data: see construct-arbitraries.ts).
 *
 * Run: npx jest test/property/constructs --coverage=false
 */
import { App, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import * as fc from 'fast-check';
import { expectValidationError } from './classify';
import {
  DurationSpec, PROVIDER_TYPES, StrSpec, arnSpec, duration, literal, makeDuration, makeStr, refreshContext, removalPolicy, stackEnv, str, tokenStr,
} from './construct-arbitraries';
import {
  Connection, ConnectionOptions, ConnectionSource, ConnectionSourceAction, Host, HostProviderType, IConnection, IHost, ProviderType,
} from '../../src';
import { TEST_CERTIFICATE } from '../fixtures/certificate';

const SEED = 20261201;

/** Runs per property (each synthesizes one app). */
const RUNS = {
  connection: 250,
  host: 200,
  imports: 250,
  sourceAction: 100,
  cdkPipelines: 40,
};

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });

interface Env {
  readonly env: { region?: string; account?: string };
  readonly refresh?: unknown;
}
const envSpec: fc.Arbitrary<Env> = fc.record({ env: stackEnv, refresh: refreshContext }, { requiredKeys: ['env'] });

function newStack(e: Env): { app: App; stack: Stack } {
  const app = new App(e.refresh === undefined ? {} : { context: { 'cdk-codeconnections:statusRefresh': e.refresh } });
  return { app, stack: new Stack(app, 'Stack', { env: e.env }) };
}

/**
 * Builds and synthesizes; a throw must be the library's validation error
 * naming one of `props`. Returns the template when synthesis succeeded.
 */
function synthOrValidationError(e: Env, props: readonly string[], build: (stack: Stack) => void): Template | undefined {
  const { app, stack } = newStack(e);
  try {
    build(stack);
    const template = Template.fromStack(stack);
    outcomes.push('synthesized');
    return template;
  } catch (err) {
    outcomes.push(`rejected: ${String((err as Error)?.message).replace(/^[^:]*: /, '').replace(/'[^']*'( \(\d+ characters\))?/g, '_').slice(0, 70)}`);
    expectValidationError(err, { root: app, props });
    return undefined;
  }
}

/** What each run ended in; printed per property with PROPERTY_STATS=1. */
const outcomes: string[] = [];

/** Whether a spec is a literal (tokens, Lazy values included, are not validated by design). */
const isLiteral = (spec: StrSpec | DurationSpec | undefined) => spec === undefined || 'lit' in spec || 'amount' in spec;

/**
 * Values the library promises to have checked, read from a synthesized
 * template; only for props given as literals.
 */
function expectValidatedValues(template: Template, given: { connectionName: boolean; hostName: boolean; wait: boolean }): void {
  const problems: string[] = [];
  for (const [id, r] of Object.entries<any>(template.toJSON().Resources ?? {})) {
    const p = r.Properties ?? {};
    if (given.connectionName && r.Type === 'AWS::CodeConnections::Connection' && typeof p.ConnectionName === 'string'
      && (p.ConnectionName.length < 1 || p.ConnectionName.length > 32)) {
      problems.push(`${id}: ConnectionName of ${p.ConnectionName.length} characters was accepted`);
    }
    if (given.hostName && r.Type === 'AWS::CodeConnections::Host' && typeof p.Name === 'string' && (p.Name.length < 1 || p.Name.length > 64)) {
      problems.push(`${id}: host Name of ${p.Name.length} characters was accepted`);
    }
    const wait = p.WaitForAvailableSeconds;
    if (given.wait && r.Type === 'Custom::CodeConnectionsConnectionStatus' && wait !== undefined
      && !(Number(wait) >= 60 && Number(wait) <= 3300)) {
      problems.push(`${id}: WaitForAvailableSeconds ${JSON.stringify(wait)} was accepted (must be 60-3300)`);
    }
  }
  if (problems.length) {
    throw new Error(`synthesized a value the library should have rejected:\n${problems.join('\n')}`);
  }
}

// ---------------------------------------------------------------------------
// Specs
// ---------------------------------------------------------------------------

type ProviderTypeSpec = { readonly known: string } | { readonly of: StrSpec };
const providerTypeSpec: fc.Arbitrary<ProviderTypeSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PROVIDER_TYPES).map(known => ({ known })) },
  { weight: 2, arbitrary: str(PROVIDER_TYPES, ['GitHub ', 'git-hub', 'X'.repeat(65)]).map(of => ({ of })) },
);
const HOST_PROVIDER_TYPES = ['GitHubEnterpriseServer', 'GitLabSelfManaged'];
const hostProviderTypeSpec: fc.Arbitrary<ProviderTypeSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOST_PROVIDER_TYPES).map(known => ({ known })) },
  { weight: 2, arbitrary: str([...HOST_PROVIDER_TYPES, 'BitbucketServer'], PROVIDER_TYPES).map(of => ({ of })) },
);

function makeProviderType(stack: Stack, spec: ProviderTypeSpec): ProviderType {
  if ('known' in spec) {
    const known = [
      ProviderType.GITHUB, ProviderType.BITBUCKET, ProviderType.GITLAB, ProviderType.AZURE_DEVOPS,
      ProviderType.GITHUB_ENTERPRISE_SERVER, ProviderType.GITLAB_SELF_MANAGED,
    ];
    return known.find(p => p.name === spec.known)!;
  }
  return ProviderType.of(makeStr(stack, spec.of));
}

function makeHostProviderType(stack: Stack, spec: ProviderTypeSpec): HostProviderType {
  if ('known' in spec && spec.known === 'GitHubEnterpriseServer') {
    return HostProviderType.GITHUB_ENTERPRISE_SERVER;
  }
  if ('known' in spec && spec.known === 'GitLabSelfManaged') {
    return HostProviderType.GITLAB_SELF_MANAGED;
  }
  return HostProviderType.of('known' in spec ? spec.known : makeStr(stack, spec.of));
}

const connectionOptionsSpec = fc.record({
  connectionName: str(['my-github', 'a', 'x'.repeat(32), 'my github ü'], ['x'.repeat(33), '']),
  waitForAvailable: duration,
  statusReport: fc.boolean(),
  removalPolicy,
}, { requiredKeys: [] });
type ConnectionOptionsSpec = typeof connectionOptionsSpec extends fc.Arbitrary<infer T> ? T : never;

function makeConnectionOptions(stack: Stack, spec: ConnectionOptionsSpec): ConnectionOptions {
  return {
    connectionName: spec.connectionName && makeStr(stack, spec.connectionName),
    waitForAvailable: spec.waitForAvailable && makeDuration(stack, spec.waitForAvailable as DurationSpec),
    statusReport: spec.statusReport,
    removalPolicy: spec.removalPolicy && RemovalPolicy[spec.removalPolicy],
  };
}

const CONNECTION_PROPS = [
  'connectionName', 'providerType', 'host', 'waitForAvailable', 'statusReport', 'removalPolicy',
  'connectionAvailable', 'consoleUrl', 'nextStep', 'connectionStatus', 'hostArn', 'hostName', 'providerEndpoint',
];
const HOST_PROPS = [
  'hostName', 'providerType', 'providerEndpoint', 'tlsCertificate', 'vpc', 'vpcSubnets', 'securityGroups', 'removalPolicy', 'statusReport',
  'consoleUrl', 'nextStep', 'hostStatus', 'hostArn', 'connectionName', 'waitForAvailable', 'connectionAvailable', 'connectionStatus',
];
const CONNECTION_READS = ['connectionArn', 'connectionName', 'connectionStatus', 'consoleUrl', 'nextStep', 'connectionAvailable'] as const;

/** A host for a connection: imported (by ARN or attributes) or owned (no VPC). */
const hostForConnection = fc.oneof(
  fc.record({ fromArn: arnSpec('host') }),
  fc.record({ fromAttributes: fc.record({ hostArn: arnSpec('host'), hostName: str(['my-ghes'], ['h'.repeat(65)]), providerType: hostProviderTypeSpec }, { requiredKeys: ['hostArn'] }) }),
  fc.record({ owned: fc.record({ providerType: hostProviderTypeSpec, providerEndpoint: str(['https://github.example.com'], ['http://github.example.com']) }) }),
);
type HostForConnectionSpec = typeof hostForConnection extends fc.Arbitrary<infer T> ? T : never;

function makeHostForConnection(stack: Stack, spec: HostForConnectionSpec): IHost {
  if ('fromArn' in spec) {
    return Host.fromHostArn(stack, 'ImportedHost', makeStr(stack, spec.fromArn));
  }
  if ('fromAttributes' in spec) {
    const a = spec.fromAttributes;
    return Host.fromHostAttributes(stack, 'ImportedHost', {
      hostArn: makeStr(stack, a.hostArn),
      hostName: a.hostName && makeStr(stack, a.hostName),
      providerType: a.providerType && makeHostProviderType(stack, a.providerType),
    });
  }
  return new Host(stack, 'Host', {
    providerType: makeHostProviderType(stack, spec.owned.providerType),
    providerEndpoint: makeStr(stack, spec.owned.providerEndpoint),
  });
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

describe('constructs: synth succeeds or throws the library validation error naming the prop', () => {
  // aws-cdk-lib's default template validation (CloudFormation Validate) only
  // warns; it is slow and floods the output with warnings about the random
  // values. The properties judge the library, not the template's deployability.
  const validation = process.env.CDK_VALIDATION;
  beforeAll(() => {
    process.env.CDK_VALIDATION = 'false';
  });
  afterEach(() => {
    if (process.env.PROPERTY_STATS) {
      const counts = new Map<string, number>();
      outcomes.forEach(o => counts.set(o, (counts.get(o) ?? 0) + 1));
      process.stdout.write(`${expect.getState().currentTestName}\n${[...counts].sort((a, b) => b[1] - a[1]).map(([o, n]) => `  ${n}\t${o}`).join('\n')}\n`);
    }
    outcomes.length = 0;
  });
  afterAll(() => {
    if (validation === undefined) {
      delete process.env.CDK_VALIDATION;
    } else {
      process.env.CDK_VALIDATION = validation;
    }
  });

  test(`Connection (${RUNS.connection} runs)`, () => {
    fc.assert(
      fc.property(
        envSpec,
        connectionOptionsSpec,
        // Cloud provider without host, host without provider type, or a wrong combination.
        fc.oneof(
          { weight: 3, arbitrary: fc.record({ providerType: providerTypeSpec }) },
          { weight: 2, arbitrary: fc.record({ host: hostForConnection }) },
          { weight: 1, arbitrary: fc.record({ providerType: opt(providerTypeSpec), host: opt(hostForConnection) }) },
        ).map(({ providerType, host }: { providerType?: ProviderTypeSpec; host?: HostForConnectionSpec }) => [providerType, host] as const),
        fc.boolean(),
        fc.subarray([...CONNECTION_READS]),
        (e, options, [providerType, host], viaAddConnection, reads) => {
          const template = synthOrValidationError(e, CONNECTION_PROPS, stack => {
            const h = host && makeHostForConnection(stack, host);
            const o = makeConnectionOptions(stack, options);
            const connection = h && viaAddConnection && !providerType
              ? h.addConnection('Conn', o)
              : new Connection(stack, 'Conn', { ...o, providerType: providerType && makeProviderType(stack, providerType), host: h });
            for (const r of reads) {
              void connection[r];
            }
          });
          if (template) {
            expectValidatedValues(template, {
              connectionName: isLiteral(options.connectionName),
              hostName: !host || !('owned' in host),
              wait: isLiteral(options.waitForAvailable as DurationSpec | undefined),
            });
          }
        }),
      { seed: SEED, numRuns: RUNS.connection },
    );
  });

  const vpcSpec = fc.oneof(
    fc.record({ kind: fc.constant('new' as const), maxAzs: fc.integer({ min: 1, max: 3 }), isolatedOnly: fc.boolean() }),
    fc.record({
      kind: fc.constant('import' as const),
      vpcId: fc.oneof(fc.stringMatching(/^vpc-[0-9a-f]{8,17}$/).map(lit => ({ lit } as StrSpec)), literal(), tokenStr),
      azs: fc.integer({ min: 1, max: 3 }),
      // Subnet ids per group, a multiple of the AZ count (aws-cdk-lib's own rule for imports).
      perAz: fc.record({ public: fc.integer({ min: 0, max: 4 }), private: fc.integer({ min: 0, max: 4 }), isolated: fc.integer({ min: 0, max: 4 }) }),
      subnetId: fc.oneof(fc.stringMatching(/^subnet-[0-9a-f]{8,17}$/), fc.string({ minLength: 1, maxLength: 20 })),
    }),
  );
  type VpcSpec = typeof vpcSpec extends fc.Arbitrary<infer T> ? T : never;

  /** Names of `n` subnet groups of one type: 'Public', 'Public1', ... */
  function subnetGroupNames(group: string, n: number): string[] {
    return Array.from({ length: n }, (_, i) => (i === 0 ? group : `${group}${i}`));
  }


  function makeVpc(stack: Stack, spec: VpcSpec): ec2.IVpc {
    if (spec.kind === 'new') {
      return new ec2.Vpc(stack, 'Vpc', {
        maxAzs: spec.maxAzs,
        natGateways: 0,
        subnetConfiguration: [
          ...(spec.isolatedOnly ? [] : [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }]),
          { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        ],
      });
    }
    const azs = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'].slice(0, spec.azs);
    const ids = (group: string, n: number) => n === 0 ? undefined : Array.from({ length: n * spec.azs }, (_, i) => `${spec.subnetId}-${group}${i}`);
    // One name per group of subnets (aws-cdk-lib names unnamed groups alike, and their constructs clash).
    const names = (group: string, n: number) => n === 0 ? undefined : subnetGroupNames(group, n);
    return ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: makeStr(stack, spec.vpcId),
      availabilityZones: azs,
      publicSubnetIds: ids('pub', spec.perAz.public),
      publicSubnetNames: names('Public', spec.perAz.public),
      privateSubnetIds: ids('priv', spec.perAz.private),
      privateSubnetNames: names('Private', spec.perAz.private),
      isolatedSubnetIds: ids('iso', spec.perAz.isolated),
      isolatedSubnetNames: names('Isolated', spec.perAz.isolated),
    });
  }

  const subnetSelectionSpec = fc.oneof(
    fc.record({ subnetType: fc.constantFrom('PUBLIC', 'PRIVATE_WITH_EGRESS', 'PRIVATE_ISOLATED') as fc.Arbitrary<keyof typeof ec2.SubnetType> }),
    fc.record({ subnetIds: fc.array(fc.oneof(fc.stringMatching(/^subnet-[0-9a-f]{8}$/), fc.string({ minLength: 1, maxLength: 12 })), { maxLength: 12 }) }),
    fc.record({ availabilityZones: fc.subarray(['eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'xx-moon-1a']) }),
    fc.record({ onePerAz: fc.constant(true) }),
    fc.record({ subnetGroupName: fc.constantFrom('Public', 'Private', 'Isolated', 'Public1', 'Nope') }),
  );
  type SubnetSelectionSpec = typeof subnetSelectionSpec extends fc.Arbitrary<infer T> ? T : never;

  function makeSubnetSelection(stack: Stack, spec: SubnetSelectionSpec): ec2.SubnetSelection {
    if ('subnetType' in spec) {
      return { subnetType: ec2.SubnetType[spec.subnetType] };
    }
    if ('subnetIds' in spec) {
      return { subnets: spec.subnetIds.map((id, i) => ec2.Subnet.fromSubnetId(stack, `Subnet${i}`, id)) };
    }
    return spec;
  }

  const securityGroupsSpec = fc.array(
    fc.oneof(
      fc.record({ importId: fc.oneof(fc.stringMatching(/^sg-[0-9a-f]{8,17}$/).map(lit => ({ lit } as StrSpec)), literal(), tokenStr) }),
      fc.record({ create: fc.constant(true) }),
    ),
    { maxLength: 12 },
  );

  const tlsCertificate = str(
    [TEST_CERTIFICATE, TEST_CERTIFICATE + TEST_CERTIFICATE, TEST_CERTIFICATE.replace(/\n/g, '\r\n')],
    ['-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----', TEST_CERTIFICATE.slice(1)],
  );
  interface NetworkSpec {
    readonly vpc?: VpcSpec;
    readonly vpcSubnets?: SubnetSelectionSpec;
    readonly securityGroups?: Array<{ importId: StrSpec } | { create: true }>;
    readonly tlsCertificate?: StrSpec;
  }
  /** The network part: none, a VPC with optional selection / groups / certificate, or VPC props without a VPC. */
  const network = fc.oneof(
    { weight: 2, arbitrary: fc.constant({}) },
    {
      weight: 4,
      arbitrary: fc.record({ vpc: vpcSpec, vpcSubnets: subnetSelectionSpec, securityGroups: securityGroupsSpec, tlsCertificate }, { requiredKeys: ['vpc'] }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ vpcSubnets: subnetSelectionSpec, securityGroups: securityGroupsSpec, tlsCertificate }, { requiredKeys: [] }),
    },
  );
  const hostSpec = fc.tuple(
    fc.record({
      hostName: str(['my-ghes', 'h'.repeat(64)], ['h'.repeat(65), '']),
      providerType: fc.option(hostProviderTypeSpec, { nil: undefined, freq: 10 }),
      providerEndpoint: str(['https://github.example.com', 'https://gitlab.example.com:8443/path', 'https://10.0.0.1'], ['http://github.example.com', 'github.example.com', 'https://', 'https://x/' + 'a'.repeat(510)]),
      removalPolicy,
      statusReport: fc.boolean(),
    }, { requiredKeys: ['providerEndpoint', 'providerType'] }),
    network,
  ).map(([base, net]) => ({ ...base, ...net } as typeof base & NetworkSpec));

  const HOST_READS = ['hostArn', 'hostName', 'hostId', 'hostStatus', 'consoleUrl', 'nextStep'] as const;

  test(`Host, incl. VPC, subnets and security groups (new and imported) (${RUNS.host} runs)`, () => {
    fc.assert(
      fc.property(envSpec, hostSpec, fc.subarray([...HOST_READS]), opt(connectionOptionsSpec), (e, spec, reads, connection) => {
        const template = synthOrValidationError(e, HOST_PROPS, stack => {
          const vpc = spec.vpc && makeVpc(stack, spec.vpc);
          const host = new Host(stack, 'Host', {
            hostName: spec.hostName && makeStr(stack, spec.hostName),
            // Omitted in some runs, as a JavaScript caller may.
            providerType: (spec.providerType && makeHostProviderType(stack, spec.providerType)) as HostProviderType,
            providerEndpoint: makeStr(stack, spec.providerEndpoint),
            tlsCertificate: spec.tlsCertificate && makeStr(stack, spec.tlsCertificate),
            vpc,
            vpcSubnets: spec.vpcSubnets && makeSubnetSelection(stack, spec.vpcSubnets),
            securityGroups: spec.securityGroups?.map((sg, i) => 'importId' in sg
              ? ec2.SecurityGroup.fromSecurityGroupId(stack, `Sg${i}`, makeStr(stack, sg.importId))
              : new ec2.SecurityGroup(stack, `Sg${i}`, { vpc: vpc ?? ec2.Vpc.fromVpcAttributes(stack, `SgVpc${i}`, { vpcId: 'vpc-1', availabilityZones: ['a'] }) })),
            removalPolicy: spec.removalPolicy && RemovalPolicy[spec.removalPolicy],
            statusReport: spec.statusReport,
          });
          for (const r of reads) {
            void host[r];
          }
          if (connection) {
            host.addConnection('Conn', makeConnectionOptions(stack, connection));
          }
        });
        if (template) {
          expectValidatedValues(template, {
            connectionName: isLiteral(connection?.connectionName),
            hostName: isLiteral(spec.hostName),
            wait: isLiteral(connection?.waitForAvailable as DurationSpec | undefined),
          });
        }
      }),
      { seed: SEED, numRuns: RUNS.host },
    );
  });

  const importSpec = fc.oneof(
    fc.record({ fromConnectionArn: arnSpec('connection') }),
    fc.record({ fromConnectionAttributes: fc.record({ connectionArn: arnSpec('connection'), connectionName: str(['my-github'], ['x'.repeat(33)]) }, { requiredKeys: ['connectionArn'] }) }),
    fc.record({ fromConnectionName: str(['my-github', 'x'.repeat(32)], ['x'.repeat(33), '']) }),
  );
  type ImportSpec = typeof importSpec extends fc.Arbitrary<infer T> ? T : never;

  function makeImport(stack: Stack, spec: ImportSpec): IConnection {
    if ('fromConnectionArn' in spec) {
      return Connection.fromConnectionArn(stack, 'Imported', makeStr(stack, spec.fromConnectionArn));
    }
    if ('fromConnectionAttributes' in spec) {
      const a = spec.fromConnectionAttributes;
      return Connection.fromConnectionAttributes(stack, 'Imported', {
        connectionArn: makeStr(stack, a.connectionArn),
        connectionName: a.connectionName && makeStr(stack, a.connectionName),
      });
    }
    return Connection.fromConnectionName(stack, 'Imported', makeStr(stack, spec.fromConnectionName));
  }

  const repositories = fc.array(
    str(['my-org/my-app', 'group/sub/app', 'My.Org/my_app-2'], ['my-app', 'a/b/', '/a', 'a//b', 'my org/app']),
    { maxLength: 4 },
  );
  const IMPORT_PROPS = ['connectionArn', 'repositories', 'grantUse', ...CONNECTION_PROPS];

  test(`Connection.fromConnectionArn / fromConnectionAttributes / fromConnectionName, Host imports, grantUse (${RUNS.imports} runs)`, () => {
    fc.assert(
      fc.property(
        envSpec,
        fc.oneof({ weight: 3, arbitrary: importSpec }, { weight: 1, arbitrary: hostForConnection.map(h => ({ viaHost: h })) }),
        opt(fc.record({ repositories: opt(repositories), readOnly: opt(fc.boolean()) })),
        fc.boolean(),
        (e, spec, grant, readName) => {
          const template = synthOrValidationError(e, IMPORT_PROPS, stack => {
            const connection = 'viaHost' in spec
              ? makeHostForConnection(stack, spec.viaHost).addConnection('Conn')
              : makeImport(stack, spec);
            if (readName) {
              void connection.connectionName;
            }
            if (grant) {
              const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
              connection.grantUse(role, {
                repositories: grant.repositories?.map(r => makeStr(stack, r)),
                readOnly: grant.readOnly,
              });
            }
          });
          if (template) {
            expectValidatedValues(template, { connectionName: true, hostName: true, wait: true });
          }
        }),
      { seed: SEED, numRuns: RUNS.imports },
    );
  });

  const ownerSpec = str(['my-org', 'group/sub', 'o', '-', '.'], ['my org', '', 'a//b', 'o/']);
  const repoSpec = str(['my-app', 'app.js', '_'], ['a/b', '', 'a b']);
  const branchSpec = str(['main', 'release/1.0', 'feature/ü'], [' ', 'a b', '']);
  const actionNameSpec = str(['Source', 'Src_1', 'my-org_my-app'], ['bad name', '']);
  const sourceConnection = fc.oneof(
    fc.constant({ imported: true }),
    fc.record({ waitMinutes: fc.constantFrom(5, 55) }),
  );
  const ACTION_PROPS = ['owner', 'repo', 'branch', 'actionName', 'connection', 'ConnectionSourceAction', ...CONNECTION_PROPS];
  /** An imported connection of the stack's own partition: one of another partition is refused at import. */
  function sourceConnectionArn(stack: Stack): string {
    const partition = Token.isUnresolved(stack.region) ? 'aws' : RegionInfo.get(stack.region).partition ?? 'aws';
    return `arn:${partition}:codeconnections:eu-west-1:123456789012:connection/0f4a7c1e-1234-4abc-9def-0123456789ab`;
  }

  function makeSourceConnection(stack: Stack, spec: { imported: boolean } | { waitMinutes: number }): IConnection {
    return 'imported' in spec
      ? Connection.fromConnectionArn(stack, 'Conn', sourceConnectionArn(stack))
      : new Connection(stack, 'Conn', { providerType: ProviderType.GITHUB, waitForAvailable: makeDuration(stack, { unit: 'minutes', amount: spec.waitMinutes }) });
  }

  test(`ConnectionSourceAction in a Pipeline (${RUNS.sourceAction} runs)`, () => {
    fc.assert(
      fc.property(
        envSpec, sourceConnection, ownerSpec, repoSpec, branchSpec, actionNameSpec, opt(fc.boolean()), opt(fc.boolean()),
        (e, conn, owner, repo, branch, actionName, triggerOnPush, codeBuildCloneOutput) => {
          synthOrValidationError(e, ACTION_PROPS, stack => {
            const source = new codepipeline.Artifact();
            const project = new codebuild.PipelineProject(stack, 'Project');
            new codepipeline.Pipeline(stack, 'Pipeline', {
              stages: [
                {
                  stageName: 'Source',
                  actions: [new ConnectionSourceAction({
                    actionName: makeStr(stack, actionName),
                    connection: makeSourceConnection(stack, conn),
                    owner: makeStr(stack, owner),
                    repo: makeStr(stack, repo),
                    branch: makeStr(stack, branch),
                    output: source,
                    triggerOnPush,
                    codeBuildCloneOutput,
                  })],
                },
                { stageName: 'Build', actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'Build', project, input: source })] },
              ],
            });
          });
        }),
      { seed: SEED, numRuns: RUNS.sourceAction },
    );
  });

  const PIPELINE_SOURCE_PROPS = ['repository', 'branch', 'actionName', 'owner', 'repo', 'ConnectionSourceAction', ...CONNECTION_PROPS];

  test(`ConnectionSource.of in a CDK Pipelines CodePipeline (${RUNS.cdkPipelines} runs)`, () => {
    fc.assert(
      fc.property(
        envSpec, sourceConnection, str(['my-org/my-app', 'group/sub/app'], ['my-app', 'a/b c']), branchSpec, opt(actionNameSpec), opt(fc.boolean()), opt(fc.boolean()),
        (e, conn, repository, branch, actionName, triggerOnPush, codeBuildCloneOutput) => {
          synthOrValidationError(e, PIPELINE_SOURCE_PROPS, stack => {
            const input = ConnectionSource.of(makeSourceConnection(stack, conn), makeStr(stack, repository), {
              branch: makeStr(stack, branch),
              actionName: actionName && makeStr(stack, actionName),
              triggerOnPush,
              codeBuildCloneOutput,
            });
            new pipelines.CodePipeline(stack, 'Pipeline', {
              synth: new pipelines.ShellStep('Synth', { input, commands: ['npx cdk synth'] }),
            });
          });
        }),
      { seed: SEED, numRuns: RUNS.cdkPipelines },
    );
  });
});
