import { App, Annotations as CoreAnnotations, CfnOutput, CfnResource, Duration, Fn, NestedStack, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Connection, Host, HostProviderType, ProviderType } from '../../src';

const CONNECTION = 'AWS::CodeConnections::Connection';
const STATUS = 'Custom::CodeConnectionsConnectionStatus';

function newStack(env?: { account: string; region: string }): Stack {
  return new Stack(new App(), 'Stack', { env });
}

describe('Connection', () => {
  test('creates a connection with a generated name that fits 32 characters', () => {
    const stack = newStack();
    const connection = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB });

    const template = Template.fromStack(stack);
    template.resourceCountIs(CONNECTION, 1);
    const resources = template.findResources(CONNECTION);
    const [logicalId, resource] = Object.entries(resources)[0];
    expect(stack.resolve((connection.node.defaultChild as any).logicalId)).toEqual(logicalId);
    expect(resource.Properties.ProviderType).toEqual('GitHub');
    expect(resource.Properties.HostArn).toBeUndefined();
    const name: string = resource.Properties.ConnectionName;
    expect(name.length).toBeGreaterThan(0);
    expect(name.length).toBeLessThanOrEqual(32);
    expect(name).toMatch(/GitHub/);
  });

  test('the generated name is stable and differs per construct path', () => {
    const names = [0, 1].map(() => {
      const stack = newStack();
      new Connection(stack, 'A', { providerType: ProviderType.GITHUB });
      new Connection(stack, 'B', { providerType: ProviderType.GITHUB });
      return Object.values(Template.fromStack(stack).findResources(CONNECTION)).map(r => r.Properties.ConnectionName);
    });
    expect(names[0]).toEqual(names[1]);
    expect(names[0][0]).not.toEqual(names[0][1]);
  });

  test('a long construct path still yields a name of at most 32 characters', () => {
    const stack = newStack();
    new Connection(stack, 'ThisIsAVeryLongConstructIdThatGoesOnAndOnForeverAndEver', { providerType: ProviderType.GITLAB });
    const name: string = Object.values(Template.fromStack(stack).findResources(CONNECTION))[0].Properties.ConnectionName;
    expect(name.length).toBeLessThanOrEqual(32);
  });

  test('uses the given name and provider type', () => {
    const stack = newStack();
    new Connection(stack, 'C', { connectionName: 'my-bitbucket', providerType: ProviderType.BITBUCKET });
    Template.fromStack(stack).hasResourceProperties(CONNECTION, {
      ConnectionName: 'my-bitbucket',
      ProviderType: 'Bitbucket',
    });
  });

  test.each([
    [ProviderType.BITBUCKET, 'Bitbucket'],
    [ProviderType.GITHUB, 'GitHub'],
    [ProviderType.GITLAB, 'GitLab'],
    [ProviderType.AZURE_DEVOPS, 'AzureDevOps'],
    [ProviderType.of('SomeFutureProvider'), 'SomeFutureProvider'],
  ])('provider type %s renders as %s', (providerType, expected) => {
    const stack = newStack();
    new Connection(stack, 'C', { providerType });
    Template.fromStack(stack).hasResourceProperties(CONNECTION, { ProviderType: expected });
  });

  test('is kept on stack delete and replacement by default, but deleted by the rollback of the deploy that created it', () => {
    const stack = newStack();
    new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
    Template.fromStack(stack).hasResource(CONNECTION, {
      DeletionPolicy: 'RetainExceptOnCreate',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test.each([
    [RemovalPolicy.SNAPSHOT, /^Stack\/C: removalPolicy: RemovalPolicy.SNAPSHOT is not supported by AWS::CodeConnections::Connection, which has no snapshot; use RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE \(the default/],
    ['keep' as any, /^Stack\/C: removalPolicy must be a RemovalPolicy, got string "keep"; use RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE/],
  ])('removalPolicy %s is refused at synth', (removalPolicy, message) => {
    const stack = newStack();
    expect(() => new Connection(stack, 'C', { providerType: ProviderType.GITHUB, removalPolicy })).toThrow(message);
  });

  test('an explicit RemovalPolicy.RETAIN is used as given (kept on rollback too)', () => {
    const stack = newStack();
    new Connection(stack, 'C', { providerType: ProviderType.GITHUB, removalPolicy: RemovalPolicy.RETAIN });
    Template.fromStack(stack).hasResource(CONNECTION, {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('honours removalPolicy', () => {
    const stack = newStack();
    new Connection(stack, 'C', { providerType: ProviderType.GITHUB, removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(stack).hasResource(CONNECTION, {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  test('tags from Tags.of reach the resource', () => {
    const stack = newStack();
    const connection = new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
    Tags.of(stack).add('team', 'platform');
    Tags.of(connection).add('purpose', 'ci');
    Template.fromStack(stack).hasResourceProperties(CONNECTION, {
      Tags: Match.arrayWith([
        { Key: 'purpose', Value: 'ci' },
        { Key: 'team', Value: 'platform' },
      ]),
    });
  });

  describe('status report', () => {
    test('adds one status resource and one output per connection', () => {
      const stack = newStack();
      const connection = new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
      const template = Template.fromStack(stack);
      template.resourceCountIs(STATUS, 1);
      template.hasResourceProperties(STATUS, {
        ServiceToken: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CodeConnectionsStatusReporter'), 'Arn'] },
        ConnectionArn: { 'Fn::GetAtt': [stack.getLogicalId(connection.node.defaultChild as any), 'ConnectionArn'] },
      });
      const outputs = template.findOutputs('*');
      const [output] = Object.values(outputs);
      expect(Object.keys(outputs)).toHaveLength(1);
      expect(output.Value).toEqual({ 'Fn::GetAtt': [Match.anyValue() as any, 'Message'].map((x, i) => (i === 0 ? expect.stringMatching(/^CStatus/) : x)) });
      expect(output.Description).toEqual('cdk-codeconnections: next step for connection Stack/C');
    });

    test('exposes connectionStatus, consoleUrl and nextStep from the reporter', () => {
      const stack = newStack();
      const connection = new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
      expect(stack.resolve(connection.connectionStatus)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CStatus/), 'Status'] });
      expect(stack.resolve(connection.consoleUrl)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CStatus/), 'ConsoleUrl'] });
      expect(stack.resolve(connection.nextStep)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^CStatus/), 'Message'] });
    });

    test('statusReport: false creates no reporter, and the status falls back to the CloudFormation attribute', () => {
      const stack = newStack();
      const connection = new Connection(stack, 'C', { providerType: ProviderType.GITHUB, statusReport: false });
      const template = Template.fromStack(stack);
      template.resourceCountIs(STATUS, 0);
      template.resourceCountIs('AWS::Lambda::Function', 0);
      expect(Object.keys(template.findOutputs('*'))).toHaveLength(0);
      expect(stack.resolve(connection.connectionStatus)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^C/), 'ConnectionStatus'] });
      expect(() => connection.consoleUrl).toThrow(/Stack\/C: consoleUrl comes from the status report, which is off/);
      expect(() => connection.nextStep).toThrow(/nextStep comes from the status report/);
    });

    test('one handler Lambda per stack, whatever the number of connections', () => {
      const stack = newStack();
      for (let i = 0; i < 25; i++) {
        new Connection(stack, `C${i}`, { providerType: i % 2 ? ProviderType.GITHUB : ProviderType.BITBUCKET });
      }
      const template = Template.fromStack(stack);
      template.resourceCountIs(CONNECTION, 25);
      template.resourceCountIs(STATUS, 25);
      template.resourceCountIs('AWS::Lambda::Function', 1);
      template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
      template.resourceCountIs('AWS::IAM::Policy', 0);
      expect(Object.keys(template.findOutputs('*'))).toHaveLength(25);
    });

    test('the reporter policy is read-only, partition-aware and the same size for 1 or 50 connections', () => {
      const policyFor = (n: number) => {
        const stack = newStack();
        for (let i = 0; i < n; i++) {
          new Connection(stack, `C${i}`, { providerType: ProviderType.GITHUB });
        }
        return Object.values(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy'))[0].Properties.PolicyDocument;
      };
      const one = policyFor(1);
      expect(JSON.stringify(policyFor(50))).toEqual(JSON.stringify(one));
      const arnOf = (ns: string, type: string) => ({
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${ns}:`, { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:${type}/*`]],
      });
      expect(one.Statement).toEqual([
        {
          Sid: 'WriteOwnLogs',
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [expect.stringMatching(/^CodeConnectionsStatusReporterLogs/), 'Arn'] },
        },
        {
          Sid: 'ReadConnectionStatus',
          Effect: 'Allow',
          Action: ['codeconnections:GetConnection', 'codestar-connections:GetConnection'],
          Resource: [arnOf('codeconnections', 'connection'), arnOf('codestar-connections', 'connection')],
        },
        {
          Sid: 'ReadHostStatus',
          Effect: 'Allow',
          Action: ['codeconnections:GetHost', 'codestar-connections:GetHost'],
          Resource: [arnOf('codeconnections', 'host'), arnOf('codestar-connections', 'host')],
        },
      ]);
    });

    test('the handler runs on Node.js 24 with a bounded timeout, no environment, its own log group kept a year, and one customer-managed policy', () => {
      const stack = newStack();
      new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        Timeout: 300,
        MemorySize: 256,
        Environment: Match.absent(),
        LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^CodeConnectionsStatusReporterLogs') } },
      });
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
      // No AWS managed policy, no inline policy (compliance packs report every one): its own managed policy.
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] }),
        ManagedPolicyArns: Match.absent(),
        Policies: Match.absent(),
      });
      template.resourceCountIs('AWS::IAM::Policy', 0);
      const [roleId] = Object.keys(template.findResources('AWS::IAM::Role'));
      const [policyId] = Object.keys(template.findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: roleId }] } }));
      // Created before the function: Lambda checks some of it (a VPC's network interfaces) then.
      expect(template.toJSON().Resources[Object.keys(template.findResources('AWS::Lambda::Function'))[0]].DependsOn).toContain(policyId);
    });

    test('the refresh context key re-reads status without touching determinism', () => {
      const app = new App({ context: { 'cdk-codeconnections:statusRefresh': '42' } });
      const stack = new Stack(app, 'Stack');
      new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
      Template.fromStack(stack).hasResourceProperties(STATUS, { Refresh: '42' });

      const plain = newStack();
      new Connection(plain, 'C', { providerType: ProviderType.GITHUB });
      Template.fromStack(plain).hasResourceProperties(STATUS, { Refresh: Match.absent() });
    });
  });

  describe('validation', () => {
    test('rejects a name longer than 32 characters, naming path, prop and value', () => {
      const stack = newStack();
      expect(() => new Connection(stack, 'C', { connectionName: 'x'.repeat(33), providerType: ProviderType.GITHUB }))
        .toThrow(/^Stack\/C: connectionName: 'x{33}' \(33 characters\) must be 1-32 characters long/);
    });

    test('rejects an empty name', () => {
      const stack = newStack();
      expect(() => new Connection(stack, 'C', { connectionName: '', providerType: ProviderType.GITHUB }))
        .toThrow(/connectionName: '' \(0 characters\) must be 1-32 characters long/);
    });

    test('accepts a token name', () => {
      const stack = newStack();
      new Connection(stack, 'C', { connectionName: Fn.importValue('SomeName'), providerType: ProviderType.GITHUB });
      Template.fromStack(stack).hasResourceProperties(CONNECTION, { ConnectionName: { 'Fn::ImportValue': 'SomeName' } });
    });

    test('requires a provider type', () => {
      const stack = newStack();
      expect(() => new Connection(stack, 'C')).toThrow(/Stack\/C: one of providerType or host is required/);
    });

    test('rejects more than 200 tags at synth time', () => {
      const stack = newStack();
      const connection = new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
      for (let i = 0; i < 201; i++) {
        Tags.of(connection).add(`k${i}`, 'v');
      }
      expect(() => Template.fromStack(stack)).toThrow(/201 tags reach this resource; CodeConnections allows at most 200/);
    });

    test('rejects tag keys and values over the limits, and the aws: prefix', () => {
      const stack = newStack();
      const connection = new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
      Tags.of(connection).add('k'.repeat(129), 'v');
      Tags.of(connection).add('long', 'v'.repeat(257));
      expect(() => Template.fromStack(stack)).toThrow(/key 'k{129}' \(129 characters\) must be 1-128 characters long[\s\S]*value of 'long' 'v{257}' \(257 characters\) must be at most 256/);

      const other = newStack();
      const c2 = new Connection(other, 'C', { providerType: ProviderType.GITHUB });
      (c2.node.defaultChild as any).cdkTagManager.setTag('aws:reserved', 'v');
      expect(() => Template.fromStack(other)).toThrow(/key 'aws:reserved' uses the reserved prefix 'aws:'/);
    });

    test('ProviderType.of rejects a malformed name and returns constants for known names', () => {
      expect(() => ProviderType.of('git hub')).toThrow(/ProviderType.of\(\): 'git hub' is not a provider type name/);
      expect(ProviderType.of('GitHub')).toBe(ProviderType.GITHUB);
      expect(ProviderType.of('GitLabSelfManaged').requiresHost).toBe(true);
      expect(ProviderType.of('NewThing').requiresHost).toBeUndefined();
      expect(ProviderType.of(Token.asString({ Ref: 'P' })).requiresHost).toBeUndefined();
    });
  });

  describe('import', () => {
    test.each([
      ['arn:aws:codeconnections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab', 'eu-west-1', '111111111111'],
      ['arn:aws:codestar-connections:us-east-1:222222222222:connection/0f4a7c1e-1234-4abc-9def-0123456789ab', 'us-east-1', '222222222222'],
      ['arn:aws-cn:codeconnections:cn-north-1:333333333333:connection/0f4a7c1e-1234-4abc-9def-0123456789ab', 'cn-north-1', '333333333333'],
      ['arn:aws-us-gov:codestar-connections:us-gov-west-1:444444444444:connection/0f4a7c1e-1234-4abc-9def-0123456789ab', 'us-gov-west-1', '444444444444'],
    ])('fromConnectionArn(%s) takes account and region from the ARN', (arn, region, account) => {
      const stack = newStack();
      const connection = Connection.fromConnectionArn(stack, 'Imported', arn);
      expect(connection.connectionArn).toEqual(arn);
      expect(connection.env.region).toEqual(region);
      expect(connection.env.account).toEqual(account);
      expect(stack.resolve(connection.connectionRef.connectionArn)).toEqual(arn);
      Template.fromStack(stack).templateMatches({});
    });

    test('an imported connection has no name unless given', () => {
      const stack = newStack();
      const arn = 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab';
      const byArn = Connection.fromConnectionArn(stack, 'A', arn);
      expect(() => byArn.connectionName).toThrow(/Stack\/A: connectionName is unknown for a connection imported by ARN/);
      const byAttrs = Connection.fromConnectionAttributes(stack, 'B', { connectionArn: arn, connectionName: 'shared' });
      expect(byAttrs.connectionName).toEqual('shared');
    });

    test.each([
      ['not-an-arn', "it does not start with 'arn:'"],
      ['arn:aws:codepipeline:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab', "its service 'codepipeline' is neither codeconnections nor codestar-connections"],
      ['arn:aws:codeconnections:eu-west-1:111111111111:host/abc', "its resource 'host/abc' is not connection/ID (that is a host ARN)"],
      ['arn:aws:codeconnections:eu-west-1:1111:connection/abc', "its account '1111' is not 12 digits"],
      ['arn:aws:codeconnections:eu-west-1:111111111111:connection/', "its connection id '' is not a UUID (8-4-4-4-12 hexadecimal digits), as CodeConnections gives connections"],
      ['arn:aws:codeconnections:eu-west-1:111111111111:connection/abc', "its connection id 'abc' is not a UUID (8-4-4-4-12 hexadecimal digits), as CodeConnections gives connections"],
      ['arn:aws:codeconnections::111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab', "its region '' is not a Region such as eu-west-1 (connections and hosts are regional resources: their ARNs name the Region)"],
      ['arn:aws:codeconnections:eu-west-1:111111111111:0f4a7c1e-1234-4abc-9def-0123456789ab', "its resource '0f4a7c1e-1234-4abc-9def-0123456789ab' is not connection/ID"],
    ])('rejects a malformed ARN %s, naming the part that is wrong', (arn, why) => {
      const stack = newStack();
      const escape = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      expect(() => Connection.fromConnectionArn(stack, 'Imported', arn))
        .toThrow(new RegExp(`^Stack: Connection 'Imported': connectionArn '${escape(arn)}' \\(\\d+ characters\\) is not a connection ARN: ${escape(why)}; `
          + 'expected arn:PARTITION:codeconnections\\|codestar-connections:REGION:ACCOUNT:connection/CONNECTION_ID'));
    });

    test('an ARN given to fromConnectionName says to import by ARN', () => {
      const stack = newStack();
      expect(() => Connection.fromConnectionName(stack, 'ByName', 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab'))
        .toThrow(/^Stack: Connection 'ByName': connectionName 'arn:aws:codeconnections:.*' \(\d+ characters\) is an ARN, not a name; import a connection by ARN with Connection\.fromConnectionArn\(scope, 'ByName', arn\)/);
    });

    test('accepts a token ARN', () => {
      const stack = newStack();
      const connection = Connection.fromConnectionArn(stack, 'Imported', Fn.importValue('ConnArn'));
      expect(stack.resolve(connection.connectionArn)).toEqual({ 'Fn::ImportValue': 'ConnArn' });
    });
  });

  describe('grantUse', () => {
    function statementsOf(stack: Stack) {
      return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
        .filter(p => !JSON.stringify(p).includes('GetConnection'))
        .flatMap(p => p.Properties.PolicyDocument.Statement);
    }

    test.each([
      ['arn:aws:codeconnections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab', 'codeconnections:UseConnection'],
      ['arn:aws:codestar-connections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab', 'codestar-connections:UseConnection'],
    ])('a concrete ARN %s gets only its own prefix', (arn, action) => {
      const stack = newStack();
      const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
      Connection.fromConnectionArn(stack, 'C', arn).grantUse(role);
      expect(statementsOf(stack)).toEqual([{ Effect: 'Allow', Action: action, Resource: arn }]);
    });

    test('an owned connection (token ARN) gets the codeconnections prefix only, on its ARN attribute as it is', () => {
      // AWS::CodeConnections::Connection is created through the codeconnections
      // API, whose connections carry codeconnections ARNs.
      const stack = newStack();
      const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
      const connection = new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
      connection.grantUse(role);
      const logicalId = stack.getLogicalId(connection.node.defaultChild as any);
      expect(statementsOf(stack)).toEqual([
        { Effect: 'Allow', Action: 'codeconnections:UseConnection', Resource: { 'Fn::GetAtt': [logicalId, 'ConnectionArn'] } },
      ]);
    });

    test('a connection whose ARN namespace is unknown (found by name) gets both prefixes in one statement, each on the ARN rewritten into its namespace', () => {
      const stack = newStack();
      const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
      Connection.fromConnectionName(stack, 'C', 'team-github').grantUse(role);
      const statements = statementsOf(stack);
      expect(statements).toHaveLength(1);
      expect(statements[0].Action).toEqual(['codeconnections:UseConnection', 'codestar-connections:UseConnection']);
      expect(statements[0].Resource).toHaveLength(2);
      statements[0].Resource.forEach((resource: any, i: number) => {
        expect(resource['Fn::Join'][1]).toEqual(expect.arrayContaining([`:${['codeconnections', 'codestar-connections'][i]}:`]));
        expect(JSON.stringify(resource)).not.toContain('*');
      });
    });

    test('with repository conditions, one statement per prefix: condition keys carry the prefix, and no request sends both', () => {
      const stack = newStack();
      const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
      Connection.fromConnectionName(stack, 'C', 'team-github').grantUse(role, { repositories: ['my-org/my-app'] });
      expect(statementsOf(stack).map(s => [s.Action, Object.keys(s.Condition.StringEquals)])).toEqual([
        ['codeconnections:UseConnection', ['codeconnections:FullRepositoryId']],
        ['codestar-connections:UseConnection', ['codestar-connections:FullRepositoryId']],
      ]);
    });

    test('the grant returns a Grant that succeeded', () => {
      const stack = newStack();
      const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
      const grant = new Connection(stack, 'C', { providerType: ProviderType.GITHUB }).grantUse(role);
      expect(grant.success).toBe(true);
    });
  });

  test('synth is deterministic: two synths are byte-identical', () => {
    const synth = () => {
      const app = new App();
      const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
      const c = new Connection(stack, 'A', { providerType: ProviderType.GITHUB });
      new Connection(stack, 'B', { providerType: ProviderType.BITBUCKET, connectionName: 'bb' });
      new CfnOutput(stack, 'Arn', { value: c.connectionArn });
      return JSON.stringify(app.synth().getStackByName('Stack').template);
    };
    expect(synth()).toEqual(synth());
  });
});

