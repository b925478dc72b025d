import { App, Annotations as CoreAnnotations, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Connection, ConnectionSourceAction, IConnection, ProviderType } from '../../src';
import { findPolicies } from '../fixtures/policies';

const CODESTAR_ARN = 'arn:aws:codestar-connections:us-east-1:123456789012:connection/66666666-7777-4888-9999-000000000000';
const CODECONNECTIONS_ARN = 'arn:aws:codeconnections:us-east-1:123456789012:connection/11111111-2222-4333-8444-555555555555';

function pipelineWith(stack: Stack, connection: IConnection, extra: Partial<ConstructorParameters<typeof ConnectionSourceAction>[0]> = {}) {
  const output = new codepipeline.Artifact('Src');
  const source = new ConnectionSourceAction({ actionName: 'Source', connection, owner: 'my-org', repo: 'my-app', branch: 'main', output, ...extra });
  const project = new codebuild.PipelineProject(stack, 'Project');
  const pipeline = new codepipeline.Pipeline(stack, 'Pipeline', {
    stages: [
      { stageName: 'Source', actions: [source] },
      { stageName: 'Build', actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'Build', project, input: output })] },
    ],
  });
  return { source, project, pipeline };
}

/** UseConnection statements of the policy attached to the role whose logical id matches. */
function useStatements(stack: Stack, rolePrefix: RegExp) {
  const template = Template.fromStack(stack);
  return Object.values(findPolicies(template))
    .filter(p => p.Properties.Roles.some((r: any) => rolePrefix.test(r.Ref)))
    .flatMap(p => p.Properties.PolicyDocument.Statement)
    .filter((s: any) => JSON.stringify(s.Action).includes('UseConnection'));
}

