/**
 * LibraryFunctions: one configuration of the library's functions per stack,
 * set before or after the constructs that create them.
 */
import { App, Duration, Stack, StackProps } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Connection, LibraryFunctions, LibraryFunctionsOptions, ProviderType } from '../../src';

const ENV = { account: '111111111111', region: 'eu-west-1' };

function newStack(props: StackProps = { env: ENV }): Stack {
  return new Stack(new App(), 'Stack', props);
}

/** A connection (the status reporter) and its health metric (the health publisher). */
function bothFunctions(stack: Stack, id = 'GitHub'): Connection {
  const connection = new Connection(stack, id, { providerType: ProviderType.GITHUB });
  connection.metricAvailable();
  return connection;
}

function isolatedVpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    natGateways: 0,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
}

/** A template with object keys sorted, and statements and DependsOn in a fixed order. */
function canonical(value: any): string {
  const sort = (v: any, key?: string): any => {
    if (Array.isArray(v)) {
      const items = v.map(x => sort(x));
      return key === 'Statement' || key === 'DependsOn' || key === 'rules_to_suppress' || key === 'skip' ? items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : items;
    }
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map(k => [k, sort(v[k], k)]));
    }
    return v;
  };
  return JSON.stringify(sort(value), undefined, 1);
}

function functions(template: Template): Array<[string, any]> {
  return Object.entries(template.findResources('AWS::Lambda::Function'));
}

function managedPolicyOf(template: Template, fnId: string): any {
  const role = template.toJSON().Resources[fnId].Properties.Role['Fn::GetAtt'][0];
  const policies = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter(p => p.Properties.Roles.some((r: any) => r.Ref === role));
  return policies.flatMap(p => p.Properties.PolicyDocument.Statement);
}