describe('waitForAvailable', () => {
  test('passes the wait to the reporter, bounds the custom resource timeout, and allows the reporter to continue itself', () => {
    const stack = newStack({ account: '111111111111', region: 'eu-west-1' });
    const connection = new Connection(stack, 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(30) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties(STATUS, { WaitForAvailableSeconds: '1800', ServiceTimeout: '2160' });
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Sid: 'ContinueWaiting', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^CodeConnectionsStatusReporter'), 'Arn'] } }] },
    });
    const statusId = Object.keys(template.findResources(STATUS))[0];
    const selfInvokeId = Object.keys(template.findResources('AWS::IAM::ManagedPolicy')).find(id => /SelfInvokePolicy/.test(id))!;
    expect(selfInvokeId).toBeDefined();
    expect(template.toJSON().Resources[statusId].DependsOn).toContain(selfInvokeId);
    expect(stack.resolve((connection.connectionAvailable as CfnResource).logicalId)).toEqual(statusId);
  });

  test('status resources that do not wait time out after 6 minutes, not one hour', () => {
    const stack = newStack();
    new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
    Template.fromStack(stack).hasResourceProperties(STATUS, { ServiceTimeout: '360', WaitForAvailableSeconds: Match.absent() });
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy')).filter(id => /SelfInvoke/.test(id))).toEqual([]);
  });

  test('synth tells which connection to update, and where', () => {
    const stack = newStack({ account: '111111111111', region: 'eu-west-1' });
    new Connection(stack, 'C', { connectionName: 'app-github', providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(20) });
    Annotations.fromStack(stack).hasInfo('/Stack/C', Match.stringLikeRegexp(
      "cdk deploy will wait up to 20 minutes for connection 'app-github' to become AVAILABLE: while it deploys, open https://eu-west-1\\.console\\.aws\\.amazon\\.com/codesuite/settings/connections\\?region=eu-west-1, choose 'app-github' and choose Update pending connection"));
  });

  test('without a concrete region the message points to the console in general', () => {
    const stack = newStack();
    new Connection(stack, 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(20) });
    Annotations.fromStack(stack).hasInfo('/Stack/C', Match.stringLikeRegexp("connection 'StackC.*' to become AVAILABLE: while it deploys, open the CodeConnections console"));
  });

  test.each([Duration.seconds(30), Duration.minutes(56), Duration.hours(2)])('rejects waitForAvailable of %s', (wait) => {
    const stack = newStack();
    expect(() => new Connection(stack, 'C', { providerType: ProviderType.GITHUB, waitForAvailable: wait }))
      .toThrow(/Stack\/C: waitForAvailable: .* must be between 1 minute and 55 minutes/);
  });

  test('waitForAvailable needs the status report, and connectionAvailable needs waitForAvailable', () => {
    const stack = newStack();
    expect(() => new Connection(stack, 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(5), statusReport: false }))
      .toThrow(/waitForAvailable needs the status report/);
    const plain = new Connection(stack, 'D', { providerType: ProviderType.GITHUB });
    expect(() => plain.connectionAvailable).toThrow(/Stack\/D: connectionAvailable needs waitForAvailable/);
  });
});

