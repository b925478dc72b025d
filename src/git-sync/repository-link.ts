import { IResource, Resource, Token, aws_codestarconnections as codestarconnections } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct, IConstruct } from 'constructs';
import { gitSyncRule, REPOSITORY_SYNC_DETAIL_TYPES } from './sync-events';
import { Connection } from '../connection/connection';
import { IConnection } from '../connection/connection-base';
import { warnCreatedThroughPendingConnection } from '../core/pending-connection-warning';
import { requireConnection, requireConstruct, requireString, requireValue, show, validationError } from '../core/validation';

/**
 * A Git sync repository link: one repository, reached through a connection,
 * that sync configurations (e.g. `StackSync`) read from.
 */
export interface IRepositoryLink extends IResource {
  /**
   * The id of the repository link, what a sync configuration names.
   *
   * @attribute
   */
  readonly repositoryLinkId: string;

  /**
   * The ARN of the repository link.
   *
   * @attribute
   */
  readonly repositoryLinkArn: string;

  /**
   * An EventBridge rule for the repository sync events of this link (Git
   * sync's `Repository Sync Status Change`, matched by `repositoryLinkId`, in
   * both spellings AWS's pages give the detail-type).
   *
   * @param id the rule's construct id
   * @param options target, rule name, description, an extra event pattern
   */
  onSyncStatusChange(id: string, options?: events.OnEventOptions): events.Rule;
}

/**
 * Attributes of an existing repository link, for
 * `RepositoryLink.fromRepositoryLinkAttributes`.
 */
export interface RepositoryLinkAttributes {
  /** The repository link's id. */
  readonly repositoryLinkId: string;

  /**
   * The repository link's ARN.
   *
   * @default - unknown; reading `repositoryLinkArn` throws
   */
  readonly repositoryLinkArn?: string;
}

/**
 * Properties of a `RepositoryLink`.
 */
export interface RepositoryLinkProps {
  /**
   * The connection Git sync reads the repository through. Its provider must
   * be one Git sync supports: GitHub, GitHub Enterprise Server, GitLab,
   * GitLab self-managed or Bitbucket (not Azure DevOps).
   */
  readonly connection: IConnection;

  /**
   * The repository's owner: the user, organization or workspace
   * (GitLab: the group path, e.g. `group/subgroup`).
   */
  readonly owner: string;

  /** The repository's name, without its owner. */
  readonly repositoryName: string;

  /**
   * A customer managed key that encrypts the link's data.
   *
   * @default - an AWS owned key
   */
  readonly encryptionKey?: kms.IKey;
}

/** Providers Git sync supports (CloudFormation's Git sync prerequisites page). */
const GIT_SYNC_PROVIDERS = ['GitHub', 'GitHubEnterpriseServer', 'GitLab', 'GitLabSelfManaged', 'Bitbucket'];

/** Providers whose owners are group paths (`group/subgroup`). */
const GROUP_PROVIDERS = ['GitLab', 'GitLabSelfManaged'];

/** An owner: one segment, or a GitLab group path. */
const OWNER = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
/** A repository name: one segment. */
const REPOSITORY_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * A repository linked for Git sync:
 * `AWS::CodeStarConnections::RepositoryLink` (there is no
 * `AWS::CodeConnections::` equivalent).
 *
 * Git sync reads the repository through the connection, so the connection
 * must be AVAILABLE before the first sync; with a `Connection` created with
 * `waitForAvailable`, the link is created only once it is.
 *
 * @resource AWS::CodeStarConnections::RepositoryLink
 */
export class RepositoryLink extends Resource implements IRepositoryLink {
  /**
   * Imports an existing repository link.
   *
   * @param scope the scope of the import
   * @param id the import's construct id
   * @param attrs the link's id, and optionally its ARN
   */
  public static fromRepositoryLinkAttributes(scope: Construct, id: string, attrs: RepositoryLinkAttributes): IRepositoryLink {
    const where = `${scope?.node?.path}/${id}`;
    requireValue(where, 'attrs', attrs, '{ repositoryLinkId }');
    const linkId = requireString(where, 'repositoryLinkId', attrs.repositoryLinkId, "repositoryLinkId: '11111111-2222-4333-8444-555555555555'");
    class Import extends Resource implements IRepositoryLink {
      public readonly repositoryLinkId = linkId;
      public onSyncStatusChange(ruleId: string, options?: events.OnEventOptions): events.Rule {
        return repositorySyncRule(this, ruleId, this.repositoryLinkId, options);
      }
      public get repositoryLinkArn(): string {
        if (attrs.repositoryLinkArn === undefined) {
          throw validationError(this, 'repositoryLinkArn is unknown: pass repositoryLinkArn to RepositoryLink.fromRepositoryLinkAttributes()');
        }
        return attrs.repositoryLinkArn;
      }
    }
    const imported = new Import(scope, id);
    if (!Token.isUnresolved(linkId) && linkId.trim() === '') {
      throw validationError(imported, `RepositoryLink '${id}': repositoryLinkId ${show(linkId)} is empty`);
    }
    return imported;
  }

