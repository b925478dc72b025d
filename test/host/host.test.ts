import { App, Fn, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Connection, Host, HostProviderType, ProviderType } from '../../src';
import { TEST_CERTIFICATE } from '../fixtures/certificate';

const HOST = 'AWS::CodeConnections::Host';
const CONNECTION = 'AWS::CodeConnections::Connection';
const HOST_STATUS = 'Custom::CodeConnectionsHostStatus';
const ENDPOINT = 'https://github.example.com';

function newStack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
}

function ghes(stack: Stack, props: Partial<ConstructorParameters<typeof Host>[2]> = {}): Host {
  return new Host(stack, 'Host', { providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER, providerEndpoint: ENDPOINT, ...props });
}

describe('Host', () => {
  test('creates a host without VPC, with a generated name of at most 64 characters', () => {
    const stack = newStack();
    ghes(stack);
    const template = Template.fromStack(stack);
    template.resourceCountIs(HOST, 1);
    const props = Object.values(template.findResources(HOST))[0].Properties;
    expect(props).toEqual({
      Name: expect.stringMatching(/^StackHost[A-Za-z0-9]+$/),
      ProviderType: 'GitHubEnterpriseServer',
      ProviderEndpoint: ENDPOINT,
    });
    expect(props.Name.length).toBeLessThanOrEqual(64);
  });

  test('GitLab self-managed with a given name, kept on delete and replacement by default, deleted by the rollback that created it', () => {
    const stack = newStack();
    new Host(stack, 'Host', { hostName: 'gitlab', providerType: HostProviderType.GITLAB_SELF_MANAGED, providerEndpoint: 'https://gitlab.example.com/' });
    Template.fromStack(stack).hasResource(HOST, {
      Properties: { Name: 'gitlab', ProviderType: 'GitLabSelfManaged' },
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('removalPolicy SNAPSHOT is refused at synth, naming the host', () => {
    const stack = newStack();
    expect(() => ghes(stack, { removalPolicy: RemovalPolicy.SNAPSHOT })).toThrow(
      /removalPolicy: RemovalPolicy.SNAPSHOT is not supported by AWS::CodeConnections::Host, which has no snapshot/);
  });

  test('an explicit RemovalPolicy.RETAIN is used as given, for the host and its security group', () => {
    const stack = newStack();
    ghes(stack, { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 }), removalPolicy: RemovalPolicy.RETAIN });
    Template.fromStack(stack).hasResource(HOST, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    Template.fromStack(stack).hasResource('AWS::EC2::SecurityGroup', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('honours removalPolicy and tags', () => {
    const stack = newStack();
    const host = ghes(stack, { removalPolicy: RemovalPolicy.DESTROY });
    Tags.of(host).add('team', 'platform');
    Template.fromStack(stack).hasResource(HOST, {
      Properties: { Tags: [{ Key: 'team', Value: 'platform' }] },
      DeletionPolicy: 'Delete',
    });
  });

  describe('in a VPC', () => {
    test('defaults to the private subnets and a created security group with only HTTPS egress', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
      const host = ghes(stack, { vpc, tlsCertificate: TEST_CERTIFICATE });
      const template = Template.fromStack(stack);
      const privateSubnets = vpc.privateSubnets.map(s => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) }));
      template.hasResourceProperties(HOST, {
        VpcConfiguration: {
          VpcId: { Ref: stack.getLogicalId(vpc.node.defaultChild as ec2.CfnVPC) },
          SubnetIds: privateSubnets,
          SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^HostSecurityGroup'), 'GroupId'] }],
          TlsCertificate: TEST_CERTIFICATE,
        },
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: 'CodeConnections host Stack/Host: HTTPS to the provider endpoint',
        SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Description: Match.stringLikeRegexp('HTTPS') }],
        SecurityGroupIngress: Match.absent(),
      });
      expect(host.connections.securityGroups).toHaveLength(1);
    });

    test('uses the given subnets and security groups', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
      const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
      ghes(stack, { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC, onePerAz: true }, securityGroups: [sg] });
      const template = Template.fromStack(stack);
      template.hasResourceProperties(HOST, {
        VpcConfiguration: {
          SubnetIds: vpc.publicSubnets.map(s => ({ Ref: stack.getLogicalId(s.node.defaultChild as ec2.CfnSubnet) })),
          SecurityGroupIds: [{ 'Fn::GetAtt': [stack.getLogicalId(sg.node.defaultChild as ec2.CfnSecurityGroup), 'GroupId'] }],
          TlsCertificate: Match.absent(),
        },
      });
      template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
    });

    test('lets a provider accept the host on 443 through connections', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
      const host = ghes(stack, { vpc });
      const provider = new ec2.SecurityGroup(stack, 'Provider', { vpc });
      provider.connections.allowFrom(host, ec2.Port.tcp(443));
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HostSecurityGroup'), 'GroupId'] },
      });
    });
  });

  describe('status report', () => {
    test('adds a host status resource and output, sharing the one reporter with connections', () => {
      const stack = newStack();
      const host = ghes(stack);
      host.addConnection('Conn');
      new Connection(stack, 'Cloud', { providerType: ProviderType.GITHUB });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::Lambda::Function', 1);
      template.resourceCountIs(HOST_STATUS, 1);
      template.hasResourceProperties(HOST_STATUS, {
        HostArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Host'), 'HostArn'] },
      });
      const outputs = template.findOutputs('*');
      expect(Object.values(outputs).map(o => o.Description).sort()).toEqual([
        'cdk-codeconnections: next step for connection Stack/Cloud',
        'cdk-codeconnections: next step for connection Stack/Host/Conn',
        'cdk-codeconnections: next step for host Stack/Host',
      ]);
      expect(stack.resolve(host.hostStatus)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^HostStatus/), 'Status'] });
      expect(stack.resolve(host.consoleUrl)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^HostStatus/), 'ConsoleUrl'] });
      expect(stack.resolve(host.nextStep)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^HostStatus/), 'Message'] });
    });

    test('statusReport: false falls back to the CloudFormation Status attribute', () => {
      const stack = newStack();
      const host = ghes(stack, { statusReport: false });
      Template.fromStack(stack).resourceCountIs(HOST_STATUS, 0);
      expect(stack.resolve(host.hostStatus)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Host/), 'Status'] });
      expect(() => host.consoleUrl).toThrow(/Stack\/Host: consoleUrl comes from the status report, which is off for this host/);
    });

    test('the reporter policy stays the same size with hosts and connections', () => {
      const policy = (n: number) => {
        const stack = newStack();
        for (let i = 0; i < n; i++) {
          const host = new Host(stack, `H${i}`, { providerType: HostProviderType.GITLAB_SELF_MANAGED, providerEndpoint: ENDPOINT });
          host.addConnection('C');
        }
        return JSON.stringify(Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))[0].Properties.PolicyDocument);
      };
      expect(policy(30)).toEqual(policy(1));
    });
  });

  describe('connections on hosts', () => {
    test('addConnection sets HostArn and no ProviderType', () => {
      const stack = newStack();
      const host = ghes(stack);
      const connection = host.addConnection('Conn', { connectionName: 'ghes' });
      Template.fromStack(stack).hasResourceProperties(CONNECTION, {
        ConnectionName: 'ghes',
        HostArn: { 'Fn::GetAtt': [stack.getLogicalId(host.node.defaultChild as any), 'HostArn'] },
        ProviderType: Match.absent(),
      });
      expect(connection.providerType).toBe(ProviderType.GITHUB_ENTERPRISE_SERVER);
      expect(connection.host).toBe(host);
      expect(connection.node.path).toEqual('Stack/Host/Conn');
    });

    test('a connection on an imported host takes the type from the attributes, or none', () => {
      const stack = newStack();
      const arn = 'arn:aws:codeconnections:eu-west-1:111111111111:host/my-ghes-0123abcd';
      const typed = Host.fromHostAttributes(stack, 'Typed', { hostArn: arn, providerType: HostProviderType.GITLAB_SELF_MANAGED });
      expect(new Connection(stack, 'A', { host: typed }).providerType).toBe(ProviderType.GITLAB_SELF_MANAGED);
      const untyped = Host.fromHostArn(stack, 'Untyped', arn);
      const c = new Connection(stack, 'B', { host: untyped });
      expect(c.providerType).toBeUndefined();
      Template.fromStack(stack).hasResourceProperties(CONNECTION, { HostArn: arn, ProviderType: Match.absent() });
    });

    test.each([
      [ProviderType.GITHUB, /providerType GitHub is a cloud provider and cannot use a host; remove host/],
      [ProviderType.BITBUCKET, /providerType Bitbucket is a cloud provider and cannot use a host/],
      [ProviderType.GITHUB_ENTERPRISE_SERVER, /pass either providerType or host, not both: .*got providerType GitHubEnterpriseServer and host Stack\/Host/],
      [ProviderType.of('Future'), /pass either providerType or host, not both/],
    ])('providerType %s together with host is an error', (providerType, message) => {
      const stack = newStack();
      const host = ghes(stack);
      expect(() => new Connection(stack, 'C', { providerType, host })).toThrow(message);
    });

    test.each([ProviderType.GITHUB_ENTERPRISE_SERVER, ProviderType.GITLAB_SELF_MANAGED])('installed provider %s without a host is an error that says what to do', (providerType) => {
      const stack = newStack();
      expect(() => new Connection(stack, 'C', { providerType }))
        .toThrow(new RegExp(`Stack/C: providerType ${providerType.name} is an installed provider and needs a host: create a Host .*host.addConnection\\(\\)`));
    });
  });

  describe('validation', () => {
    test.each([
      [{ hostName: 'h'.repeat(65) }, /Stack\/Host: hostName: 'h+' \(65 characters\) must be 1-64 characters long/],
      [{ hostName: '' }, /hostName: '' \(0 characters\) must be 1-64/],
      [{ providerEndpoint: 'http://github.example.com' }, /providerEndpoint: 'http:\/\/github.example.com' \(25 characters\) must be an https URL/],
      [{ providerEndpoint: 'github.example.com' }, /providerEndpoint: 'github.example.com' .* must be an https URL/],
      [{ providerEndpoint: '' }, /providerEndpoint: '' \(0 characters\) must be 1-512 characters long/],
      [{ providerEndpoint: `https://example.com/${'a'.repeat(500)}` }, /providerEndpoint: .*\(520 characters\) must be 1-512/],
      [{ tlsCertificate: TEST_CERTIFICATE }, /Stack\/Host: tlsCertificate requires vpc/],
      [{ vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }, /vpcSubnets requires vpc/],
    ])('rejects %o', (props, message) => {
      const stack = newStack();
      expect(() => ghes(stack, props as any)).toThrow(message);
    });

    test('names every VPC-only prop given without vpc', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
      const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc });
      expect(() => ghes(stack, { securityGroups: [sg], tlsCertificate: TEST_CERTIFICATE }))
        .toThrow(/securityGroups, tlsCertificate require vpc: .*pass vpc, or remove securityGroups, tlsCertificate/);
    });

    test('rejects a certificate that is not PEM, or too long', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
      expect(() => ghes(stack, { vpc, tlsCertificate: 'MIIDGzCCAgOgAwIBAgIU' }))
        .toThrow(/tlsCertificate: 'MIIDGzCCAgOgAwIBAgIU' \(20 characters\) is not PEM/);
      const body = TEST_CERTIFICATE.split('\n').slice(1, -1).join('\n');
      const huge = `-----BEGIN CERTIFICATE-----\n${`${body}\n`.repeat(20)}-----END CERTIFICATE-----`;
      const other = newStack();
      const otherVpc = new ec2.Vpc(other, 'Vpc', { maxAzs: 1 });
      expect(() => ghes(other, { vpc: otherVpc, tlsCertificate: huge })).toThrow(/tlsCertificate: .* must be 1-16384 characters long/);
    });

    test('accepts a certificate chain', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
      ghes(stack, { vpc, tlsCertificate: `${TEST_CERTIFICATE}\n${TEST_CERTIFICATE}\n` });
      Template.fromStack(stack).resourceCountIs(HOST, 1);
    });

    test('rejects more than 10 subnets after selection, and 0 or more than 10 security groups', () => {
      const stack = newStack();
      const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
        vpcId: 'vpc-12345678',
        availabilityZones: ['eu-west-1a'],
        privateSubnetIds: Array.from({ length: 11 }, (_, i) => `subnet-${String(i).padStart(8, '0')}`),
      });
      expect(() => ghes(stack, { vpc })).toThrow(/vpcSubnets: the selection has 11 subnets; a host needs 1-10/);
      const small = new ec2.Vpc(stack, 'Small', { maxAzs: 1 });
      expect(() => new Host(stack, 'H0', { providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER, providerEndpoint: ENDPOINT, vpc: small, securityGroups: [] }))
        .toThrow(/securityGroups: 0 security groups given; a host needs 1-10/);
      const sgs = Array.from({ length: 11 }, (_, i) => new ec2.SecurityGroup(stack, `Sg${i}`, { vpc: small }));
      expect(() => new Host(stack, 'H11', { providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER, providerEndpoint: ENDPOINT, vpc: small, securityGroups: sgs }))
        .toThrow(/securityGroups: 11 security groups given; a host needs 1-10/);
    });

    test('skips tokens', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
      ghes(stack, {
        hostName: Fn.importValue('Name'),
        providerEndpoint: Fn.importValue('Endpoint'),
        vpc,
        tlsCertificate: Fn.importValue('Cert'),
      });
      Template.fromStack(stack).hasResourceProperties(HOST, {
        Name: { 'Fn::ImportValue': 'Name' },
        ProviderEndpoint: { 'Fn::ImportValue': 'Endpoint' },
        VpcConfiguration: Match.objectLike({ TlsCertificate: { 'Fn::ImportValue': 'Cert' } }),
      });
    });

    test('HostProviderType.of rejects cloud providers and malformed names', () => {
      expect(() => HostProviderType.of('GitHub')).toThrow(/'GitHub' is a cloud provider and has no hosts/);
      expect(() => HostProviderType.of('Azure DevOps')).toThrow(/not a provider type name/);
      expect(HostProviderType.of('GitLabSelfManaged')).toBe(HostProviderType.GITLAB_SELF_MANAGED);
      expect(HostProviderType.of('FutureServer').name).toEqual('FutureServer');
    });
  });

  describe('import', () => {
    test.each([
      ['arn:aws:codeconnections:eu-west-1:111111111111:host/my-ghes-0123abcd', 'eu-west-1'],
      ['arn:aws:codestar-connections:us-west-2:222222222222:host/My-Host-28aef605', 'us-west-2'],
      ['arn:aws-cn:codeconnections:cn-north-1:333333333333:host/h-1', 'cn-north-1'],
    ])('fromHostArn(%s)', (arn, region) => {
      // A stack of the ARN's partition: a host of another partition is refused (below).
      const stack = arn.startsWith('arn:aws-cn:') ? new Stack(new App(), 'Stack', { env: { region: 'cn-north-1' } }) : newStack();
      const host = Host.fromHostArn(stack, 'H', arn);
      expect(host.hostArn).toEqual(arn);
      expect(host.env.region).toEqual(region);
      expect(stack.resolve(host.hostRef.hostArn)).toEqual(arn);
      expect(() => host.hostName).toThrow(/hostName is unknown for a host imported by ARN/);
      expect(Host.fromHostAttributes(stack, 'Named', { hostArn: arn, hostName: 'ghes' }).hostName).toEqual('ghes');
    });

    test('a host of another partition is refused; an environment-agnostic stack takes any', () => {
      const arn = 'arn:aws-cn:codeconnections:cn-north-1:333333333333:host/h-1';
      expect(() => Host.fromHostArn(newStack(), 'H', arn)).toThrow(
        `Stack: Host 'H': hostArn '${arn}' (59 characters) is in partition aws-cn, but this stack deploys to aws; AWS partitions do not share hosts: import one of aws`);
      expect(Host.fromHostArn(new Stack(new App(), 'Agnostic'), 'H', arn).hostArn).toBe(arn);
    });

    test.each([
      'arn:aws:codeconnections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab',
      'arn:aws:codeconnections:eu-west-1:111111111111:host',
      'host/abc',
    ])('rejects %s', (arn) => {
      const stack = newStack();
      expect(() => Host.fromHostArn(stack, 'H', arn)).toThrow(/^Stack: Host 'H': hostArn '.*' \(\d+ characters\) is not a host ARN: it.*; expected arn:PARTITION:codeconnections\|codestar-connections:REGION:ACCOUNT:host\/HOST_ID/);
    });
  });
});

