import { Annotations, Aspects, IAspect, Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import { Construct, IConstruct } from 'constructs';
import { checkPrimaryOnly, connectionPolicyGrantee, OrderProjectCreation, ROLE_NOT_UPDATED_WARNING } from './codebuild-project-policy';
import { CodeBuildProvider, checkRepositoryProps, codeBuildProviderOf, renderFilterGroups, warnPendingConnectionForWebhook } from './codebuild-rules';
import { WebhookScope } from './webhook-scope';
import { Connection } from '../connection/connection';
import { IConnection } from '../connection/connection-base';
import { ProviderType } from '../connection/provider-type';
import { WORKFLOW_JOB_QUEUED } from '../core/cdk-compat';
import { arnsByNamespace, grantInNamespaces, knownArnNamespace, ownerProblem, useConnectionConditions } from '../core/grants';
import { requireConnection, requireConstruct, requireString, requireValue, show, validationError } from '../core/validation';

/**
 * Properties of a CodeBuild source read through a connection.
 */
export interface CodeBuildSourceProps {
  /**
   * The owner of the repository: a user or organization (GitHub,
   * Bitbucket), a group or `group/subgroup` (GitLab). With `webhookScope`
   * (organization or group), the organization or group of the scope.
   */
  readonly owner: string;

  /**
   * The name of the repository, without the owner.
   *
   * @default - none: required, unless `webhookScope` is set (a scoped webhook
   * serves every repository of its scope; pick some with
   * `FilterGroup.andRepositoryNameIs()`)
   */
  readonly repo?: string;

  /**
   * The branch, tag, commit or pull request to build (the project's
   * `SourceVersion`).
   *
   * @default - the default branch's HEAD
   */
  readonly branchOrRef?: string;

  /**
   * Create a webhook that starts a build on repository events. CodeBuild
   * creates it through the connection, which must be AVAILABLE then (see
   * `waitForAvailable`).
   *
   * @default - true if `webhookFilters` or `webhookScope` is set, otherwise no webhook
   */
  readonly webhook?: boolean;

  /**
   * Filter groups of the webhook: a build starts when any group matches.
   *
   * @default - every push and pull request; with `webhookScope`, the
   * `WORKFLOW_JOB_QUEUED` events of self-hosted runners
   */
  readonly webhookFilters?: codebuild.FilterGroup[];

  /**
   * Start a batch build from the webhook instead of a single build. Enables
   * batch builds on the project.
   *
   * @default false
   */
  readonly webhookTriggersBatchBuild?: boolean;

  /**
   * Make the webhook organization-, enterprise- or group-wide. The project's
   * source location becomes `CODEBUILD_DEFAULT_WEBHOOK_SOURCE_LOCATION`, as
   * CodeBuild requires.
   *
   * @default - a webhook of the one repository
   */
  readonly webhookScope?: WebhookScope;

  /**
   * Report the build's start and end to the provider (commit status).
   *
   * @default true
   */
  readonly reportBuildStatus?: boolean;

  /**
   * How many commits of history to clone; 0 clones the full history.
   *
   * @default - the full history
   */
  readonly cloneDepth?: number;

  /**
   * Fetch the repository's git submodules.
   *
   * @default false
   */
  readonly fetchSubmodules?: boolean;

  /**
   * The source identifier: required for a secondary source
   * (`project.addSecondarySource()`). Letters, digits and `_`.
   *
   * @default - none (a primary source needs none)
   */
  readonly identifier?: string;

  /**
   * The connection's provider, for an imported connection (whose provider
   * is unknown at synth). Must match an owned connection's provider.
   *
   * @default - the provider of the connection (or of its host)
   */
  readonly providerType?: ProviderType;

  /**
   * The URL of an installed provider (GitHub Enterprise Server, GitLab
   * self-managed), e.g. `https://github.example.com`, for a connection whose
   * host does not tell it (imported connections and hosts).
   *
   * @default - the `providerEndpoint` of the connection's host
   */
  readonly providerEndpoint?: string;
}

const API = 'CodeBuildSource.fromConnection()';

/**
 * CodeBuild project sources read through a connection (`Auth` type
 * `CODECONNECTIONS`).
 *
 * @example
 * declare const connection: Connection;
 * new codebuild.Project(this, 'Build', {
 *   source: CodeBuildSource.fromConnection(connection, { owner: 'my-org', repo: 'my-app' }),
 * });
 */
export class CodeBuildSource {
  /**
   * A source for a repository read through `connection`, for
   * `new codebuild.Project({ source })` or `project.addSecondarySource()`.
   *
   * The source type and location follow the connection's provider. The
   * project's role gets `GetConnectionToken` and `GetConnection` on the
   * connection, and `UseConnection` scoped to the repository, with the IAM
   * prefix its ARN needs (both, on their own ARNs, when unknown at synth).
   * The project is created after that policy (CodeBuild checks the
   * connection when it creates the project), and after the handshake when
   * the connection waits for AVAILABLE.
   *
   * @param connection the connection that reaches the repository
   * @param props the repository and the build options
   */
  public static fromConnection(connection: IConnection, props: CodeBuildSourceProps): codebuild.ISource {
    requireConnection(API, connection);
    requireValue(API, 'props', props, "{ owner: 'my-org', repo: 'my-app' }");
    requireString(API, 'owner', props.owner, "owner: 'my-org'");
    if (props.repo !== undefined) {
      requireString(API, 'repo', props.repo, "repo: 'my-app'");
    }
    checkRepositoryProps(connection, API, props);
    const provider = codeBuildProviderOf(connection, { ...props, api: API, needsEndpoint: true });
    const problem = ownerProblem(provider.providerType.name, props.owner, props.repo);
    if (problem) {
      throw validationError(connection, `${API}: owner ${show(props.owner)} ${problem}`);
    }
    return new ConnectionCodeBuildSource(connection, provider, props);
  }

  private constructor() {}
}

/** The source `CodeBuildSource.fromConnection()` returns. */
class ConnectionCodeBuildSource extends codebuild.Source {
  public readonly type: string;
  public readonly badgeSupported: boolean;
  private readonly webhook?: boolean;
  private readonly filterGroups?: codebuild.CfnProject.WebhookFilterProperty[][];

  constructor(private readonly connection: IConnection, private readonly provider: CodeBuildProvider, private readonly props: CodeBuildSourceProps) {
    super({ identifier: props.identifier });
    this.type = provider.sourceType;
    // As aws-cdk-lib's own GitHub, GitHub Enterprise and Bitbucket sources.
    this.badgeSupported = ['GITHUB', 'GITHUB_ENTERPRISE', 'BITBUCKET'].includes(provider.sourceType);

    const scope = props.webhookScope;
    const filters = props.webhookFilters ?? (scope ? [codebuild.FilterGroup.inEventOf(WORKFLOW_JOB_QUEUED)] : []);
    this.webhook = props.webhook ?? (props.webhookFilters?.length || scope ? true : undefined);
    this.checkWebhook();
    this.filterGroups = filters.length ? renderFilterGroups(connection, API, filters) : undefined;
    this.checkFilters();
  }

  public bind(scope: Construct, project: codebuild.IProject): codebuild.SourceConfig {
    const { connection, props, provider } = this;
    const base = super.bind(scope, project);
    const arns = arnsByNamespace(project, connection.connectionArn, knownArnNamespace(connection));
    const repository = props.repo === undefined ? undefined : `${props.owner}/${props.repo}`;
    // GetConnectionToken and GetConnection have no repository condition keys;
    // UseConnection has FullRepositoryId.
    const grantee = connectionPolicyGrantee(project);
    const grant = grantInNamespaces(grantee, ['GetConnectionToken', 'GetConnection'], arns)
      .combine(grantInNamespaces(grantee, 'UseConnection', arns, repository ? useConnectionConditions({ repositories: [repository] }) : undefined));

    if (!grant.success) {
      Annotations.of(project).addWarningV2(ROLE_NOT_UPDATED_WARNING,
        `the project's role cannot be updated (imported with mutable: false, or unknown), so it was not granted the use of connection ${connection.node.path}; `
        + `grant ${arns.map(a => `${a.namespace}:GetConnectionToken, ${a.namespace}:GetConnection and ${a.namespace}:UseConnection`).join(' (and ')}${arns.length > 1 ? ')' : ''} `
        + 'on the connection to the role yourself, before the project is created (CodeBuild checks it then)');
    }
    const waitFor = connection instanceof Connection && connection.waitsForAvailable ? connection : undefined;
    Aspects.of(project).add(new OrderProjectCreation(project, grant, waitFor));
    if (connection instanceof Connection && !waitFor && this.webhook) {
      warnPendingConnectionForWebhook(project, connection);
    }

    const buildTriggers = this.buildTriggers();
    if (buildTriggers) {
      checkPrimaryOnly(project, buildTriggers);
      const scopeConfiguration = this.scopeConfiguration();
      if (scopeConfiguration) {
        Aspects.of(project).add(new WriteWebhookScope(project, buildTriggers, scopeConfiguration));
      }
    }
    if (props.webhookTriggersBatchBuild) {
      project.enableBatchBuilds();
    }

    return {
      sourceProperty: {
        ...base.sourceProperty,
        location: props.webhookScope ? 'CODEBUILD_DEFAULT_WEBHOOK_SOURCE_LOCATION' : `${provider.endpoint}/${props.owner}/${props.repo}.git`,
        auth: { type: 'CODECONNECTIONS', resource: connection.connectionArn },
        reportBuildStatus: props.reportBuildStatus ?? true,
        gitCloneDepth: props.cloneDepth,
        gitSubmodulesConfig: props.fetchSubmodules ? { fetchSubmodules: true } : undefined,
      },
      sourceVersion: props.branchOrRef,
      buildTriggers,
    };
  }

  private buildTriggers(): codebuild.CfnProject.ProjectTriggersProperty | undefined {
    if (this.webhook === undefined) {
      return undefined;
    }
    return {
      webhook: this.webhook,
      buildType: this.props.webhookTriggersBatchBuild ? 'BUILD_BATCH' : undefined,
      filterGroups: this.filterGroups,
    };
  }

  /** The webhook's `Triggers.ScopeConfiguration` (CloudFormation's names), for an organization or enterprise webhook. */
  private scopeConfiguration(): Record<string, string> | undefined {
    const scope = this.props.webhookScope;
    return scope && {
      Name: scope.name,
      Scope: scope.scope,
      // CodeBuild needs the domain for installed providers only.
      ...(this.provider.installed ? { Domain: this.provider.endpoint } : {}),
    };
  }

  private checkWebhook(): void {
    const { props, connection } = this;
    const scope = props.webhookScope;
    if (!this.webhook) {
      const stray = (['webhookFilters', 'webhookTriggersBatchBuild', 'webhookScope'] as const)
        .filter(p => (p === 'webhookFilters' ? props.webhookFilters?.length : props[p]));
      if (stray.length) {
        throw validationError(connection, `${API}: ${stray.join(', ')} ${stray.length > 1 ? 'configure' : 'configures'} the webhook, but webhook is false; remove webhook: false, or remove ${stray.join(', ')}`);
      }
    }
    if (scope) {
      requireConstruct(API, 'webhookScope', scope, 'scope', 'a WebhookScope', "webhookScope: WebhookScope.organization('my-org')");
      if (!scope._fits(this.provider.family)) {
        throw validationError(connection, `${API}: webhookScope ${scope.scope} does not fit provider ${this.provider.providerType.name}: `
          + 'use WebhookScope.organization() or enterprise() for GitHub and GitHub Enterprise Server, gitLabGroup() for GitLab; Bitbucket has no scoped webhooks');
      }
      if (props.repo !== undefined) {
        throw validationError(connection, `${API}: repo ${show(props.repo)} and webhookScope exclude each other: a ${scope.scope} webhook serves every repository of ${show(scope.name)} `
          + "(CodeBuild's location is then CODEBUILD_DEFAULT_WEBHOOK_SOURCE_LOCATION); remove repo, and pick repositories with FilterGroup.andRepositoryNameIs()");
      }
      if (scope.scope !== 'GITHUB_GLOBAL' && !Token.isUnresolved(props.owner) && !Token.isUnresolved(scope.name) && props.owner !== scope.name) {
        throw validationError(connection, `${API}: owner ${show(props.owner)} must be the ${scope.scope === 'GITLAB_GROUP' ? 'group' : 'organization'} of webhookScope, ${show(scope.name)}`);
      }
    } else if (props.repo === undefined) {
      throw validationError(connection, `${API}: repo is required: pass e.g. repo: 'my-app' (only an organization- or group-wide webhook, webhookScope, has no repository)`);
    }
  }

  private checkFilters(): void {
    const groups = this.filterGroups ?? [];
    const types = groups.flatMap(g => g.map(f => f.type));
    if (types.includes('REPOSITORY_NAME') && !this.props.webhookScope) {
      throw validationError(this.connection, `${API}: webhookFilters use andRepositoryNameIs(), which only a scoped webhook can match; pass webhookScope (e.g. WebhookScope.organization('my-org')), or remove the repository name filter`);
    }
    const events = groups.flatMap(g => g.filter(f => f.type === 'EVENT').flatMap(f => f.pattern.split(', ')));
    if (this.provider.sourceType === 'BITBUCKET' && events.includes('PULL_REQUEST_REOPENED')) {
      throw validationError(this.connection, `${API}: Bitbucket webhooks have no PULL_REQUEST_REOPENED event; remove it from webhookFilters`);
    }
  }
}

/**
 * Writes the webhook's scope into the project's `Triggers`, as a property
 * override: `CfnProject`'s `scopeConfiguration` first ships in aws-cdk-lib
 * 2.148.0, and earlier releases drop a property their L1 does not know, so
 * an override is the one way that writes the same template at every
 * version. An aspect, because the project's L1 does not exist yet when the
 * source is bound; only for the primary source (checkPrimaryOnly says why a
 * secondary one cannot have a webhook).
 */
class WriteWebhookScope implements IAspect {
  private done = false;

  constructor(
    private readonly project: codebuild.IProject,
    private readonly triggers: codebuild.CfnProject.ProjectTriggersProperty,
    private readonly scopeConfiguration: Record<string, string>,
  ) {}

  public visit(node: IConstruct): void {
    if (this.done || node !== this.project) {
      return;
    }
    this.done = true;
    const cfn = this.project.node.defaultChild;
    if (cfn instanceof codebuild.CfnProject && cfn.triggers === this.triggers) {
      cfn.addPropertyOverride('Triggers.ScopeConfiguration', this.scopeConfiguration);
    }
  }
}
