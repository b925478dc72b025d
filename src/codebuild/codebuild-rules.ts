/**
 * Synth-time rules of CodeBuild sources and source credentials read through a
 * connection: which CodeBuild source type a provider maps to, where its
 * repositories live, and how webhook filter groups render.
 */
import { Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import { IConstruct } from 'constructs';
import { Connection } from '../connection/connection';
import type { IConnection } from '../connection/connection-base';
import { ProviderType } from '../connection/provider-type';
import { validateEndpoint } from '../core/endpoint-rules';
import { warnCreatedThroughPendingConnection } from '../core/pending-connection-warning';
import { gitRefProblem, requireOptionalType, show, validationError } from '../core/validation';

/** How CodeBuild names one provider, and where its repositories live. */
export interface CodeBuildProvider {
  /** The CodeConnections provider type. */
  readonly providerType: ProviderType;
  /** `Source.Type` of a CodeBuild project, and `ServerType` of a source credential. */
  readonly sourceType: string;
  /** The provider's web address: a constant for cloud providers, the host's endpoint for installed ones ('' when not needed). */
  readonly endpoint: string;
  /** Installed providers (GitHub Enterprise Server, GitLab self-managed). */
  readonly installed: boolean;
  /** GitHub or GitLab: the family a webhook scope belongs to. */
  readonly family: 'github' | 'gitlab' | 'bitbucket';
}

const CLOUD: Record<string, { sourceType: string; endpoint: string; family: CodeBuildProvider['family'] }> = {
  GitHub: { sourceType: 'GITHUB', endpoint: 'https://github.com', family: 'github' },
  Bitbucket: { sourceType: 'BITBUCKET', endpoint: 'https://bitbucket.org', family: 'bitbucket' },
  GitLab: { sourceType: 'GITLAB', endpoint: 'https://gitlab.com', family: 'gitlab' },
};

const INSTALLED: Record<string, { sourceType: string; family: CodeBuildProvider['family'] }> = {
  GitHubEnterpriseServer: { sourceType: 'GITHUB_ENTERPRISE', family: 'github' },
  GitLabSelfManaged: { sourceType: 'GITLAB_SELF_MANAGED', family: 'gitlab' },
};

const SUPPORTED = 'GitHub, GitHubEnterpriseServer, Bitbucket, GitLab or GitLabSelfManaged';

/** What the caller says about the provider, next to what the connection knows. */
export interface ProviderHints {
  /** `providerType` prop, for imported connections. */
  readonly providerType?: ProviderType;
  /** `providerEndpoint` prop, for installed providers whose host does not tell. */
  readonly providerEndpoint?: string;
  /** The API that takes the hints, for messages (e.g. `CodeBuildSource.fromConnection()`). */
  readonly api: string;
  /** Whether the caller needs the endpoint (a source does, a credential does not). */
  readonly needsEndpoint: boolean;
  /** Where errors point: the construct being built, when there is one. @default the connection */
  readonly scope?: IConstruct;
}

/**
 * The provider CodeBuild reads through `connection`: the provider type of an
 * owned connection (or of its host), else `hints.providerType`. Fails at synth
 * with what to pass when it is unknown, contradicts the connection, or is one
 * CodeBuild cannot use.
 */
export function codeBuildProviderOf(connection: IConnection, hints: ProviderHints): CodeBuildProvider {
  const { api } = hints;
  const where = hints.scope ?? connection;
  if (hints.providerType !== undefined && typeof hints.providerType?.name !== 'string') {
    throw validationError(where, `${api}: providerType must be a ProviderType (e.g. ProviderType.GITHUB), got ${typeof hints.providerType} ${JSON.stringify(hints.providerType)}`);
  }
  const owned = connection instanceof Connection ? connection : undefined;
  const known = owned?.providerType ?? (owned?.host?.providerType && ProviderType.of(owned.host.providerType.name));
  if (known && hints.providerType && known.name !== hints.providerType.name) {
    throw validationError(where, `${api}: providerType ${hints.providerType.name} contradicts the connection, whose provider is ${known.name}; remove providerType (it is only needed for imported connections)`);
  }
  const providerType = known ?? hints.providerType;
  if (!providerType) {
    throw validationError(where, `${api}: the connection's provider is unknown (an imported connection, or one on a host imported without providerType); `
      + 'pass providerType, e.g. providerType: ProviderType.GITHUB, so CodeBuild gets the matching source type and repository URL');
  }
  const cloud = CLOUD[providerType.name];
  if (cloud) {
    return { providerType, ...cloud, installed: false };
  }
  const installed = INSTALLED[providerType.name];
  if (!installed) {
    throw validationError(where, `${api}: provider ${providerType.name} cannot be a CodeBuild source: CodeBuild reads ${SUPPORTED} repositories through a connection; `
      + 'use a connection of one of those providers (Azure DevOps repositories can reach CodeBuild through a CodePipeline source action)');
  }
  const endpoint = hints.needsEndpoint ? installedEndpoint(connection, owned, providerType, hints) : '';
  return { providerType, ...installed, installed: true, endpoint };
}

/** The endpoint of an installed provider: from `providerEndpoint`, else from the connection's host. */
function installedEndpoint(connection: IConnection, owned: Connection | undefined, providerType: ProviderType, hints: ProviderHints): string {
  const fromHost = owned?.host?.providerEndpoint;
  const given = hints.providerEndpoint;
  if (given !== undefined) {
    validateEndpoint(connection, given);
    if (fromHost !== undefined && !Token.isUnresolved(given) && !Token.isUnresolved(fromHost) && trimSlash(given) !== trimSlash(fromHost)) {
      throw validationError(connection, `${hints.api}: providerEndpoint ${show(given)} contradicts the connection's host, whose endpoint is ${show(fromHost)}; remove providerEndpoint`);
    }
  }
  const endpoint = given ?? fromHost;
  if (endpoint === undefined) {
    throw validationError(connection, `${hints.api}: provider ${providerType.name} is installed, and CodeBuild needs its URL for the repository location, which this connection does not know `
      + `(${owned?.host ? `its host ${owned.host.node.path} was imported without providerEndpoint` : 'an imported connection'}); `
      + "pass providerEndpoint, e.g. providerEndpoint: 'https://github.example.com', or import the host with Host.fromHostAttributes({ hostArn, providerEndpoint })");
  }
  return trimSlash(endpoint);
}

function trimSlash(url: string): string {
  return Token.isUnresolved(url) ? url : url.replace(/\/+$/, '');
}

/** Repository name: no slashes. */
const REPO_NAME = /^[A-Za-z0-9_.-]+$/;
/** A user, organization or group (GitLab: group/subgroup). */
const OWNER = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
/** CodeBuild's rule for source identifiers. */
const SOURCE_IDENTIFIER = /^[A-Za-z0-9_]{1,127}$/;

/** Checks owner, repo, cloneDepth and identifier (tokens pass). */
export function checkRepositoryProps(scope: IConstruct, api: string, props: {
  readonly owner: string;
  readonly repo?: string;
  readonly cloneDepth?: number;
  readonly identifier?: string;
  readonly branchOrRef?: string;
  readonly webhookFilters?: unknown;
}): void {
  if (props.webhookFilters !== undefined && props.webhookFilters !== null && !Array.isArray(props.webhookFilters)) {
    throw validationError(scope, `${api}: webhookFilters must be a list of codebuild.FilterGroup (e.g. [FilterGroup.inEventOf(EventAction.PUSH)]), got ${typeof props.webhookFilters}`);
  }
  requireOptionalType(`${scope.node.path}: ${api}`, 'cloneDepth', props.cloneDepth, 'number', 'a number');
  if (props.branchOrRef !== undefined && props.branchOrRef !== null) {
    const problem = gitRefProblem(props.branchOrRef);
    if (problem) {
      throw validationError(scope, `${api}: branchOrRef ${show(props.branchOrRef)} ${problem}`);
    }
  }
  if (props.repo !== undefined && !Token.isUnresolved(props.repo) && /\.git$/i.test(props.repo)) {
    throw validationError(scope, `${api}: repo ${show(props.repo)} must be the repository's name without '.git' (the source location adds it): pass ${show(props.repo.replace(/\.git$/i, ''))}`);
  }
  if (!Token.isUnresolved(props.owner) && !OWNER.test(props.owner)) {
    throw validationError(scope, `${api}: owner ${show(props.owner)} must be a user, organization or group (GitLab: group/subgroup): letters, digits, '-', '_' and '.' only`);
  }
  if (props.repo !== undefined && !Token.isUnresolved(props.repo) && !REPO_NAME.test(props.repo)) {
    throw validationError(scope, `${api}: repo ${show(props.repo)} must be a repository name without the owner: letters, digits, '-', '_' and '.' only`);
  }
  if (props.cloneDepth !== undefined && !Token.isUnresolved(props.cloneDepth) && !(Number.isInteger(props.cloneDepth) && props.cloneDepth >= 0)) {
    throw validationError(scope, `${api}: cloneDepth ${props.cloneDepth} must be a whole number, 0 or more (0: the full history)`);
  }
  if (props.identifier !== undefined && !Token.isUnresolved(props.identifier) && !SOURCE_IDENTIFIER.test(props.identifier)) {
    throw validationError(scope, `${api}: identifier ${show(props.identifier)} must be 1-127 letters, digits or '_' (CodeBuild's rule for source identifiers)`);
  }
}

/**
 * The CloudFormation form of webhook filter groups.
 *
 * `FilterGroup` has no public way to read its conditions: aws-cdk-lib's own
 * sources call its `_toJson()`, which is `@internal` (stable in 2.x, but not
 * part of the typed API). It is called here the same way, and checked for, so
 * a future aws-cdk-lib without it fails with a clear message instead of a
 * TypeError.
 */
export function renderFilterGroups(scope: IConstruct, api: string, groups: codebuild.FilterGroup[]): codebuild.CfnProject.WebhookFilterProperty[][] {
  return groups.map((group, i) => {
    const toJson = (group as unknown as { _toJson?: () => codebuild.CfnProject.WebhookFilterProperty[] })?._toJson;
    if (typeof toJson !== 'function') {
      throw validationError(scope, `${api}: webhookFilters[${i}] must be a codebuild.FilterGroup (e.g. FilterGroup.inEventOf(EventAction.PUSH).andBranchIs('main')), got ${typeof group}`);
    }
    return toJson.call(group);
  });
}

/** Warning id of a CodeBuild webhook on a connection created PENDING in the same deploy. */
const CODEBUILD_WEBHOOK_PENDING_WARNING = 'cdk-codeconnections:codeBuildWebhookOnPendingConnection';

/**
 * Warns that a CodeBuild project creates its webhook through a connection
 * created in this app that the deploy does not wait for: CodeBuild creates
 * the webhook with the project, through the connection, which is still
 * PENDING then, so the project's creation fails.
 */
export function warnPendingConnectionForWebhook(scope: IConstruct, connection: Connection): void {
  warnCreatedThroughPendingConnection(scope, CODEBUILD_WEBHOOK_PENDING_WARNING,
    `CodeBuild project ${scope.node.path} creates its webhook through connection ${connection.node.path}`,
    'CodeBuild creates the webhook when it creates the project, and fails while the connection is PENDING.',
    'the project', 'the project');
}
