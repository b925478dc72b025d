import { Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { ConnectionSourceAction } from './source-action';
import { PullRequestFilter, PushFilter } from './triggers';
import { IConnection } from '../connection/connection-base';
import { connectionRepositoryProblem } from '../core/grants';
import { requireConnection, requireString, requireValue, show } from '../core/validation';

/**
 * Options of a CDK Pipelines source read through a connection.
 */
export interface ConnectionPipelineSourceOptions {
  /**
   * The branch to build. Required: there is no safe default.
   */
  readonly branch: string;

  /**
   * Start the pipeline on every push to the branch.
   *
   * Leave it out with `pushFilter` or `pullRequestFilter`.
   *
   * @default true
   */
  readonly triggerOnPush?: boolean;

  /**
   * The pushes that start the pipeline (tags, branches, or branches and
   * changed file paths). Needs a V2 pipeline (before aws-cdk-lib 2.189:
   * pass `codePipeline: new codepipeline.Pipeline(this, 'Pipeline', { pipelineType: codepipeline.PipelineType.V2 })`).
   *
   * @default - no push filter: without a pullRequestFilter either, every push to `branch` starts the pipeline (see triggerOnPush)
   */
  readonly pushFilter?: PushFilter[];

  /**
   * The pull requests that start the pipeline. Needs a V2 pipeline.
   *
   * @default - pull requests do not start the pipeline
   */
  readonly pullRequestFilter?: PullRequestFilter[];

  /**
   * Pass a git clone (with history) to the steps instead of a zip. Their
   * CodeBuild projects are granted `UseConnection` for this repository.
   *
   * @default false
   */
  readonly codeBuildCloneOutput?: boolean;

  /**
   * The name of the action in the pipeline.
   *
   * @default - the repository, with `/` replaced by `_`
   */
  readonly actionName?: string;
}

/**
 * CDK Pipelines (`pipelines.CodePipeline`) sources that read a repository
 * through an `IConnection`, with the same prefix-correct, repository-scoped
 * IAM as `ConnectionSourceAction`.
 *
 * Only a factory: the source it returns is a `pipelines.CodePipelineSource`.
 * It is not one itself, so it does not hand out aws-cdk-lib's own factories
 * (`CodePipelineSource.connection()` grants only
 * `codestar-connections:UseConnection`, which fails for `codeconnections`
 * ARNs).
 *
 * @example
 * declare const connection: Connection;
 * new pipelines.CodePipeline(this, 'Pipeline', {
 *   synth: new pipelines.ShellStep('Synth', {
 *     input: ConnectionSource.of(connection, 'my-org/my-app', { branch: 'main' }),
 *     commands: ['npm ci', 'npx cdk synth'],
 *   }),
 * });
 */
export class ConnectionSource {
  /**
   * A source for `repository` (`owner/repo`, GitLab: `group/subgroup/repo`)
   * read through `connection`.
   *
   * @param connection the connection that reaches the repository
   * @param repository the repository, `owner/repo`; must be known at synth
   * time (CDK Pipelines names the step after it)
   * @param options the branch and action options
   */
  public static of(connection: IConnection, repository: string, options: ConnectionPipelineSourceOptions): pipelines.CodePipelineSource {
    requireConnection('ConnectionSource.of()', connection, true);
    // CDK Pipelines builds the action later, under its own path; until then
    // the connection's path is the one construct the call names.
    const where = `${connection.node.path}: ConnectionSource.of()`;
    requireString(where, 'repository', repository, "'my-org/my-app'");
    requireValue(where, 'options', options, "{ branch: 'main' }");
    requireString(where, 'options.branch', options.branch, "{ branch: 'main' }");
    // Checked before the step is made: CDK Pipelines names the step after the
    // repository and would fail first, with its own message.
    if (Token.isUnresolved(repository)) {
      throw new Error(`${where}: repository must be a string known at synth time ('owner/repo'): CDK Pipelines names the step after it; got the token ${repository}`);
    }
    const problem = connectionRepositoryProblem(connection, repository);
    if (problem) {
      throw new Error(`${where}: repository ${show(repository)} ${problem}`);
    }
    return new ConnectionPipelineSource(connection, repository, options);
  }

  private constructor() {}
}

/** The step `ConnectionSource.of()` returns. */
class ConnectionPipelineSource extends pipelines.CodePipelineSource {
  private readonly owner: string;
  private readonly repo: string;

  constructor(
    private readonly connection: IConnection,
    repository: string,
    private readonly options: ConnectionPipelineSourceOptions,
  ) {
    super(repository);
    const parts = repository.split('/');
    this.repo = parts.pop()!;
    this.owner = parts.join('/');
    this.configurePrimaryOutput(new pipelines.FileSet('Source', this));
  }

  protected getAction(output: codepipeline.Artifact, actionName: string, runOrder: number, variablesNamespace?: string): codepipeline_actions.Action {
    return new ConnectionSourceAction({
      connection: this.connection,
      owner: this.owner,
      repo: this.repo,
      branch: this.options.branch,
      output,
      actionName: this.options.actionName ?? actionName,
      runOrder,
      variablesNamespace,
      triggerOnPush: this.options.triggerOnPush,
      pushFilter: this.options.pushFilter,
      pullRequestFilter: this.options.pullRequestFilter,
      codeBuildCloneOutput: this.options.codeBuildCloneOutput,
    });
  }
}
