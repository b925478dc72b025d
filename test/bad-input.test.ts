/**
 * Bad input, table-driven: every row must fail at synth time with an error
 * that names the property and shows the bad value. The second table gives the
 * same properties as tokens, which must synthesize (tokens are not validated).
 */
import { App, Duration, Fn, Lazy, Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  Connection, ConnectionSource, ConnectionSourceAction, ConnectionSourceActionProps, Host, HostProps, HostProviderType, ProviderType,
} from '../src';
import { TEST_CERTIFICATE } from './fixtures/certificate';

const ARN = 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab';
const HOST_ARN = 'arn:aws:codeconnections:eu-west-1:111111111111:host/my-ghes-0123abcd';
const GHES: HostProps = { providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER, providerEndpoint: 'https://github.example.com' };

const stack = () => new Stack(new App(), 'Stack');
const synth = (s: Stack) => Template.fromStack(s);
const vpcIn = (s: Stack) => new ec2.Vpc(s, 'Vpc', { maxAzs: 1 });
const host = (props: Partial<HostProps>, withVpc = false) => {
  const s = stack();
  new Host(s, 'Host', { ...GHES, ...(withVpc ? { vpc: vpcIn(s) } : {}), ...props });
};
/** A ConnectionSourceAction in a pipeline (its repository is checked there, under the action's own path). */
const action = (props: Partial<ConnectionSourceActionProps>) => {
  const s = stack();
  const output = new codepipeline.Artifact();
  new codepipeline.Pipeline(s, 'Pipeline', {
    stages: [
      {
        stageName: 'Source',
        actions: [new ConnectionSourceAction({
          actionName: 'Src',
          connection: Connection.fromConnectionArn(s, 'C', ARN),
          owner: 'my-org',
          repo: 'my-app',
          branch: 'main',
          output,
          ...props,
        })],
      },
      { stageName: 'Approve', actions: [new codepipeline_actions.ManualApprovalAction({ actionName: 'Approve' })] },
    ],
  });
};
const grant = (repositories: string[]) => {
  const s = stack();
  const role = new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
  Connection.fromConnectionArn(s, 'C', ARN).grantUse(role, { repositories });
};
const tagged = (key: string, value: string) => {
  const s = stack();
  Tags.of(new Connection(s, 'C', { providerType: ProviderType.GITHUB })).add(key, value);
  synth(s);
};

