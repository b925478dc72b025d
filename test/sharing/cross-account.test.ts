/**
 * Across accounts: what synth says about uses that would fail at run time,
 * and what it leaves alone.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Connection, Host, HostProviderType, ProviderType } from '../../src';

const TOOLS = '111111111111';
const WORKLOAD = '222222222222';
const OTHER = '333333333333';
const SHARED_ARN = `arn:aws:codeconnections:eu-west-1:${TOOLS}:connection/0f4a7c1e-1234-4abc-9def-0123456789ab`;

function app(): { app: App; tools: Stack; workload: Stack } {
  const a = new App();
  return {
    app: a,
    tools: new Stack(a, 'Tools', { env: { account: TOOLS, region: 'eu-west-1' } }),
    workload: new Stack(a, 'Workload', { env: { account: WORKLOAD, region: 'eu-west-1' } }),
  };
}

function warnings(stack: Stack, id: string): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(id)).map(w => String(w.entry.data));
}

function useSharedIn(workload: Stack): void {
  const role = new iam.Role(workload, 'Build', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
  Connection.fromConnectionArn(workload, 'Shared', SHARED_ARN).grantUse(role, { repositories: ['my-org/my-app'] });
}

describe('a connection of another account', () => {
  test('used where nothing in the app shares a connection of its owner: synth warns, naming both accounts and the fix', () => {
    const { workload } = app();
    useSharedIn(workload);
    expect(warnings(workload, 'connectionNotSharedWithAccount')).toEqual([expect.stringMatching(
      new RegExp(`^UseConnection of Workload/Build uses connection Workload/Shared of account ${TOOLS} from account ${WORKLOAD}, `
        + `but nothing in this app shares a connection of account ${TOOLS} with ${WORKLOAD}: .*connection.shareWith\\(\\['${WORKLOAD}'\\]\\)`))]);
  });

  test('shared with another account only: still warned, naming where the shares go', () => {
    const { tools, workload } = app();
    new Connection(tools, 'GitHub', { providerType: ProviderType.GITHUB }).shareWith([OTHER]);
    useSharedIn(workload);
    expect(warnings(workload, 'connectionNotSharedWithAccount')).toEqual([expect.stringContaining(`(its shares go to ${OTHER})`)]);
  });

  test('shared with the account, or with an organization (members unknown at synth): no warning', () => {
    const shared = app();
    new Connection(shared.tools, 'GitHub', { providerType: ProviderType.GITHUB }).shareWith([WORKLOAD]);
    useSharedIn(shared.workload);
    expect(warnings(shared.workload, 'connectionNotSharedWithAccount')).toEqual([]);
    const org = app();
    new Connection(org.tools, 'GitHub', { providerType: ProviderType.GITHUB }).shareWith([`arn:aws:organizations::${TOOLS}:organization/o-exampleorgid`]);
    useSharedIn(org.workload);
    expect(warnings(org.workload, 'connectionNotSharedWithAccount')).toEqual([]);
  });

  test('the same account, or an account unknown at synth: nothing to say', () => {
    const a = new App();
    const same = new Stack(a, 'Same', { env: { account: TOOLS, region: 'eu-west-1' } });
    useSharedIn(same);
    expect(warnings(same, 'connectionNotSharedWithAccount')).toEqual([]);
    const agnostic = new Stack(a, 'Agnostic');
    useSharedIn(agnostic);
    expect(warnings(agnostic, 'connectionNotSharedWithAccount')).toEqual([]);
  });

  test('grantPassConnection is checked the same way', () => {
    const { workload } = app();
    const role = new iam.Role(workload, 'Deployer', { assumedBy: new iam.AccountRootPrincipal() });
    Connection.fromConnectionArn(workload, 'Shared', SHARED_ARN).grantPassConnection(role, 'codepipeline.amazonaws.com');
    expect(warnings(workload, 'connectionNotSharedWithAccount')).toEqual([expect.stringMatching(/^PassConnection of Workload\/Deployer uses connection/)]);
  });
});

test('a connection on a host of another account: synth warns (hosts are not shared)', () => {
  const { workload } = app();
  const host = Host.fromHostAttributes(workload, 'Ghes', {
    hostArn: `arn:aws:codeconnections:eu-west-1:${TOOLS}:host/ghes-0123abcd`,
    providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER,
  });
  new Connection(workload, 'OnHost', { host });
  expect(warnings(workload, 'hostOfAnotherAccount')).toEqual([expect.stringMatching(
    new RegExp(`^host: host Workload/Ghes is of account ${TOOLS}, but this connection is created in account ${WORKLOAD}.*host.addConnection\\(\\) does`))]);
});

test('fromConnectionName in one account, for a connection the app creates in another: synth warns', () => {
  const { tools, workload } = app();
  new Connection(tools, 'GitHub', { providerType: ProviderType.GITHUB, connectionName: 'team-github' });
  Connection.fromConnectionName(workload, 'ByName', 'team-github');
  expect(warnings(workload, 'lookupOfConnectionOfAnotherAccount')).toEqual([expect.stringMatching(
    new RegExp(`^fromConnectionName\\('team-github'\\) looks in account ${WORKLOAD} .* creates the connection named 'team-github' \\(Tools/GitHub\\) in account ${TOOLS}`))]);
});

test('shareWith on a connection found by name: synth says what happens, and the lookup is told to require a codeconnections ARN', () => {
  const { workload } = app();
  const byName = Connection.fromConnectionName(workload, 'ByName', 'team-github');
  byName.shareWith([OTHER]);
  Template.fromStack(workload).hasResourceProperties('Custom::CodeConnectionsConnectionLookup', {
    ConnectionName: 'team-github', RequireArnNamespace: 'codeconnections',
  });
  expect(Annotations.fromStack(workload).findInfo('/Workload/ByName', Match.stringLikeRegexp('AWS RAM shares only connections with codeconnections ARNs'))).toHaveLength(1);
});