describe('fromConnectionName', () => {
  test('looks the ARN up at deploy time with read-only, constant IAM', () => {
    const stack = newStack();
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    const a = Connection.fromConnectionName(stack, 'A', 'shared-github');
    const b = Connection.fromConnectionName(stack, 'B', 'shared-bitbucket');
    a.grantUse(role);
    const template = Template.fromStack(stack);
    template.resourceCountIs('Custom::CodeConnectionsConnectionLookup', 2);
    template.hasResourceProperties('Custom::CodeConnectionsConnectionLookup', { ConnectionName: 'shared-github', ServiceTimeout: '360' });
    template.resourcePropertiesCountIs('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Sid: 'LookUpConnectionsByName', Effect: 'Allow', Action: ['codeconnections:ListConnections', 'codestar-connections:ListConnections'], Resource: '*' }] },
    }, 1);
    expect(a.connectionName).toEqual('shared-github');
    expect(stack.resolve(b.connectionArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^BLookup/), 'ConnectionArn'] });
    const grants = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter(p => p.Properties.Roles.some((r: any) => /^Role/.test(r.Ref)))
      .flatMap(p => p.Properties.PolicyDocument.Statement);
    expect(grants.map((s: any) => s.Action)).toEqual([['codeconnections:UseConnection', 'codestar-connections:UseConnection']]);
  });

  test('rejects a name that cannot exist', () => {
    const stack = newStack();
    expect(() => Connection.fromConnectionName(stack, 'A', 'x'.repeat(33))).toThrow(/^Stack: Connection 'A': connectionName: 'x+' \(33 characters\) must be 1-32/);
  });
});

