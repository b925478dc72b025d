/**
 * Synthesizes the scale app of test/scale.test.ts (200 connections, every
 * 10th on one of 4 hosts, a V2 pipeline on the first) into a cloud assembly,
 * so cfn-lint can check the largest template the project makes.
 *
 *   ts-node scripts/synth-scale.ts OUTDIR
 *
 * Keep it in step with `app()` in test/scale.test.ts.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Connection, ConnectionSourceAction, Host, HostProviderType, IConnection, ProviderType } from '../src';

const CLOUD = [ProviderType.GITHUB, ProviderType.BITBUCKET, ProviderType.GITLAB, ProviderType.AZURE_DEVOPS];

const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: synth-scale.ts OUTDIR');
  process.exit(2);
}
const n = 200;
const app = new App({ outdir, analyticsReporting: false });
const stack = new Stack(app, 'Scale', { env: { account: '111111111111', region: 'eu-west-1' } });
const hosts = Array.from({ length: 4 }, (_, i) => new Host(stack, `Host${i}`, {
  providerType: i % 2 ? HostProviderType.GITLAB_SELF_MANAGED : HostProviderType.GITHUB_ENTERPRISE_SERVER,
  providerEndpoint: `https://git${i}.example.com`,
}));
const connections: IConnection[] = [];
for (let i = 0; i < n; i++) {
  connections.push(i % 10 === 9
    ? hosts[i % 4].addConnection(`Conn${i}`)
    : new Connection(stack, `Conn${i}`, { providerType: CLOUD[i % CLOUD.length] }));
}
const source = new codepipeline.Artifact();
new codepipeline.Pipeline(stack, 'Pipeline', {
  stages: [
    { stageName: 'Source', actions: [new ConnectionSourceAction({ actionName: 'Src', connection: connections[0], owner: 'o', repo: 'r', branch: 'main', output: source })] },
    { stageName: 'Build', actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'Build', project: new codebuild.PipelineProject(stack, 'Project'), input: source })] },
  ],
});
app.synth();