const BAD: Array<[string, () => unknown, RegExp]> = [
  ['Connection: name of 33 characters', () => new Connection(stack(), 'C', { connectionName: 'n'.repeat(33), providerType: ProviderType.GITHUB }), /connectionName: 'n{33}' \(33 characters\) must be 1-32/],
  ['Connection: empty name', () => new Connection(stack(), 'C', { connectionName: '', providerType: ProviderType.GITHUB }), /connectionName: '' \(0 characters\)/],
  ['Connection: neither providerType nor host', () => new Connection(stack(), 'C', {}), /one of providerType or host is required/],
  ['Connection: installed provider without host', () => new Connection(stack(), 'C', { providerType: ProviderType.GITLAB_SELF_MANAGED }), /providerType GitLabSelfManaged is an installed provider and needs a host/],
  ['Connection: cloud provider with host', () => { const s = stack(); new Connection(s, 'C', { providerType: ProviderType.GITHUB, host: Host.fromHostArn(s, 'H', HOST_ARN) }); }, /providerType GitHub is a cloud provider and cannot use a host/],
  ['Connection: providerType and host together', () => { const s = stack(); new Connection(s, 'C', { providerType: ProviderType.GITHUB_ENTERPRISE_SERVER, host: Host.fromHostArn(s, 'H', HOST_ARN) }); }, /pass either providerType or host, not both: .*GitHubEnterpriseServer/],
  ['Connection: waitForAvailable too short', () => new Connection(stack(), 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.seconds(10) }), /waitForAvailable: 10 seconds must be between 1 minute and 55 minutes/],
  ['Connection: waitForAvailable past the custom resource limit', () => new Connection(stack(), 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.hours(1) }), /waitForAvailable: 1 hour must be between/],
  ['Connection: waitForAvailable as a token in minutes', () => new Connection(stack(), 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(Lazy.number({ produce: () => 10 })) }), /waitForAvailable: a duration that is a token must be given as Duration.seconds\(token\)/],
  ['Connection: waitForAvailable without status report', () => new Connection(stack(), 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(5), statusReport: false }), /waitForAvailable needs the status report/],
  ['Connection: 201 tags', () => { const s = stack(); const c = new Connection(s, 'C', { providerType: ProviderType.GITHUB }); for (let i = 0; i < 201; i++) Tags.of(c).add(`k${i}`, 'v'); synth(s); }, /tags: 201 tags reach this resource; .* at most 200/],
  ['Connection: tag key of 129 characters', () => tagged('k'.repeat(129), 'v'), /tags: key 'k{129}' \(129 characters\) must be 1-128/],
  ['Connection: tag value of 257 characters', () => tagged('team', 'v'.repeat(257)), /tags: value of 'team' 'v{257}' \(257 characters\) must be at most 256/],
  ['Connection.fromConnectionArn: not an ARN', () => Connection.fromConnectionArn(stack(), 'C', 'github'), /connectionArn 'github' \(6 characters\) is not a connection ARN/],
  ['Connection.fromConnectionArn: host ARN', () => Connection.fromConnectionArn(stack(), 'C', HOST_ARN), /connectionArn 'arn:aws:codeconnections:eu-west-1:111111111111:host\/my-ghes-0123abcd' .* is not a connection ARN/],
  ['Connection.fromConnectionArn: other service', () => Connection.fromConnectionArn(stack(), 'C', ARN.replace('codeconnections', 'codecommit')), /connectionArn 'arn:aws:codecommit:.*' .* is not a connection ARN/],
  ['Connection.fromConnectionArn: short account', () => Connection.fromConnectionArn(stack(), 'C', ARN.replace('111111111111', '1111')), /connectionArn '.*:1111:connection\/.*' .* is not a connection ARN/],
  ['Connection.fromConnectionName: name of 40 characters', () => Connection.fromConnectionName(stack(), 'C', 'x'.repeat(40)), /connectionName: 'x{40}' \(40 characters\) must be 1-32/],
  ['Host: name of 65 characters', () => host({ hostName: 'h'.repeat(65) }), /hostName: 'h{65}' \(65 characters\) must be 1-64/],
  ['Host: http endpoint', () => host({ providerEndpoint: 'http://github.example.com' }), /providerEndpoint: 'http:\/\/github.example.com' .* must be an https URL/],
  ['Host: endpoint without scheme', () => host({ providerEndpoint: 'github.example.com' }), /providerEndpoint: 'github.example.com' .* must be an https URL/],
  ['Host: endpoint of 520 characters', () => host({ providerEndpoint: `https://example.com/${'a'.repeat(500)}` }), /providerEndpoint: .*\(520 characters\) must be 1-512/],
  ['Host: certificate without vpc', () => host({ tlsCertificate: TEST_CERTIFICATE }), /tlsCertificate requires vpc/],
  ['Host: subnets without vpc', () => host({ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }), /vpcSubnets requires vpc/],
  ['Host: certificate that is not PEM', () => host({ tlsCertificate: 'not a certificate' }, true), /tlsCertificate: 'not a certificate' \(17 characters\) is not PEM/],
  ['Host: empty security group list', () => host({ securityGroups: [] }, true), /securityGroups: 0 security groups given; a host needs 1-10/],
  ['Host: 11 subnets', () => { const s = stack(); new Host(s, 'Host', { ...GHES, vpc: ec2.Vpc.fromVpcAttributes(s, 'V', { vpcId: 'vpc-1', availabilityZones: ['a'], privateSubnetIds: Array.from({ length: 11 }, (_, i) => `subnet-${i}`) }) }); }, /vpcSubnets: the selection has 11 subnets; a host needs 1-10/],
  ['Host.fromHostArn: connection ARN', () => Host.fromHostArn(stack(), 'H', ARN), /hostArn '.*connection\/.*' .* is not a host ARN/],
  ['HostProviderType.of: cloud provider', () => HostProviderType.of('Bitbucket'), /HostProviderType.of\(\): 'Bitbucket' is a cloud provider and has no hosts/],
  ['ProviderType.of: spaces', () => ProviderType.of('Git Hub'), /ProviderType.of\(\): 'Git Hub' is not a provider type name/],
  ['grantUse: empty repositories', () => grant([]), /grantUse: repositories is empty/],
  ['grantUse: repository without owner', () => grant(['my-app']), /grantUse: repositories entry 'my-app' \(6 characters\) must be owner\/repo/],
  ['grantUse: repository with a space', () => grant(['my org/app']), /grantUse: repositories entry 'my org\/app'/],
  ['ConnectionSourceAction: repo with owner', () => action({ repo: 'my-org/my-app' }), /^Stack\/Pipeline\/Source\/Src: ConnectionSourceAction 'Src': repo 'my-org\/my-app' \(13 characters\) must be a repository name without the owner/],
  ['ConnectionSourceAction: empty owner', () => action({ owner: '' }), /ConnectionSourceAction 'Src': owner '' \(0 characters\)/],
  ['ConnectionSourceAction: empty branch', () => action({ branch: '' }), /ConnectionSourceAction 'Src': branch '' \(0 characters\) must be a branch name/],
  ['ConnectionSourceAction: branch with a space', () => action({ branch: 'my branch' }), /branch 'my branch' \(9 characters\)/],
  ['ConnectionSource.of: repository without owner', () => ConnectionSource.of(Connection.fromConnectionArn(stack(), 'C', ARN), 'my-app', { branch: 'main' }), /ConnectionSource.of\(\): repository 'my-app' \(6 characters\) must be owner\/repo/],
  // Found by the property tests (test/property): each crashed inside aws-cdk-lib before.
  ['Connection: waitForAvailable not a whole number of seconds', () => new Connection(stack(), 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.seconds(90.5) }), /Stack\/C: waitForAvailable: .* must be a whole number of seconds between 1 minute and 55 minutes/],
  ['Connection: waitForAvailable of NaN minutes', () => new Connection(stack(), 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(NaN) }), /Stack\/C: waitForAvailable: .* must be a whole number of seconds/],
  ['Host: vpcSubnets selecting a subnet type the VPC lacks', () => { const s = stack(); new Host(s, 'Host', { ...GHES, vpc: new ec2.Vpc(s, 'Vpc', { maxAzs: 1, subnetConfiguration: [{ name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }), vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }); }, /Stack\/Host: vpcSubnets: the selection matches no subnets of the VPC \(There are no 'Public' subnet groups/],
  ['ConnectionSourceAction: actionName of 101 characters', () => action({ actionName: 'a'.repeat(101) }), /ConnectionSourceAction: actionName 'a{101}' \(101 characters\) must be 1-100 letters, digits/],
  ['ConnectionSourceAction: actionName that is a token', () => action({ actionName: Lazy.string({ produce: () => 'Src' }) }), /ConnectionSourceAction: actionName must be known at synth time/],
  ['ConnectionSourceAction: actionName that is a JavaScript built-in name', () => action({ actionName: 'valueOf' }), /actionName 'valueOf' \(7 characters\) is a JavaScript built-in name/],
];

describe('bad input fails at synth time, naming the property and the value', () => {
  test('there are at least 30 cases', () => {
    expect(BAD.length).toBeGreaterThanOrEqual(30);
  });

  test.each(BAD)('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('the same properties as tokens synthesize', () => {
  const token = (name: string) => Fn.importValue(name);
  const lazy = Lazy.string({ produce: () => 'resolved-late' });

  test.each<[string, (s: Stack) => void]>([
    ['connection name', s => { new Connection(s, 'C', { connectionName: token('Name'), providerType: ProviderType.GITHUB }); }],
    ['lazy connection name', s => { new Connection(s, 'C', { connectionName: lazy, providerType: ProviderType.GITHUB }); }],
    ['provider type', s => { new Connection(s, 'C', { providerType: ProviderType.of(token('Provider')) }); }],
    ['imported connection ARN', s => { Connection.fromConnectionArn(s, 'C', token('Arn')).grantUse(new iam.Role(s, 'R', { assumedBy: new iam.AccountRootPrincipal() })); }],
    ['imported host ARN', s => { Host.fromHostArn(s, 'H', token('HostArn')).addConnection('C'); }],
    ['host name, endpoint and certificate', s => { new Host(s, 'H', { ...GHES, hostName: token('HostName'), providerEndpoint: token('Endpoint'), vpc: vpcIn(s), tlsCertificate: token('Cert') }); }],
    ['repositories in a grant', s => { Connection.fromConnectionArn(s, 'C', ARN).grantUse(new iam.Role(s, 'R', { assumedBy: new iam.AccountRootPrincipal() }), { repositories: [token('Repo')] }); }],
    ['source action owner, repo and branch', s => {
      new codepipeline.Pipeline(s, 'P', {
        stages: [
          { stageName: 'Source', actions: [new ConnectionSourceAction({ actionName: 'Src', connection: Connection.fromConnectionArn(s, 'C', ARN), owner: token('Owner'), repo: token('Repo'), branch: token('Branch'), output: new codepipeline.Artifact('A') })] },
          { stageName: 'Next', actions: [new codepipeline_actions.ManualApprovalAction({ actionName: 'Approve' })] },
        ],
      });
    }],
    ['waitForAvailable', s => { new Connection(s, 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.seconds(Lazy.number({ produce: () => 600 })) }); }],
  ])('%s', (_name, build) => {
    const s = stack();
    build(s);
    expect(() => synth(s)).not.toThrow();
  });
});

describe('plain JavaScript callers get the library\'s errors, not TypeErrors (found trying the README as a new user)', () => {
  const role = (s: Stack) => new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
  const imported = (s: Stack) => Connection.fromConnectionArn(s, 'C', ARN);
  const WRONG: Array<[string, () => unknown, RegExp]> = [
    ['an ARN string as the action\'s connection', () => action({ connection: ARN as any }), /ConnectionSourceAction 'Src': connection must be an IConnection, e\.g\. Connection\.fromConnectionArn\(this, 'Connection', arn\), got string "arn:aws:codeconnections/],
    ['an ARN string to ConnectionSource.of', () => ConnectionSource.of(ARN as any, 'my-org/my-app', { branch: 'main' }), /ConnectionSource\.of\(\): connection must be an IConnection/],
    ['an object that is no connection', () => action({ connection: {} as any }), /connection must be an IConnection, .*got object \{\}/],
    ['a host that is an ARN string', () => new Connection(stack(), 'C', { host: HOST_ARN as any }), /Stack\/C: host must be an IHost, e\.g\. Host\.fromHostArn/],
    ['waitForAvailable as a number', () => new Connection(stack(), 'C', { providerType: ProviderType.GITHUB, waitForAvailable: 5 as any }), /Stack\/C: waitForAvailable must be a Duration, e\.g\. Duration\.minutes\(30\); got number 5/],
    ['a repositories entry that is no string', () => { const s = stack(); imported(s).grantUse(role(s), { repositories: [5 as any] }); }, /grantUse\(\): repositories entry must be a string, got number 5/],
    ['a tlsCertificate that is no string', () => host({ tlsCertificate: 5 as any }, true), /Stack\/Host: tlsCertificate must be a string, got number 5/],
    ['a security group that is undefined', () => host({ securityGroups: [undefined as any] }, true), /Stack\/Host: securityGroups\[0\] is required/],
    ['ProviderType.of() without a name', () => ProviderType.of(undefined as any), /ProviderType\.of\(\): name is required/],
    ['HostProviderType.of(5)', () => HostProviderType.of(5 as any), /HostProviderType\.of\(\): name must be a string, got number 5/],
  ];
  test.each(WRONG)('%s', (_name, make, message) => {
    let error: unknown;
    try {
      make();
    } catch (e) {
      error = e;
    }
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error)?.message).toMatch(message);
  });

  test('null where an optional argument goes is the same as leaving it out', () => {
    const s = stack();
    expect(() => new Connection(s, 'Null', null as any)).toThrow(/one of providerType or host is required/);
    const connection = imported(s);
    connection.grantUse(role(s), null as any);
    connection.grantUse(new iam.User(s, 'U'), { repositories: null as any });
    expect(synth(s).findResources('AWS::IAM::Policy')).not.toEqual({});
  });

  test('HostProviderType.of with a cloud provider in any case says it has no hosts', () => {
    expect(() => HostProviderType.of('Github')).toThrow(/HostProviderType\.of\(\): 'Github' is a cloud provider \(GitHub\) and has no hosts; create a Connection with ProviderType\.GITHUB/);
  });

  test('a tag key with a newline is shown escaped, on one line', () => {
    expect(() => tagged('aws:\nx', 'v')).toThrow(/tags: key 'aws:\\nx' uses the reserved prefix 'aws:'/);
  });

  test('a long value given to ProviderType.of is cut in the message', () => {
    let message = '';
    try {
      ProviderType.of(`G\n${'x'.repeat(1000)}`);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^ProviderType\.of\(\): 'G\\nx+\.\.\.' is not a provider type name/);
    expect(message.length).toBeLessThan(600);
  });
});
