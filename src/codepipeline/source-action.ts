import { Annotations, CfnResource, Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { addTrigger } from './pipeline-triggers';
import { PullRequestFilter, PushFilter } from './triggers';
import { Connection } from '../connection/connection';
import { IConnection } from '../connection/connection-base';
import { addResourceDependency } from '../core/cdk-compat';
import { ownerProblem, policyGrantee, providerTypeName, repositoryIdProblem } from '../core/grants';
import { requireConnection, requireString, requireValue, show, validationError } from '../core/validation';

/**
 * Properties of a `ConnectionSourceAction`.
 */
export interface ConnectionSourceActionProps extends codepipeline.CommonAwsActionProps {
  /**
   * The connection that reaches the repository.
   */
  readonly connection: IConnection;

  /**
   * The owner of the repository: a user or organization (GitHub,
   * Bitbucket), a group or `group/subgroup` (GitLab).
   */
  readonly owner: string;

  /**
   * The name of the repository, without the owner.
   */
  readonly repo: string;

  /**
   * The branch to build. Required: there is no safe default (repositories
   * use `main`, `master` or others).
   */
  readonly branch: string;

  /**
   * The artifact the source is written to.
   */
  readonly output: codepipeline.Artifact;

  /**
   * Start the pipeline on every push to the branch.
   *
   * Leave it out with `pushFilter` or `pullRequestFilter`: their trigger
   * replaces this change detection.
   *
   * @default true
   */
  readonly triggerOnPush?: boolean;

  /**
   * The pushes that start the pipeline: tags, branches, or branches and
   * changed file paths (e.g. only changes under `services/api/**` of
   * `main`, for one pipeline per service of a monorepo). Needs a V2
   * pipeline. With a filter, `branch` is only the branch of a manual start.
   *
   * @default - no push filter: without a pullRequestFilter either, every push to `branch` starts the pipeline (see triggerOnPush)
   */
  readonly pushFilter?: PushFilter[];

  /**
   * The pull requests that start the pipeline: destination branches,
   * optionally changed file paths, and events. Needs a V2 pipeline.
   *
   * @default - pull requests do not start the pipeline
   */
  readonly pullRequestFilter?: PullRequestFilter[];

  /**
   * Output a reference to the repository (a clone URL) instead of a zip of
   * the branch, so a CodeBuild action that consumes it gets a full git
   * clone with history. The CodeBuild projects of actions that consume the
   * output are granted `UseConnection` on this connection and repository.
   *
   * @default false
   */
  readonly codeBuildCloneOutput?: boolean;
}

/**
 * A CodePipeline source action that reads a repository through a
 * CodeConnections connection (`CodeStarSourceConnection`).
 *
 * Unlike `CodeStarConnectionsSourceAction`, it takes an `IConnection` and
 * grants `UseConnection` with the IAM prefix the connection's ARN needs
 * (`codeconnections:` or `codestar-connections:`, both when unknown at
 * synth), scoped to this repository and to read-only use. When the
 * connection waits for AVAILABLE, the pipeline is created only after the
 * handshake.
 */
export class ConnectionSourceAction extends codepipeline_actions.Action {
  private readonly props: ConnectionSourceActionProps;

  constructor(props: ConnectionSourceActionProps) {
    // Before super(): aws-cdk-lib's Action reads these, and a plain
    // JavaScript caller who omits one would get a TypeError from inside it.
    checkRequiredProps(props);
    super({
      ...props,
      category: codepipeline.ActionCategory.SOURCE,
      owner: 'AWS',
      provider: 'CodeStarSourceConnection',
      artifactBounds: { minInputs: 0, maxInputs: 0, minOutputs: 1, maxOutputs: 1 },
      outputs: [props.output],
    });
    this.props = props;
  }

  /** The variables this action emits. */
  public get variables(): codepipeline_actions.CodeStarSourceVariables {
    return {
      fullRepositoryName: this.variableExpression('FullRepositoryName'),
      branchName: this.variableExpression('BranchName'),
      authorDate: this.variableExpression('AuthorDate'),
      commitId: this.variableExpression('CommitId'),
      commitMessage: this.variableExpression('CommitMessage'),
      connectionArn: this.variableExpression('ConnectionArn'),
    };
  }

  /** `owner/repo`, as CodePipeline's `FullRepositoryId`. */
  public get fullRepositoryId(): string {
    return `${this.props.owner}/${this.props.repo}`;
  }

  protected bound(scope: Construct, stage: codepipeline.IStage, options: codepipeline.ActionBindOptions): codepipeline.ActionConfig {
    const { connection, output } = this.props;
    // Here, not in the constructor: the action's own path (pipeline, stage,
    // action) is known only once it is in a pipeline.
    validateRepository(scope, this.props);
    const { pushFilter, pullRequestFilter, triggerOnPush } = this.props;
    const filtered = pushFilter !== undefined || pullRequestFilter !== undefined;
    if (filtered) {
      if (triggerOnPush !== undefined) {
        throw validationError(scope, `ConnectionSourceAction '${this.actionProperties.actionName}': triggerOnPush is ${triggerOnPush}, and the action has trigger filters, whose trigger replaces change detection (CodePipeline turns it off): leave triggerOnPush out`);
      }
      addTrigger(scope, stage.pipeline, this.actionProperties.actionName, pushFilter, pullRequestFilter);
    }
    connection.grantUse(options.role, { repositories: [this.fullRepositoryId], readOnly: true });
    // The action writes the source to the artifact bucket.
    options.bucket.grantReadWrite(options.role);
    options.bucket.grantPutAcl(options.role);

    if (this.props.codeBuildCloneOutput) {
      grantCloneToConsumers(scope, stage.pipeline, output, connection, this.fullRepositoryId);
    }

    if (connection instanceof Connection) {
      if (connection.waitsForAvailable) {
        // A pipeline starts a run as soon as it is created; make it wait for
        // the handshake, or that first run fails on a PENDING connection.
        const target = stage.pipeline.node.defaultChild ?? stage.pipeline;
        target.node.addDependency(connection.connectionAvailable);
      } else {
        // On the action's own scope, below the pipeline: acknowledging on the
        // pipeline (or higher) works before and after the action is added.
        warnPendingConnection(scope, `pipeline source action '${this.actionProperties.actionName}'`, connection);
      }
    }

    return {
      configuration: {
        ConnectionArn: connection.connectionArn,
        FullRepositoryId: this.fullRepositoryId,
        BranchName: this.props.branch,
        OutputArtifactFormat: this.props.codeBuildCloneOutput ? 'CODEBUILD_CLONE_REF' : undefined,
        // With filters, the trigger starts the pipeline; false is what the
        // CodePipeline console sets then (user guide, "Automate starting
        // pipelines using triggers and filtering").
        DetectChanges: filtered ? false : this.props.triggerOnPush,
      },
    };
  }
}

function checkRequiredProps(props: ConnectionSourceActionProps): void {
  const where = `ConnectionSourceAction '${props?.actionName ?? '(no actionName)'}'`;
  requireValue('ConnectionSourceAction', 'props', props, '{ actionName, connection, owner, repo, branch, output }');
  requireString(where, 'actionName', props.actionName, "actionName: 'Source'");
  requireConnection(where, props.connection);
  requireString(where, 'owner', props.owner, "owner: 'my-org'");
  requireString(where, 'repo', props.repo, "repo: 'my-app'");
  requireString(where, 'branch', props.branch, "branch: 'main'");
  requireValue(where, 'output', props.output, 'output: new codepipeline.Artifact()');
  // CodePipeline's rule; aws-cdk-lib also names constructs after the action,
  // so a token cannot stand in for it.
  // The action is in no pipeline yet, so no construct path: the message names
  // the action (CodePipeline names the action's constructs after it).
  if (Token.isUnresolved(props.actionName)) {
    throw new Error('ConnectionSourceAction: actionName must be known at synth time (CodePipeline names the action\'s constructs after it); got a token');
  }
  if (!/^[a-zA-Z0-9.@_-]{1,100}$/.test(props.actionName)) {
    throw new Error(`ConnectionSourceAction: actionName ${show(props.actionName)} must be 1-100 letters, digits, '.', '@', '_' or '-'`);
  }
  if (props.actionName in Object.prototype) {
    // constructs 10.x reports such an id as a duplicate construct.
    throw new Error(`ConnectionSourceAction: actionName ${show(props.actionName)} is a JavaScript built-in name, which the constructs library cannot use as an id; choose another name`);
  }
}

/** Repository part of a `FullRepositoryId`: no slashes. */
const REPO_NAME = /^[A-Za-z0-9_.-]+$/;

function validateRepository(scope: IConstruct, props: ConnectionSourceActionProps): void {
  const where = `ConnectionSourceAction '${props.actionName}'`;
  if (!Token.isUnresolved(props.repo) && !REPO_NAME.test(props.repo)) {
    throw validationError(scope, `${where}: repo ${show(props.repo)} must be a repository name without the owner: letters, digits, '-', '_' and '.' only`);
  }
  if (!Token.isUnresolved(props.owner) && repositoryIdProblem(`${props.owner}/x`)) {
    throw validationError(scope, `${where}: owner ${show(props.owner)} must be a user, organization or group (GitLab: group/subgroup): letters, digits, '-', '_' and '.' only`);
  }
  const problem = ownerProblem(providerTypeName(props.connection), props.owner, props.repo);
  if (problem) {
    throw validationError(scope, `${where}: owner ${show(props.owner)} ${problem}`);
  }
  if (!Token.isUnresolved(props.branch) && (props.branch.trim() === '' || /\s/.test(props.branch))) {
    throw validationError(scope, `${where}: branch ${show(props.branch)} must be a branch name, e.g. 'main'`);
  }
}

/** Id of the policy that lets the consumers of a clone-ref artifact clone through the connection. */
const CLONE_POLICY_ID = 'CodeConnectionsClone';

/**
 * Grants the CodeBuild projects that consume a clone-ref artifact the use of
 * the connection for that repository: CodeBuild clones with the project's
 * own role.
 *
 * The consuming actions join the pipeline after this one, and CDK Pipelines
 * adds them while aspects run; aws-cdk-lib before 2.172 (and apps without
 * its aspect-stabilization flag) never runs an aspect added then to a
 * construct already visited. So the statements go into a customer-managed
 * policy of their own, created now (a connection of another stack is then
 * referenced early enough to become a CloudFormation export), and the
 * pipeline's validation, which runs after every action and aspect, attaches
 * it to each consumer's role and makes the pipeline (whose creation starts a
 * first run) wait for it: one code path, the same template, at every
 * aws-cdk-lib version. An imported role gets the statements inline instead
 * (a managed policy would also be attached to a role imported with
 * `mutable: false`); without a consumer the policy is removed.
 */
function grantCloneToConsumers(
  scope: Construct, pipeline: codepipeline.IPipeline, artifact: codepipeline.Artifact, connection: IConnection, repository: string,
): void {
  const policy = new iam.ManagedPolicy(scope, CLONE_POLICY_ID, {
    description: `cdk-codeconnections: CodeBuild projects of ${pipeline.node.path} clone ${repository} through the connection`,
  });
  connection.grantUse(policyGrantee(policy), { repositories: [repository], readOnly: true });
  pipeline.node.addValidation({
    validate: () => {
      if (!(pipeline instanceof codepipeline.Pipeline)) {
        return [];
      }
      const roles = new Set<iam.IRole>();
      for (const stage of pipeline.stages) {
        for (const action of stage.actions) {
          // The same Artifact object: unnamed artifacts get their names only
          // when the pipeline renders, so names cannot be compared here.
          const consumes = (action.actionProperties.inputs ?? []).some(input => input === artifact);
          const project = action.actionProperties.resource;
          if (consumes && isProject(project) && project.role) {
            roles.add(project.role);
          }
        }
      }
      let attached = false;
      for (const role of roles) {
        if (role instanceof iam.Role) {
          policy.attachToRole(role);
          attached = true;
        } else {
          connection.grantUse(role, { repositories: [repository], readOnly: true });
        }
      }
      if (attached) {
        addResourceDependency(pipeline.node.defaultChild as CfnResource, policy.node.defaultChild as CfnResource);
      } else {
        policy.node.scope?.node.tryRemoveChild(policy.node.id);
      }
      return [];
    },
  });
}

function isProject(x: unknown): x is codebuild.IProject & iam.IGrantable {
  return typeof x === 'object' && x !== null && 'projectArn' in x && 'grantPrincipal' in x;
}

/** Warning id of a pipeline on a connection created PENDING in the same deploy. */
const PENDING_CONNECTION_WARNING = 'cdk-codeconnections:pipelineOnPendingConnection';

/**
 * Warns that `user` reads through a connection created in this app that the
 * deploy does not wait for: CloudFormation creates it PENDING, so the first
 * run fails. Imported and looked-up connections exist already, and a
 * connection with `waitForAvailable` is waited for, so they get no warning.
 */
function warnPendingConnection(scope: IConstruct, user: string, connection: Connection): void {
  Annotations.of(scope).addWarningV2(PENDING_CONNECTION_WARNING,
    `${user} uses connection ${connection.node.path}, which this deploy creates in PENDING: the first run will fail until a person finishes the handshake. `
    + 'Either create the connection with waitForAvailable (e.g. Duration.minutes(30)), so the pipeline is created only after the handshake, '
    + 'or finish the handshake before the first run: deploy the connection first, open the link in its NextStep output, then add the pipeline '
    + '(or, if the first run already failed, release a change after the handshake).');
}