describe('LibraryFunctions', () => {
  test('configured before or after the constructs, the template holds the same resources', () => {
    const options = (stack: Stack): LibraryFunctionsOptions => ({
      vpc: isolatedVpc(stack),
      logRetention: logs.RetentionDays.TWO_YEARS,
      reservedConcurrentExecutions: 3,
      memorySize: 512,
      timeout: Duration.minutes(4),
      functionNamePrefix: 'team-',
      tracing: lambda.Tracing.ACTIVE,
    });
    const before = newStack();
    LibraryFunctions.of(before).configure(options(before));
    bothFunctions(before);
    const after = newStack();
    const opts = options(after);
    bothFunctions(after);
    LibraryFunctions.of(after).configure(opts);
    // The same resources, each the same; only the order of resources, of a
    // policy's statements and of DependsOn follows the order of the calls.
    expect(canonical(Template.fromStack(after).toJSON())).toEqual(canonical(Template.fromStack(before).toJSON()));
  });

  test('every function of the library in the stack gets the configuration', () => {
    const stack = newStack();
    bothFunctions(stack);
    LibraryFunctions.of(stack).configure({ memorySize: 1024, reservedConcurrentExecutions: 2, timeout: Duration.minutes(3) });
    const template = Template.fromStack(stack);
    expect(functions(template)).toHaveLength(2);
    for (const [, fn] of functions(template)) {
      expect(fn.Properties).toMatchObject({ MemorySize: 1024, ReservedConcurrentExecutions: 2, Timeout: 180 });
    }
    // The status resources' own timeout follows the reporter's: its timeout plus a minute.
    template.hasResourceProperties('Custom::CodeConnectionsConnectionStatus', { ServiceTimeout: '240' });
  });

  test('defaults: 256 MB, the reporter 5 minutes and the publisher 2, no environment, no reservation, logs kept a year', () => {
    const stack = newStack();
    bothFunctions(stack);
    const template = Template.fromStack(stack);
    const props = functions(template).map(([, f]) => f.Properties);
    expect(props.map(p => [p.MemorySize, p.Timeout, p.Environment, p.ReservedConcurrentExecutions]).sort())
      .toEqual([[256, 120, undefined, undefined], [256, 300, undefined, undefined]]);
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 365 }, 2);
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue() }, 0);
  });

  describe('in a VPC', () => {
    test('the functions run in the chosen subnets with a security group of their own that only allows HTTPS out', () => {
      const stack = newStack();
      bothFunctions(stack);
      const vpc = isolatedVpc(stack);
      LibraryFunctions.of(stack).configure({ vpc });
      const template = Template.fromStack(stack);
      const sgId = Object.keys(template.findResources('AWS::EC2::SecurityGroup'))[0];
      expect(sgId).toMatch(/^CodeConnectionsFunctionsSecurityGroup/);
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        SecurityGroupEgress: [{ CidrIp: '0.0.0.0/0', FromPort: 443, ToPort: 443, IpProtocol: 'tcp', Description: Match.anyValue() }],
        SecurityGroupIngress: Match.absent(),
      });
      for (const [, fn] of functions(template)) {
        expect(fn.Properties.VpcConfig).toEqual({
          SubnetIds: [{ Ref: expect.stringMatching(/^VpcisolatedSubnet1/) }, { Ref: expect.stringMatching(/^VpcisolatedSubnet2/) }],
          SecurityGroupIds: [{ 'Fn::GetAtt': [sgId, 'GroupId'] }],
        });
      }
    });

    test('each function may place its network interfaces, scoped to the account and Region, before it is created', () => {
      const stack = newStack();
      bothFunctions(stack);
      LibraryFunctions.of(stack).configure({ vpc: isolatedVpc(stack) });
      const template = Template.fromStack(stack);
      for (const [id, fn] of functions(template)) {
        const statements = managedPolicyOf(template, id);
        expect(statements).toEqual(expect.arrayContaining([
          {
            Sid: 'PlaceNetworkInterfaces',
            Effect: 'Allow',
            Action: ['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:eu-west-1:111111111111:*']] },
          },
          { Sid: 'DescribeNetworkInterfaces', Effect: 'Allow', Action: ['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'], Resource: '*' },
        ]));
        const ownPolicy = Object.entries<any>(template.findResources('AWS::IAM::ManagedPolicy'))
          .find(([, p]) => p.Properties.PolicyDocument.Statement.some((s: any) => s.Sid === 'PlaceNetworkInterfaces')
            && p.Properties.Roles[0].Ref === fn.Properties.Role['Fn::GetAtt'][0])![0];
        expect(fn.DependsOn).toContain(ownPolicy);
      }
      expect(JSON.stringify(template.toJSON())).not.toContain('arn:aws:');
    });

    test('isolated subnets without endpoints are warned about, once per service the functions call', () => {
      const stack = newStack();
      const connection = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(10) });
      connection.metricAvailable();
      LibraryFunctions.of(stack).configure({ vpc: isolatedVpc(stack) });
      const warnings = Annotations.fromStack(stack).findWarning('/Stack/CodeConnectionsFunctions', Match.stringLikeRegexp('functionsSubnetWithoutEndpoint'))
        .map(w => String(w.entry.data));
      expect(warnings).toHaveLength(3);
      expect(warnings.join('\n')).toMatch(/isolated subnets Stack\/Vpc\/isolatedSubnet1, Stack\/Vpc\/isolatedSubnet2 of Stack\/Vpc, which show no way to the CodeConnections API/);
      expect(warnings.join('\n')).toMatch(/no way to CloudFormation's response URL/);
      expect(warnings.join('\n')).toMatch(/no way to Lambda, which a status resource that waits/);
      expect(warnings[0]).toMatch(/addVpcEndpoints\(\)/);
    });

    test('addVpcEndpoints() adds what they call, and the warnings go; without a wait, Lambda\'s is not needed', () => {
      const stack = newStack();
      bothFunctions(stack);
      const fns = LibraryFunctions.of(stack);
      fns.configure({ vpc: isolatedVpc(stack) });
      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('functionsSubnetWithoutEndpoint'))).toHaveLength(2);
      const again = newStack();
      bothFunctions(again);
      LibraryFunctions.of(again).configure({ vpc: isolatedVpc(again) });
      LibraryFunctions.of(again).addVpcEndpoints();
      LibraryFunctions.of(again).addVpcEndpoints(); // once
      const template = Template.fromStack(again);
      template.resourceCountIs('AWS::EC2::VPCEndpoint', 3);
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', PrivateDnsEnabled: true, ServiceName: 'com.amazonaws.eu-west-1.codestar-connections.api' });
      template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.eu-west-1.lambda' });
      expect(JSON.stringify(Object.values<any>(template.findResources('AWS::EC2::VPCEndpoint', { Properties: { VpcEndpointType: 'Gateway' } }))
        .map(e => e.Properties.ServiceName))).toMatch(/\.s3"/);
      expect(Annotations.fromStack(again).findWarning('*', Match.stringLikeRegexp('functionsSubnetWithoutEndpoint'))).toEqual([]);
    });

    test('private subnets with a NAT need no endpoint, and a VPC not of this app is not guessed about', () => {
      const stack = newStack();
      bothFunctions(stack);
      LibraryFunctions.of(stack).configure({ vpc: new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a'], natGateways: 1 }) });
      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('functionsSubnetWithoutEndpoint'))).toEqual([]);
      const imported = newStack();
      bothFunctions(imported);
      LibraryFunctions.of(imported).configure({
        vpc: ec2.Vpc.fromVpcAttributes(imported, 'Vpc', { vpcId: 'vpc-12345678', availabilityZones: ['eu-west-1a'], isolatedSubnetIds: ['subnet-12345678'] }),
      });
      expect(Annotations.fromStack(imported).findWarning('*', Match.stringLikeRegexp('functionsSubnetWithoutEndpoint'))).toEqual([]);
    });

    test('public subnets are refused: a function there has no way out', () => {
      const stack = newStack();
      const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-1a'], natGateways: 1 });
      expect(() => LibraryFunctions.of(stack).configure({ vpc, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } }))
        .toThrow(/^Stack\/CodeConnectionsFunctions: vpcSubnets: the selection includes public subnets of Stack\/Vpc; a Lambda function there gets no public IP/);
    });

    test('vpcSubnets and securityGroups need a vpc; an empty security group list is refused', () => {
      const stack = newStack();
      expect(() => LibraryFunctions.of(stack).configure({ vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }))
        .toThrow(/^Stack\/CodeConnectionsFunctions: vpcSubnets requires vpc: pass vpc, or remove vpcSubnets/);
      const other = newStack();
      expect(() => LibraryFunctions.of(other).configure({ vpc: isolatedVpc(other), securityGroups: [] }))
        .toThrow(/securityGroups: an empty list would leave the functions without a security group/);
    });

    test('security groups of the user are used as given, and connections exposes them', () => {
      const stack = newStack();
      bothFunctions(stack);
      const vpc = isolatedVpc(stack);
      const sg = new ec2.SecurityGroup(stack, 'Mine', { vpc });
      const fns = LibraryFunctions.of(stack);
      fns.configure({ vpc, securityGroups: [sg] });
      expect(fns.connections.securityGroups).toEqual([sg]);
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::SecurityGroup', 1);
      for (const [, fn] of functions(template)) {
        expect(fn.Properties.VpcConfig.SecurityGroupIds).toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^Mine/), 'GroupId'] }]);
      }
    });
  });

  describe('logs', () => {
    test('a key of this app encrypts the log groups, and lets CloudWatch Logs of the stack\'s Region use it', () => {
      const stack = newStack();
      bothFunctions(stack);
      const key = new kms.Key(stack, 'Key');
      LibraryFunctions.of(stack).configure({ logEncryptionKey: key, logRetention: logs.RetentionDays.TEN_YEARS });
      const template = Template.fromStack(stack);
      const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0];
      template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, RetentionInDays: 3653 }, 2);
      const statements = Object.values<any>(template.findResources('AWS::KMS::Key'))[0].Properties.KeyPolicy.Statement;
      expect(statements.filter((s: any) => s.Sid === 'CloudWatchLogsOfThisRegion')).toEqual([{
        Sid: 'CloudWatchLogsOfThisRegion',
        Effect: 'Allow',
        // The Region's CloudWatch Logs, in the stack's partition (amazonaws.com.cn in China).
        Principal: { Service: { 'Fn::Join': ['', ['logs.eu-west-1.', { Ref: 'AWS::URLSuffix' }]] } },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111111111111:log-group:*']] } } },
      }]);
      // Each log group references the key, so CloudFormation writes the key (and its policy) first.
      for (const [, lg] of Object.entries<any>(template.findResources('AWS::Logs::LogGroup'))) {
        expect(JSON.stringify(lg.Properties.KmsKeyId)).toContain('Key');
      }
    });

    test('an imported key cannot be given the statement: synth says what its policy needs', () => {
      const stack = newStack();
      bothFunctions(stack);
      LibraryFunctions.of(stack).configure({ logEncryptionKey: kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-1:111111111111:key/11111111-2222-3333-4444-555555555555') });
      const warnings = Annotations.fromStack(stack).findWarning('/Stack/CodeConnectionsFunctions', Match.stringLikeRegexp('logKeyPolicyNotManaged')).map(w => String(w.entry.data));
      expect(warnings).toEqual([expect.stringMatching(/logEncryptionKey Stack\/Key is imported.*logs\.REGION\.amazonaws\.com.*kms:EncryptionContext:aws:logs:arn/)]);
    });

    test('a log group of the user\'s replaces the library\'s own, and the functions may write only to it', () => {
      const stack = newStack();
      bothFunctions(stack);
      const mine = new logs.LogGroup(stack, 'Mine');
      LibraryFunctions.of(stack).configure({ logGroup: mine });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::Logs::LogGroup', 1);
      for (const [id, fn] of functions(template)) {
        expect(fn.Properties.LoggingConfig).toEqual({ LogGroup: { Ref: expect.stringMatching(/^Mine/) } });
        expect(managedPolicyOf(template, id).find((s: any) => s.Sid === 'WriteOwnLogs').Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Mine/), 'Arn'] });
      }
    });

    test('a log group of the user\'s with retention or a key is refused: they are its own', () => {
      const stack = newStack();
      bothFunctions(stack);
      expect(() => LibraryFunctions.of(stack).configure({ logGroup: new logs.LogGroup(stack, 'Mine'), logRetention: logs.RetentionDays.ONE_YEAR }))
        .toThrow(/^Stack\/CodeConnectionsFunctions: logGroup: a log group of yours \(Stack\/Mine\) has its own retention and encryption; remove logRetention and logEncryptionKey/);
    });
  });

  describe('what the handlers need', () => {
    test.each([
      [Duration.seconds(30), /timeout: 30 seconds does not fit the status reporter, which needs 2 minutes to 15 minutes: its handler keeps 11 s to answer CloudFormation/],
      [Duration.minutes(16), /timeout: 16 minutes does not fit the status reporter, which needs 2 minutes to 15 minutes/],
      [Duration.seconds(90), /timeout: 1 minute 30 seconds does not fit the status reporter/],
    ])('a timeout of %s is refused, naming the function and why', (timeout, message) => {
      const stack = newStack();
      bothFunctions(stack);
      expect(() => LibraryFunctions.of(stack).configure({ timeout })).toThrow(message);
    });

    test('a timeout set before the functions exist is checked when each is created', () => {
      const stack = newStack();
      LibraryFunctions.of(stack).configure({ timeout: Duration.minutes(1) });
      // The health publisher fits in a minute; the status reporter does not.
      new Connection(stack, 'Imported', { providerType: ProviderType.GITHUB, statusReport: false }).metricAvailable();
      expect(() => new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB }))
        .toThrow(/^Stack\/CodeConnectionsFunctions: timeout: 1 minute does not fit the status reporter/);
    });

    test.each([[64], [0], [10241], [200.5]])('memorySize %s is refused', (memorySize) => {
      const stack = newStack();
      expect(() => LibraryFunctions.of(stack).configure({ memorySize }))
        .toThrow(new RegExp(`^Stack/CodeConnectionsFunctions: memorySize: ${memorySize} must be a whole number of MB from 128 to 10240`));
    });

    test.each([[0], [-1], [1.5]])('reservedConcurrentExecutions %s is refused', (reserved) => {
      const stack = newStack();
      expect(() => LibraryFunctions.of(stack).configure({ reservedConcurrentExecutions: reserved }))
        .toThrow(/reservedConcurrentExecutions: .* must be a whole number of at least 1/);
    });

    test('a reservation below what the waits of the stack hold is refused at synth, naming them', () => {
      const stack = newStack();
      for (const id of ['A', 'B']) {
        new Connection(stack, id, { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(10) });
      }
      new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
      LibraryFunctions.of(stack).configure({ reservedConcurrentExecutions: 2 });
      expect(() => Template.fromStack(stack)).toThrow(/reservedConcurrentExecutions: 2 is too low for the status reporter of this stack, which needs at least 3: 2 status resources of the stack wait for AVAILABLE \(Stack\/A\/Status, Stack\/B\/Status\)/);
      const enough = newStack();
      new Connection(enough, 'A', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(10) });
      LibraryFunctions.of(enough).configure({ reservedConcurrentExecutions: 2 });
      expect(() => Template.fromStack(enough)).not.toThrow();
    });

    test.each([['', /1-32 letters/], ['has space', /'has space' \(9 characters\) must be 1-32 letters, digits/], ['x'.repeat(33), /must be 1-32/]])(
      'functionNamePrefix %j is refused', (prefix, message) => {
        const stack = newStack();
        expect(() => LibraryFunctions.of(stack).configure({ functionNamePrefix: prefix })).toThrow(message);
      });

    test('names start with the prefix, fit in 64 characters, and differ per function', () => {
      const stack = newStack();
      bothFunctions(stack);
      LibraryFunctions.of(stack).configure({ functionNamePrefix: 'platform-team-' });
      const names = functions(Template.fromStack(stack)).map(([, f]) => f.Properties.FunctionName as string);
      expect(names).toHaveLength(2);
      expect(new Set(names).size).toBe(2);
      for (const name of names) {
        expect(name).toMatch(/^platform-team-[A-Za-z0-9-_]+$/);
        expect(name.length).toBeLessThanOrEqual(64);
      }
    });

    test('active tracing writes traces, with the acknowledged wildcard X-Ray needs', () => {
      const stack = newStack();
      bothFunctions(stack);
      LibraryFunctions.of(stack).configure({ tracing: lambda.Tracing.ACTIVE });
      const template = Template.fromStack(stack);
      for (const [id, fn] of functions(template)) {
        expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
        expect(managedPolicyOf(template, id)).toEqual(expect.arrayContaining([
          { Sid: 'WriteTraces', Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
        ]));
      }
    });

    test('configure() is called once per stack', () => {
      const stack = newStack();
      LibraryFunctions.of(stack).configure({ memorySize: 512 });
      expect(() => LibraryFunctions.of(stack).configure({ timeout: Duration.minutes(3) }))
        .toThrow(/^Stack\/CodeConnectionsFunctions: configure\(\) was already called for this stack: pass every option in one call/);
    });

    test('addVpcEndpoints() before a VPC is configured says what to do', () => {
      const stack = newStack();
      expect(() => LibraryFunctions.of(stack).addVpcEndpoints()).toThrow(/addVpcEndpoints\(\): the functions have no VPC; call configure\(\{ vpc \}\) first/);
    });
  });

  test('a permissions boundary of the stack reaches every role the library creates', () => {
    const stack = newStack();
    bothFunctions(stack);
    LibraryFunctions.of(stack).configure({ vpc: isolatedVpc(stack) });
    const boundary = new iam.ManagedPolicy(stack, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] });
    iam.PermissionsBoundary.of(stack).apply(boundary);
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role');
    expect(Object.keys(roles).length).toBeGreaterThanOrEqual(2);
    for (const role of Object.values<any>(roles)) {
      expect(role.Properties.PermissionsBoundary).toEqual({ Ref: expect.stringMatching(/^Boundary/) });
    }
  });
});
