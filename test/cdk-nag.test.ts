/**
 * cdk-nag, clean by default: the library's deliberate IAM5 findings (the
 * status reporter's and the health publisher's account-wide reads, the
 * lookup's ListConnections on *) arrive acknowledged in their resources'
 * `cdk_nag` metadata, with reasons, for stacks with and without `env`; the
 * user's own findings, of the same rule too, are still reported.
 */
import { App, Aspects, Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Connection, Host, HostProviderType, ProviderType } from '../src';

/** A stack with everything that gives the library's roles policies. */
function stackWithEverything(props: StackProps): Stack {
  const app = new App();
  const stack = new Stack(app, 'NagStack', props);
  Aspects.of(app).add(new AwsSolutionsChecks());
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
  return Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-'))
    .map(e => `${e.id}: ${String(e.entry.data).split('\n')[0]}`);
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

  test('a suppression of the user on the same policy is added to the library\'s, not replacing it', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { NagSuppressions } = require('cdk-nag');
    const stack = stackWithEverything({});
    const policy = stack.node.findChild('CodeConnectionsStatusReporterPolicy');
    NagSuppressions.addResourceSuppressions(policy, [{ id: 'AwsSolutions-IAM4', reason: 'a suppression of the user, for something else' }]);
    const metadata = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))
      .find(p => /StatusReporterRole/.test(JSON.stringify(p.Properties.Roles)) && p.Metadata?.cdk_nag)!.Metadata.cdk_nag;
    expect(metadata.rules_to_suppress.map((r: any) => r.id)).toEqual(['AwsSolutions-IAM5', 'AwsSolutions-IAM4']);
    expect(nagErrors(stack)).toEqual([]);
  });
});