describe('review regressions', () => {
  test('the longest wait (55 minutes) synthesizes, its custom resource timeout capped at CloudFormation\'s hour', () => {
    const stack = newStack();
    new Connection(stack, 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(55) });
    Template.fromStack(stack).hasResourceProperties(STATUS, { WaitForAvailableSeconds: '3300', ServiceTimeout: '3600' });
  });

  test('another region gets the real ARN attribute, never an ARN built from the name (the id is service-generated)', () => {
    const app = new App();
    // crossRegionReferences: aws-cdk-lib before 2.18x refuses a reference to another Region without it.
    const home = new Stack(app, 'Home', { env: { account: '111111111111', region: 'us-east-1' }, crossRegionReferences: true });
    const away = new Stack(app, 'Away', { env: { account: '111111111111', region: 'eu-west-1' }, crossRegionReferences: true });
    const connection = new Connection(home, 'C', { connectionName: 'my-conn', providerType: ProviderType.GITHUB });
    new CfnOutput(away, 'Arn', { value: connection.connectionArn });
    const value = JSON.stringify(app.synth().getStackByName('Away').template.Outputs.Arn.Value);
    expect(value).toMatch(/ConnectionArn/);
    expect(value).not.toContain('connection/my-conn');
  });

  test('the output budget never goes past 200, even when the user\'s outputs fill it', () => {
    const stack = newStack();
    for (let i = 0; i < 200; i++) {
      new CfnOutput(stack, `User${i}`, { value: 'v' });
    }
    new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
    const outputs = Object.keys(Template.fromStack(stack).findOutputs('*'));
    expect(outputs).toHaveLength(200);
    expect(outputs.filter(o => !o.startsWith('User'))).toEqual([]);
  });
});