describe('ConnectionSourceAction', () => {
  test('renders a CodeStarSourceConnection action with the repository and branch', () => {
    const stack = new Stack(new App(), 'Stack');
    pipelineWith(stack, Connection.fromConnectionArn(stack, 'C', CODECONNECTIONS_ARN), { triggerOnPush: false });
    Template.fromStack(stack).hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Name: 'Source',
        Actions: [Match.objectLike({
          ActionTypeId: { Category: 'Source', Owner: 'AWS', Provider: 'CodeStarSourceConnection', Version: '1' },
          Configuration: {
            ConnectionArn: CODECONNECTIONS_ARN,
            FullRepositoryId: 'my-org/my-app',
            BranchName: 'main',
            DetectChanges: false,
          },
          OutputArtifacts: [{ Name: 'Src' }],
        })],
      })]),
    });
  });

  test.each([
    [CODECONNECTIONS_ARN, 'codeconnections'],
    [CODESTAR_ARN, 'codestar-connections'],
  ])('an imported %s connection gets only the %s prefix, scoped to the repository and read-only', (arn, ns) => {
    const stack = new Stack(new App(), 'Stack');
    pipelineWith(stack, Connection.fromConnectionArn(stack, 'C', arn));
    expect(useStatements(stack, /^PipelineSourceCodePipelineActionRole/)).toEqual([{
      Effect: 'Allow',
      Action: `${ns}:UseConnection`,
      Resource: arn,
      Condition: {
        StringEquals: { [`${ns}:FullRepositoryId`]: 'my-org/my-app' },
        StringEqualsIfExists: { [`${ns}:ProviderPermissionsRequired`]: 'read_only' },
      },
    }]);
  });

  test('an owned connection gets the codeconnections prefix on its ARN attribute, with the conditions under that prefix', () => {
    const stack = new Stack(new App(), 'Stack');
    const connection = new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
    pipelineWith(stack, connection);
    expect(useStatements(stack, /^PipelineSourceCodePipelineActionRole/)).toEqual([{
      Effect: 'Allow',
      Action: 'codeconnections:UseConnection',
      Resource: { 'Fn::GetAtt': [stack.getLogicalId(connection.node.defaultChild as any), 'ConnectionArn'] },
      Condition: {
        StringEquals: { 'codeconnections:FullRepositoryId': 'my-org/my-app' },
        StringEqualsIfExists: { 'codeconnections:ProviderPermissionsRequired': 'read_only' },
      },
    }]);
  });

  test('the action role can write the artifact bucket', () => {
    const stack = new Stack(new App(), 'Stack');
    pipelineWith(stack, Connection.fromConnectionArn(stack, 'C', CODESTAR_ARN));
    const policies = findPolicies(Template.fromStack(stack));
    const sourceRolePolicy = Object.values(policies).find(p => /^PipelineSourceCodePipelineActionRole/.test(p.Properties.Roles[0].Ref))!;
    expect(JSON.stringify(sourceRolePolicy)).toMatch(/s3:PutObjectAcl/);
    expect(JSON.stringify(sourceRolePolicy)).toMatch(/s3:PutObject"/);
  });

  test('without clone output, the CodeBuild project gets no UseConnection', () => {
    const stack = new Stack(new App(), 'Stack');
    pipelineWith(stack, Connection.fromConnectionArn(stack, 'C', CODECONNECTIONS_ARN));
    expect(useStatements(stack, /^ProjectRole/)).toEqual([]);
  });

  test('with clone output, the consuming CodeBuild project may use the connection for this repository only', () => {
    const stack = new Stack(new App(), 'Stack');
    pipelineWith(stack, Connection.fromConnectionArn(stack, 'C', CODECONNECTIONS_ARN), { codeBuildCloneOutput: true });
    Template.fromStack(stack).hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Actions: [Match.objectLike({ Configuration: Match.objectLike({ OutputArtifactFormat: 'CODEBUILD_CLONE_REF' }) })],
      })]),
    });
    expect(useStatements(stack, /^ProjectRole/)).toEqual([{
      Effect: 'Allow',
      Action: 'codeconnections:UseConnection',
      Resource: CODECONNECTIONS_ARN,
      Condition: {
        StringEquals: { 'codeconnections:FullRepositoryId': 'my-org/my-app' },
        StringEqualsIfExists: { 'codeconnections:ProviderPermissionsRequired': 'read_only' },
      },
    }]);
  });

  test('exposes the CodeStarSourceConnection variables', () => {
    const stack = new Stack(new App(), 'Stack');
    const { source } = pipelineWith(stack, Connection.fromConnectionArn(stack, 'C', CODESTAR_ARN), { variablesNamespace: 'SRC' });
    expect(stack.resolve(source.variables.commitId)).toEqual('#{SRC.CommitId}');
    expect(stack.resolve(source.variables.branchName)).toEqual('#{SRC.BranchName}');
    expect(stack.resolve(source.variables.connectionArn)).toEqual('#{SRC.ConnectionArn}');
    expect(source.fullRepositoryId).toEqual('my-org/my-app');
  });

  test('a pipeline on a waiting connection is created only after the handshake', () => {
    const stack = new Stack(new App(), 'Stack');
    const connection = new Connection(stack, 'C', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(30) });
    pipelineWith(stack, connection);
    const template = Template.fromStack(stack);
    const statusId = Object.keys(template.findResources('Custom::CodeConnectionsConnectionStatus'))[0];
    template.hasResource('AWS::CodePipeline::Pipeline', { DependsOn: Match.arrayWith([statusId]) });
  });

  test('a pipeline on a non-waiting connection does not depend on the status', () => {
    const stack = new Stack(new App(), 'Stack');
    pipelineWith(stack, new Connection(stack, 'C', { providerType: ProviderType.GITHUB }));
    const template = Template.fromStack(stack);
    const statusId = Object.keys(template.findResources('Custom::CodeConnectionsConnectionStatus'))[0];
    const pipeline = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0];
    expect(pipeline.DependsOn ?? []).not.toContain(statusId);
  });

  test.each([
    [{ repo: 'my-org/my-app' }, /repo 'my-org\/my-app' \(13 characters\) must be a repository name without the owner/],
    [{ repo: '' }, /repo '' \(0 characters\) must be a repository name/],
    [{ owner: 'my org' }, /owner 'my org' \(6 characters\) must be a user, organization or group/],
    [{ owner: '' }, /owner '' \(0 characters\)/],
    [{ branch: '' }, /branch '' \(0 characters\) must be a branch name/],
    [{ branch: 'feature x' }, /branch 'feature x' \(9 characters\) must be a branch name/],
  ])('rejects %o naming the action\'s own path (pipeline, stage, action) and the value', (bad, message) => {
    const stack = new Stack(new App(), 'Stack');
    const connection = Connection.fromConnectionArn(stack, 'C', CODESTAR_ARN);
    expect(() => pipelineWith(stack, connection, bad))
      .toThrow(new RegExp(`^Stack/Pipeline/Source/Source: ConnectionSourceAction 'Source': ${message.source}`));
  });

  test.each([
    [ProviderType.GITHUB, "owner 'my-org/my-app' \\(13 characters\\) holds a '/', but the owner of a GitHub repository is one name \\(a GitHub user or organization\\); only GitLab owners are group/subgroup paths; it ends with the repository: pass owner: 'my-org' and repo: 'my-app'"],
    [ProviderType.BITBUCKET, "owner 'my-org/my-app' \\(13 characters\\) holds a '/', but the owner of a Bitbucket repository is one name \\(a Bitbucket workspace\\)"],
  ])('an owner with a slash on %s (FullRepositoryId would be owner/repo/repo) is refused, in the action and in the grant', (providerType, message) => {
    const stack = new Stack(new App(), 'Stack');
    const connection = new Connection(stack, 'C', { providerType });
    expect(() => pipelineWith(stack, connection, { owner: 'my-org/my-app' }))
      .toThrow(new RegExp(`^Stack/Pipeline/Source/Source: ConnectionSourceAction 'Source': ${message}`));
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    expect(() => connection.grantUse(role, { repositories: ['my-org/my-app/my-app'] }))
      .toThrow(/^Stack\/C: grantUse: repositories entry 'my-org\/my-app\/my-app' \(20 characters\) holds a '\/'/);
  });

  test('GitLab owners may be group paths', () => {
    const stack = new Stack(new App(), 'Stack');
    pipelineWith(stack, new Connection(stack, 'C', { providerType: ProviderType.GITLAB }), { owner: 'group/subgroup' });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });

  test('accepts GitLab subgroups as owner', () => {
    const stack = new Stack(new App(), 'Stack');
    pipelineWith(stack, Connection.fromConnectionArn(stack, 'C', CODESTAR_ARN), { owner: 'group/subgroup' });
    Template.fromStack(stack).hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({ Actions: [Match.objectLike({ Configuration: Match.objectLike({ FullRepositoryId: 'group/subgroup/my-app' }) })] })]),
    });
  });
});