describe('default security group lifecycle', () => {
  test('follows the host: kept with a kept host (its interfaces keep the group), deleted with a destroyed one', () => {
    const retained = newStack();
    ghes(retained, { vpc: new ec2.Vpc(retained, 'Vpc', { maxAzs: 1 }) });
    Template.fromStack(retained).hasResource('AWS::EC2::SecurityGroup', { DeletionPolicy: 'RetainExceptOnCreate', UpdateReplacePolicy: 'Retain' });

    const destroyed = newStack();
    ghes(destroyed, { vpc: new ec2.Vpc(destroyed, 'Vpc', { maxAzs: 1 }), removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(destroyed).hasResource('AWS::EC2::SecurityGroup', { DeletionPolicy: 'Delete' });
  });
});

describe('what a new user hits', () => {
  const GHES = { providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER, providerEndpoint: ENDPOINT };

  test('a connection on an owned host of another region is a synth error that says why', () => {
    const app = new App();
    const hostStack = new Stack(app, 'Hosts', { env: { account: '111111111111', region: 'eu-west-1' } });
    const host = new Host(hostStack, 'Ghes', GHES);
    const other = new Stack(app, 'Other', { env: { account: '111111111111', region: 'us-east-1' } });
    expect(() => new Connection(other, 'C', { host }))
      .toThrow(/^Other\/C: host: host Hosts\/Ghes is in eu-west-1, but this connection is in us-east-1\. Hosts are regional/);
  });

  test('a connection on an imported host of another region is a synth error', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    const host = Host.fromHostArn(stack, 'Ghes', 'arn:aws:codeconnections:eu-west-1:111111111111:host/my-ghes-0123abcd');
    expect(() => new Connection(stack, 'C', { host })).toThrow(/host Stack\/Ghes is in eu-west-1, but this connection is in us-east-1/);
  });

  test('same region, or a region unknown at synth, is accepted', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
    new Connection(stack, 'Same', { host: Host.fromHostArn(stack, 'H1', 'arn:aws:codeconnections:eu-west-1:111111111111:host/a-0123abcd') });
    const agnostic = new Stack(new App(), 'Agnostic');
    new Connection(agnostic, 'Any', { host: Host.fromHostArn(agnostic, 'H2', 'arn:aws:codeconnections:eu-west-1:111111111111:host/a-0123abcd') });
    new Host(agnostic, 'Owned', GHES).addConnection('C');
    Template.fromStack(stack).resourceCountIs(CONNECTION, 1);
    Template.fromStack(agnostic).resourceCountIs(CONNECTION, 2);
  });

  const imported = (stack: Stack, ids: { vpcId?: string; subnetIds?: string[]; sg?: string }) => {
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: ids.vpcId ?? 'vpc-0123456789abcdef0',
      availabilityZones: ['eu-west-1a'],
      privateSubnetIds: ids.subnetIds ?? ['subnet-0123abcd'],
    });
    const securityGroups = ids.sg ? [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', ids.sg)] : undefined;
    new Host(stack, 'Host', { ...GHES, vpc, securityGroups });
  };

  test.each([
    ['a subnet id given as the VPC id', { vpcId: 'subnet-0123abcd' }, /Stack\/Host: vpc: 'subnet-0123abcd' \(15 characters\) is not a VPC id: CodeConnections expects 'vpc-' followed by 8 or 17/],
    ['a VPC id of the wrong length', { vpcId: 'vpc-0123' }, /vpc: 'vpc-0123' \(8 characters\) is not a VPC id/],
    ['a security group id given as a subnet', { subnetIds: ['sg-0123abcd'] }, /vpcSubnets: 'sg-0123abcd' \(11 characters\) is not a subnet id/],
    ['a subnet id given as a security group', { sg: 'subnet-0123456789abcdef0' }, /securityGroups: 'subnet-0123456789abcdef0' \(24 characters\) is not a security group id/],
  ])('rejects %s', (_name, ids, message) => {
    expect(() => imported(new Stack(new App(), 'Stack'), ids)).toThrow(message);
  });

  test('accepts ids of 8 and 17 characters, and tokens', () => {
    imported(new Stack(new App(), 'A'), { vpcId: 'vpc-0123abcd', subnetIds: ['subnet-0123456789abcdef0'], sg: 'sg-0123abcd' });
    imported(new Stack(new App(), 'B'), { vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123abcd'], sg: 'sg-0123456789abcdef0' });
    const stack = new Stack(new App(), 'C');
    new Host(stack, 'Host', { ...GHES, vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 }) });
    Template.fromStack(stack).resourceCountIs(HOST, 1);
  });

  test('HostProviderType.of with an unknown name warns and names the closest', () => {
    const stack = new Stack(new App(), 'Stack');
    new Host(stack, 'Host', { providerType: HostProviderType.of('GitHubEnterprise'), providerEndpoint: ENDPOINT });
    Annotations.fromStack(stack).hasWarning('/Stack/Host', Match.stringLikeRegexp(
      "providerType 'GitHubEnterprise' is not a provider type this library knows .*did you mean 'GitHubEnterpriseServer' \\(HostProviderType.GITHUB_ENTERPRISE_SERVER\\)"));
  });

  test.each([
    ['no props', (s: Stack) => new Host(s, 'Host', undefined as any), /Stack\/Host: props is required/],
    ['no providerEndpoint', (s: Stack) => new Host(s, 'Host', { providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER } as any), /Stack\/Host: providerEndpoint is required; pass e\.g\. 'https:\/\/github\.example\.com'/],
    ['no providerType', (s: Stack) => new Host(s, 'Host', { providerEndpoint: ENDPOINT } as any), /Stack\/Host: providerType is required/],
    ['fromHostArn without an ARN', (s: Stack) => Host.fromHostArn(s, 'H', undefined as any), /Stack: Host 'H': hostArn is required/],
  ])('plain JavaScript: %s gets a clear error, not a TypeError', (_name, make, message) => {
    let error: unknown;
    try {
      make(new Stack(new App(), 'Stack'));
    } catch (e) {
      error = e;
    }
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error)?.message).toMatch(message);
  });
});

