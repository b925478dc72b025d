import {
  Duration, Lazy, RemovalPolicy, Stack, Token,
  aws_codeconnections as codeconnections,
} from 'aws-cdk-lib';
import { Construct, IDependable } from 'constructs';
import { ConnectionBase, ConnectionAttributes, IConnection } from './connection-base';
import { lookUpConnection } from './connection-lookup';
import { checkHostAccount, checkHostRegion, defaultConnectionName, noteRegion, providerTypeOf } from './connection-rules';
import { ProviderType } from './provider-type';
import { configureL1, validateName } from '../core/resource-rules';
import { requireConstruct, requireString, requireValue, validateImport, validationError } from '../core/validation';
import type { IHost } from '../host/host-base';
import { CONNECTION_STATUS_RESOURCE_TYPE } from '../status-reporter/resource-types';
import { StatusReport } from '../status-reporter/status-resource';
import { startWaiting, waitSettings } from '../status-reporter/wait';

/**
 * Options of a connection, shared by `new Connection()` and
 * `host.addConnection()`.
 */
export interface ConnectionOptions {
  /**
   * The name of the connection, 1-32 characters.
   *
   * @default - a name derived from the construct path and, when the stack's
   * region is known at synth time, the region (connections are global, so
   * the same stack deployed to two regions gets two names); stable across
   * synths
   */
  readonly connectionName?: string;

  /**
   * What happens to the connection when it leaves the stack or is replaced.
   *
   * The default keeps it on stack delete and on replacement: a person
   * completed an OAuth handshake to make it AVAILABLE, and a deleted
   * connection's ARN is never reused, so every pipeline that names it would
   * need the handshake and a redeploy again. It is deleted only when the
   * deployment that created it rolls back: nobody has finished its handshake
   * yet, and a kept one would be an orphan with the name the next deployment
   * creates again. (`DeletionPolicy: RetainExceptOnCreate`,
   * `UpdateReplacePolicy: Retain`.)
   *
   * @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Read the connection's status after deploy and print the console link
   * where a person finishes the handshake.
   *
   * When true, the stack's status-reporter Lambda (one per stack, shared by
   * every connection and host) reads the status with `GetConnection` when
   * the connection is created or changes; the stack gets an output with the
   * next step, and `connectionStatus` / `consoleUrl` come from it. To re-read
   * the status of unchanged connections, deploy with
   * `-c cdk-codeconnections:statusRefresh=<any new value>`.
   *
   * @default true
   */
  readonly statusReport?: boolean;

  /**
   * Make the deploy wait until a person finishes the handshake and the
   * connection is AVAILABLE, for at most this long (up to 55 minutes:
   * CloudFormation gives a custom resource at most one hour).
   *
   * While waiting, the reporter polls `GetConnection` every 15 seconds
   * (sleeping in between) and fails the deploy, with the console link in the
   * reason, if time runs out. `cdk synth` prints which connection to update
   * and where. Resources that depend on `connectionAvailable` (a
   * `ConnectionSourceAction`'s pipeline does so automatically) are created
   * only after the handshake, so a pipeline's first run does not fail on a
   * PENDING connection. Requires the status report.
   *
   * @default - the deploy does not wait
   */
  readonly waitForAvailable?: Duration;
}

/**
 * Properties of a `Connection`. Pass exactly one of `providerType` (cloud
 * providers) or `host` (installed providers).
 */
export interface ConnectionProps extends ConnectionOptions {
  /**
   * The repository provider, for cloud providers (GitHub, Bitbucket, GitLab,
   * Azure DevOps).
   *
   * @default - taken from `host`; one of `providerType` or `host` is required
   */
  readonly providerType?: ProviderType;

  /**
   * The host of an installed provider (GitHub Enterprise Server, GitLab
   * self-managed). The connection takes its provider type from the host.
   *
   * @default - no host; one of `providerType` or `host` is required
   */
  readonly host?: IHost;
}

/**
 * A connection to a repository provider: `AWS::CodeConnections::Connection`.
 *
 * CloudFormation creates connections in `PENDING`; a person must open the
 * connection in the console and choose "Update pending connection" to finish
 * the provider's OAuth handshake. The status report (on by default) prints
 * the exact link after `cdk deploy`.
 *
 * @resource AWS::CodeConnections::Connection
 */
export class Connection extends ConnectionBase {
  /**
   * Imports a connection by ARN (either namespace, any partition). The
   * account and region come from the ARN.
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param connectionArn the connection's ARN
   */
  public static fromConnectionArn(scope: Construct, id: string, connectionArn: string): IConnection {
    return Connection.fromConnectionAttributes(scope, id, { connectionArn });
  }

  /**
   * Imports a connection by its attributes.
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param attrs the connection's attributes
   */
  public static fromConnectionAttributes(scope: Construct, id: string, attrs: ConnectionAttributes): IConnection {
    requireValue(`${scope?.node?.path}: Connection '${id}'`, 'attributes', attrs, '{ connectionArn }');
    requireString(`${scope?.node?.path}: Connection '${id}'`, 'connectionArn', attrs.connectionArn, "'arn:aws:codeconnections:REGION:ACCOUNT:connection/ID'");
    class Import extends ConnectionBase {
      public readonly connectionArn = attrs.connectionArn;
      private readonly _name = attrs.connectionName;

      public get connectionName(): string {
        if (this._name === undefined) {
          throw validationError(this, 'connectionName is unknown for a connection imported by ARN; import it with Connection.fromConnectionAttributes({ connectionArn, connectionName }) to use its name');
        }
        return this._name;
      }
    }
    validateImport(scope, id, { kind: 'Connection', resourceType: 'connection', arn: attrs.connectionArn, name: attrs.connectionName, maxNameLength: 32 });
    const imported = new Import(scope, id, { environmentFromArn: attrs.connectionArn });
    noteRegion(imported, imported.env.region);
    return imported;
  }