describe('grantUse options', () => {
  test('several repositories become a list under StringEquals; readOnly alone adds only the IfExists condition', () => {
    const stack = new Stack(new App(), 'Stack');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    const connection = Connection.fromConnectionArn(stack, 'C', CODESTAR_ARN);
    connection.grantUse(role, { repositories: ['a/b', 'c/d/e'] });
    connection.grantUse(other, { readOnly: true });
    expect(useStatements(stack, /^Role/)[0].Condition).toEqual({ StringEquals: { 'codestar-connections:FullRepositoryId': ['a/b', 'c/d/e'] } });
    expect(useStatements(stack, /^Other/)[0].Condition).toEqual({ StringEqualsIfExists: { 'codestar-connections:ProviderPermissionsRequired': 'read_only' } });
  });

  test.each([
    [[], /grantUse: repositories is empty/],
    [['just-a-name'], /grantUse: repositories entry 'just-a-name' \(11 characters\) must be owner\/repo/],
    [['owner/'], /repositories entry 'owner\/'/],
    [['a b/c'], /repositories entry 'a b\/c'/],
  ])('rejects repositories %j', (repositories, message) => {
    const stack = new Stack(new App(), 'Stack');
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    expect(() => Connection.fromConnectionArn(stack, 'C', CODESTAR_ARN).grantUse(role, { repositories })).toThrow(message);
  });
});

describe('clone output grants', () => {
  test('only the projects that consume the clone output get UseConnection, with unnamed artifacts too', () => {
    const stack = new Stack(new App(), 'Stack');
    const connection = Connection.fromConnectionArn(stack, 'C', CODECONNECTIONS_ARN);
    const source = new codepipeline.Artifact();
    const built = new codepipeline.Artifact();
    const build = new codebuild.PipelineProject(stack, 'BuildProject');
    const check = new codebuild.PipelineProject(stack, 'CheckProject');
    new codepipeline.Pipeline(stack, 'Pipeline', {
      stages: [
        { stageName: 'Source', actions: [new ConnectionSourceAction({ actionName: 'Src', connection, owner: 'o', repo: 'r', branch: 'main', output: source, codeBuildCloneOutput: true })] },
        { stageName: 'Build', actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'Build', project: build, input: source, outputs: [built] })] },
        { stageName: 'Check', actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'Check', project: check, input: built })] },
      ],
    });
    expect(useStatements(stack, /^BuildProjectRole/).map((s: any) => s.Action)).toEqual(['codeconnections:UseConnection']);
    expect(useStatements(stack, /^CheckProjectRole/)).toEqual([]);
  });
});

