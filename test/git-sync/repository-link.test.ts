import { App, Duration, Lazy, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Connection, Host, HostProviderType, ProviderType, RepositoryLink } from '../../src';

const CONNECTION_ARN = 'arn:aws:codeconnections:us-east-1:123456789012:connection/66666666-7777-4888-9999-000000000000';
const HOST_ARN = 'arn:aws:codeconnections:us-east-1:123456789012:host/my-host-1234';

function stack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

describe('RepositoryLink', () => {
  test('an owned connection: ConnectionArn, OwnerId, RepositoryName; attributes from the L1', () => {
    const s = stack();
    const connection = new Connection(s, 'C', { providerType: ProviderType.GITHUB });
    const link = new RepositoryLink(s, 'Link', { connection, owner: 'my-org', repositoryName: 'my-repo' });
    const template = Template.fromStack(s);
    const connectionId = Object.keys(template.findResources('AWS::CodeConnections::Connection'))[0];
    template.resourceCountIs('AWS::CodeStarConnections::RepositoryLink', 1);
    template.hasResourceProperties('AWS::CodeStarConnections::RepositoryLink', {
      ConnectionArn: { 'Fn::GetAtt': [connectionId, 'ConnectionArn'] },
      OwnerId: 'my-org',
      RepositoryName: 'my-repo',
      EncryptionKeyArn: Match.absent(),
    });
    const linkId = Object.keys(template.findResources('AWS::CodeStarConnections::RepositoryLink'))[0];
    expect(link.node.defaultChild?.node.id).toBe('Resource');
    expect(s.resolve(link.repositoryLinkId)).toEqual({ 'Fn::GetAtt': [linkId, 'RepositoryLinkId'] });
    expect(s.resolve(link.repositoryLinkArn)).toEqual({ 'Fn::GetAtt': [linkId, 'RepositoryLinkArn'] });
  });

  test('an imported connection, a GitLab group path and a KMS key', () => {
    const s = stack();
    const key = new kms.Key(s, 'Key');
    new RepositoryLink(s, 'Link', {
      connection: Connection.fromConnectionArn(s, 'C', CONNECTION_ARN),
      owner: 'group/sub.group',
      repositoryName: 'my_repo.v2',
      encryptionKey: key,
    });
    const template = Template.fromStack(s);
    template.hasResourceProperties('AWS::CodeStarConnections::RepositoryLink', {
      ConnectionArn: CONNECTION_ARN,
      OwnerId: 'group/sub.group',
      RepositoryName: 'my_repo.v2',
      EncryptionKeyArn: { 'Fn::GetAtt': [Object.keys(template.findResources('AWS::KMS::Key'))[0], 'Arn'] },
    });
  });

  test('tags reach the L1', () => {
    const s = stack();
    new RepositoryLink(s, 'Link', { connection: Connection.fromConnectionArn(s, 'C', CONNECTION_ARN), owner: 'o', repositoryName: 'r' });
    Tags.of(s).add('team', 'platform');
    Template.fromStack(s).hasResourceProperties('AWS::CodeStarConnections::RepositoryLink', {
      Tags: [{ Key: 'team', Value: 'platform' }],
    });
  });

  test('depends on connectionAvailable when the connection waits', () => {
    const s = stack();
    const connection = new Connection(s, 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(20) });
    new RepositoryLink(s, 'Link', { connection, owner: 'o', repositoryName: 'r' });
    const template = Template.fromStack(s);
    const statusId = Object.keys(template.findResources('Custom::CodeConnectionsConnectionStatus'))[0];
    template.hasResource('AWS::CodeStarConnections::RepositoryLink', { DependsOn: [statusId] });
  });

  test('a connection created in this app without waitForAvailable: a warning naming both and the fixes', () => {
    const s = stack();
    new RepositoryLink(s, 'Link', { connection: new Connection(s, 'C', { providerType: ProviderType.GITHUB }), owner: 'o', repositoryName: 'r' });
    const warnings = Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('cdk-codeconnections:repositoryLinkOnPendingConnection'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].id).toBe('/Stack/Link');
    expect(warnings[0].entry.data).toMatch(/^repository link Stack\/Link reads the repository through connection Stack\/C, which this deploy creates in PENDING: .*waitForAvailable.*then add the link and its StackSync\./);
  });

  test('no warning for a connection that waits, or an imported one', () => {
    const s = stack();
    new RepositoryLink(s, 'Waits', {
      connection: new Connection(s, 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(20) }), owner: 'o', repositoryName: 'r',
    });
    new RepositoryLink(s, 'Imported', { connection: Connection.fromConnectionArn(s, 'I', CONNECTION_ARN), owner: 'o', repositoryName: 'r' });
    expect(Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('repositoryLinkOnPendingConnection'))).toHaveLength(0);
  });

  test('a GitHub or Bitbucket owner with a slash is refused; GitLab groups pass', () => {
    const s = stack();
    expect(() => new RepositoryLink(s, 'Link', { connection: new Connection(s, 'C', { providerType: ProviderType.GITHUB }), owner: 'a/b', repositoryName: 'r' }))
      .toThrow("Stack/Link: owner: 'a/b' (3 characters) has a '/', which only GitLab group paths have; a GitHub owner is one user or organization name");
    expect(() => new RepositoryLink(s, 'Link2', { connection: new Connection(s, 'B', { providerType: ProviderType.BITBUCKET }), owner: 'a/b', repositoryName: 'r' }))
      .toThrow(/a Bitbucket owner is one user/);
    new RepositoryLink(s, 'Link3', { connection: new Connection(s, 'G', { providerType: ProviderType.GITLAB }), owner: 'group/sub', repositoryName: 'r' });
  });

  test('an encryptionKey that is not a key is refused, not dropped', () => {
    const s = stack();
    expect(() => new RepositoryLink(s, 'Link', {
      connection: Connection.fromConnectionArn(s, 'C', CONNECTION_ARN),
      owner: 'o',
      repositoryName: 'r',
      encryptionKey: 'arn:aws:kms:us-east-1:123456789012:key/1234' as any,
    })).toThrow("Stack/Link: encryptionKey must be a kms.IKey, e.g. kms.Key.fromKeyArn(this, 'Key', arn), got string");
  });

  test('a connection of another partition is refused at import', () => {
    const s = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'cn-north-1' } });
    expect(() => Connection.fromConnectionArn(s, 'C', CONNECTION_ARN)).toThrow(
      `Stack: Connection 'C': connectionArn '${CONNECTION_ARN}' (94 characters) is in partition aws, but this stack deploys to aws-cn; AWS partitions do not share connections: import one of aws-cn`);
  });

  test('no dependency when the connection does not wait', () => {
    const s = stack();
    new RepositoryLink(s, 'Link', { connection: new Connection(s, 'C', { providerType: ProviderType.GITHUB }), owner: 'o', repositoryName: 'r' });
    Template.fromStack(s).hasResource('AWS::CodeStarConnections::RepositoryLink', { DependsOn: Match.absent() });
  });

  test.each([
    ProviderType.GITHUB, ProviderType.GITLAB, ProviderType.BITBUCKET,
  ])('accepts a %s connection', (providerType) => {
    const s = stack();
    new RepositoryLink(s, 'Link', { connection: new Connection(s, 'C', { providerType }), owner: 'o', repositoryName: 'r' });
    Template.fromStack(s).resourceCountIs('AWS::CodeStarConnections::RepositoryLink', 1);
  });

  test.each([
    HostProviderType.GITHUB_ENTERPRISE_SERVER, HostProviderType.GITLAB_SELF_MANAGED,
  ])('accepts a connection on a %s host', (providerType) => {
    const s = stack();
    const host = Host.fromHostAttributes(s, 'Host', { hostArn: HOST_ARN, providerType });
    new RepositoryLink(s, 'Link', { connection: host.addConnection('C'), owner: 'o', repositoryName: 'r' });
    Template.fromStack(s).resourceCountIs('AWS::CodeStarConnections::RepositoryLink', 1);
  });

  test('an Azure DevOps connection is a synth error naming the path, the provider and the supported ones', () => {
    const s = stack();
    const connection = new Connection(s, 'C', { providerType: ProviderType.AZURE_DEVOPS });
    expect(() => new RepositoryLink(s, 'Link', { connection, owner: 'o', repositoryName: 'r' }))
      .toThrow(/^Stack\/Link: connection: provider 'AzureDevOps' \(11 characters\) is not supported by Git sync, which supports GitHub, GitHubEnterpriseServer, GitLab, GitLabSelfManaged, Bitbucket/);
  });

  test.each([
    ['owner', { owner: 'my org', repositoryName: 'r' }, /^Stack\/Link: owner: 'my org' \(6 characters\) must be letters, digits/],
    ['owner', { owner: '', repositoryName: 'r' }, /owner: '' \(0 characters\)/],
    ['owner', { owner: 'org/', repositoryName: 'r' }, /owner: 'org\/'/],
    ['owner', { owner: 'org\n', repositoryName: 'r' }, /owner: 'org\\n' \(4 characters\)/],
    ['repositoryName', { owner: 'o', repositoryName: 'org/repo' }, /^Stack\/Link: repositoryName: 'org\/repo' \(8 characters\) must be letters, digits, '-', '_' and '.' only, without the owner/],
    ['repositoryName', { owner: 'o', repositoryName: 'r!' }, /repositoryName: 'r!'/],
    ['repositoryName', { owner: 'o', repositoryName: '' }, /repositoryName: '' \(0 characters\)/],
  ])('a bad %s: %j', (_prop, names, message) => {
    const s = stack();
    const connection = Connection.fromConnectionArn(s, 'C', CONNECTION_ARN);
    expect(() => new RepositoryLink(s, 'Link', { connection, ...names })).toThrow(message);
  });

  test('tokens are not validated', () => {
    const s = stack();
    new RepositoryLink(s, 'Link', {
      connection: Connection.fromConnectionArn(s, 'C', CONNECTION_ARN),
      owner: Lazy.string({ produce: () => 'my org' }),
      repositoryName: Lazy.string({ produce: () => 'a/b' }),
    });
    Template.fromStack(s).hasResourceProperties('AWS::CodeStarConnections::RepositoryLink', { OwnerId: 'my org', RepositoryName: 'a/b' });
  });

  test('missing props from JavaScript are named', () => {
    const s = stack();
    expect(() => new RepositoryLink(s, 'Link', undefined as any)).toThrow(/Stack\/Link: props is required/);
    expect(() => new RepositoryLink(s, 'L2', { connection: CONNECTION_ARN as any, owner: 'o', repositoryName: 'r' }))
      .toThrow(/Stack\/L2: connection must be an IConnection/);
    expect(() => new RepositoryLink(s, 'L3', { connection: Connection.fromConnectionArn(s, 'C', CONNECTION_ARN), repositoryName: 'r' } as any))
      .toThrow(/Stack\/L3: owner is required/);
  });

  describe('fromRepositoryLinkAttributes', () => {
    test('id and ARN', () => {
      const s = stack();
      const arn = 'arn:aws:codeconnections:us-east-1:123456789012:repository-link/11111111-2222-4333-8444-555555555555';
      const link = RepositoryLink.fromRepositoryLinkAttributes(s, 'Link', { repositoryLinkId: '11111111-2222-4333-8444-555555555555', repositoryLinkArn: arn });
      expect(link.repositoryLinkId).toBe('11111111-2222-4333-8444-555555555555');
      expect(link.repositoryLinkArn).toBe(arn);
    });

    test('without an ARN, reading it throws', () => {
      const s = stack();
      const link = RepositoryLink.fromRepositoryLinkAttributes(s, 'Link', { repositoryLinkId: 'abc' });
      expect(() => link.repositoryLinkArn).toThrow(/^Stack\/Link: repositoryLinkArn is unknown/);
    });

    test('an empty id is an error; a token id passes', () => {
      const s = stack();
      expect(() => RepositoryLink.fromRepositoryLinkAttributes(s, 'Link', { repositoryLinkId: ' ' }))
        .toThrow(/RepositoryLink 'Link': repositoryLinkId ' ' \(1 character\) is empty/);
      const token = Lazy.string({ produce: () => 'x' });
      expect(RepositoryLink.fromRepositoryLinkAttributes(s, 'L2', { repositoryLinkId: token }).repositoryLinkId).toBe(token);
    });
  });
});
