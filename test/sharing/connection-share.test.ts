import { App, Annotations as CoreAnnotations, CfnParameter, Lazy, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Connection, ProviderType } from '../../src';

const OWNER = '123456789012';
const OTHER = '210987654321';
const ORG = 'arn:aws:organizations::123456789012:organization/o-a1b2c3d4e5';
const OU = 'arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56';
const OWN_ARN = `arn:aws:codeconnections:eu-west-1:${OWNER}:connection/11111111-2222-4333-8444-555555555555`;
const WARNING = 'cdk-codeconnections:shareOutsideUsEast1';

function stack(env: { account?: string; region?: string } | undefined = { account: OWNER, region: 'us-east-1' }): Stack {
  return new Stack(new App(), 'Stack', { env });
}

function github(s: Stack): Connection {
  return new Connection(s, 'GitHub', { providerType: ProviderType.GITHUB });
}

describe('connection.shareWith', () => {
  test('an owned connection: one AWS::RAM::ResourceShare with its ARN and the principals', () => {
    const s = stack();
    const connection = github(s);
    const share = connection.shareWith([OTHER, ORG, OU]);
    const template = Template.fromStack(s);
    const connectionId = s.getLogicalId(connection.node.defaultChild as any);
    template.resourceCountIs('AWS::RAM::ResourceShare', 1);
    template.hasResourceProperties('AWS::RAM::ResourceShare', {
      Name: Match.stringLikeRegexp('^StackGitHubResourceShare[0-9A-F]{8}$'),
      ResourceArns: [{ 'Fn::GetAtt': [connectionId, 'ConnectionArn'] }],
      Principals: [OTHER, ORG, OU],
      AllowExternalPrincipals: Match.absent(),
      PermissionArns: Match.absent(),
    });
    expect(s.resolve(share.attrArn)).toEqual({ 'Fn::GetAtt': [s.getLogicalId(share), 'Arn'] });
    expect(share.node.path).toBe('Stack/GitHub/ResourceShare/Resource');
  });

  test('later calls add principals to the same share', () => {
    const s = stack();
    const connection = github(s);
    const first = connection.shareWith([OTHER], { allowExternalPrincipals: false, resourceShareName: 'github' });
    const second = connection.shareWith([OU]);
    const third = connection.shareWith(['333333333333'], { allowExternalPrincipals: false, resourceShareName: 'github' });
    expect(second).toBe(first);
    expect(third).toBe(first);
    const template = Template.fromStack(s);
    template.resourceCountIs('AWS::RAM::ResourceShare', 1);
    template.hasResourceProperties('AWS::RAM::ResourceShare', {
      Name: 'github', Principals: [OTHER, OU, '333333333333'], AllowExternalPrincipals: false,
    });
  });

  test('an imported codeconnections connection of the stack\'s account can be shared', () => {
    const s = stack();
    Connection.fromConnectionArn(s, 'Imported', OWN_ARN).shareWith([OTHER]);
    Template.fromStack(s).hasResourceProperties('AWS::RAM::ResourceShare', { ResourceArns: [OWN_ARN], Principals: [OTHER] });
  });

  test('the connection\'s tags reach the share', () => {
    const s = stack();
    const connection = github(s);
    connection.shareWith([OTHER]);
    Tags.of(connection).add('team', 'platform');
    Template.fromStack(s).hasResourceProperties('AWS::RAM::ResourceShare', {
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
  });

  test('tokens are passed through, unchecked', () => {
    const s = stack({});
    const account = Lazy.string({ produce: () => '444444444444' });
    Connection.fromConnectionArn(s, 'Imported', Lazy.string({ produce: () => 'arn:aws:codestar-connections:x' }))
      .shareWith([account], { resourceShareName: Lazy.string({ produce: () => 'n' }) });
    Template.fromStack(s).hasResourceProperties('AWS::RAM::ResourceShare', { Principals: ['444444444444'], Name: 'n' });
  });

  test('a list token (e.g. a CommaDelimitedList parameter) is passed whole, and cannot be combined with other principals', () => {
    const s = stack();
    const accounts = new CfnParameter(s, 'Accounts', { type: 'CommaDelimitedList' });
    const connection = github(s);
    connection.shareWith(accounts.valueAsList);
    Template.fromStack(s).hasResourceProperties('AWS::RAM::ResourceShare', { Principals: { Ref: 'Accounts' } });
    expect(() => connection.shareWith([OTHER])).toThrow(
      'Stack/GitHub: shareWith: an earlier shareWith() call passed a list token as the principals, which cannot be combined with more');
    const other = github(stack());
    other.shareWith([OTHER]);
    const more = new CfnParameter(Stack.of(other), 'More', { type: 'CommaDelimitedList' });
    expect(() => other.shareWith(more.valueAsList)).toThrow('Stack/GitHub: shareWith: principals is a list token, which cannot be combined with the principals of another shareWith() call');
  });

  test('a refused connection is refused again on a later call, not tripped over', () => {
    const s = stack();
    const legacy = Connection.fromConnectionArn(s, 'Legacy', `arn:aws:codestar-connections:us-east-1:${OWNER}:connection/11111111-2222-4333-8444-555555555555`);
    expect(() => legacy.shareWith([OTHER])).toThrow(/has a codestar-connections ARN/);
    expect(() => legacy.shareWith([OTHER])).toThrow(/has a codestar-connections ARN/);
  });

  test.each([
    [[], 'Stack/GitHub: shareWith: principals is empty, which would share with no one'],
    [['12345678901'], "Stack/GitHub: shareWith: principal '12345678901' (11 characters) must be an account id ('123456789012'), an organization ARN"],
    [[' 210987654321'], "principal ' 210987654321' (13 characters) must be an account id"],
    [['o-a1b2c3d4e5'], "principal 'o-a1b2c3d4e5' (12 characters) must be an account id"],
    [[OWNER], `principal '${OWNER}' (12 characters) is the account this stack deploys to, which owns the connection already`],
    [[OTHER, OTHER], `principal '${OTHER}' (12 characters) is listed twice`],
    [['arn:aws:iam::210987654321:role/Deployer'],
      "principal 'arn:aws:iam::210987654321:role/Deployer' (39 characters) is an IAM role or user: RAM shares a connection with accounts, organizations and OUs only; list the account (210987654321)"],
    [['arn:aws-cn:organizations::123456789012:organization/o-a1b2c3d4e5'],
      'is in partition aws-cn, but this stack deploys to aws: RAM shares only within a partition'],
  ])('principals %j are refused', (principals, message) => {
    const connection = github(stack());
    expect(() => connection.shareWith(principals)).toThrow(message);
  });

  test('a principal shared with twice across calls is refused', () => {
    const connection = github(stack());
    connection.shareWith([OTHER]);
    expect(() => connection.shareWith([OTHER])).toThrow(`Stack/GitHub: shareWith: principal '${OTHER}' (12 characters) is already shared with by an earlier shareWith() call`);
  });

  test('options that differ from the first call are refused', () => {
    const connection = github(stack());
    connection.shareWith([OTHER]);
    expect(() => connection.shareWith([OU], { allowExternalPrincipals: false })).toThrow(
      'Stack/GitHub: shareWith: options { resourceShareName: not set, allowExternalPrincipals: false } differ from those of the first shareWith() call '
      + '({ resourceShareName: not set, allowExternalPrincipals: not set }): a connection has one resource share');
  });

  test('a codestar-connections ARN cannot be shared', () => {
    const s = stack();
    const legacy = Connection.fromConnectionArn(s, 'Legacy', `arn:aws:codestar-connections:us-east-1:${OWNER}:connection/11111111-2222-4333-8444-555555555555`);
    expect(() => legacy.shareWith([OTHER])).toThrow(
      'Stack/Legacy: shareWith: connection \'arn:aws:codestar-connections:us-east-1:123456789012:connection/11111111-2222-4333-8444-555555555555\' (99 characters) '
      + 'has a codestar-connections ARN, and AWS RAM shares only connections with codeconnections ARNs');
  });

  test('only the owner account can share; unknown accounts are not judged', () => {
    const foreign = `arn:aws:codeconnections:us-east-1:${OTHER}:connection/11111111-2222-4333-8444-555555555555`;
    const s = stack();
    expect(() => Connection.fromConnectionArn(s, 'Foreign', foreign).shareWith(['333333333333'])).toThrow(
      `belongs to account ${OTHER}, but this stack deploys to ${OWNER}: only the owner account can share a connection; call shareWith() in a stack of ${OTHER}`);
    const agnostic = stack({});
    Connection.fromConnectionArn(agnostic, 'Foreign', foreign).shareWith(['333333333333']);
    Template.fromStack(agnostic).resourceCountIs('AWS::RAM::ResourceShare', 1);
  });

  test('a resource share name over 255 characters is refused', () => {
    const connection = github(stack());
    expect(() => connection.shareWith([OTHER], { resourceShareName: 'x'.repeat(256) })).toThrow(
      /^Stack\/GitHub: shareWith: resourceShareName: 'x+' \(256 characters\) must be 1-255 characters/);
  });

  test('plain JavaScript callers get the library\'s errors', () => {
    const connection = github(stack());
    expect(() => (connection as any).shareWith(OTHER)).toThrow('Stack/GitHub: shareWith(): principals must be a list of an account id');
    expect(() => (connection as any).shareWith(undefined)).toThrow('principals must be a list of an account id (\'123456789012\'), an organization ARN');
    expect(() => (connection as any).shareWith([123456789012])).toThrow('Stack/GitHub: shareWith(): principals entry must be a string');
    expect(() => (connection as any).shareWith([OTHER], { allowExternalPrincipals: 'no' })).toThrow('allowExternalPrincipals must be true or false, got string');
    expect(() => (connection as any).shareWith([OTHER], 'name')).toThrow('options must be an object');
  });

  test('outside us-east-1 the share warns once, with the fix; us-east-1, other partitions and unknown regions do not', () => {
    const eu = stack({ account: OWNER, region: 'eu-west-1' });
    const connection = github(eu);
    connection.shareWith([OTHER]);
    connection.shareWith([OU]);
    const warnings = Annotations.fromStack(eu).findWarning('*', Match.stringLikeRegexp(WARNING));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].id).toBe('/Stack/GitHub/ResourceShare');
    expect(warnings[0].entry.data).toMatch(/deploys the connection's resource share to eu-west-1\. Connections are global resources.*call shareWith\(\) in a stack of us-east-1/);
    for (const env of [{ account: OWNER, region: 'us-east-1' }, { account: OWNER, region: 'cn-north-1' }, {}]) {
      const s = stack(env);
      github(s).shareWith([OTHER]);
      expect(Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp(WARNING))).toHaveLength(0);
    }
  });

  test('the warning can be acknowledged', () => {
    const s = stack({ account: OWNER, region: 'eu-west-1' });
    const connection = github(s);
    connection.shareWith([OTHER]);
    CoreAnnotations.of(connection).acknowledgeWarning(WARNING, 'shares from eu-west-1 work for us');
    expect(Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp(WARNING))).toHaveLength(0);
  });

  test('in aws-cn, principal ARNs of aws-cn are accepted', () => {
    const s = stack({ account: OWNER, region: 'cn-north-1' });
    github(s).shareWith(['arn:aws-cn:organizations::123456789012:organization/o-a1b2c3d4e5']);
    Template.fromStack(s).resourceCountIs('AWS::RAM::ResourceShare', 1);
  });
});

