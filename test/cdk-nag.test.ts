/**
 * The README's cdk-nag suppression block, run as written, against stacks with
 * and without `env`: every finding of the status reporter is suppressed, and
 * nothing else is hidden.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Aspects, Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Connection, Host, HostProviderType, ProviderType } from '../src';

/** The ```js block of the README's "## cdk-nag" section. */
function readmeSnippet(): string {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## cdk-nag'));
  const m = /```js\n([\s\S]*?)```/.exec(section);
  if (!m) {
    throw new Error('README has no js block under "## cdk-nag"');
  }
  return m[1];
}

/** A stack with everything that gives the reporter policies. */
function stackWithReporter(props: StackProps): Stack {
  const app = new App();
  const stack = new Stack(app, 'NagStack', props);
  Aspects.of(app).add(new AwsSolutionsChecks());
  new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(10) });
  new Host(stack, 'Ghes', { providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER, providerEndpoint: 'https://github.example.com' });
  const looked = Connection.fromConnectionName(stack, 'ByName', 'team-github');
  const role = new iam.Role(stack, 'User', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
  looked.grantUse(role, { repositories: ['my-org/my-app'] });
  return stack;
}

function runSnippet(code: string, stack: Stack): void {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'stack', code)(require, stack);
}

function nagErrors(stack: Stack): string[] {
  return Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-'))
    .map(e => `${e.id}: ${String(e.entry.data).split('\n')[0]}`);
}

describe('cdk-nag suppression in the README', () => {
  const ENVS: Array<[string, StackProps]> = [
    ['env unset (environment-agnostic)', {}],
    ['env set', { env: { account: '111111111111', region: 'eu-west-1' } }],
    ['env set, China partition', { env: { account: '111111111111', region: 'cn-north-1' } }],
  ];

  test.each(ENVS)('without it, the reporter has IAM5 findings (%s)', (_name, props) => {
    const stack = stackWithReporter(props);
    const errors = nagErrors(stack);
    expect(errors.filter(e => e.includes('AwsSolutions-IAM5')).length).toBeGreaterThanOrEqual(1);
  });

  test.each(ENVS)('with it, no finding is left (%s)', (_name, props) => {
    const stack = stackWithReporter(props);
    runSnippet(readmeSnippet(), stack);
    expect(nagErrors(stack)).toEqual([]);
  });

  test.each(ENVS)('it suppresses only the reporter: the user\'s own connection wildcards are still reported (%s)', (_name, props) => {
    const stack = stackWithReporter(props);
    const role = new iam.Role(stack, 'Other', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    role.addToPolicy(new iam.PolicyStatement({
      actions: ['codeconnections:UseConnection'],
      resources: [stack.formatArn({ service: 'codeconnections', resource: 'connection', resourceName: '*' })],
    }));
    role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::my-bucket/*'] }));
    runSnippet(readmeSnippet(), stack);
    const errors = nagErrors(stack);
    expect(errors).toHaveLength(2);
    expect(errors.every(e => e.startsWith('/NagStack/Other/DefaultPolicy/Resource'))).toBe(true);
    expect(errors).toEqual(expect.arrayContaining([
      expect.stringMatching(/AwsSolutions-IAM5\[Resource::arn:.*:codeconnections:.*:connection\/\*\]/),
      expect.stringMatching(/AwsSolutions-IAM5\[Resource::arn:aws:s3:::my-bucket\/\*\]/),
    ]));
  });
});
