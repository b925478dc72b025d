/**
 * Integ app: CodePipeline fed by connections.
 *
 * - `CodeConnectionsPipelineInteg`: a pipeline whose source is an owned
 *   `Connection` (clone output, consumed by CodeBuild) plus a second source
 *   through an imported `codestar-connections` connection.
 * - `CodeConnectionsCdkPipelinesInteg`: the CDK Pipelines variant.
 */
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { integApp } from './integ-app';
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

new codepipeline.Pipeline(stack, 'Pipeline', {
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
  synth: new pipelines.ShellStep('Synth', {
    input: ConnectionSource.of(cdkConnection, 'my-group/infra/my-app', { branch: 'main', codeBuildCloneOutput: true }),
    commands: ['npm ci', 'npx cdk synth'],
  }),
});

new IntegTest(app, 'PipelineInteg', { testCases: [stack, cdkStack] });
