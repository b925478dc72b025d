import { App, Annotations as CoreAnnotations, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import {
  CodeBuildSource, CodeBuildSourceProps, Connection, Host, HostProviderType, IConnection, ProviderType, WebhookScope,
} from '../../src';
import { findPolicies } from '../fixtures/policies';

/**
 * CodeBuild's webhook event of a queued GitHub Actions job, as a string:
 * `EventAction.WORKFLOW_JOB_QUEUED` ships in aws-cdk-lib 2.146.0, above the
 * floor the suite runs at.
 */
const WORKFLOW_JOB_QUEUED = 'WORKFLOW_JOB_QUEUED' as codebuild.EventAction;

/**
 * `group.andRepositoryNameIs(pattern)`, which ships in aws-cdk-lib 2.165.0;
 * at older releases the same REPOSITORY_NAME filter through FilterGroup's
 * own (private) method, so the library's handling is tested at both ends.
 */
function repositoryNameIs(group: codebuild.FilterGroup, pattern: string): codebuild.FilterGroup {
  const g = group as unknown as {
    andRepositoryNameIs?: (p: string) => codebuild.FilterGroup;
    addFilter: (t: string, p: string) => codebuild.FilterGroup;
  };
  return typeof g.andRepositoryNameIs === 'function' ? g.andRepositoryNameIs(pattern) : g.addFilter('REPOSITORY_NAME', pattern);
}

const CODESTAR_ARN = 'arn:aws:codestar-connections:us-east-1:123456789012:connection/66666666-7777-4888-9999-000000000000';
const CODECONNECTIONS_ARN = 'arn:aws:codeconnections:us-east-1:123456789012:connection/11111111-2222-4333-8444-555555555555';
const HOST_ARN = 'arn:aws:codeconnections:us-east-1:123456789012:host/my-host-1234';

function stack(): Stack {
  return new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function project(s: Stack, connection: IConnection, props: Partial<CodeBuildSourceProps> = {}, extra: Partial<codebuild.ProjectProps> = {}) {
  return new codebuild.Project(s, 'Project', {
    source: CodeBuildSource.fromConnection(connection, { owner: 'my-org', repo: 'my-app', ...props }),
    ...extra,
  });
}

/** Connection statements of the policies of the project (not of the status reporter). */
function connectionStatements(s: Stack) {
  return Object.entries(findPolicies(Template.fromStack(s)))
    .filter(([id]) => id.startsWith('Project'))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
    .filter((st: any) => JSON.stringify(st.Action).includes('Connection'));
}

describe('CodeBuildSource.fromConnection: source type and location', () => {
  test.each([
    [ProviderType.GITHUB, 'GITHUB', 'https://github.com/my-org/my-app.git'],
    [ProviderType.BITBUCKET, 'BITBUCKET', 'https://bitbucket.org/my-org/my-app.git'],
    [ProviderType.GITLAB, 'GITLAB', 'https://gitlab.com/my-org/my-app.git'],
  ])('an owned %s connection gives type %s at %s, with CODECONNECTIONS auth', (providerType, type, location) => {
    const s = stack();
    const connection = new Connection(s, 'C', { providerType });
    project(s, connection, { branchOrRef: 'main', cloneDepth: 1, fetchSubmodules: true });
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::Project', {
      Source: {
        Type: type,
        Location: location,
        Auth: { Type: 'CODECONNECTIONS', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^C'), 'ConnectionArn'] } },
        ReportBuildStatus: true,
        GitCloneDepth: 1,
        GitSubmodulesConfig: { FetchSubmodules: true },
      },
      SourceVersion: 'main',
      Triggers: Match.absent(),
    });
  });

  test('GitHub Enterprise Server through an owned Host: the host endpoint, trailing slash dropped', () => {
    const s = stack();
    const host = new Host(s, 'Host', { providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER, providerEndpoint: 'https://github.example.com/' });
    project(s, host.addConnection('C'));
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::Project', {
      Source: Match.objectLike({ Type: 'GITHUB_ENTERPRISE', Location: 'https://github.example.com/my-org/my-app.git' }),
    });
  });

  test('GitLab self-managed through an imported Host with providerEndpoint', () => {
    const s = stack();
    const host = Host.fromHostAttributes(s, 'Host', { hostArn: HOST_ARN, providerType: HostProviderType.GITLAB_SELF_MANAGED, providerEndpoint: 'https://gitlab.example.com' });
    project(s, new Connection(s, 'C', { host }), { owner: 'group/sub' });
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::Project', {
      Source: Match.objectLike({ Type: 'GITLAB_SELF_MANAGED', Location: 'https://gitlab.example.com/group/sub/my-app.git' }),
    });
  });

  test('an imported connection takes providerType (and providerEndpoint for installed providers)', () => {
    const s = stack();
    const connection = Connection.fromConnectionArn(s, 'C', CODECONNECTIONS_ARN);
    project(s, connection, { providerType: ProviderType.GITHUB_ENTERPRISE_SERVER, providerEndpoint: 'https://ghe.example.com' });
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::Project', {
      Source: Match.objectLike({ Type: 'GITHUB_ENTERPRISE', Location: 'https://ghe.example.com/my-org/my-app.git', Auth: { Type: 'CODECONNECTIONS', Resource: CODECONNECTIONS_ARN } }),
    });
  });

  test('a secondary source gets its identifier and source version', () => {
    const s = stack();
    const p = project(s, Connection.fromConnectionArn(s, 'C', CODESTAR_ARN), { providerType: ProviderType.GITHUB });
    p.addSecondarySource(CodeBuildSource.fromConnection(Connection.fromConnectionArn(s, 'C2', CODECONNECTIONS_ARN), {
      owner: 'my-org', repo: 'config', identifier: 'config', branchOrRef: 'release', providerType: ProviderType.BITBUCKET, reportBuildStatus: false,
    }));
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::Project', {
      SecondarySources: [Match.objectLike({
        SourceIdentifier: 'config',
        Type: 'BITBUCKET',
        Location: 'https://bitbucket.org/my-org/config.git',
        ReportBuildStatus: false,
        Auth: { Type: 'CODECONNECTIONS', Resource: CODECONNECTIONS_ARN },
      })],
      SecondarySourceVersions: [{ SourceIdentifier: 'config', SourceVersion: 'release' }],
    });
    // Both connections are granted: each ARN with its own prefix.
    expect(connectionStatements(s).map((st: any) => st.Resource)).toEqual([CODESTAR_ARN, CODESTAR_ARN, CODECONNECTIONS_ARN, CODECONNECTIONS_ARN]);
  });

  test('a token owner is used as it is', () => {
    const s = stack();
    project(s, new Connection(s, 'C', { providerType: ProviderType.GITHUB }), { owner: Lazy.string({ produce: () => 'lazy-org' }) });
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::Project', {
      Source: Match.objectLike({ Location: 'https://github.com/lazy-org/my-app.git' }),
    });
  });
});

