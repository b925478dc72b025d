import { IResource, Resource, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ram from 'aws-cdk-lib/aws-ram';
import { arnsByNamespace, connectionRepositoryProblem, grantInNamespaces, knownArnNamespace, useConnectionConditions } from '../core/grants';
import { requireString, requireValue, show, validationError } from '../core/validation';
import { availableMetric } from '../monitoring/health-publisher';
import { ConnectionShare } from '../sharing/connection-share';
import { checkCrossAccountUse } from '../sharing/cross-account';
import type { ShareConnectionOptions } from '../sharing/share-options';

/**
 * A reference to a connection.
 *
 * The shape of aws-cdk-lib's `aws_codeconnections.ConnectionReference`
 * (2.215.0 and later, above the library's aws-cdk-lib floor), so that in
 * TypeScript a connection also fits aws-cdk-lib's `IConnectionRef`.
 */
export interface ConnectionReference {
  /** The ARN of the connection. */
  readonly connectionArn: string;
}

/**
 * A CodeConnections connection: a link from AWS to a repository provider.
 */
export interface IConnection extends IResource {
  /**
   * A reference to this connection (its ARN), as aws-cdk-lib's
   * `IConnectionRef` has it.
   */
  readonly connectionRef: ConnectionReference;

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

  /**
   * Grants `PassConnection` on this connection: what a principal needs to
   * hand the connection to a service, e.g. to create a pipeline or project
   * that names it. Prefixes as for `grantUse`.
   *
   * @param grantee the principal to grant to
   * @param passedToService the only service it may be passed to (the
   * `PassedToService` condition key), e.g. `codepipeline.amazonaws.com`
   * @default - any service
   */
  grantPassConnection(grantee: iam.IGrantable, passedToService?: string): iam.Grant;

  /**
   * Shares the connection with other AWS accounts through AWS RAM: one
   * `AWS::RAM::ResourceShare` per connection, which later calls add
   * principals to.
   *
   * Only the account that owns the connection can share it, and RAM shares
   * only connections with `codeconnections` ARNs. The accounts shared with
   * import it with `Connection.fromConnectionArn` and grant their own roles
   * `UseConnection` (and `PassConnection` to whoever creates resources that
   * name it): the share makes the connection usable there, it grants no one.
   *
   * @param principals account ids, organization ARNs or OU ARNs
   * @param options the share's name and whether accounts outside the
   * organization may be principals; only on the first call
   * @returns the resource share
   */
  shareWith(principals: string[], options?: ShareConnectionOptions): ram.CfnResourceShare;

  /**
   * A metric that is 1 while the connection is AVAILABLE and 0 otherwise,
   * published by the stack's health publisher: a Lambda that EventBridge runs
   * every `period` (the shortest any metric of the stack asks for; 5 minutes
   * by default), created by the first call. Namespace `CdkCodeConnections`,
   * metric `ConnectionAvailable`, dimension `ConnectionArn` = the ARN; statistic Minimum, so one
   * reading that is not AVAILABLE makes the period 0. When the status cannot
   * be read, no value is published: alarm on missing data too
   * (`TreatMissingData.BREACHING`).
   *
   * @param props period (whole minutes, 1 minute to 1 day; the schedule runs at the shortest period of the stack), statistic, label, ...;
   * no other account, region or dimensions (the publisher writes only its stack's, by ARN)
   */
  metricAvailable(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
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

  private share?: ConnectionShare;

  public get connectionRef(): ConnectionReference {
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
        const problem = connectionRepositoryProblem(this, repository);
        if (problem) {
          throw validationError(this, `grantUse: repositories entry ${show(repository)} ${problem}`);
        }
      }
    }
    checkCrossAccountUse(this, grantee, path => `UseConnection of ${path}`);
    return grantInNamespaces(grantee, 'UseConnection', arnsByNamespace(this, this.connectionArn, knownArnNamespace(this)), useConnectionConditions(options));
  }

  public grantPassConnection(grantee: iam.IGrantable, passedToService?: string): iam.Grant {
    requireValue(`${this.node.path}: grantPassConnection()`, 'grantee', grantee, 'a role, user or function');
    if (passedToService !== undefined && passedToService !== null) {
      requireString(`${this.node.path}: grantPassConnection()`, 'passedToService', passedToService, "'codepipeline.amazonaws.com'");
      if (!Token.isUnresolved(passedToService) && !SERVICE_PRINCIPAL.test(passedToService)) {
        throw validationError(this, `grantPassConnection: passedToService ${show(passedToService)} must be a service principal such as 'codepipeline.amazonaws.com'`);
      }
      if (!Token.isUnresolved(passedToService) && !passedToService.includes('.') && !BARE_PASSED_TO_SERVICE.includes(passedToService)) {
        throw validationError(this, `grantPassConnection: passedToService ${show(passedToService)} is a service name, not its principal: `
          + `PassedToService holds the principal the connection is passed to, e.g. 'codepipeline.amazonaws.com', and a condition on '${passedToService}' would never match; `
          + `pass '${passedToService}.amazonaws.com'`);
      }
    }
    checkCrossAccountUse(this, grantee, path => `PassConnection of ${path}`);
    const service = passedToService ?? undefined;
    return grantInNamespaces(grantee, 'PassConnection', arnsByNamespace(this, this.connectionArn, knownArnNamespace(this)),
      service === undefined ? undefined : namespace => ({ StringEquals: { [`${namespace}:PassedToService`]: service } }));
  }

  public shareWith(principals: string[], options?: ShareConnectionOptions): ram.CfnResourceShare {
    this.share ??= new ConnectionShare(this, 'ResourceShare', this.connectionArn, options ?? {});
    return this.share.add(principals, options);
  }
  public metricAvailable(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return availableMetric(this, 'connection', this.connectionArn, props);
  }

}

/** A service principal: lower-case DNS labels (`codepipeline.amazonaws.com`), or a bare name. */
const SERVICE_PRINCIPAL = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/**
 * The bare (dotless) values AWS documents for `PassedToService`: the
 * Developer Tools console guide lists `codeguru-reviewer` beside the
 * principals `codepipeline.amazonaws.com` and `proton.amazonaws.com`.
 */
const BARE_PASSED_TO_SERVICE = ['codeguru-reviewer'];
