import { App, Lazy, NestedStack, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Connection, ProviderType, RepositoryLink, StackSync, TriggerResourceUpdateOn } from '../../src';

const LINK_ID = '11111111-2222-4333-8444-555555555555';
const PRINCIPAL = 'cloudformation.sync.codeconnections.amazonaws.com';

function stack(env = { account: '123456789012', region: 'us-east-1' }): Stack {
  return new Stack(new App(), 'Stack', { env });
}

function importedLink(s: Stack) {
  return RepositoryLink.fromRepositoryLinkAttributes(s, 'Link', { repositoryLinkId: LINK_ID });
}

const BASE = { branch: 'main', configFile: 'deployment/app.yaml', stackName: 'my-app' };

describe('StackSync', () => {
  test('SyncConfiguration: CFN_STACK_SYNC, ResourceName = stackName, the created role', () => {
    const s = stack();
    const connection = new Connection(s, 'C', { providerType: ProviderType.GITHUB });
    const link = new RepositoryLink(s, 'Link', { connection, owner: 'my-org', repositoryName: 'my-repo' });
    const sync = new StackSync(s, 'Sync', { repositoryLink: link, ...BASE });
    const template = Template.fromStack(s);
    const linkId = Object.keys(template.findResources('AWS::CodeStarConnections::RepositoryLink'))[0];
    const roleId = Object.keys(template.findResources('AWS::IAM::Role'))
      .find(id => id.startsWith('SyncRole'))!;
    template.resourceCountIs('AWS::CodeStarConnections::SyncConfiguration', 1);
    template.hasResourceProperties('AWS::CodeStarConnections::SyncConfiguration', {
      SyncType: 'CFN_STACK_SYNC',
      RepositoryLinkId: { 'Fn::GetAtt': [linkId, 'RepositoryLinkId'] },
      Branch: 'main',
      ConfigFile: 'deployment/app.yaml',
      ResourceName: 'my-app',
      RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
      PublishDeploymentStatus: Match.absent(),
      TriggerResourceUpdateOn: Match.absent(),
    });
    expect(sync.node.defaultChild?.node.id).toBe('Resource');
    expect(sync.stackName).toBe('my-app');
    expect(s.resolve(sync.role.roleArn)).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  });

  test('the role trusts Git sync and has exactly the prerequisite permissions, scoped', () => {
    const s = stack();
    new StackSync(s, 'Sync', { repositoryLink: importedLink(s), ...BASE });
    const template = Template.fromStack(s);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const roles = template.findResources('AWS::IAM::Role');
    expect(Object.keys(roles)).toHaveLength(1);
    const role = Object.values(roles)[0] as any;
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([{
      Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: PRINCIPAL },
    }]);
    // No inline policy (compliance packs report every one): a customer-managed
    // one, attached through the role, so it exists before the sync configuration.
    expect(role.Properties.Policies).toBeUndefined();
    const managed = template.findResources('AWS::IAM::ManagedPolicy');
    expect(Object.keys(managed)).toHaveLength(1);
    const [policyId, policy] = Object.entries<any>(managed)[0];
    expect(role.Properties.ManagedPolicyArns).toEqual([{ Ref: policyId }]);
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(s.resolve(statements)).toEqual([
      {
        Sid: 'SyncToCloudFormation',
        Effect: 'Allow',
        Action: [
          'cloudformation:CreateChangeSet', 'cloudformation:DeleteChangeSet', 'cloudformation:DescribeChangeSet',
          'cloudformation:DescribeStackEvents', 'cloudformation:DescribeStacks', 'cloudformation:ExecuteChangeSet',
          'cloudformation:GetTemplate', 'cloudformation:ListChangeSets',
        ],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudformation:us-east-1:123456789012:stack/my-app/*']] },
      },
      {
        Sid: 'NoResourceLevelPermissions',
        Effect: 'Allow',
        Action: ['cloudformation:ListStacks', 'cloudformation:ValidateTemplate'],
        Resource: '*',
      },
      {
        Sid: 'PolicyForManagedRules',
        Effect: 'Allow',
        Action: ['events:PutRule', 'events:PutTargets'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:us-east-1:123456789012:rule/*']] },
        Condition: { StringEquals: { 'events:ManagedBy': PRINCIPAL } },
      },
      {
        Sid: 'PolicyForDescribingRule',
        Effect: 'Allow',
        Action: 'events:DescribeRule',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:us-east-1:123456789012:rule/*']] },
      },
    ]);
    const actions = JSON.stringify(statements.map((st: any) => st.Action));
    expect(actions).not.toMatch(/\*/);
  });

  test('an environment-agnostic stack: the ARNs use the stack\'s region and account', () => {
    const s = new Stack(new App(), 'Stack');
    new StackSync(s, 'Sync', { repositoryLink: importedLink(s), ...BASE });
    const policy = Object.values(Template.fromStack(s).findResources('AWS::IAM::ManagedPolicy'))[0] as any;
    expect(policy.Properties.PolicyDocument.Statement[0].Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudformation:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':stack/my-app/*']],
    });
  });

  test('a given role is used as is', () => {
    const s = stack();
    const role = iam.Role.fromRoleArn(s, 'Given', 'arn:aws:iam::123456789012:role/git-sync', { mutable: false });
    const sync = new StackSync(s, 'Sync', { repositoryLink: importedLink(s), ...BASE, role });
    const template = Template.fromStack(s);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    template.hasResourceProperties('AWS::CodeStarConnections::SyncConfiguration', { RoleArn: 'arn:aws:iam::123456789012:role/git-sync' });
    expect(sync.role).toBe(role);
  });

  test.each([
    [true, 'ENABLED'], [false, 'DISABLED'],
  ])('publishDeploymentStatus %s -> %s; triggerResourceUpdateOn', (publish, value) => {
    const s = stack();
    new StackSync(s, 'Sync', {
      repositoryLink: importedLink(s), ...BASE, publishDeploymentStatus: publish, triggerResourceUpdateOn: TriggerResourceUpdateOn.FILE_CHANGE,
    });
    Template.fromStack(s).hasResourceProperties('AWS::CodeStarConnections::SyncConfiguration', {
      RepositoryLinkId: LINK_ID, PublishDeploymentStatus: value, TriggerResourceUpdateOn: 'FILE_CHANGE',
    });
  });

  test('an unknown TriggerResourceUpdateOn warns, naming the known ones; known values and tokens do not', () => {
    const s = stack();
    new StackSync(s, 'Sync', { repositoryLink: importedLink(s), ...BASE, triggerResourceUpdateOn: TriggerResourceUpdateOn.of('FILE_CHANGES') });
    const warnings = Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('cdk-codeconnections:unknownTriggerResourceUpdateOn'));
    expect(warnings.map(w => [w.id, w.entry.data])).toEqual([['/Stack/Sync', expect.stringMatching(
      /^triggerResourceUpdateOn: 'FILE_CHANGES' \(12 characters\) is not a value this library knows \(ANY_CHANGE, FILE_CHANGE\)/)]]);
    const ok = stack();
    const link = importedLink(ok);
    new StackSync(ok, 'A', { repositoryLink: link, ...BASE, stackName: 'a', triggerResourceUpdateOn: TriggerResourceUpdateOn.ANY_CHANGE });
    new StackSync(ok, 'B', { repositoryLink: link, ...BASE, stackName: 'b', triggerResourceUpdateOn: TriggerResourceUpdateOn.of(Lazy.string({ produce: () => 'X' })) });
    expect(Annotations.fromStack(ok).findWarning('*', Match.stringLikeRegexp('unknownTriggerResourceUpdateOn'))).toHaveLength(0);
  });

  test('TriggerResourceUpdateOn values', () => {
    expect(TriggerResourceUpdateOn.ANY_CHANGE.value).toBe('ANY_CHANGE');
    expect(TriggerResourceUpdateOn.FILE_CHANGE.value).toBe('FILE_CHANGE');
    expect(TriggerResourceUpdateOn.of('NEW_VALUE').value).toBe('NEW_VALUE');
  });

  test.each([
    ['branch', { branch: '' }, /^Stack\/Sync: branch: '' \(0 characters\) must not be empty$/],
    ['branch', { branch: 'my branch' }, /branch: 'my branch' \(9 characters\) must not contain whitespace or control characters \(found ' ' at 2\)/],
    ['branch', { branch: 'main\n' }, /branch: 'main\\n' \(5 characters\) must not contain whitespace or control characters \(found '\\n' at 4\)/],
    ['branch', { branch: 'b'.repeat(256) }, /branch: 'b+' \(256 characters\) must be at most 255 characters long/],
    ['configFile', { configFile: '' }, /configFile: '' \(0 characters\) must not be empty/],
    ['configFile', { configFile: 'a b.yaml' }, /configFile: 'a b.yaml' .* must not contain whitespace/],
    ['configFile', { configFile: '/deployment/app.yaml' }, /configFile: '\/deployment\/app.yaml' \(20 characters\) must be relative to the repository's root, without a leading '\/'/],
    ['configFile', { configFile: 'deployment/../../app.yaml' }, /configFile: 'deployment\/..\/..\/app.yaml' .* must not contain '..'/],
    ['configFile', { configFile: '..' }, /must not contain '..'/],
    ['configFile', { configFile: 'deployment\\app.yaml' }, /^Stack\/Sync: configFile: 'deployment\\app.yaml' \(19 characters\) must separate directories with '\/', not '\\'/],
    ['branch', { branch: 'a..b' }, /^Stack\/Sync: branch: 'a..b' \(4 characters\) must not contain '..' \(git refuses it in a ref name\)$/],
    ['branch', { branch: 'feature~1' }, /branch: 'feature~1' \(9 characters\) must not contain '~' \(git refuses/],
    ['branch', { branch: 'topic^' }, /must not contain '\^'/],
    ['branch', { branch: 'a:b' }, /must not contain ':'/],
    ['branch', { branch: 'wip*' }, /must not contain '\*'/],
    ['branch', { branch: 'a@{1}' }, /must not contain '@\{'/],
    ['branch', { branch: '-main' }, /branch: '-main' \(5 characters\) is not a valid git branch name/],
    ['branch', { branch: 'release/' }, /is not a valid git branch name/],
    ['branch', { branch: 'main.lock' }, /is not a valid git branch name/],
    ['branch', { branch: 'a/.hidden' }, /is not a valid git branch name/],
    ['branch', { branch: 'a//b' }, /is not a valid git branch name/],
    ['branch', { branch: '@' }, /is not a valid git branch name/],
    ['stackName', { stackName: '' }, /stackName: '' \(0 characters\) must be 1-100 characters, start with a letter/],
    ['stackName', { stackName: '1app' }, /stackName: '1app'/],
    ['stackName', { stackName: 'my_app' }, /stackName: 'my_app'/],
    ['stackName', { stackName: 'a'.repeat(101) }, /stackName: 'a+' \(101 characters\) must be 1-100 characters.*ResourceName allows at most 100/],
  ])('a bad %s: %j', (_prop, override, message) => {
    const s = stack();
    expect(() => new StackSync(s, 'Sync', { repositoryLink: importedLink(s), ...BASE, ...override })).toThrow(message);
  });

  test('every problem is named in one error', () => {
    const s = stack();
    expect(() => new StackSync(s, 'Sync', { repositoryLink: importedLink(s), branch: '', configFile: '/x', stackName: '-' }))
      .toThrow(/branch: .*; configFile: .*; stackName: /);
  });

  test('valid edge cases pass: a 100-character stack name, a dotted file, a branch with slashes', () => {
    const s = stack();
    new StackSync(s, 'Sync', { repositoryLink: importedLink(s), branch: 'release/v1.2', configFile: '.deploy/app..yaml', stackName: `A${'-'.repeat(99)}` });
    Template.fromStack(s).resourceCountIs('AWS::CodeStarConnections::SyncConfiguration', 1);
  });

  test('tokens are not validated', () => {
    const s = stack();
    const token = (v: string) => Lazy.string({ produce: () => v });
    new StackSync(s, 'Sync', { repositoryLink: importedLink(s), branch: token('my branch'), configFile: token('/x'), stackName: token('1') });
    Template.fromStack(s).hasResourceProperties('AWS::CodeStarConnections::SyncConfiguration', { Branch: 'my branch', ConfigFile: '/x', ResourceName: '1' });
  });

  test('options of the wrong type from JavaScript are named, not dropped', () => {
    const s = stack();
    const link = importedLink(s);
    expect(() => new StackSync(s, 'S1', { repositoryLink: link, ...BASE, role: 'arn:aws:iam::123456789012:role/r' as any }))
      .toThrow("Stack/S1: role must be an iam.IRole, e.g. iam.Role.fromRoleArn(this, 'SyncRole', arn), got string \"arn:aws:iam::123456789012:role/r\"");
    expect(() => new StackSync(s, 'S2', { repositoryLink: link, ...BASE, publishDeploymentStatus: 'false' as any }))
      .toThrow('Stack/S2: publishDeploymentStatus must be true or false, got string "false"');
    expect(() => new StackSync(s, 'S3', { repositoryLink: link, ...BASE, triggerResourceUpdateOn: 'FILE_CHANGE' as any }))
      .toThrow('Stack/S3: triggerResourceUpdateOn must be a TriggerResourceUpdateOn (e.g. TriggerResourceUpdateOn.FILE_CHANGE), got string "FILE_CHANGE"');
    new StackSync(s, 'S4', { repositoryLink: link, ...BASE, publishDeploymentStatus: null as any, triggerResourceUpdateOn: null as any, role: null as any });
    Template.fromStack(s).hasResourceProperties('AWS::CodeStarConnections::SyncConfiguration', {
      PublishDeploymentStatus: Match.absent(), TriggerResourceUpdateOn: Match.absent(),
    });
  });

  test('a sync of the stack it is defined in is refused', () => {
    const s = new Stack(new App(), 'Stack', { stackName: 'infra-host' });
    expect(() => new StackSync(s, 'Sync', { repositoryLink: importedLink(s), ...BASE, stackName: 'infra-host' })).toThrow(
      "Stack/Sync: stackName: 'infra-host' (10 characters) is the stack this StackSync is defined in: Git sync would replace its template, this sync configuration included");
    const link = RepositoryLink.fromRepositoryLinkAttributes(s, 'Link2', { repositoryLinkId: LINK_ID });
    expect(() => new StackSync(s, 'Sync2', { repositoryLink: link, ...BASE, stackName: s.stackName })).toThrow(/is the stack this StackSync is defined in/);
  });

  test('a sync in a nested stack of the stack it names is refused too', () => {
    const parent = new Stack(new App(), 'Parent', { stackName: 'infra-host' });
    const nested = new NestedStack(new NestedStack(parent, 'Outer'), 'Inner');
    expect(() => new StackSync(nested, 'Sync', { repositoryLink: importedLink(nested), ...BASE, stackName: 'infra-host' })).toThrow(
      "Parent/Outer/Inner/Sync: stackName: 'infra-host' (10 characters) is the stack this StackSync is defined in (through nested stacks): Git sync would replace its template");
  });

  test('branch names git accepts pass, Unicode spaces included', () => {
    const s = stack();
    const link = importedLink(s);
    ['feature/ü', 'release-1.0', 'user@x', 'v1.2.3', 'dependabot/npm_and_yarn/@types/node-20', 'fix\u00a0x'].forEach((branch, i) =>
      new StackSync(s, `Sync${i}`, { repositoryLink: link, ...BASE, stackName: `app-${i}`, branch }));
    Template.fromStack(s).resourceCountIs('AWS::CodeStarConnections::SyncConfiguration', 6);
  });

  test('two syncs of one stack are refused: in one stack, or in two stacks of one account and region', () => {
    const s = stack();
    const link = importedLink(s);
    new StackSync(s, 'Sync', { repositoryLink: link, ...BASE });
    expect(() => new StackSync(s, 'Again', { repositoryLink: link, ...BASE, branch: 'dev' })).toThrow(
      "Stack/Again: stackName: 'my-app' (6 characters) is already synced by Stack/Sync in 123456789012/us-east-1: two sync configurations of one stack would undo each other");
    const app = s.node.root as App;
    const same = new Stack(app, 'Same', { env: { account: '123456789012', region: 'us-east-1' } });
    expect(() => new StackSync(same, 'Sync', { repositoryLink: importedLink(same), ...BASE })).toThrow(/^Same\/Sync: stackName: 'my-app' .* is already synced by Stack\/Sync/);
  });

  test('syncs of one stack name in other regions, or in environment-agnostic stacks, are not judged', () => {
    const app = new App();
    for (const [id, env] of [['A', { account: '123456789012', region: 'us-east-1' }], ['B', { account: '123456789012', region: 'eu-west-1' }], ['C', {}], ['D', {}]] as const) {
      const s = new Stack(app, id, { env });
      new StackSync(s, 'Sync', { repositoryLink: importedLink(s), ...BASE });
    }
    expect(app.synth().stacks.map(st => Object.values<any>(st.template.Resources).filter(r => r.Type === 'AWS::CodeStarConnections::SyncConfiguration').length)).toEqual([1, 1, 1, 1]);
  });

  test('missing props from JavaScript are named', () => {
    const s = stack();
    expect(() => new StackSync(s, 'Sync', undefined as any)).toThrow(/Stack\/Sync: props is required/);
    expect(() => new StackSync(s, 'S2', { ...BASE, repositoryLink: LINK_ID as any })).toThrow(/Stack\/S2: repositoryLink must be an IRepositoryLink/);
    expect(() => new StackSync(s, 'S3', { repositoryLink: importedLink(s), branch: 'main', configFile: 'a.yaml' } as any)).toThrow(/Stack\/S3: stackName is required/);
  });
});