describe('CodeBuildSource.fromConnection: IAM', () => {
  test('an owned connection: the codeconnections prefix on its ARN attribute as it is; UseConnection scoped to the repository', () => {
    const s = stack();
    const connection = new Connection(s, 'C', { providerType: ProviderType.GITHUB });
    project(s, connection);
    const arn = { 'Fn::GetAtt': [s.getLogicalId(connection.node.defaultChild as any), 'ConnectionArn'] };
    expect(connectionStatements(s)).toEqual([
      { Effect: 'Allow', Action: ['codeconnections:GetConnectionToken', 'codeconnections:GetConnection'], Resource: arn },
      { Effect: 'Allow', Action: 'codeconnections:UseConnection', Resource: arn, Condition: { StringEquals: { 'codeconnections:FullRepositoryId': 'my-org/my-app' } } },
    ]);
  });

  test('a connection found by name: both prefixes (its namespace is known at deploy only), GetConnection in one statement, UseConnection per prefix', () => {
    const s = stack();
    project(s, Connection.fromConnectionName(s, 'C', 'team-github'), { providerType: ProviderType.GITHUB });
    const statements = connectionStatements(s);
    expect(statements.map(st => st.Action)).toEqual([
      ['codeconnections:GetConnectionToken', 'codeconnections:GetConnection', 'codestar-connections:GetConnectionToken', 'codestar-connections:GetConnection'],
      'codeconnections:UseConnection',
      'codestar-connections:UseConnection',
    ]);
    for (const st of statements) {
      expect(JSON.stringify(st.Resource)).not.toMatch(/"\*"|\/\*"/);
    }
  });

  test.each([
    [CODECONNECTIONS_ARN, 'codeconnections'],
    [CODESTAR_ARN, 'codestar-connections'],
  ])('an imported %s connection: only the %s prefix, exact statements', (arn, ns) => {
    const s = stack();
    project(s, Connection.fromConnectionArn(s, 'C', arn), { providerType: ProviderType.GITLAB });
    expect(connectionStatements(s)).toEqual([
      { Effect: 'Allow', Action: [`${ns}:GetConnectionToken`, `${ns}:GetConnection`], Resource: arn },
      { Effect: 'Allow', Action: `${ns}:UseConnection`, Resource: arn, Condition: { StringEquals: { [`${ns}:FullRepositoryId`]: 'my-org/my-app' } } },
    ]);
  });

  test('a scoped webhook: UseConnection is not scoped to one repository', () => {
    const s = stack();
    project(s, Connection.fromConnectionArn(s, 'C', CODECONNECTIONS_ARN), { providerType: ProviderType.GITHUB, repo: undefined, webhookScope: WebhookScope.organization('my-org') });
    expect(connectionStatements(s)).toEqual([
      { Effect: 'Allow', Action: ['codeconnections:GetConnectionToken', 'codeconnections:GetConnection'], Resource: CODECONNECTIONS_ARN },
      { Effect: 'Allow', Action: 'codeconnections:UseConnection', Resource: CODECONNECTIONS_ARN },
    ]);
  });

  test('the grant is a policy of its own on the project\'s role, and the project depends on it (not on the default policy, which refers to the project)', () => {
    const s = stack();
    project(s, Connection.fromConnectionArn(s, 'C', CODECONNECTIONS_ARN), { providerType: ProviderType.GITHUB });
    const template = Template.fromStack(s);
    const policies = findPolicies(template);
    const [policyId, policy] = Object.entries(policies).find(([id]) => /CodeConnections(Managed)?Policy[0-9A-F]{8}$/.test(id))!;
    expect(policy.Properties.Roles).toEqual([{ Ref: Object.keys(template.findResources('AWS::IAM::Role'))[0] }]);
    expect(JSON.stringify(policies[Object.keys(policies).find(id => /^ProjectRoleDefaultPolicy/.test(id))!])).not.toContain('Connection');
    template.hasResource('AWS::CodeBuild::Project', { DependsOn: [policyId] });
  });

  test('with an imported role passed in, the grant lands on a separate policy, and the project depends on it', () => {
    const s = stack();
    const role = iam.Role.fromRoleArn(s, 'Imported', 'arn:aws:iam::123456789012:role/build-role');
    project(s, Connection.fromConnectionArn(s, 'C', CODESTAR_ARN), { providerType: ProviderType.GITHUB }, { role });
    const template = Template.fromStack(s);
    const policies = findPolicies(template, { Properties: { Roles: ['build-role'] } });
    const grantPolicy = Object.entries(policies).find(([, p]) => JSON.stringify(p).includes('GetConnectionToken'));
    expect(grantPolicy).toBeDefined();
    expect(grantPolicy![0]).toMatch(/CodeConnections(Managed)?Policy[0-9A-F]{8}$/);
    template.hasResource('AWS::CodeBuild::Project', { DependsOn: Match.arrayWith([grantPolicy![0]]) });
  });

  test('an immutable imported role is left alone, with a warning that says what to grant', () => {
    const s = stack();
    const role = iam.Role.fromRoleArn(s, 'Imported', 'arn:aws:iam::123456789012:role/build-role', { mutable: false });
    project(s, Connection.fromConnectionArn(s, 'C', CODESTAR_ARN), { providerType: ProviderType.GITHUB }, { role });
    const template = Template.fromStack(s);
    expect(JSON.stringify(findPolicies(template))).not.toContain('Connection');
    expect(Object.values(template.findResources('AWS::CodeBuild::Project'))[0].DependsOn).toBeUndefined();
    const warnings = Annotations.fromStack(s).findWarning('/Stack/Project', Match.stringLikeRegexp('codeBuildRoleNotUpdated')).map(w => String(w.entry.data));
    expect(warnings).toEqual([expect.stringMatching(/role cannot be updated \(imported with mutable: false, or unknown\).*connection Stack\/C; grant codestar-connections:GetConnectionToken, codestar-connections:GetConnection and codestar-connections:UseConnection on the connection/)]);
  });

  test('a project without a role or L1 (imported): no policy, no dependency; aws-cdk-lib warns with the statements to add', () => {
    const s = stack();
    const imported = codebuild.Project.fromProjectName(s, 'Project', 'existing');
    const source = CodeBuildSource.fromConnection(Connection.fromConnectionArn(s, 'C', CODECONNECTIONS_ARN), { owner: 'o', repo: 'r', providerType: ProviderType.GITHUB });
    const config = source.bind(s, imported);
    expect(config.sourceProperty).toMatchObject({ type: 'GITHUB', location: 'https://github.com/o/r.git' });
    expect(findPolicies(Template.fromStack(s))).toEqual({});
    expect(Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('codeconnections:GetConnectionToken')).length).toBeGreaterThan(0);
  });

  test('a secondary source added after construction also orders the project after its grant', () => {
    const s = stack();
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    const p = new codebuild.Project(s, 'Project', { role, buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2' }) });
    p.addSecondarySource(CodeBuildSource.fromConnection(Connection.fromConnectionArn(s, 'C', CODECONNECTIONS_ARN), {
      owner: 'o', repo: 'r', identifier: 'src2', providerType: ProviderType.GITHUB,
    }));
    const template = Template.fromStack(s);
    const policyId = Object.keys(findPolicies(template)).find(id => /CodeConnections(Managed)?Policy[0-9A-F]{8}$/.test(id))!;
    expect(policyId).toBeDefined();
    template.hasResource('AWS::CodeBuild::Project', { DependsOn: Match.arrayWith([policyId]) });
  });
});

describe('CodeBuildSource.fromConnection: webhooks', () => {
  test('webhook with filter groups and batch builds', () => {
    const s = stack();
    project(s, Connection.fromConnectionArn(s, 'C', CODECONNECTIONS_ARN), {
      providerType: ProviderType.GITHUB,
      webhookTriggersBatchBuild: true,
      webhookFilters: [
        codebuild.FilterGroup.inEventOf(codebuild.EventAction.PUSH).andBranchIs('main'),
        codebuild.FilterGroup.inEventOf(codebuild.EventAction.PULL_REQUEST_CREATED, codebuild.EventAction.PULL_REQUEST_UPDATED).andFilePathIsNot('^docs/'),
      ],
    });
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::Project', {
      Triggers: {
        Webhook: true,
        BuildType: 'BUILD_BATCH',
        FilterGroups: [
          [{ Type: 'EVENT', Pattern: 'PUSH' }, { Type: 'HEAD_REF', Pattern: 'refs/heads/main' }],
          [{ Type: 'EVENT', Pattern: 'PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED' }, { Type: 'FILE_PATH', Pattern: '^docs/', ExcludeMatchedPattern: true }],
        ],
      },
      BuildBatchConfig: Match.objectLike({ ServiceRole: Match.anyValue() }),
    });
  });

  test('webhook: true alone renders a webhook without filters', () => {
    const s = stack();
    project(s, Connection.fromConnectionArn(s, 'C', CODECONNECTIONS_ARN), { providerType: ProviderType.BITBUCKET, webhook: true });
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::Project', { Triggers: { Webhook: true } });
  });

  test('a GitHub Actions runner: organization scope, WORKFLOW_JOB_QUEUED by default, the default webhook location', () => {
    const s = stack();
    const runner = CodeBuildSource.fromConnection(Connection.fromConnectionArn(s, 'C', CODECONNECTIONS_ARN), {
      owner: 'my-org', providerType: ProviderType.GITHUB, webhookScope: WebhookScope.organization('my-org'),
    });
    new codebuild.Project(s, 'Runner', { source: runner });
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::Project', {
      Source: Match.objectLike({ Type: 'GITHUB', Location: 'CODEBUILD_DEFAULT_WEBHOOK_SOURCE_LOCATION', Auth: { Type: 'CODECONNECTIONS', Resource: CODECONNECTIONS_ARN } }),
      Triggers: {
        Webhook: true,
        FilterGroups: [[{ Type: 'EVENT', Pattern: 'WORKFLOW_JOB_QUEUED' }]],
        ScopeConfiguration: { Name: 'my-org', Scope: 'GITHUB_ORGANIZATION' },
      },
    });
  });

  test('a GitLab self-managed group webhook carries the host endpoint as domain, with repository name filters', () => {
    const s = stack();
    const host = new Host(s, 'Host', { providerType: HostProviderType.GITLAB_SELF_MANAGED, providerEndpoint: 'https://gitlab.example.com' });
    project(s, host.addConnection('C'), {
      owner: 'platform',
      repo: undefined,
      webhookScope: WebhookScope.gitLabGroup('platform'),
      webhookFilters: [repositoryNameIs(codebuild.FilterGroup.inEventOf(WORKFLOW_JOB_QUEUED), '^svc-')],
    });
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::Project', {
      Source: Match.objectLike({ Type: 'GITLAB_SELF_MANAGED', Location: 'CODEBUILD_DEFAULT_WEBHOOK_SOURCE_LOCATION' }),
      Triggers: Match.objectLike({
        FilterGroups: [[{ Type: 'EVENT', Pattern: 'WORKFLOW_JOB_QUEUED' }, { Type: 'REPOSITORY_NAME', Pattern: '^svc-' }]],
        ScopeConfiguration: { Name: 'platform', Scope: 'GITLAB_GROUP', Domain: 'https://gitlab.example.com' },
      }),
    });
  });

  test('an enterprise scope names the enterprise, whatever the owner', () => {
    const s = stack();
    project(s, Connection.fromConnectionArn(s, 'C', CODECONNECTIONS_ARN), { providerType: ProviderType.GITHUB, repo: undefined, webhookScope: WebhookScope.enterprise('acme') });
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::Project', {
      Triggers: Match.objectLike({ ScopeConfiguration: { Name: 'acme', Scope: 'GITHUB_GLOBAL' } }),
    });
  });

  const WARNING = /CodeBuild project Stack\/Project creates its webhook through connection Stack\/GitHub, which this deploy creates in PENDING.*waitForAvailable.*\[ack: cdk-codeconnections:codeBuildWebhookOnPendingConnection\]/;

  test('a webhook on a connection created in the same app, without waitForAvailable, warns at synth', () => {
    const s = stack();
    project(s, new Connection(s, 'GitHub', { providerType: ProviderType.GITHUB }), { webhook: true });
    const warnings = Annotations.fromStack(s).findWarning('/Stack/Project', Match.stringLikeRegexp('cdk-codeconnections')).map(w => String(w.entry.data));
    expect(warnings).toEqual([expect.stringMatching(WARNING)]);
  });

  test('no warning without a webhook, for imported connections, or when acknowledged', () => {
    const s = stack();
    project(s, new Connection(s, 'GitHub', { providerType: ProviderType.GITHUB }));
    new codebuild.Project(s, 'Imported', {
      source: CodeBuildSource.fromConnection(Connection.fromConnectionArn(s, 'I', CODECONNECTIONS_ARN), { owner: 'o', repo: 'r', providerType: ProviderType.GITHUB, webhook: true }),
    });
    expect(Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('cdk-codeconnections'))).toEqual([]);

    const acked = stack();
    project(acked, new Connection(acked, 'GitHub', { providerType: ProviderType.GITHUB }), { webhook: true });
    CoreAnnotations.of(acked).acknowledgeWarning('cdk-codeconnections:codeBuildWebhookOnPendingConnection');
    expect(Annotations.fromStack(acked).findWarning('*', Match.stringLikeRegexp('cdk-codeconnections'))).toEqual([]);
  });

  test('with waitForAvailable, the project depends on the connection\'s status and does not warn', () => {
    const s = stack();
    project(s, new Connection(s, 'GitHub', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(30) }), { webhook: true });
    const template = Template.fromStack(s);
    const statusId = Object.keys(template.findResources('Custom::CodeConnectionsConnectionStatus'))[0];
    const policyId = Object.keys(findPolicies(template)).find(id => /CodeConnections(Managed)?Policy[0-9A-F]{8}$/.test(id))!;
    template.hasResource('AWS::CodeBuild::Project', { DependsOn: [statusId, policyId].sort() });
    expect(Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('codeBuildWebhookOnPendingConnection'))).toEqual([]);
  });

  test('without waitForAvailable, the project does not depend on the connection\'s status', () => {
    const s = stack();
    project(s, new Connection(s, 'GitHub', { providerType: ProviderType.GITHUB }));
    const template = Template.fromStack(s);
    const statusId = Object.keys(template.findResources('Custom::CodeConnectionsConnectionStatus'))[0];
    const p = Object.values(template.findResources('AWS::CodeBuild::Project'))[0];
    expect(p.DependsOn ?? []).not.toContain(statusId);
  });
});