describe('grantPassConnection', () => {
  test('an imported codeconnections connection: only that prefix, on the ARN, conditioned on the service', () => {
    const s = stack();
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    Connection.fromConnectionArn(s, 'Shared', `arn:aws:codeconnections:eu-west-1:${OTHER}:connection/11111111-2222-4333-8444-555555555555`)
      .grantPassConnection(role, 'codepipeline.amazonaws.com');
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: 'codeconnections:PassConnection',
          Effect: 'Allow',
          Resource: `arn:aws:codeconnections:eu-west-1:${OTHER}:connection/11111111-2222-4333-8444-555555555555`,
          Condition: { StringEquals: { 'codeconnections:PassedToService': 'codepipeline.amazonaws.com' } },
        }],
      },
    });
  });

  test('an owned connection (ARN a token): the codeconnections prefix on its ARN attribute, no condition without a service', () => {
    const s = stack();
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    github(s).grantPassConnection(role);
    const statements = Object.values<any>(Template.fromStack(s).findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument.Statement;
    expect(statements.map((st: any) => [st.Action, st.Condition, st.Resource['Fn::GetAtt']?.[1]])).toEqual([
      ['codeconnections:PassConnection', undefined, 'ConnectionArn'],
    ]);
  });

  test('a bare service name would write a condition that never matches (IAM compares the whole principal): refused, naming the principal to use', () => {
    const s = stack();
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => github(s).grantPassConnection(role, 'codepipeline')).toThrow(
      "Stack/GitHub: grantPassConnection: passedToService 'codepipeline' (12 characters) is a service name, not its principal: "
      + "PassedToService holds the principal the connection is passed to, e.g. 'codepipeline.amazonaws.com', and a condition on 'codepipeline' would never match; "
      + "pass 'codepipeline.amazonaws.com'");
  });

  test('the one bare value AWS documents for PassedToService passes as it is', () => {
    const s = stack();
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    github(s).grantPassConnection(role, 'codeguru-reviewer');
    const [statement] = Object.values<any>(Template.fromStack(s).findResources('AWS::IAM::Policy'))[0].Properties.PolicyDocument.Statement;
    expect(statement.Condition).toEqual({ StringEquals: { 'codeconnections:PassedToService': 'codeguru-reviewer' } });
  });

  test('bad services are refused; tokens pass', () => {
    const s = stack();
    const connection = github(s);
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    expect(() => connection.grantPassConnection(role, 'CodePipeline')).toThrow(
      "Stack/GitHub: grantPassConnection: passedToService 'CodePipeline' (12 characters) must be a service principal such as 'codepipeline.amazonaws.com'");
    expect(() => (connection as any).grantPassConnection(undefined)).toThrow('Stack/GitHub: grantPassConnection(): grantee');
    connection.grantPassConnection(role, Lazy.string({ produce: () => 'proton.amazonaws.com' }));
  });
});
