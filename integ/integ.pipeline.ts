/**
 * Integ app: CodePipeline fed by connections.
 *
 * - `CodeConnectionsPipelineInteg`: a pipeline whose source is an owned
 *   `Connection` (clone output, consumed by CodeBuild) plus a second source
 *   through an imported `codestar-connections` connection.
 * - `CodeConnectionsCdkPipelinesInteg`: the CDK Pipelines variant.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Annotations, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { cdkPipelinesV2Pipeline, codeBuildScopedFindings, integApp, PIPELINE_ARTIFACT_ACTIONS, suppress } from './integ-app';
import { Connection, ConnectionSource, ConnectionSourceAction, ProviderType } from '../src';

const app = integApp();

// --- CodePipeline ---------------------------------------------------------
const stack = new Stack(app, 'CodeConnectionsPipelineInteg');
const connection = new Connection(stack, 'GitHub', {
  providerType: ProviderType.GITHUB,
  removalPolicy: RemovalPolicy.DESTROY,
});
const shared = Connection.fromConnectionArn(stack, 'SharedBitbucket',
  'arn:aws:codestar-connections:us-east-1:123456789012:connection/66666666-7777-4888-9999-000000000000');

const appSource = new codepipeline.Artifact('App');
const configSource = new codepipeline.Artifact('Config');
const project = new codebuild.PipelineProject(stack, 'Build', {
  buildSpec: codebuild.BuildSpec.fromObject({
    version: '0.2',
    phases: { build: { commands: ['git log -1', 'ls "$CODEBUILD_SRC_DIR_Config"'] } },
  }),
});

const pipeline = new codepipeline.Pipeline(stack, 'Pipeline', {
  enableKeyRotation: true,
  pipelineType: codepipeline.PipelineType.V2,
  stages: [
    {
      stageName: 'Source',
      actions: [
        new ConnectionSourceAction({
          actionName: 'App',
          connection,
          owner: 'my-org',
          repo: 'my-app',
          branch: 'main',
          output: appSource,
          codeBuildCloneOutput: true,
        }),
        new ConnectionSourceAction({
          actionName: 'Config',
          connection: shared,
          owner: 'my-org',
          repo: 'deploy-config',
          branch: 'release',
          output: configSource,
          triggerOnPush: false,
        }),
      ],
    },
    {
      stageName: 'Build',
      actions: [
        new codepipeline_actions.CodeBuildAction({
          actionName: 'Build',
          project,
          input: appSource,
          extraInputs: [configSource],
        }),
      ],
    },
  ],
});

// --- CDK Pipelines --------------------------------------------------------
const cdkStack = new Stack(app, 'CodeConnectionsCdkPipelinesInteg');
const cdkConnection = new Connection(cdkStack, 'GitLab', {
  providerType: ProviderType.GITLAB,
  removalPolicy: RemovalPolicy.DESTROY,
});
new pipelines.CodePipeline(cdkStack, 'CdkPipeline', {
  codePipeline: cdkPipelinesV2Pipeline(cdkStack, 'Pipeline'),
  synth: new pipelines.ShellStep('Synth', {
    input: ConnectionSource.of(cdkConnection, 'my-group/infra/my-app', { branch: 'main', codeBuildCloneOutput: true }),
    commands: ['npm ci', 'npx cdk synth'],
  }),
});

// Findings of aws-cdk-lib's own pipeline constructs, not of this library.
const artifactActions = PIPELINE_ARTIFACT_ACTIONS;
const codebuildScoped = codeBuildScopedFindings;
suppress(stack, 'AwsSolutions-IAM5',
  'aws-cdk-lib grants the pipeline, action and build roles these actions on the artifact bucket objects and its KMS key only; CodeBuild roles are scoped to their own log streams and report groups.',
  [...artifactActions.map(a => `Action::${a}`), 'Resource::<PipelineArtifactsBucket22248F97.Arn>/*', ...codebuildScoped('Build45A36621')]);
suppress(stack, 'AwsSolutions-S1', 'Integration test pipeline: the artifact bucket holds transient build artifacts only; access logs add nothing.');

suppress(cdkStack, 'AwsSolutions-IAM5',
  'CDK Pipelines (aws-cdk-lib) grants these on its artifact bucket objects only, scopes CodeBuild to its own logs and report groups, and lets self-mutation assume the CDK bootstrap roles (role/*) and describe stacks (*), which deploying the app requires.',
  [...artifactActions.filter(a => a.startsWith('s3:')).map(a => `Action::${a}`), 'Resource::<PipelineArtifactsBucket22248F97.Arn>/*',
    ...codebuildScoped('PipelineBuildSynthCdkBuildProject1250E181'), ...codebuildScoped('CdkPipelineUpdatePipelineSelfMutation81360810'),
    'Resource::arn:*:iam::<AWS::AccountId>:role/*', 'Resource::*']);
suppress(cdkStack, 'AwsSolutions-S1', 'Integration test pipeline: the artifact bucket holds transient build artifacts only; access logs add nothing.');
suppress(cdkStack, 'AwsSolutions-CB4', 'CDK Pipelines build projects (aws-cdk-lib) write only to the artifact bucket, which is encrypted; no separate CodeBuild KMS key.');

// The integ deploy checks that the pipelines are created, not that their
// first run succeeds (no person finishes the handshake), so the library's
// warning about a pipeline on a PENDING connection is acknowledged here.
for (const s of [stack, cdkStack]) {
  Annotations.of(s).acknowledgeWarning('cdk-codeconnections:pipelineOnPendingConnection');
}

const integ = new IntegTest(app, 'PipelineInteg', { testCases: [stack, cdkStack] });
// The deployed pipeline reads its source through the connection.
integ.assertions
  .awsApiCall('CodePipeline', 'getPipeline', { name: pipeline.pipelineName })
  .expect(ExpectedResult.objectLike({
    pipeline: { stages: Match.arrayWith([Match.objectLike({ name: 'Source' })]) },
  }));