describe('what a new user hits', () => {
  const WARNING = /uses connection Stack\/GitHub, which this deploy creates in PENDING: the first run will fail.*waitForAvailable.*deploy the connection first.*\[ack: cdk-codeconnections:pipelineOnPendingConnection\]/;

  test('a pipeline on a connection created in the same app, without waitForAvailable, warns at synth', () => {
    const stack = new Stack(new App(), 'Stack');
    pipelineWith(stack, new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB }));
    const warnings = Annotations.fromStack(stack).findWarning('/Stack/Pipeline/Source/Source', Match.stringLikeRegexp('cdk-codeconnections')).map(w => String(w.entry.data));
    expect(warnings).toEqual([expect.stringMatching(WARNING)]);
  });

  test('no warning when the deploy waits, or for imported and looked-up connections, or when acknowledged', () => {
    const stack = new Stack(new App(), 'Stack');
    const waited = new Connection(stack, 'Waited', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(10) });
    const output = () => new codepipeline.Artifact();
    const source = (id: string, connection: IConnection) => new ConnectionSourceAction({ actionName: id, connection, owner: 'o', repo: 'r', branch: 'main', output: output() });
    new codepipeline.Pipeline(stack, 'Pipeline', {
      stages: [
        {
          stageName: 'Source',
          actions: [
            source('Waited', waited),
            source('Imported', Connection.fromConnectionArn(stack, 'Imported', CODECONNECTIONS_ARN)),
            source('Looked', Connection.fromConnectionName(stack, 'Looked', 'team-github')),
          ],
        },
        { stageName: 'Build', actions: [new codepipeline_actions.ManualApprovalAction({ actionName: 'Approve' })] },
      ],
    });
    const acked = new Stack(new App(), 'Acked');
    const pipeline = pipelineWith(acked, new Connection(acked, 'GitHub', { providerType: ProviderType.GITHUB }));
    CoreAnnotations.of(acked).acknowledgeWarning('cdk-codeconnections:pipelineOnPendingConnection');
    const ours = Match.stringLikeRegexp('cdk-codeconnections');
    expect(Annotations.fromStack(stack).findWarning('*', ours)).toEqual([]);
    expect(Annotations.fromStack(acked).findWarning('*', ours)).toEqual([]);
    expect(pipeline).toBeDefined();
  });

  test.each([
    ['connection', /ConnectionSourceAction 'Source': connection is required; pass e\.g\. connection: Connection\.fromConnectionArn/],
    ['branch', /ConnectionSourceAction 'Source': branch is required; pass e\.g\. branch: 'main'/],
    ['owner', /ConnectionSourceAction 'Source': owner is required/],
    ['repo', /ConnectionSourceAction 'Source': repo is required/],
    ['output', /ConnectionSourceAction 'Source': output is required/],
    ['actionName', /ConnectionSourceAction '\(no actionName\)': actionName is required/],
  ])('plain JavaScript without %s gets a clear error, not a TypeError', (prop, message) => {
    const stack = new Stack(new App(), 'Stack');
    const props: Record<string, unknown> = {
      actionName: 'Source',
      connection: Connection.fromConnectionArn(stack, 'C', CODECONNECTIONS_ARN),
      owner: 'my-org',
      repo: 'my-app',
      branch: 'main',
      output: new codepipeline.Artifact(),
    };
    delete props[prop];
    let error: unknown;
    try {
      new ConnectionSourceAction(props as any);
    } catch (e) {
      error = e;
    }
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error)?.message).toMatch(message);
  });
});

describe('acknowledging the PENDING-connection warning', () => {
  test('works on the pipeline before the action is added, as well as after', () => {
    const stack = new Stack(new App(), 'Stack');
    const connection = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB });
    const pipeline = new codepipeline.Pipeline(stack, 'Pipeline');
    CoreAnnotations.of(pipeline).acknowledgeWarning('cdk-codeconnections:pipelineOnPendingConnection');
    const output = new codepipeline.Artifact();
    pipeline.addStage({ stageName: 'Source', actions: [new ConnectionSourceAction({ actionName: 'Src', connection, owner: 'o', repo: 'r', branch: 'main', output })] });
    pipeline.addStage({ stageName: 'Approve', actions: [new codepipeline_actions.ManualApprovalAction({ actionName: 'Ok' })] });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-codeconnections'))).toEqual([]);
  });
});
