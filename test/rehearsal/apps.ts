/**
 * Apps the rehearsal deploys besides the integ snapshots: a stack that
 * waits for the handshake with everything that uses the connection, and a
 * small stack whose props a test changes between deploys. Synthesized in
 * process (Template.fromStack), so they use the library as it is now.
 */
import { App, CfnOutput, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import {
  CodeBuildSource, Connection, ConnectionSourceAction, Host, HostProviderType, ProviderType, RepositoryLink,
} from '../../src';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';

function app(context: Record<string, unknown> = {}): App {
  return new App({ context: { 'aws:cdk:disable-creation-stack-traces': true, ...context } });
}

export interface WaitAppOptions {
  /** @default 5 minutes */
  readonly wait?: Duration;
}

/** Templates already synthesized, by app and options (synth takes about a second; templates are read-only). */
const synthesized = new Map<string, any>();
function memo(key: string, synth: () => any): any {
  if (!synthesized.has(key)) {
    synthesized.set(key, synth());
  }
  return synthesized.get(key);
}

/**
 * A connection with waitForAvailable, and what uses it: a pipeline, a
 * CodeBuild project with a webhook, a Git sync repository link. Plus a
 * connection that does not wait.
 */
export function waitTemplate(options: WaitAppOptions = {}): any {
  return memo(`wait ${options.wait?.toSeconds()}`, () => synthWait(options));
}

function synthWait(options: WaitAppOptions): any {
  const stack = new Stack(app(), 'Waiting', { env: { account: ACCOUNT, region: REGION } });
  const github = new Connection(stack, 'GitHub', {
    providerType: ProviderType.GITHUB,
    waitForAvailable: options.wait ?? Duration.minutes(5),
  });
  new Connection(stack, 'Bitbucket', { providerType: ProviderType.BITBUCKET });
  const source = new codepipeline.Artifact();
  new codepipeline.Pipeline(stack, 'Pipeline', {
    pipelineType: codepipeline.PipelineType.V2,
    stages: [
      { stageName: 'Source', actions: [new ConnectionSourceAction({ actionName: 'Source', connection: github, owner: 'my-org', repo: 'my-app', branch: 'main', output: source })] },
      { stageName: 'Build', actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'Build', project: new codebuild.PipelineProject(stack, 'PipelineBuild'), input: source })] },
    ],
  });
  new codebuild.Project(stack, 'Build', {
    buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['true'] } } }),
    source: CodeBuildSource.fromConnection(github, { owner: 'my-org', repo: 'my-app', webhook: true }),
  });
  new RepositoryLink(stack, 'Link', { connection: github, owner: 'my-org', repositoryName: 'my-infra' });
  return Template.fromStack(stack).toJSON();
}

export interface ChangingAppOptions {
  readonly providerType?: ProviderType;
  readonly connectionName?: string;
  readonly hostName?: string;
  readonly providerEndpoint?: string;
  readonly removalPolicy?: RemovalPolicy;
  /** The statusRefresh context value (a later deploy re-reads the status). */
  readonly statusRefresh?: string;
  /** A tag on the connection (an in-place update). */
  readonly tag?: string;
}

/** One cloud connection and one host with a connection, with the props a test changes. */
export function changingTemplate(options: ChangingAppOptions = {}): any {
  return memo(`changing ${JSON.stringify({ ...options, providerType: options.providerType?.name })}`, () => synthChanging(options));
}

function synthChanging(options: ChangingAppOptions): any {
  const stack = new Stack(app(options.statusRefresh ? { 'cdk-codeconnections:statusRefresh': options.statusRefresh } : {}), 'Changing', {
    env: { account: ACCOUNT, region: REGION },
  });
  const connection = new Connection(stack, 'Repo', {
    providerType: options.providerType ?? ProviderType.GITHUB,
    connectionName: options.connectionName,
    removalPolicy: options.removalPolicy,
  });
  if (options.tag) {
    Tags.of(connection).add('purpose', options.tag);
  }
  const host = new Host(stack, 'Enterprise', {
    hostName: options.hostName,
    providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER,
    providerEndpoint: options.providerEndpoint ?? 'https://github.example.com',
    removalPolicy: options.removalPolicy,
  });
  host.addConnection('OnHost', { removalPolicy: options.removalPolicy });
  // Every status attribute the library hands out, read by an output.
  new CfnOutput(stack, 'RepoStatus', { value: connection.connectionStatus });
  new CfnOutput(stack, 'RepoConsoleUrl', { value: connection.consoleUrl });
  new CfnOutput(stack, 'HostStatus', { value: host.hostStatus });
  new CfnOutput(stack, 'HostConsoleUrl', { value: host.consoleUrl });
  return Template.fromStack(stack).toJSON();
}
