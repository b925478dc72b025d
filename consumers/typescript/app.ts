/**
 * The consumer app in TypeScript, against this checkout's `src/`: the
 * reference template the Python, Java and Go apps are compared with
 * (scripts/compare-consumers.ts). Keep the four apps statement for statement
 * alike, with the same construct ids.
 *
 * Run by scripts/consumers.sh: CDK_OUTDIR=<dir> ts-node consumers/typescript/app.ts
 */
import { App, CfnOutput, Fn, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Connection, ConnectionSourceAction, Host, HostProviderType, ProviderType } from '../../src';

const app = new App({ analyticsReporting: false });
const stack = new Stack(app, 'CodeConnectionsConsumer', {
  env: { account: '111111111111', region: 'eu-west-1' },
});

// A GitHub connection: PENDING until a person finishes the handshake.
const github = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB });

// A GitHub Enterprise Server host reached through a VPC, and a connection on it.
// Two of the region's AZs, chosen at deploy time (Fn::GetAZs), and no NAT gateways.
const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: [0, 1].map(i => Fn.select(i, Fn.getAzs())), natGateways: 0 });
const host = new Host(stack, 'GitHubEnterprise', {
  providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER,
  providerEndpoint: 'https://github.example.com',
  vpc,
});
host.addConnection('Connection');

// A connection created elsewhere, by ARN.
const imported = Connection.fromConnectionArn(stack, 'Imported',
  'arn:aws:codestar-connections:eu-west-1:111111111111:connection/0f4a7c1e-1234-4abc-9def-0123456789ab');

// A V2 pipeline: source through the GitHub connection, then CodeBuild.
const source = new codepipeline.Artifact('Source');
new codepipeline.Pipeline(stack, 'Pipeline', {
  pipelineType: codepipeline.PipelineType.V2,
  stages: [
    {
      stageName: 'Source',
      actions: [new ConnectionSourceAction({
        actionName: 'GitHub', connection: github, output: source,
        owner: 'my-org', repo: 'my-app', branch: 'main',
      })],
    },
    {
      stageName: 'Build',
      actions: [new codepipeline_actions.CodeBuildAction({
        actionName: 'Build', input: source,
        project: new codebuild.PipelineProject(stack, 'BuildProject'),
      })],
    },
  ],
});

// Read-only use of one repository through each connection, for any role.
const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
for (const connection of [github, imported]) {
  connection.grantUse(role, { repositories: ['my-org/my-app'], readOnly: true });
}

// The console page where a person chooses "Update pending connection".
new CfnOutput(stack, 'GitHubConsoleUrl', { value: github.consoleUrl });

app.synth();
