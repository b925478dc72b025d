/**
 * Integ app: several accounts and Regions, as platform teams run them.
 *
 * - Tools (account 111111111111, us-east-1, where AWS's guide says to share
 *   global resources) creates the GitHub connection and shares it with the
 *   two workload accounts through AWS RAM.
 * - Workload A (222222222222, us-east-1) imports the shared connection by
 *   ARN and builds from it: a V2 pipeline with its source action, a
 *   CodeBuild project, and a grant to a deploy role.
 * - Workload B (333333333333, eu-west-1, another Region) imports it too, for
 *   a CodeBuild project.
 *
 * The connection's ARN is known only after the tools stack is deployed: the
 * workload stacks take it from context (`sharedConnectionArn`, e.g. `cdk
 * deploy -c sharedConnectionArn=arn:...` with the tools stack's output), and
 * the placeholder below when none is given. CDK refuses references across
 * accounts, so a workload stack never names the tools stack's connection
 * object. Deploy in order: tools, then the workloads.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { integApp, suppress } from './integ-app';
import { CodeBuildSource, Connection, ConnectionSourceAction, ProviderType } from '../src';

export const TOOLS_ACCOUNT = '111111111111';
export const WORKLOAD_A = '222222222222';
export const WORKLOAD_B = '333333333333';

const app = integApp();
const sharedArn: string = app.node.tryGetContext('sharedConnectionArn')
  ?? `arn:aws:codeconnections:us-east-1:${TOOLS_ACCOUNT}:connection/7f0e2b7c-4d1a-4e6b-9c3d-2a1b0c9d8e7f`;

// --- Tools: the connection, shared with the workload accounts ------------
const tools = new Stack(app, 'CodeConnectionsToolsInteg', { env: { account: TOOLS_ACCOUNT, region: 'us-east-1' } });
const github = new Connection(tools, 'GitHub', { providerType: ProviderType.GITHUB, removalPolicy: RemovalPolicy.DESTROY });
github.shareWith([WORKLOAD_A, WORKLOAD_B], { resourceShareName: 'shared-github' });

// --- Workload A: a pipeline, a build and a deploy role ---------------------
const workloadA = new Stack(app, 'CodeConnectionsWorkloadAInteg', { env: { account: WORKLOAD_A, region: 'us-east-1' } });
const sharedInA = Connection.fromConnectionArn(workloadA, 'Shared', sharedArn);
const source = new codepipeline.Artifact('Source');
const buildA = new codebuild.PipelineProject(workloadA, 'Build');
new codepipeline.Pipeline(workloadA, 'Pipeline', {
  pipelineType: codepipeline.PipelineType.V2,
  crossAccountKeys: false,
  stages: [
    { stageName: 'Source', actions: [new ConnectionSourceAction({ actionName: 'App', connection: sharedInA, owner: 'my-org', repo: 'my-app', branch: 'main', output: source })] },
    {
      stageName: 'Build',
      actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'Build', project: buildA, input: source })],
    },
  ],
});
new codebuild.Project(workloadA, 'Checks', {
  source: CodeBuildSource.fromConnection(sharedInA, { owner: 'my-org', repo: 'my-app', providerType: ProviderType.GITHUB }),
  buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['npm test'] } } }),
});
const deployer = new iam.Role(workloadA, 'Deployer', { assumedBy: new iam.ServicePrincipal('cloudformation.amazonaws.com') });
sharedInA.grantPassConnection(deployer, 'codepipeline.amazonaws.com');

// --- Workload B, another Region: a build -----------------------------------
const workloadB = new Stack(app, 'CodeConnectionsWorkloadBInteg', { env: { account: WORKLOAD_B, region: 'eu-west-1' } });
new codebuild.Project(workloadB, 'Build', {
  source: CodeBuildSource.fromConnection(Connection.fromConnectionArn(workloadB, 'Shared', sharedArn), {
    owner: 'my-org', repo: 'my-app', providerType: ProviderType.GITHUB,
  }),
  buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['npm test'] } } }),
});

// Findings of aws-cdk-lib's own pipeline and build constructs, not of this library.
const artifactActions = ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'];
const codebuildScoped = (stack: Stack, projectId: string) => [
  `Resource::arn:<AWS::Partition>:logs:${stack.region}:${stack.account}:log-group:/aws/codebuild/<${projectId}>:*`,
  `Resource::arn:<AWS::Partition>:codebuild:${stack.region}:${stack.account}:report-group/<${projectId}>-*`,
];
for (const [stack, projects] of [[workloadA, ['Build45A36621', 'Checks74B2F3FB']], [workloadB, ['Build45A36621']]] as const) {
  suppress(stack, 'AwsSolutions-IAM5',
    'aws-cdk-lib grants the pipeline, action and build roles these actions on the artifact bucket objects only; CodeBuild roles are scoped to their own log streams and report groups.',
    [...artifactActions.map(a => `Action::${a}`), 'Resource::<PipelineArtifactsBucket22248F97.Arn>/*', ...projects.flatMap(p => codebuildScoped(stack, p))]);
  suppress(stack, 'AwsSolutions-CB4', 'Integration test projects produce no artifacts: CodeBuild encrypts logs with the AWS managed key, and no customer key adds anything here.');
}
suppress(workloadA, 'AwsSolutions-S1', 'Integration test pipeline: the artifact bucket holds transient build artifacts only; access logs add nothing.');

const integ = new IntegTest(app, 'MultiAccountInteg', { testCases: [tools, workloadA, workloadB] });
// After deploy: the tools account shares the connection with both workload accounts.
integ.assertions
  .awsApiCall('RAM', 'getResourceShares', { resourceOwner: 'SELF', name: 'shared-github' })
  .expect(ExpectedResult.objectLike({ resourceShares: [{ name: 'shared-github', status: 'ACTIVE' }] }));
