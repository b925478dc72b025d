import { App, Annotations as CoreAnnotations, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ArgoCdRepository, Connection, ProviderType } from '../../src';

const ID = '11111111-2222-4333-8444-555555555555';
const CODECONNECTIONS_ARN = `arn:aws:codeconnections:eu-west-1:111111111111:connection/${ID}`;
const CODESTAR_ARN = `arn:aws:codestar-connections:eu-west-1:111111111111:connection/${ID}`;

function stackOf(region = 'eu-west-1') {
  return new Stack(new App(), 'Stack', { env: { account: '111111111111', region } });
}

function capabilityRole(stack: Stack) {
  return new iam.Role(stack, 'ArgoCdCapabilityRole', { assumedBy: new iam.ServicePrincipal('capabilities.eks.amazonaws.com').withSessionTags() });
}

/** The statements of the role's policies that name a connection action. */
function connectionStatements(stack: Stack) {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement)
    .filter((s: any) => /Connection/.test(JSON.stringify(s.Action)));
}

describe('ArgoCdRepository.url: the EKS user guide\'s form', () => {
  // https://codeconnections.region.amazonaws.com/git-http/account-id/region/connection-id/owner/repository.git
  // (EKS user guide, "Configure repository access"), written out here from the page, not computed with src.
  test.each([
    [CODECONNECTIONS_ARN, 'my-org/gitops', `https://codeconnections.eu-west-1.amazonaws.com/git-http/111111111111/eu-west-1/${ID}/my-org/gitops.git`],
    [CODESTAR_ARN, 'my-org/gitops', `https://codeconnections.eu-west-1.amazonaws.com/git-http/111111111111/eu-west-1/${ID}/my-org/gitops.git`],
    ['arn:aws:codeconnections:us-east-1:222222222222:connection/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', 'group/sub/app',
      'https://codeconnections.us-east-1.amazonaws.com/git-http/222222222222/us-east-1/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee/group/sub/app.git'],
  ])('a concrete ARN %s and %s give a literal URL', (arn, repository, url) => {
    const stack = stackOf(arn.split(':')[3]);
    expect(ArgoCdRepository.of(Connection.fromConnectionArn(stack, 'C', arn), repository).url).toBe(url);
  });

  test('a connection of this app: the URL is built at deploy time from its ARN (region, account, id)', () => {
    const stack = stackOf();
    const connection = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB });
    const url = ArgoCdRepository.of(connection, 'my-org/gitops').url;
    const part = (index: number) => ({ 'Fn::Select': [index, { 'Fn::Split': [':', { 'Fn::GetAtt': ['GitHub38B7EEC4', 'ConnectionArn'] }] }] });
    expect(stack.resolve(url)).toEqual({
      'Fn::Join': ['', [
        'https://codeconnections.', part(3), '.amazonaws.com/git-http/', part(4), '/', part(3), '/',
        { 'Fn::Select': [1, { 'Fn::Split': ['/', part(5)] }] }, '/my-org/gitops.git',
      ]],
    });
  });

  test('the token URL, evaluated as CloudFormation would, equals the literal one', () => {
    const stack = stackOf();
    const arnParam = new CfnParameter(stack, 'ConnectionArn').valueAsString;
    const resolved = stack.resolve(ArgoCdRepository.of(Connection.fromConnectionArn(stack, 'C', arnParam), 'my-org/gitops').url);
    const evaluate = (node: any): string => {
      if (typeof node === 'string') {
        return node;
      }
      if (node.Ref === 'ConnectionArn') {
        return CODECONNECTIONS_ARN;
      }
      if (node['Fn::Join']) {
        return node['Fn::Join'][1].map(evaluate).join(node['Fn::Join'][0]);
      }
      if (node['Fn::Select']) {
        return (evaluate(node['Fn::Select'][1]) as unknown as string[])[node['Fn::Select'][0]];
      }
      if (node['Fn::Split']) {
        return evaluate(node['Fn::Split'][1]).split(node['Fn::Split'][0]) as unknown as string;
      }
      throw new Error(`unexpected ${JSON.stringify(node)}`);
    };
    expect(evaluate(resolved)).toBe(`https://codeconnections.eu-west-1.amazonaws.com/git-http/111111111111/eu-west-1/${ID}/my-org/gitops.git`);
  });

  test.each([
    ['my-org/gitops.git', "ends with '.git'; leave it out: the URL ends with '.git' already"],
    ['gitops', 'must be owner/repo'],
    ['my org/gitops', 'must be owner/repo'],
  ])('repository %j is refused, naming the connection and the rule', (repository, rule) => {
    const stack = stackOf();
    expect(() => ArgoCdRepository.of(Connection.fromConnectionArn(stack, 'C', CODECONNECTIONS_ARN), repository))
      .toThrow(new RegExp(`^Stack/C: ArgoCdRepository\\.of\\(\\): repository '.*' \\(\\d+ characters\\) ${rule.replace(/[.()]/g, '\\$&')}`));
  });

  test('a GitHub owner with a slash is refused (only GitLab owners are group paths)', () => {
    const stack = stackOf();
    const connection = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB });
    expect(() => ArgoCdRepository.of(connection, 'my-org/team/gitops')).toThrow(/the owner of a GitHub repository is one name/);
  });

  test('a connection of another partition is refused: the guide documents only amazonaws.com', () => {
    const stack = stackOf('cn-north-1');
    const connection = Connection.fromConnectionArn(stack, 'C', `arn:aws-cn:codeconnections:cn-north-1:111111111111:connection/${ID}`);
    expect(() => ArgoCdRepository.of(connection, 'my-org/gitops'))
      .toThrow(/is in the 'aws-cn' partition; the EKS user guide documents the Argo CD repository URL only for the aws partition/);
  });

  test('a connection of this app in a China Region stack is refused too (the stack\'s partition stands for its ARN\'s)', () => {
    const stack = stackOf('cn-north-1');
    const connection = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB });
    expect(() => ArgoCdRepository.of(connection, 'my-org/gitops'))
      .toThrow(/^Stack\/GitHub: ArgoCdRepository\.of\(\): connection Stack\/GitHub is in a stack of the 'aws-cn' partition; the EKS user guide documents/);
  });

  test('a plain JavaScript caller passing an ARN string gets an error that says what to pass', () => {
    expect(() => ArgoCdRepository.of(CODECONNECTIONS_ARN as any, 'my-org/gitops')).toThrow(/must be an IConnection/);
  });
});

