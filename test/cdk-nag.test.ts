/**
 * cdk-nag, clean by default: the library's deliberate IAM5 findings (the
 * status reporter's and the health publisher's account-wide reads, the
 * lookup's ListConnections on *) arrive acknowledged in their resources'
 * metadata, with reasons, for stacks with and without `env`; the user's own
 * findings, of the same rule too, are still reported.
 *
 * Both majors: cdk-nag 2.x runs as an aspect and reports annotations (it
 * reads `cdk_nag` metadata); 3.x is a policy-validation plugin (it reads the
 * `aws:cdk:acknowledged-rules` construct metadata). The suite runs with the
 * installed one: 2.x at the floor, and CI's newest run installs 3.x and runs
 * this file again.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, Duration, IAspect, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as nag from 'cdk-nag';
import { Connection, GitSyncedProduct, Host, HostProviderType, ProviderType } from '../src';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const NAG_MAJOR = Number(require('cdk-nag/package.json').version.split('.')[0]);

type Pack = 'AwsSolutionsChecks' | 'HIPAASecurityChecks' | 'NIST80053R5Checks' | 'PCIDSS321Checks' | 'ServerlessChecks';

/** A pack of the installed cdk-nag, or undefined (cdk-nag 2.28 has no ServerlessChecks). */
function packOf(name: Pack): any {
  const Constructor = (nag as unknown as Record<string, new () => unknown>)[name];
  return Constructor ? new Constructor() : undefined;
}

/**
 * The error findings of a pack on an app, `/PATH: RULE[FINDING]: ...`, as
 * the installed major reports them: 2.x's annotations (the pack was added as
 * an aspect before synth), 3.x's validation report.
 */
function findings(stack: Stack, name: Pack = 'AwsSolutionsChecks'): string[] {
  const prefix = name === 'AwsSolutionsChecks' ? 'AwsSolutions-' : '';
  if (NAG_MAJOR < 3) {
    return Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp(prefix))
      .map(e => `${e.id}: ${String(e.entry.data).split('\n')[0]}`);
  }
  const app = stack.node.root as App;
  app.synth();
  type Violation = { ruleName: string; severity: string; violatingResources: Array<{ constructPath: string }> };
  const report = packOf(name).validateScope(app) as { violations: Violation[] };
  return report.violations.filter(v => v.severity === 'error')
    .flatMap(v => v.violatingResources.map(r => `/${r.constructPath}: ${v.ruleName}`));
}

/** A stack with everything that gives the library's roles policies. */
function stackWithEverything(props: StackProps, packs: Pack[] = ['AwsSolutionsChecks']): Stack {
  const app = new App();
  const stack = new Stack(app, 'NagStack', props);
  if (NAG_MAJOR < 3) {
    packs.map(packOf).filter(p => p !== undefined).forEach(p => Aspects.of(app).add(p as IAspect));
  }
  const github = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(10) });
  const host = new Host(stack, 'Ghes', { providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER, providerEndpoint: 'https://github.example.com' });
  const looked = Connection.fromConnectionName(stack, 'ByName', 'team-github');
  const role = new iam.Role(stack, 'User', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
  looked.grantUse(role, { repositories: ['my-org/my-app'] });
  github.metricAvailable();
  host.metricAvailable();
  return stack;
}

function nagErrors(stack: Stack): string[] {
  return findings(stack, 'AwsSolutionsChecks');
}

const ENVS: Array<[string, StackProps]> = [
  ['env unset (environment-agnostic)', {}],
  ['env set', { env: { account: '111111111111', region: 'eu-west-1' } }],
  ['env set, China partition', { env: { account: '111111111111', region: 'cn-north-1' } }],
];