  /**
   * Imports an existing connection by name. Its ARN is resolved at deploy
   * time by the stack's status reporter (`ListConnections` in the stack's
   * region, all pages); the deploy fails with a clear message if no
   * connection or several connections have the name.
   *
   * The ARN is only known at deploy time, so grants cover both IAM prefixes.
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param connectionName the name of the connection (1-32 characters)
   */
  public static fromConnectionName(scope: Construct, id: string, connectionName: string): IConnection {
    return lookUpConnection(scope, id, connectionName);
  }

  public readonly connectionArn: string;

  /**
   * The namespace of the ARN of `AWS::CodeConnections::Connection`.
   *
   * @internal
   */
  public readonly _arnNamespace = 'codeconnections';
  public readonly connectionName: string;

  /**
   * The provider this connection links to; undefined for a connection on an
   * imported host whose provider type was not given.
   */
  public readonly providerType?: ProviderType;

  /** The host the connection runs against, for installed providers. */
  public readonly host?: IHost;

  /** Whether deploys wait for the handshake (`waitForAvailable`). */
  public readonly waitsForAvailable: boolean;

  private readonly resource: codeconnections.CfnConnection;
  private readonly report: StatusReport;

  constructor(scope: Construct, id: string, givenProps?: ConnectionProps) {
    const props = givenProps ?? {};
    super(scope, id, {
      physicalName: props.connectionName ?? Lazy.string({ produce: () => defaultConnectionName(this, this.providerType, this.host) }),
    });

    validateName(this, 'connectionName', props.connectionName, 32);
    if (props.host !== undefined) {
      requireConstruct(this.node.path, 'host', props.host, 'hostArn', 'an IHost', 'Host.fromHostArn(this, \'Host\', arn)');
    }
    this.host = props.host;
    this.providerType = providerTypeOf(this, props);
    if (props.host) {
      checkHostRegion(this, props.host);
      checkHostAccount(this, props.host);
    }
    noteRegion(this, Stack.of(this).region);

    this.resource = new codeconnections.CfnConnection(this, 'Resource', {
      connectionName: this.physicalName,
      // CloudFormation takes HostArn or ProviderType, never both.
      providerType: props.host ? undefined : this.providerType?.name,
      hostArn: props.host?.hostArn,
    });
    configureL1(this, this.resource, props.removalPolicy);

    // Not getResourceArnAttribute: the connection id in the ARN is generated
    // by the service, so no ARN can be built from the name for use in
    // another environment. Such references fail at synth with aws-cdk-lib's
    // cross-environment error; import by ARN there.
    this.connectionArn = this.resource.attrConnectionArn;
    this.connectionName = this.getResourceNameAttribute(this.physicalName);

    const statusReport = props.statusReport ?? true;
    const wait = props.waitForAvailable && waitSettings(this, props.waitForAvailable);
    if (wait && !statusReport) {
      throw validationError(this, 'waitForAvailable needs the status report, which reads the status during deploy; remove statusReport: false');
    }
    this.waitsForAvailable = wait !== undefined;
    this.report = StatusReport.of(this, 'connection', statusReport, {
      resourceType: CONNECTION_STATUS_RESOURCE_TYPE,
      properties: { ConnectionArn: this.connectionArn, ...wait?.properties },
      outputDescription: `cdk-codeconnections: next step for connection ${this.node.path}`,
      serviceTimeout: wait?.serviceTimeout,
    });
    if (wait) {
      const name = props.connectionName === undefined ? defaultConnectionName(this, this.providerType, this.host)
        : Token.isUnresolved(props.connectionName) ? undefined : props.connectionName;
      startWaiting(this, this.report.require('waitForAvailable'), name, props.waitForAvailable!);
    }
  }

  /**
   * A dependable that completes only once the connection is AVAILABLE.
   * Requires `waitForAvailable`.
   *
   * `resource.node.addDependency(connection.connectionAvailable)` makes a
   * resource wait for the handshake.
   */
  public get connectionAvailable(): IDependable {
    if (!this.waitsForAvailable) {
      throw validationError(this, 'connectionAvailable needs waitForAvailable: without it the deploy does not wait for the handshake, so depending on the connection guarantees nothing');
    }
    return this.report.require('connectionAvailable');
  }

  /**
   * The status of the connection: `PENDING`, `AVAILABLE` or `ERROR`.
   *
   * With the status report, as read by the reporter at the last deploy that
   * created or changed the connection; without it, CloudFormation's
   * `ConnectionStatus` attribute (read when the connection was created).
   *
   * @attribute
   */
  public get connectionStatus(): string {
    return this.report.status(this.resource.attrConnectionStatus);
  }

  /**
   * The console page of this connection, where a person chooses "Update
   * pending connection" to finish the handshake. Requires the status report.
   *
   * @attribute
   */
  public get consoleUrl(): string {
    return this.report.consoleUrl;
  }

  /**
   * What a person should do next, e.g. `PENDING: open <link> and choose
   * Update pending connection`. Printed as a stack output. Requires the
   * status report.
   *
   * @attribute
   */
  public get nextStep(): string {
    return this.report.nextStep;
  }
}