describe('CodeBuildSource.fromConnection: validation', () => {
  const imported = (s: Stack) => Connection.fromConnectionArn(s, 'C', CODECONNECTIONS_ARN);

  test.each<[string, Partial<CodeBuildSourceProps>, RegExp]>([
    ['no providerType on an imported connection', { providerType: undefined }, /the connection's provider is unknown.*pass providerType, e.g. providerType: ProviderType.GITHUB/],
    ['Azure DevOps', { providerType: ProviderType.AZURE_DEVOPS }, /provider AzureDevOps cannot be a CodeBuild source: CodeBuild reads GitHub, GitHubEnterpriseServer, Bitbucket, GitLab or GitLabSelfManaged/],
    ['an unknown provider', { providerType: ProviderType.of('Gitea') }, /provider Gitea cannot be a CodeBuild source/],
    ['an installed provider without endpoint', { providerType: ProviderType.GITHUB_ENTERPRISE_SERVER }, /provider GitHubEnterpriseServer is installed.*an imported connection.*pass providerEndpoint, e.g. providerEndpoint: 'https:\/\/github.example.com'/],
    ['a repo with the owner', { repo: 'my-org/my-app' }, /repo 'my-org\/my-app' \(13 characters\) must be a repository name without the owner/],
    ['a bad owner', { owner: 'my org' }, /owner 'my org' \(6 characters\) must be a user, organization or group/],
    ['no repo', { repo: undefined }, /repo is required: pass e.g. repo: 'my-app'/],
    ['a negative cloneDepth', { cloneDepth: -1 }, /cloneDepth -1 must be a whole number, 0 or more/],
    ['a fractional cloneDepth', { cloneDepth: 1.5 }, /cloneDepth 1.5 must be a whole number/],
    ['a bad identifier', { identifier: 'my-src' }, /identifier 'my-src' \(6 characters\) must be 1-127 letters, digits or '_'/],
    ['filters with webhook false', { webhook: false, webhookFilters: [codebuild.FilterGroup.inEventOf(codebuild.EventAction.PUSH)] }, /webhookFilters configures the webhook, but webhook is false/],
    ['batch with webhook false', { webhook: false, webhookTriggersBatchBuild: true }, /webhookTriggersBatchBuild configures the webhook, but webhook is false/],
    ['a scope with webhook false', { repo: undefined, webhook: false, webhookScope: WebhookScope.organization('my-org') }, /webhookScope configures the webhook, but webhook is false/],
    ['a scope and a repo', { webhookScope: WebhookScope.organization('my-org') }, /repo 'my-app' \(6 characters\) and webhookScope exclude each other.*CODEBUILD_DEFAULT_WEBHOOK_SOURCE_LOCATION/],
    ['a scope of another organization', { repo: undefined, webhookScope: WebhookScope.organization('other') }, /owner 'my-org' \(6 characters\) must be the organization of webhookScope, 'other'/],
    ['a GitLab scope on GitHub', { repo: undefined, webhookScope: WebhookScope.gitLabGroup('my-org') }, /webhookScope GITLAB_GROUP does not fit provider GitHub/],
    ['a repository name filter without scope', { webhookFilters: [repositoryNameIs(codebuild.FilterGroup.inEventOf(WORKFLOW_JOB_QUEUED), 'x')] }, /webhookFilters use andRepositoryNameIs\(\), which only a scoped webhook can match/],
    ['a filter that is not a FilterGroup', { webhookFilters: [{} as any] }, /webhookFilters\[0\] must be a codebuild.FilterGroup/],
    ['one FilterGroup, not a list', { webhookFilters: codebuild.FilterGroup.inEventOf(codebuild.EventAction.PUSH) as any },
      /webhookFilters must be a list of codebuild.FilterGroup \(e.g. \[FilterGroup.inEventOf\(EventAction.PUSH\)\]\), got object/],
    ['a cloneDepth string', { cloneDepth: '1' as any }, /cloneDepth must be a number, got string "1"/],
    ['a repo ending in .git', { repo: 'my-app.git' }, /repo 'my-app.git' \(10 characters\) must be the repository's name without '.git' \(the source location adds it\): pass 'my-app' \(6 characters\)/],
    ['a branchOrRef with a space', { branchOrRef: 'my branch' }, /branchOrRef 'my branch' \(9 characters\) must not contain whitespace or control characters/],
    ['a branchOrRef with ..', { branchOrRef: 'a..b' }, /branchOrRef 'a..b' \(4 characters\) must not contain '..'/],
    ['an empty branchOrRef', { branchOrRef: '' }, /branchOrRef '' \(0 characters\) must not be empty/],
  ])('rejects %s, naming the connection, the prop and the value', (_name, bad, message) => {
    const s = stack();
    expect(() => project(s, imported(s), { providerType: ProviderType.GITHUB, ...bad }))
      .toThrow(new RegExp(`^Stack/C: CodeBuildSource.fromConnection\\(\\): ${message.source}`));
  });

  test.each(['pr/25', 'refs/heads/main', 'refs/tags/v1.0', '0123456789abcdef0123456789abcdef01234567', 'feature/x'])('accepts branchOrRef %s', (branchOrRef) => {
    const s = stack();
    project(s, imported(s), { providerType: ProviderType.GITHUB, branchOrRef });
    Template.fromStack(s).hasResourceProperties('AWS::CodeBuild::Project', { SourceVersion: branchOrRef });
  });

  test('rejects a providerEndpoint that is not an https URL', () => {
    const s = stack();
    expect(() => project(s, imported(s), { providerType: ProviderType.GITLAB_SELF_MANAGED, providerEndpoint: 'http://gitlab.example.com' }))
      .toThrow(/^Stack\/C: providerEndpoint: 'http:\/\/gitlab.example.com' \(25 characters\) must be an https URL/);
  });

  test('rejects PULL_REQUEST_REOPENED on Bitbucket', () => {
    const s = stack();
    const webhookFilters = [codebuild.FilterGroup.inEventOf(codebuild.EventAction.PULL_REQUEST_REOPENED)];
    expect(() => project(s, imported(s), { providerType: ProviderType.BITBUCKET, webhookFilters }))
      .toThrow(/Bitbucket webhooks have no PULL_REQUEST_REOPENED event/);
  });

  test('rejects a providerType that contradicts an owned connection', () => {
    const s = stack();
    expect(() => project(s, new Connection(s, 'C', { providerType: ProviderType.GITHUB }), { providerType: ProviderType.GITLAB }))
      .toThrow(/^Stack\/C: CodeBuildSource.fromConnection\(\): providerType GitLab contradicts the connection, whose provider is GitHub/);
  });

  test('rejects a providerEndpoint that contradicts the host', () => {
    const s = stack();
    const host = new Host(s, 'Host', { providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER, providerEndpoint: 'https://github.example.com' });
    expect(() => project(s, host.addConnection('C'), { providerEndpoint: 'https://other.example.com' }))
      .toThrow(/providerEndpoint 'https:\/\/other.example.com' \(25 characters\) contradicts the connection's host, whose endpoint is 'https:\/\/github.example.com'/);
  });

  test('a connection on an imported host without endpoint asks for providerEndpoint or the host\'s', () => {
    const s = stack();
    const host = Host.fromHostAttributes(s, 'Host', { hostArn: HOST_ARN, providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER });
    expect(() => project(s, new Connection(s, 'C', { host }))).toThrow(/its host Stack\/Host was imported without providerEndpoint.*Host.fromHostAttributes\(\{ hostArn, providerEndpoint \}\)/);
  });

  test('Host.fromHostAttributes checks a given providerEndpoint (tokens pass)', () => {
    const s = stack();
    expect(() => Host.fromHostAttributes(s, 'Host', { hostArn: HOST_ARN, providerEndpoint: 'github.example.com' }))
      .toThrow(/^Stack\/Host: providerEndpoint: 'github.example.com' \(18 characters\) must be an https URL/);
    expect(() => Host.fromHostAttributes(s, 'Host2', { hostArn: HOST_ARN, providerEndpoint: Lazy.string({ produce: () => 'x' }) })).not.toThrow();
  });

  test('a connection on an imported host without providerType asks for providerType', () => {
    const s = stack();
    const host = Host.fromHostArn(s, 'Host', HOST_ARN);
    expect(() => project(s, new Connection(s, 'C', { host }))).toThrow(/the connection's provider is unknown/);
  });

  test('tokens are skipped: owner, repo, identifier, cloneDepth, endpoint', () => {
    const s = stack();
    const t = (v: string) => Lazy.string({ produce: () => v });
    expect(() => project(s, imported(s), {
      providerType: ProviderType.GITHUB_ENTERPRISE_SERVER,
      providerEndpoint: t('https://x.example.com'),
      owner: t('bad owner'),
      repo: t('bad/repo'),
      identifier: t('bad-id'),
      cloneDepth: Lazy.number({ produce: () => -1 }),
    })).not.toThrow();
  });

  test('a webhook on a secondary source fails at synth: CodeBuild ignores it', () => {
    const s = stack();
    const p = project(s, imported(s), { providerType: ProviderType.GITHUB });
    p.addSecondarySource(CodeBuildSource.fromConnection(Connection.fromConnectionArn(s, 'C2', CODESTAR_ARN), { owner: 'o', repo: 'r', identifier: 'two', providerType: ProviderType.GITHUB, webhook: true }));
    expect(() => Template.fromStack(s)).toThrow(/webhook options on a secondary source have no effect/);
  });

  test('missing values from plain JavaScript are named', () => {
    const s = stack();
    const c = imported(s);
    expect(() => CodeBuildSource.fromConnection(undefined as any, { owner: 'o', repo: 'r' })).toThrow(/CodeBuildSource.fromConnection\(\): connection is required/);
    expect(() => CodeBuildSource.fromConnection(CODECONNECTIONS_ARN as any, { owner: 'o', repo: 'r' })).toThrow(/connection must be an IConnection/);
    expect(() => CodeBuildSource.fromConnection(c, undefined as any)).toThrow(/props is required/);
    expect(() => CodeBuildSource.fromConnection(c, { repo: 'r' } as any)).toThrow(/owner is required/);
    expect(() => WebhookScope.organization(undefined as any)).toThrow(/WebhookScope.organization\(\): name is required/);
    expect(() => WebhookScope.enterprise(42 as any)).toThrow(/WebhookScope.enterprise\(\): name must be a string/);
    expect(() => WebhookScope.gitLabGroup(undefined as any)).toThrow(/WebhookScope.gitLabGroup\(\): name is required/);
    expect(() => CodeBuildSource.fromConnection(c, { owner: 'o', providerType: ProviderType.GITHUB, webhookScope: 'GITHUB_ORGANIZATION' as any }))
      .toThrow(/webhookScope must be a WebhookScope, e.g. WebhookScope.organization\('my-org'\)/);
    expect(() => CodeBuildSource.fromConnection(c, { owner: 'o', repo: 'r', providerType: 'GitHub' as any })).toThrow(/providerType must be a ProviderType/);
  });
});
