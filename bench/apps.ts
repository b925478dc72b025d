/**
 * The two benchmark apps, built into a fresh App by the benchmarks:
 *
 * - `library`: N `Connection`s of this library (GitHub, Bitbucket, GitLab in
 *   turn; every 10th on one GitHub Enterprise Server `Host` via
 *   `host.addConnection`), plus a `codepipeline.Pipeline` whose Source stage
 *   is a `ConnectionSourceAction` on the first connection and whose Build
 *   stage is a CodeBuild project.
 * - `l1`: the same with raw `aws_codeconnections.CfnConnection` and an
 *   `AWS::CodeConnections::Host` `CfnResource` (`CfnHost` is above the floor)
 *   and aws-cdk-lib's `CodeStarConnectionsSourceAction` (connectionArn:
 *   `cfn.attrConnectionArn`). Names are literals (CfnConnection requires
 *   one) and the removal policy is RETAIN, like the library's default.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, RemovalPolicy, Stack, Token, aws_codeconnections as codeconnections } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import { Connection, ConnectionSourceAction, Host, HostProviderType, ProviderType } from '../src';

export type Variant = 'library' | 'l1';
export const VARIANTS: Variant[] = ['library', 'l1'];
export const STACK_NAME = 'BenchStack';

/** Cloud providers used in turn for connections not on the host. */
const PROVIDERS = [ProviderType.GITHUB, ProviderType.BITBUCKET, ProviderType.GITLAB];
const GHES_ENDPOINT = 'https://github.example.com';

/** 0-based index i: every 10th connection (i = 9, 19, ...) is on the host. */
export function onHost(i: number): boolean {
  return (i + 1) % 10 === 0;
}

export interface LibraryAppOptions {
  /** Passed to every Connection and the Host (profiling only). @default true */
  readonly statusReport?: boolean;
}

export function buildLibraryStack(app: App, n: number, options: LibraryAppOptions = {}): Stack {
  const stack = new Stack(app, STACK_NAME);
  const statusReport = options.statusReport ?? true;
  let host: Host | undefined;
  const connections: Connection[] = [];
  for (let i = 0; i < n; i++) {
    if (onHost(i)) {
      host ??= new Host(stack, 'Ghes', {
        providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER,
        providerEndpoint: GHES_ENDPOINT,
        statusReport,
      });
      connections.push(host.addConnection(`Conn${i}`, { statusReport }));
    } else {
      connections.push(new Connection(stack, `Conn${i}`, { providerType: PROVIDERS[i % PROVIDERS.length], statusReport }));
    }
  }
  const source = new codepipeline.Artifact('Source');
  new codepipeline.Pipeline(stack, 'Pipeline', {
    pipelineType: codepipeline.PipelineType.V2,
    stages: [
      {
        stageName: 'Source',
        actions: [new ConnectionSourceAction({
          actionName: 'Source',
          connection: connections[0],
          owner: 'my-org',
          repo: 'my-app',
          branch: 'main',
          output: source,
        })],
      },
      buildStage(stack, source),
    ],
  });
  return stack;
}

export function buildL1Stack(app: App, n: number): Stack {
  const stack = new Stack(app, STACK_NAME);
  let host: CfnResource | undefined;
  const connections: codeconnections.CfnConnection[] = [];
  for (let i = 0; i < n; i++) {
    let props: codeconnections.CfnConnectionProps;
    if (onHost(i)) {
      if (!host) {
        host = new CfnResource(stack, 'Ghes', {
          type: 'AWS::CodeConnections::Host',
          properties: { Name: 'bench-ghes', ProviderEndpoint: GHES_ENDPOINT, ProviderType: 'GitHubEnterpriseServer' },
        });
        host.applyRemovalPolicy(RemovalPolicy.RETAIN);
      }
      props = { connectionName: `bench-conn-${i}`, hostArn: Token.asString(host.getAtt('HostArn')) };
    } else {
      props = { connectionName: `bench-conn-${i}`, providerType: PROVIDERS[i % PROVIDERS.length].name };
    }
    const connection = new codeconnections.CfnConnection(stack, `Conn${i}`, props);
    connection.applyRemovalPolicy(RemovalPolicy.RETAIN);
    connections.push(connection);
  }
  const source = new codepipeline.Artifact('Source');
  new codepipeline.Pipeline(stack, 'Pipeline', {
    pipelineType: codepipeline.PipelineType.V2,
    stages: [
      {
        stageName: 'Source',
        actions: [new codepipeline_actions.CodeStarConnectionsSourceAction({
          actionName: 'Source',
          connectionArn: connections[0].attrConnectionArn,
          owner: 'my-org',
          repo: 'my-app',
          branch: 'main',
          output: source,
        })],
      },
      buildStage(stack, source),
    ],
  });
  return stack;
}

function buildStage(stack: Stack, input: codepipeline.Artifact): codepipeline.StageProps {
  const project = new codebuild.PipelineProject(stack, 'Build', {
    buildSpec: codebuild.BuildSpec.fromObject({ version: '0.2', phases: { build: { commands: ['make'] } } }),
  });
  return {
    stageName: 'Build',
    actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'Build', project, input })],
  };
}

export function buildStack(variant: Variant, app: App, n: number, options: LibraryAppOptions = {}): Stack {
  return variant === 'library' ? buildLibraryStack(app, n, options) : buildL1Stack(app, n);
}

/** A fresh App writing its cloud assembly to a new temporary directory. */
export function freshApp(): { app: App; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdkcc-bench-'));
  return { app: new App({ outdir }), outdir };
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}