describe('Europe (Milan)', () => {
  const NOTE = /is in eu-south-1: Europe \(Milan\) \(eu-south-1\) needs its own app: install the provider app for the Europe \(Milan\) Region at the provider/;

  test('a connection in a stack of eu-south-1 says at synth that the Region needs its own provider app', () => {
    const stack = new Stack(new App(), 'Milan', { env: { account: '111111111111', region: 'eu-south-1' } });
    new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB });
    Annotations.fromStack(stack).hasInfo('/Milan/GitHub', Match.stringLikeRegexp(NOTE.source));
  });

  test('so does an import of an eu-south-1 ARN, from a stack of any region', () => {
    const stack = new Stack(new App(), 'Home', { env: { account: '111111111111', region: 'eu-west-1' } });
    Connection.fromConnectionArn(stack, 'Shared', 'arn:aws:codeconnections:eu-south-1:111111111111:connection/11111111-2222-4333-8444-555555555555');
    Annotations.fromStack(stack).hasInfo('/Home/Shared', Match.stringLikeRegexp(NOTE.source));
  });

  test('other regions, and environment-agnostic stacks, get no such note', () => {
    for (const env of [{ account: '111111111111', region: 'eu-west-1' }, undefined]) {
      const stack = new Stack(new App(), 'Other', { env });
      new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB });
      expect(Annotations.fromStack(stack).findInfo('*', Match.stringLikeRegexp('eu-south-1'))).toEqual([]);
    }
  });
});