describe('cdk-nag', () => {
  test.each(ENVS)('no finding is left, with no suppression of the user (%s)', (_name, props) => {
    expect(nagErrors(stackWithEverything(props))).toEqual([]);
  });

  test.each(ENVS)("the library's findings are acknowledged in its policies' metadata, each with a reason and exactly the findings it covers (%s)", (_name, props) => {
    const stack = stackWithEverything(props);
    const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy');
    const acknowledged = Object.entries<any>(policies)
      .filter(([, p]) => p.Metadata?.cdk_nag)
      .map(([id, p]) => [id.replace(/[0-9A-F]{8}$/, ''), p.Metadata.cdk_nag.rules_to_suppress.map((r: any) => [r.id, r.applies_to])]);
    expect(acknowledged.sort()).toEqual([
      ['CodeConnectionsHealthPublisherPolicy', [['AwsSolutions-IAM5', [{ regex: expect.stringContaining('(connection|host)') }]]]],
      ['CodeConnectionsStatusReporterLookupPolicy', [['AwsSolutions-IAM5', ['Resource::*']]]],
      ['CodeConnectionsStatusReporterPolicy', [['AwsSolutions-IAM5', [{ regex: expect.stringContaining('(connection|host)') }]]]],
    ]);
    for (const [, policy] of Object.entries<any>(policies).filter(([, p]) => p.Metadata?.cdk_nag)) {
      for (const rule of policy.Metadata.cdk_nag.rules_to_suppress) {
        expect(rule.reason).toMatch(/^cdk-codeconnections (status reporter|health publisher): .{40,}/);
      }
    }
  });

  test.each(ENVS)("the user's own wildcards are still reported, on their own policy and on the library's role (%s)", (_name, props) => {
    const stack = stackWithEverything(props);
    const role = new iam.Role(stack, 'Other', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['codeconnections:UseConnection'],
      resources: [stack.formatArn({ service: 'codeconnections', resource: 'connection', resourceName: '*' })],
    }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::my-bucket/*'] }));
    // A wildcard a user adds to the reporter's own role is not covered either.
    const reporterRole = stack.node.findChild('CodeConnectionsStatusReporterRole') as iam.Role;
    reporterRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::other-bucket/*'] }));
    const errors = nagErrors(stack);
    expect(errors).toHaveLength(3);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\/NagStack\/Other\/DefaultPolicy\/Resource: .*AwsSolutions-IAM5\[Resource::arn:.*:codeconnections:.*:connection\/\*\]/),
      expect.stringMatching(/^\/NagStack\/Other\/DefaultPolicy\/Resource: .*AwsSolutions-IAM5\[Resource::arn:aws:s3:::my-bucket\/\*\]/),
      expect.stringMatching(/^\/NagStack\/CodeConnectionsStatusReporterRole\/DefaultPolicy\/Resource: .*AwsSolutions-IAM5\[Resource::arn:aws:s3:::other-bucket\/\*\]/),
    ]));
  });

  (NAG_MAJOR < 3 ? test : test.skip)('a suppression of the user on the same policy is added to the library\'s, not replacing it (2.x)', () => {
    const { NagSuppressions } = nag as any;
    const stack = stackWithEverything({});
    const policy = stack.node.findChild('CodeConnectionsStatusReporterPolicy');
    NagSuppressions.addResourceSuppressions(policy, [{ id: 'AwsSolutions-IAM4', reason: 'a suppression of the user, for something else' }]);
    const metadata = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))
      .find(p => /StatusReporterRole/.test(JSON.stringify(p.Properties.Roles)) && p.Metadata?.cdk_nag)!.Metadata.cdk_nag;
    expect(metadata.rules_to_suppress.map((r: any) => r.id)).toEqual(['AwsSolutions-IAM5', 'AwsSolutions-IAM4']);
    expect(nagErrors(stack)).toEqual([]);
  });

  test(`runs with the installed cdk-nag major (${NAG_MAJOR})`, () => {
    expect([2, 3]).toContain(NAG_MAJOR);
  });

  test('a user\'s acknowledgement on the same policy leaves the library\'s in place (3.x: Validations.acknowledge)', () => {
    const stack = stackWithEverything({});
    const policy = stack.node.findChild('CodeConnectionsStatusReporterPolicy');
    if (NAG_MAJOR >= 3) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { Validations } = require('aws-cdk-lib');
      Validations.of(policy).acknowledge({ id: 'AwsSolutions-IAM4', reason: 'a suppression of the user, for something else' });
    }
    expect(nagErrors(stack)).toEqual([]);
    const entries = policy.node.defaultChild!.node.metadata.filter(m => m.type === 'aws:cdk:acknowledged-rules').map(m => Object.keys(m.data as object));
    expect(entries.flat().some(id => id.startsWith('AwsSolutions-IAM5['))).toBe(true);
  });
});

/**
 * The compliance packs regulated users run: on the library's resources, only
 * the defaults the README lists (scripts/compliance-expected.json), each a
 * finding of the default configuration that LibraryFunctions.configure()
 * removes; the scan of the integ apps (scripts/compliance.ts) checks the same
 * at 2.x, this test also at 3.x.
 */
describe('cdk-nag compliance packs', () => {
  const expected = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'scripts', 'compliance-expected.json'), 'utf8'));
  const documented = new Set<string>(expected.defaults.filter((d: any) => d.scanner === 'cdk-nag').map((d: any) => d.rule));

  test.each(['HIPAASecurityChecks', 'NIST80053R5Checks', 'PCIDSS321Checks', 'ServerlessChecks'] as Pack[])('%s: every finding on the library\'s resources is a documented default', name => {
    if (packOf(name) === undefined) {
      // Only cdk-nag 2.28 (the floor's) lacks the pack.
      expect(require('cdk-nag/package.json').version).toMatch(/^2\.28\./); // eslint-disable-line @typescript-eslint/no-require-imports
      return;
    }
    const stack = stackWithEverything({ env: { account: '111111111111', region: 'eu-west-1' } }, [name]);
    const repository = Connection.fromConnectionArn(stack, 'Imported', 'arn:aws:codestar-connections:eu-west-1:111111111111:connection/66666666-7777-4888-9999-000000000000');
    new GitSyncedProduct(stack, 'Product', {
      productName: 'p', owner: 'o', connection: repository, repository: 'o/r', branch: 'main', templatePath: 't.yaml',
    }).metricSyncSucceeded();
    const library = findings(stack, name).filter(f => !/^\/NagStack\/User\//.test(f));
    const rules = [...new Set(library.map(f => /: ([A-Za-z0-9.]+-[A-Za-z0-9]+)/.exec(f)![1]))];
    expect(rules.filter(r => !documented.has(r))).toEqual([]);
    // The defaults are there (the check can fail): the functions are outside a VPC by default.
    if (name !== 'ServerlessChecks') {
      expect(rules.some(r => r.endsWith('-LambdaInsideVPC'))).toBe(true);
    }
  });
});
