import { Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { IConnection } from './connection';
import { repositoryIdProblem } from './grants';
import { ConnectionSourceAction } from './source-action';

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
   * @default true
   */
  readonly triggerOnPush?: boolean;

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
 * A CDK Pipelines (`pipelines.CodePipeline`) source that reads a repository
 * through an `IConnection`, with the same prefix-correct, repository-scoped
 * IAM as `ConnectionSourceAction`.
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
export class ConnectionSource extends pipelines.CodePipelineSource {
  /**
   * A source for `repository` (`owner/repo`, GitLab: `group/subgroup/repo`)
   * read through `connection`.
   *
   * @param connection the connection that reaches the repository
   * @param repository the repository, `owner/repo`
   * @param options the branch and action options
   */
  public static of(connection: IConnection, repository: string, options: ConnectionPipelineSourceOptions): ConnectionSource {
    return new ConnectionSource(connection, repository, options);
  }

  private readonly owner: string;
  private readonly repo: string;

  private constructor(
    private readonly connection: IConnection,
    repository: string,
    private readonly options: ConnectionPipelineSourceOptions,
  ) {
    super(repository);
    if (Token.isUnresolved(repository)) {
      throw new Error(`ConnectionSource.of(): the repository must be a string known at synth time ('owner/repo'), got the token ${repository}`);
    }
    const problem = repositoryIdProblem(repository);
    if (problem) {
      throw new Error(`ConnectionSource.of(): repository '${repository}' ${problem}`);
    }
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
      codeBuildCloneOutput: this.options.codeBuildCloneOutput,
    });
  }
}