describe('Vpc.fromLookup', () => {
  test('a host in a looked-up VPC synthesizes before the lookup has run (the CLI looks up, then synthesizes again)', () => {
    const app = new App();
    const stack = new Stack(app, 'Lookup', { env: { account: '111111111111', region: 'eu-west-1' } });
    const vpc = ec2.Vpc.fromLookup(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0' });
    new Host(stack, 'Ghes', { providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER, providerEndpoint: ENDPOINT, vpc });
    const assembly = app.synth();
    expect(assembly.manifest.missing?.map(m => m.provider)).toEqual(['vpc-provider']);
  });

  test('once looked up, the VPC\'s real ids are checked', () => {
    const app = new App({
      context: {
        'vpc-provider:account=111111111111:filter.vpc-id=vpc-0123456789abcdef0:region=eu-west-1:returnAsymmetricSubnets=true': {
          vpcId: 'subnet-0123456789abcdef0',
          vpcCidrBlock: '10.0.0.0/16',
          availabilityZones: [],
          subnetGroups: [{ name: 'Private', type: 'Private', subnets: [{ subnetId: 'subnet-0123abcd', availabilityZone: 'eu-west-1a', routeTableId: 'rtb-1' }] }],
        },
      },
    });
    const stack = new Stack(app, 'Lookup', { env: { account: '111111111111', region: 'eu-west-1' } });
    const vpc = ec2.Vpc.fromLookup(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0' });
    expect(() => new Host(stack, 'Ghes', { providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER, providerEndpoint: ENDPOINT, vpc }))
      .toThrow(/Lookup\/Ghes: vpc: 'subnet-0123456789abcdef0' \(24 characters\) is not a VPC id/);
  });

  test('the region error of an imported host does not suggest host.addConnection() as the fix', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'us-east-1' } });
    const host = Host.fromHostArn(stack, 'Ghes', 'arn:aws:codeconnections:eu-west-1:111111111111:host/my-ghes-0123abcd');
    expect(() => host.addConnection('C')).toThrow(/\(for a host created in this app, host\.addConnection\(\) does\)/);
  });
});
