import { App, Duration, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Connection, ConnectionSourceAction, ProviderType } from 'cdk-codeconnections';

const app = new App();
const stack = new Stack(app, 'QuickStart', {
  env: { region: 'us-east-1' }, // your Region: synth then prints the console link of the connection
});

// CloudFormation creates the connection PENDING. `cdk deploy` waits (up to
// 30 minutes) while you finish the handshake in the console, so the
// pipeline's first run finds it AVAILABLE.
const github = new Connection(stack, 'GitHub', {
  providerType: ProviderType.GITHUB,
  waitForAvailable: Duration.minutes(30),
});

const source = new codepipeline.Artifact();
new codepipeline.Pipeline(stack, 'Pipeline', {
  pipelineType: codepipeline.PipelineType.V2,
  stages: [
    {
      stageName: 'Source',
      actions: [new ConnectionSourceAction({
        actionName: 'GitHub',
        connection: github,
        owner: 'my-org', // your GitHub user or organization
        repo: 'my-app', // your repository
        branch: 'main',
        output: source,
      })],
    },
    {
      stageName: 'Build',
      actions: [new codepipeline_actions.CodeBuildAction({
        actionName: 'Build',
        input: source,
        project: new codebuild.PipelineProject(stack, 'Build', {
          buildSpec: codebuild.BuildSpec.fromObject({
            version: '0.2',
            phases: { build: { commands: ['ls -la'] } },
          }),
        }),
      })],
    },
  ],
});