  /** The id of the repository link. @attribute */
  public readonly repositoryLinkId: string;

  /** The ARN of the repository link. @attribute */
  public readonly repositoryLinkArn: string;

  constructor(scope: Construct, id: string, props: RepositoryLinkProps) {
    const where = `${scope?.node?.path}/${id}`;
    requireValue(where, 'props', props, '{ connection, owner, repositoryName }');
    requireConnection(where, props.connection);
    requireString(where, 'owner', props.owner, "owner: 'my-org'");
    requireString(where, 'repositoryName', props.repositoryName, "repositoryName: 'my-repo'");
    if (props.encryptionKey !== undefined && props.encryptionKey !== null) {
      requireConstruct(where, 'encryptionKey', props.encryptionKey, 'keyArn', 'a kms.IKey', "encryptionKey: kms.Key.fromKeyArn(this, 'Key', arn)");
    }
    super(scope, id);

    if (!Token.isUnresolved(props.owner) && !OWNER.test(props.owner)) {
      throw validationError(this, `owner: ${show(props.owner)} must be letters, digits, '-', '_' and '.' (GitLab groups: 'group/subgroup')`);
    }
    if (!Token.isUnresolved(props.repositoryName) && !REPOSITORY_NAME.test(props.repositoryName)) {
      throw validationError(this, `repositoryName: ${show(props.repositoryName)} must be letters, digits, '-', '_' and '.' only, without the owner`);
    }
    const connection = props.connection;
    if (connection instanceof Connection && connection.providerType !== undefined) {
      const provider = connection.providerType;
      // Only providers this library knows (requiresHost defined) are checked: an unknown one may be newer than this list.
      if (provider.requiresHost !== undefined && !GIT_SYNC_PROVIDERS.includes(provider.name)) {
        throw validationError(this, `connection: provider ${show(provider.name)} is not supported by Git sync, which supports ${GIT_SYNC_PROVIDERS.join(', ')}; use a connection to one of those`);
      }
      if (provider.requiresHost !== undefined && !GROUP_PROVIDERS.includes(provider.name) && !Token.isUnresolved(props.owner) && props.owner.includes('/')) {
        throw validationError(this, `owner: ${show(props.owner)} has a '/', which only GitLab group paths have; a ${provider.name} owner is one user or organization name`);
      }
    }
    if (connection instanceof Connection && !connection.waitsForAvailable) {
      warnPendingConnectionForRepositoryLink(this, connection);
    }

    const resource = new codestarconnections.CfnRepositoryLink(this, 'Resource', {
      connectionArn: connection.connectionArn,
      ownerId: props.owner,
      repositoryName: props.repositoryName,
      encryptionKeyArn: props.encryptionKey?.keyArn,
    });
    // CodeConnections reads the repository through the connection when it creates the link.
    if (connection instanceof Connection && connection.waitsForAvailable) {
      resource.node.addDependency(connection.connectionAvailable);
    }
    this.repositoryLinkId = resource.attrRepositoryLinkId;
    this.repositoryLinkArn = resource.attrRepositoryLinkArn;
  }

  public onSyncStatusChange(id: string, options?: events.OnEventOptions): events.Rule {
    return repositorySyncRule(this, id, this.repositoryLinkId, options);
  }
}

/** Warning id of a repository link on a connection created PENDING in the same deploy. */
const REPOSITORY_LINK_PENDING_WARNING = 'cdk-codeconnections:repositoryLinkOnPendingConnection';

/**
 * Warns that a repository link (and the Git sync on it) goes through a
 * connection created in this app that the deploy does not wait for: Git sync
 * reads the repository through the connection, which is still PENDING then.
 */
function warnPendingConnectionForRepositoryLink(scope: IConstruct, connection: Connection): void {
  warnCreatedThroughPendingConnection(scope, REPOSITORY_LINK_PENDING_WARNING,
    `repository link ${scope.node.path} reads the repository through connection ${connection.node.path}`,
    'Git sync cannot read the repository until a person finishes the handshake.',
    'the link', 'the link and its StackSync');
}

function repositorySyncRule(link: Construct, id: string, repositoryLinkId: string, options: events.OnEventOptions | undefined): events.Rule {
  return gitSyncRule(link, id, 'onSyncStatusChange', options, REPOSITORY_SYNC_DETAIL_TYPES, { repositoryLinkId: [repositoryLinkId] });
}
