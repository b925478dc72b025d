/**
 * Integ app: a monorepo, whose pipelines run on what changed.
 *
 * One connection reaches `my-org/monorepo`. Each service has its own V2
 * pipeline, started only by pushes to `main` that change its folder (or the
 * shared library), and the API's also by pull requests into `main` that
 * change it. A CDK Pipeline deploys the infrastructure on release tags.
 * The connection waits for its handshake, so no pipeline is created (and
 * no first run starts) before it is AVAILABLE.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { cdkPipelinesV2Pipeline, codeBuildScopedFindings, integApp, PIPELINE_ARTIFACT_ACTIONS, suppress } from './integ-app';
import { Connection, ConnectionSource, ConnectionSourceAction, PullRequestEvent, PushFilter, PullRequestFilter, ProviderType } from '../src';

const app = integApp();
const stack = new Stack(app, 'CodeConnectionsMonorepoInteg');

const connection = new Connection(stack, 'GitHub', {
  providerType: ProviderType.GITHUB,
  waitForAvailable: Duration.minutes(30),
  removalPolicy: RemovalPolicy.DESTROY,
});

/** One service's pipeline: source (with its filters), then a build of its folder. */
function servicePipeline(service: string, pushFilter: PushFilter[], pullRequestFilter?: PullRequestFilter[]): codepipeline.Pipeline {
  const source = new codepipeline.Artifact(`${service}Source`);
  const project = new codebuild.PipelineProject(stack, `${service}Build`, {
    buildSpec: codebuild.BuildSpec.fromObject({
      version: '0.2',
      phases: { build: { commands: [`cd services/${service.toLowerCase()}`, 'npm ci', 'npm test'] } },
    }),
  });
  return new codepipeline.Pipeline(stack, `${service}Pipeline`, {
    pipelineType: codepipeline.PipelineType.V2,
    enableKeyRotation: true,
    stages: [
      {
        stageName: 'Source',
        actions: [new ConnectionSourceAction({
          actionName: 'Monorepo',
          connection,
          owner: 'my-org',
          repo: 'monorepo',
          branch: 'main',
          output: source,
          pushFilter,
          pullRequestFilter,
        })],
      },
      { stageName: 'Build', actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'Build', project, input: source })] },
    ],
  });
}

// --- Two service pipelines on the one connection, each on its own paths ----
const api = servicePipeline('Api',
  [{ branchesIncludes: ['main'], filePathsIncludes: ['services/api/**', 'libs/shared/**'], filePathsExcludes: ['**/*.md'] }],
  // Pull requests into main that change the API: tested when opened and on every push to them.
  [{ branchesIncludes: ['main'], filePathsIncludes: ['services/api/**'], events: [PullRequestEvent.OPEN, PullRequestEvent.UPDATED] }]);
const web = servicePipeline('Web',
  [{ branchesIncludes: ['main'], filePathsIncludes: ['services/web/**', 'libs/shared/**'], filePathsExcludes: ['**/*.md'] }]);

// --- A CDK Pipeline for the infrastructure, on release tags -----------------
new pipelines.CodePipeline(stack, 'Infra', {
  codePipeline: cdkPipelinesV2Pipeline(stack, 'InfraPipeline'),
  synth: new pipelines.ShellStep('Synth', {
    input: ConnectionSource.of(connection, 'my-org/monorepo', {
      branch: 'main',
      actionName: 'Monorepo',
      pushFilter: [{ tagsIncludes: ['infra-v*'], tagsExcludes: ['infra-v*-rc*'] }],
    }),
    commands: ['cd infra', 'npm ci', 'npx cdk synth'],
    primaryOutputDirectory: 'infra/cdk.out',
  }),
});

// Findings of aws-cdk-lib's own pipeline constructs, not of this library.
const artifactActions = PIPELINE_ARTIFACT_ACTIONS;
const codebuildScoped = codeBuildScopedFindings;
suppress(stack, 'AwsSolutions-IAM5',
  'aws-cdk-lib grants the pipeline, action and build roles these actions on the artifact bucket objects and KMS keys only, scopes CodeBuild to its own logs and report groups, and lets CDK Pipelines\' self-mutation assume the CDK bootstrap roles (role/*) and describe stacks (*), which deploying the app requires.',
  [...artifactActions.map(a => `Action::${a}`),
    'Resource::<ApiPipelineArtifactsBucket54E22894.Arn>/*', 'Resource::<WebPipelineArtifactsBucket6DC271EF.Arn>/*', 'Resource::<InfraPipelineArtifactsBucketC482D63D.Arn>/*',
    ...codebuildScoped('ApiBuild197A2741'), ...codebuildScoped('WebBuild98C0EF80'), ...codebuildScoped('InfraUpdatePipelineSelfMutation6AC7AB4A'),
    // CDK Pipelines' synth project: scoped as the others by newer aws-cdk-lib releases.
    ...codebuildScoped('InfraPipelineBuildSynthCdkBuildProjectEF6F6C0B'),
    'Resource::arn:*:iam::<AWS::AccountId>:role/*', 'Resource::*']);
suppress(stack, 'AwsSolutions-S1', 'Integration test pipelines: the artifact buckets hold transient build artifacts only; access logs add nothing.');
suppress(stack, 'AwsSolutions-CB4', 'CDK Pipelines build projects (aws-cdk-lib) write only to the artifact bucket, which is encrypted; no separate CodeBuild KMS key.');

const integ = new IntegTest(app, 'MonorepoInteg', { testCases: [stack] });
// Each deployed service pipeline has its trigger, with its own paths.
for (const [pipeline, path] of [[api, 'services/api/**'], [web, 'services/web/**']] as const) {
  integ.assertions
    .awsApiCall('CodePipeline', 'getPipeline', { name: pipeline.pipelineName })
    .expect(ExpectedResult.objectLike({
      pipeline: {
        pipelineType: 'V2',
        triggers: [Match.objectLike({
          providerType: 'CodeStarSourceConnection',
          gitConfiguration: Match.objectLike({ sourceActionName: 'Monorepo', push: [Match.objectLike({ filePaths: Match.objectLike({ includes: Match.arrayWith([path]) }) })] }),
        })],
      },
    }));
}