describe('what a new user hits', () => {
  test('default names differ when the same stack is deployed to two regions (connections are global)', () => {
    const nameIn = (region: string | undefined) => {
      const stack = new Stack(new App(), 'Pipeline', region ? { env: { account: '111111111111', region } } : {});
      new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB });
      return Object.values(Template.fromStack(stack).findResources(CONNECTION))[0].Properties.ConnectionName as string;
    };
    const euWest = nameIn('eu-west-1');
    const usEast = nameIn('us-east-1');
    const longest = nameIn('ap-southeast-2');
    expect(euWest).not.toEqual(usEast);
    expect(euWest).toMatch(/-eu-west-1$/);
    expect(usEast).toMatch(/-us-east-1$/);
    for (const name of [euWest, usEast, longest]) {
      expect(name.length).toBeLessThanOrEqual(32);
    }
    // Stable for one region; environment-agnostic stacks keep the path-only name.
    expect(nameIn('eu-west-1')).toEqual(euWest);
    expect(nameIn(undefined)).not.toMatch(/-eu-west-1$/);
  });

  test('a change that replaces the connection (provider type, host) changes the default name, so the replacement can be created while the old one exists', () => {
    const nameOf = (build: (stack: Stack) => Connection) => {
      const stack = new Stack(new App(), 'Pipeline', { env: { account: '111111111111', region: 'eu-west-1' } });
      build(stack);
      return Object.values(Template.fromStack(stack).findResources(CONNECTION))
        .map(r => r.Properties.ConnectionName as string).find(n => n.startsWith('PipelineRepo'))!;
    };
    const github = nameOf(s => new Connection(s, 'Repo', { providerType: ProviderType.GITHUB }));
    const bitbucket = nameOf(s => new Connection(s, 'Repo', { providerType: ProviderType.BITBUCKET }));
    const onHost = (hostName?: string, providerType = HostProviderType.GITHUB_ENTERPRISE_SERVER) => nameOf(s =>
      new Connection(s, 'Repo', { host: new Host(s, 'Host', { hostName, providerType, providerEndpoint: 'https://git.example.com' }) }));
    const imported = (arn: string) => nameOf(s => new Connection(s, 'Repo', { host: Host.fromHostArn(s, 'Host', arn) }));
    const names = [
      github, bitbucket, onHost(), onHost('ghes-b'), onHost(undefined, HostProviderType.GITLAB_SELF_MANAGED),
      imported('arn:aws:codeconnections:eu-west-1:111111111111:host/a-1'), imported('arn:aws:codeconnections:eu-west-1:111111111111:host/b-2'),
    ];
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name).toMatch(/^PipelineRepo[0-9A-F]{8}-eu-west-1$/);
    }
    // The same props give the same name on every synth.
    expect(nameOf(s => new Connection(s, 'Repo', { providerType: ProviderType.GITHUB }))).toEqual(github);
    expect(onHost('ghes-b')).toEqual(onHost('ghes-b'));
  });

  test('the wait message names the generated name that is deployed', () => {
    const stack = new Stack(new App(), 'Pipeline', { env: { account: '111111111111', region: 'eu-west-1' } });
    new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(10) });
    const name = Object.values(Template.fromStack(stack).findResources(CONNECTION))[0].Properties.ConnectionName;
    Annotations.fromStack(stack).hasInfo('/Pipeline/GitHub', Match.stringLikeRegexp(`connection '${name}' to become AVAILABLE`));
  });

  test('with a token connectionName, the wait message does not pass the construct path off as the name', () => {
    const stack = newStack({ account: '111111111111', region: 'eu-west-1' });
    new Connection(stack, 'GitHub', {
      providerType: ProviderType.GITHUB,
      connectionName: Fn.join('-', ['team', Token.asString({ Ref: 'AWS::Region' })]),
      waitForAvailable: Duration.minutes(10),
    });
    const infos = Annotations.fromStack(stack).findInfo('/Stack/GitHub', Match.anyValue()).map(i => String(i.entry.data));
    expect(infos).toHaveLength(1);
    expect(infos[0]).toMatch(/for the connection of Stack\/GitHub to become AVAILABLE; its name is a deploy-time value/);
    expect(infos[0]).not.toMatch(/choose 'Stack\/GitHub'/);
  });

  test('ProviderType.of with an unknown name (wrong case) warns at synth and names the closest known type', () => {
    const stack = newStack();
    new Connection(stack, 'C', { providerType: ProviderType.of('Github') });
    Annotations.fromStack(stack).hasWarning('/Stack/C', Match.stringLikeRegexp(
      "providerType 'Github' is not a provider type this library knows .*did you mean 'GitHub' \\(ProviderType.GITHUB\\)\\?.*\\[ack: cdk-codeconnections:unknownProviderType\\]"));
    // Still passed through: new providers appear.
    Template.fromStack(stack).hasResourceProperties(CONNECTION, { ProviderType: 'Github' });
  });

  test.each([
    ['bitbucket', 'Bitbucket'],
    ['AzureDevOp', 'AzureDevOps'],
    ['GitLabSelfManage', 'GitLabSelfManaged'],
  ])('ProviderType.of(%s) suggests %s', (given, closest) => {
    const stack = newStack();
    new Connection(stack, 'C', { providerType: ProviderType.of(given) });
    Annotations.fromStack(stack).hasWarning('/Stack/C', Match.stringLikeRegexp(`did you mean '${closest}'`));
  });

  test('known provider types and acknowledged warnings give no warning', () => {
    const stack = newStack();
    new Connection(stack, 'Known', { providerType: ProviderType.of('GitHub') });
    const acked = new Connection(stack, 'Acked', { providerType: ProviderType.of('Forgejo') });
    CoreAnnotations.of(acked).acknowledgeWarning('cdk-codeconnections:unknownProviderType');
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('a connection in a NestedStack prints its next step from the top-level stack (cdk deploy shows only those outputs)', () => {
    const stack = newStack();
    const nested = new NestedStack(stack, 'Connections');
    new Connection(nested, 'GitHub', { providerType: ProviderType.GITHUB });
    const parent = Template.fromStack(stack);
    const outputs = parent.findOutputs('*');
    const ours = Object.entries(outputs).filter(([, o]) => /next step for connection Stack\/Connections\/GitHub/.test(o.Description));
    expect(ours).toHaveLength(1);
    // The value is the nested status resource's Message, through the nested stack's outputs.
    expect(JSON.stringify(ours[0][1].Value)).toMatch(/Fn::GetAtt.*Outputs\..*Message/);
    expect(Template.fromStack(nested).findOutputs('*', { Description: Match.stringLikeRegexp('next step') })).toEqual({});
  });

  test('errors show an ARN whole, with a trailing newline escaped', () => {
    const arn = 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab\n';
    expect(() => Connection.fromConnectionArn(newStack(), 'C', arn))
      .toThrow('connectionArn \'arn:aws:codeconnections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab\\n\' (95 characters) is not a connection ARN');
  });

  test.each([
    ['fromConnectionArn without an ARN', (s: Stack) => Connection.fromConnectionArn(s, 'C', undefined as any), /Stack: Connection 'C': connectionArn is required; pass e\.g\./],
    ['fromConnectionAttributes without attributes', (s: Stack) => Connection.fromConnectionAttributes(s, 'C', undefined as any), /Stack: Connection 'C': attributes is required/],
    ['fromConnectionName without a name', (s: Stack) => Connection.fromConnectionName(s, 'C', undefined as any), /Stack: Connection 'C': connectionName is required/],
    ['fromConnectionArn with a number', (s: Stack) => Connection.fromConnectionArn(s, 'C', 42 as any), /connectionArn must be a string, got number 42/],
    ['a provider type given as a string', (s: Stack) => new Connection(s, 'C', { providerType: 'GitHub' as any }), /Stack\/C: providerType must be a ProviderType \(e\.g\. ProviderType\.GITHUB or ProviderType\.of\('GitHub'\)\), got string "GitHub"/],
    ['grantUse without a grantee', (s: Stack) => Connection.fromConnectionArn(s, 'C', 'arn:aws:codeconnections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab').grantUse(undefined as any), /Stack\/C: grantUse\(\): grantee is required/],
  ])('plain JavaScript: %s gets a clear error, not a TypeError', (_name, make, message) => {
    const stack = newStack();
    let error: unknown;
    try {
      make(stack);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(message);
  });
});