describe('ArgoCdRepository.grantRead', () => {
  test('UseConnection (this repository, read-only where the keys are sent) and GetConnection, with the ARN\'s prefix', () => {
    const stack = stackOf();
    const connection = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB });
    ArgoCdRepository.of(connection, 'my-org/gitops').grantRead(capabilityRole(stack));
    const arn = { 'Fn::GetAtt': ['GitHub38B7EEC4', 'ConnectionArn'] };
    expect(connectionStatements(stack)).toEqual([
      {
        Action: 'codeconnections:UseConnection',
        Effect: 'Allow',
        Resource: arn,
        Condition: { StringEqualsIfExists: { 'codeconnections:FullRepositoryId': 'my-org/gitops', 'codeconnections:ProviderPermissionsRequired': 'read_only' } },
      },
      { Action: 'codeconnections:GetConnection', Effect: 'Allow', Resource: arn },
    ]);
  });

  test('a codestar-connections ARN gets the codestar-connections prefix only', () => {
    const stack = stackOf();
    ArgoCdRepository.of(Connection.fromConnectionArn(stack, 'C', CODESTAR_ARN), 'my-org/gitops').grantRead(capabilityRole(stack));
    const actions = connectionStatements(stack).map((s: any) => s.Action);
    expect(actions).toEqual(['codestar-connections:UseConnection', 'codestar-connections:GetConnection']);
  });

  test('an ARN whose namespace is unknown (a token) gets both prefixes, each on its own ARN', () => {
    const stack = stackOf();
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    ArgoCdRepository.of(Connection.fromConnectionArn(stack, 'C', arn), 'my-org/gitops').grantRead(capabilityRole(stack));
    const actions = connectionStatements(stack).flatMap((s: any) => [s.Action].flat()).sort();
    expect(actions).toEqual([
      'codeconnections:GetConnection', 'codeconnections:UseConnection', 'codestar-connections:GetConnection', 'codestar-connections:UseConnection',
    ]);
  });

  test('a role of an account nothing in the app shares with: the cross-account warning', () => {
    const stack = stackOf();
    const connection = Connection.fromConnectionArn(stack, 'C', `arn:aws:codeconnections:eu-west-1:333333333333:connection/${ID}`);
    ArgoCdRepository.of(connection, 'my-org/gitops').grantRead(capabilityRole(stack));
    Annotations.fromStack(stack).hasWarning('/Stack/ArgoCdCapabilityRole', Match.stringLikeRegexp('of account 333333333333 from account 111111111111'));
  });
});

describe('ArgoCdRepository warnings', () => {
  test('a connection in another Region than its stack: EKS reads only connections of the cluster\'s Region', () => {
    const stack = stackOf('us-east-1');
    ArgoCdRepository.of(Connection.fromConnectionArn(stack, 'C', CODECONNECTIONS_ARN), 'my-org/gitops');
    Annotations.fromStack(stack).hasWarning('/Stack/C', Match.stringLikeRegexp(
      'connection Stack/C is in eu-west-1, and its stack in us-east-1: the EKS user guide says the connection must be in the same Region as the cluster'));
  });

  test.each([
    [ProviderType.AZURE_DEVOPS, 1],
    [ProviderType.GITLAB, 0],
    [ProviderType.BITBUCKET, 0],
  ])('a %p connection: %s warning that the guide does not name it', (providerType, count) => {
    const stack = stackOf();
    const connection = new Connection(stack, 'Repo', { providerType });
    ArgoCdRepository.of(connection, 'my-org/gitops');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('argoCdProviderNotDocumented'))).toHaveLength(count);
  });

  test('the warnings can be acknowledged', () => {
    const stack = stackOf('us-east-1');
    const connection = Connection.fromConnectionArn(stack, 'C', CODECONNECTIONS_ARN);
    ArgoCdRepository.of(connection, 'my-org/gitops');
    CoreAnnotations.of(connection).acknowledgeWarning('cdk-codeconnections:argoCdConnectionInAnotherRegion');
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});
