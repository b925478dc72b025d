/**
 * Integ app: CodeBuild projects whose sources are read through connections.
 *
 * - GitHub through an owned `Connection` (no webhook: the connection is
 *   PENDING after deploy, and CodeBuild creates webhooks through it).
 * - GitHub Enterprise Server through a `Host` and a connection on it.
 * - Bitbucket through an imported `codestar-connections` connection, with a
 *   webhook and filter groups.
 * - GitLab through an imported `codeconnections` connection, with a second
 *   repository through the owned GitHub connection.
 * - A CodeBuild-hosted GitHub Actions runner: an organization webhook on
 *   `WORKFLOW_JOB_QUEUED` through an imported connection.
 * - The account's default GitHub credential through the owned connection.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import { integApp, suppress } from './integ-app';
import {
  CodeBuildSource, CodeBuildSourceCredential, Connection, Host, HostProviderType, ProviderType, WebhookScope,
} from '../src';

const app = integApp();
const stack = new Stack(app, 'CodeConnectionsCodeBuildInteg');

const buildSpec = codebuild.BuildSpec.fromObject({
  version: '0.2',
  phases: { build: { commands: ['git log -1'] } },
});

// --- GitHub, owned connection ---------------------------------------------
const github = new Connection(stack, 'GitHub', {
  providerType: ProviderType.GITHUB,
  removalPolicy: RemovalPolicy.DESTROY,
});
const githubProject = new codebuild.Project(stack, 'GitHubBuild', {
  buildSpec,
  source: CodeBuildSource.fromConnection(github, { owner: 'my-org', repo: 'my-app', branchOrRef: 'main', cloneDepth: 1 }),
});

// --- GitHub Enterprise Server through a host ------------------------------
const host = new Host(stack, 'GitHubEnterprise', {
  providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER,
  providerEndpoint: 'https://github.example.com',
  removalPolicy: RemovalPolicy.DESTROY,
});
new codebuild.Project(stack, 'EnterpriseBuild', {
  buildSpec,
  source: CodeBuildSource.fromConnection(host.addConnection('Connection', { removalPolicy: RemovalPolicy.DESTROY }), {
    owner: 'platform', repo: 'service', fetchSubmodules: true,
  }),
});

// --- Bitbucket (webhook) and GitLab, imported in either namespace --------
const bitbucket = Connection.fromConnectionArn(stack, 'SharedBitbucket',
  'arn:aws:codestar-connections:us-east-1:123456789012:connection/66666666-7777-4888-9999-000000000000');
new codebuild.Project(stack, 'BitbucketBuild', {
  buildSpec,
  source: CodeBuildSource.fromConnection(bitbucket, {
    owner: 'my-team',
    repo: 'web',
    providerType: ProviderType.BITBUCKET,
    webhookFilters: [
      codebuild.FilterGroup.inEventOf(codebuild.EventAction.PUSH).andBranchIs('main'),
      codebuild.FilterGroup.inEventOf(codebuild.EventAction.PULL_REQUEST_CREATED, codebuild.EventAction.PULL_REQUEST_UPDATED),
    ],
  }),
});

const gitlab = Connection.fromConnectionArn(stack, 'SharedGitLab',
  'arn:aws:codeconnections:us-east-1:123456789012:connection/11111111-2222-4333-8444-555555555555');
const gitlabProject = new codebuild.Project(stack, 'GitLabBuild', {
  buildSpec,
  source: CodeBuildSource.fromConnection(gitlab, {
    owner: 'my-group/infra', repo: 'config', branchOrRef: 'release', providerType: ProviderType.GITLAB,
  }),
});
// A second repository through the owned GitHub connection.
gitlabProject.addSecondarySource(CodeBuildSource.fromConnection(github, {
  owner: 'my-org', repo: 'shared-lib', identifier: 'lib', branchOrRef: 'v2',
}));

// --- A CodeBuild-hosted GitHub Actions runner for an organization ---------
const runnerConnection = Connection.fromConnectionArn(stack, 'SharedGitHub',
  'arn:aws:codeconnections:us-east-1:123456789012:connection/22222222-3333-4444-8555-666666666666');
new codebuild.Project(stack, 'Runner', {
  source: CodeBuildSource.fromConnection(runnerConnection, {
    owner: 'my-org', providerType: ProviderType.GITHUB, webhookScope: WebhookScope.organization('my-org'),
  }),
});

// --- The account's default GitHub credential ------------------------------
new CodeBuildSourceCredential(stack, 'GitHubCredential', { connection: github });

// Findings of aws-cdk-lib's own CodeBuild projects, not of this library.
const projectIds = ['GitHubBuild', 'EnterpriseBuild', 'BitbucketBuild', 'GitLabBuild', 'Runner']
  .map(id => stack.getLogicalId((stack.node.findChild(id).node.defaultChild as codebuild.CfnProject)));
suppress(stack, 'AwsSolutions-IAM5',
  'aws-cdk-lib scopes each CodeBuild role to its own project\'s log streams and report groups; the names end in a wildcard because CodeBuild creates one stream and report per build.',
  projectIds.flatMap(id => [
    `Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/codebuild/<${id}>:*`,
    `Resource::arn:<AWS::Partition>:codebuild:<AWS::Region>:<AWS::AccountId>:report-group/<${id}>-*`,
  ]));
suppress(stack, 'AwsSolutions-CB4', 'Integration test projects produce no artifacts: CodeBuild encrypts logs and caches with the AWS managed key, and no customer key adds anything here.');

const integ = new IntegTest(app, 'CodeBuildInteg', { testCases: [stack] });
// The deployed project reads its source through the connection.
integ.assertions
  .awsApiCall('CodeBuild', 'batchGetProjects', { names: [githubProject.projectName] })
  .expect(ExpectedResult.objectLike({
    projects: Match.arrayWith([Match.objectLike({
      source: Match.objectLike({ type: 'GITHUB', location: 'https://github.com/my-org/my-app.git', auth: Match.objectLike({ type: 'CODECONNECTIONS' }) }),
    })]),
  }));
