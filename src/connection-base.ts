import { IResource, Resource, aws_codeconnections as codeconnections } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { arnsByNamespace, grantInNamespaces, repositoryIdProblem, useConnectionConditions } from './private/grants';
import { requireString, requireValue, show, validationError } from './private/validation';

/**
 * A CodeConnections connection: a link from AWS to a repository provider.
 */
export interface IConnection extends IResource, codeconnections.IConnectionRef {
  /**
   * The ARN of the connection, in either namespace
   * (`arn:PARTITION:codeconnections:...` or `arn:PARTITION:codestar-connections:...`).
   *
   * @attribute
   */
  readonly connectionArn: string;

  /**
   * The name of the connection.
   *
   * @attribute
   */
  readonly connectionName: string;

  /**
   * Grants `UseConnection` on this connection: what CodePipeline, CodeBuild
   * and other services need to fetch code through it.
   *
   * The IAM action prefix must match the ARN's namespace. When the namespace
   * is known at synth time, only that prefix is granted; when the ARN is a
   * token, both prefixes are granted, each on the ARN rewritten into its own
   * namespace.
   *
   * @param grantee the principal to grant to
   * @param options repositories and read-only scoping
   */
  grantUse(grantee: iam.IGrantable, options?: GrantUseOptions): iam.Grant;
}

/**
 * Scoping of a `UseConnection` grant.
 */
export interface GrantUseOptions {
  /**
   * Repositories the grantee may use through the connection, each
   * `owner/repo` (GitLab: `group/subgroup/repo`). Mapped to the
   * `FullRepositoryId` condition key.
   *
   * @default - every repository the connection can reach
   */
  readonly repositories?: string[];

  /**
   * Deny uses that declare they need write access to the provider. Mapped to
   * the `ProviderPermissionsRequired` condition key (`read_only`), checked
   * when the caller sends it.
   *
   * @default false
   */
  readonly readOnly?: boolean;
}

/**
 * Attributes of an existing connection, for `Connection.fromConnectionAttributes`.
 */
export interface ConnectionAttributes {
  /**
   * The connection's ARN, in either namespace and any partition.
   */
  readonly connectionArn: string;

  /**
   * The connection's name.
   *
   * @default - unknown; reading `connectionName` throws
   */
  readonly connectionName?: string;
}

/**
 * Behaviour shared by owned and imported connections. Everything here
 * derives from `connectionArn`, so it works for both.
 */
export abstract class ConnectionBase extends Resource implements IConnection {
  public abstract readonly connectionArn: string;
  public abstract readonly connectionName: string;

  public get connectionRef(): codeconnections.ConnectionReference {
    return { connectionArn: this.connectionArn };
  }

  public grantUse(grantee: iam.IGrantable, givenOptions?: GrantUseOptions): iam.Grant {
    requireValue(`${this.node.path}: grantUse()`, 'grantee', grantee, 'a role, user or function');
    const options = givenOptions ?? {};
    if (options.repositories !== undefined && options.repositories !== null) {
      if (options.repositories.length === 0) {
        throw validationError(this, 'grantUse: repositories is empty, which would grant nothing; omit it to allow every repository, or list owner/repo ids');
      }
      for (const repository of options.repositories) {
        requireString(`${this.node.path}: grantUse()`, 'repositories entry', repository, "'my-org/my-app'");
        const problem = repositoryIdProblem(repository);
        if (problem) {
          throw validationError(this, `grantUse: repositories entry ${show(repository)} ${problem}`);
        }
      }
    }
    return grantInNamespaces(grantee, 'UseConnection', arnsByNamespace(this, this.connectionArn), useConnectionConditions(options));
  }
}
