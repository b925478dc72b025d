import {
  Annotations, CustomResource, Duration, IResource, Lazy, Names, RemovalPolicy, Resource, Stack, Token,
  aws_codeconnections as codeconnections,
} from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { arnsByNamespace, grantInNamespaces, repositoryIdProblem, useConnectionConditions } from './grants';
import type { IHost } from './host';
import { KNOWN_PROVIDER_TYPES, warnIfUnknownProviderType } from './private/provider-type-warning';
import { ProviderType } from './provider-type';
import {
  addStatusResource, allowLookup, allowSelfInvoke, requireStatus, STATUS_SERVICE_TIMEOUT, StatusResource, stackConnectionsListUrl, statusReporter,
} from './status-reporter';
import { CONNECTION_LOOKUP_RESOURCE_TYPE, CONNECTION_STATUS_RESOURCE_TYPE } from './status-reporter-types';
import { lengthProblem, requireString, requireValue, show, validateImport, validateTagsAtSynth, validationError } from './validation';

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

  public grantUse(grantee: iam.IGrantable, options: GrantUseOptions = {}): iam.Grant {
    requireValue(`${this.node.path}: grantUse()`, 'grantee', grantee, 'a role, user or function');
    if (options.repositories !== undefined) {
      if (options.repositories.length === 0) {
        throw validationError(this, 'grantUse: repositories is empty, which would grant nothing; omit it to allow every repository, or list owner/repo ids');
      }
      for (const repository of options.repositories) {
        const problem = repositoryIdProblem(repository);
        if (problem) {
          throw validationError(this, `grantUse: repositories entry ${show(repository)} ${problem}`);
        }
      }
    }
    return grantInNamespaces(grantee, 'UseConnection', arnsByNamespace(this, this.connectionArn), useConnectionConditions(options));
  }
}

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
   * What happens to the connection when it leaves the stack.
   *
   * The default keeps it: a person completed an OAuth handshake to make it
   * AVAILABLE, and a deleted connection's ARN is never reused, so every
   * pipeline that names it would need the handshake and a redeploy again.
   *
   * @default RemovalPolicy.RETAIN
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
    return new Import(scope, id, { environmentFromArn: attrs.connectionArn });
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
    requireString(`${scope?.node?.path}: Connection '${id}'`, 'connectionName', connectionName, "'team-github'");
    const problem = lengthProblem('connectionName', connectionName, 1, 32);
    if (problem) {
      throw validationError(scope, `Connection '${id}': ${problem}`);
    }
    class Lookup extends ConnectionBase {
      public readonly connectionName = connectionName;
      public readonly connectionArn: string;

      constructor() {
        super(scope, id);
        const lookup = new CustomResource(this, 'Lookup', {
          serviceToken: statusReporter(this).functionArn,
          resourceType: CONNECTION_LOOKUP_RESOURCE_TYPE,
          properties: { ConnectionName: connectionName },
          serviceTimeout: STATUS_SERVICE_TIMEOUT,
        });
        lookup.node.addDependency(allowLookup(this));
        this.connectionArn = lookup.getAttString('ConnectionArn');
      }
    }
    return new Lookup();
  }

  public readonly connectionArn: string;
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
  private readonly status?: StatusResource;

  constructor(scope: Construct, id: string, props: ConnectionProps = {}) {
    super(scope, id, {
      physicalName: props.connectionName ?? Lazy.string({ produce: () => defaultConnectionName(this) }),
    });

    const nameProblem = lengthProblem('connectionName', props.connectionName, 1, 32);
    if (nameProblem) {
      throw validationError(this, `${nameProblem}; pass a shorter name, or omit it to get a generated one`);
    }
    this.host = props.host;
    this.providerType = providerTypeOf(this, props);
    if (props.host) {
      checkHostRegion(this, props.host);
    }

    this.resource = new codeconnections.CfnConnection(this, 'Resource', {
      connectionName: this.physicalName,
      // CloudFormation takes HostArn or ProviderType, never both.
      providerType: props.host ? undefined : this.providerType?.name,
      hostArn: props.host?.hostArn,
    });
    this.resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    validateTagsAtSynth(this, this.resource);

    // Not getResourceArnAttribute: the connection id in the ARN is generated
    // by the service, so no ARN can be built from the name for use in
    // another environment. Such references fail at synth with aws-cdk-lib's
    // cross-environment error; import by ARN there.
    this.connectionArn = this.resource.attrConnectionArn;
    this.connectionName = this.getResourceNameAttribute(this.physicalName);

    const wait = props.waitForAvailable;
    const waitSeconds = wait && waitForAvailableSeconds(this, wait);
    this.waitsForAvailable = wait !== undefined && (props.statusReport ?? true);
    if (props.statusReport ?? true) {
      this.status = addStatusResource(this, {
        resourceType: CONNECTION_STATUS_RESOURCE_TYPE,
        properties: {
          ConnectionArn: this.connectionArn,
          ...(waitSeconds !== undefined ? { WaitForAvailableSeconds: secondsProperty(waitSeconds) } : {}),
        },
        outputDescription: `cdk-codeconnections: next step for connection ${this.node.path}`,
        // The waiting handler answers by itself before this; the timeout is
        // the backstop if the Lambda were killed mid-wait.
        serviceTimeout: wait && (wait.isUnresolved()
          ? MAX_SERVICE_TIMEOUT
          : Duration.seconds(Math.min(wait.plus(STATUS_SERVICE_TIMEOUT).toSeconds(), MAX_SERVICE_TIMEOUT.toSeconds()))),
      });
      if (wait) {
        this.status.resource.node.addDependency(allowSelfInvoke(this));
        Annotations.of(this).addInfo(waitMessage(this, props.connectionName, wait));
      }
    } else if (wait) {
      throw validationError(this, 'waitForAvailable needs the status report, which reads the status during deploy; remove statusReport: false');
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
    return this.requireStatus('connectionAvailable').resource;
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
    return this.status
      ? this.status.resource.getAttString('Status')
      : this.resource.attrConnectionStatus;
  }

  /**
   * The console page of this connection, where a person chooses "Update
   * pending connection" to finish the handshake. Requires the status report.
   *
   * @attribute
   */
  public get consoleUrl(): string {
    return this.requireStatus('consoleUrl').resource.getAttString('ConsoleUrl');
  }

  /**
   * What a person should do next, e.g. `PENDING: open <link> and choose
   * Update pending connection`. Printed as a stack output. Requires the
   * status report.
   *
   * @attribute
   */
  public get nextStep(): string {
    return this.requireStatus('nextStep').resource.getAttString('Message');
  }

  private requireStatus(attribute: string): StatusResource {
    return requireStatus(this, this.status, attribute, 'connection');
  }
}

/** Checks the providerType/host rules and returns the connection's provider type. */
function providerTypeOf(scope: Construct, props: ConnectionProps): ProviderType | undefined {
  const { providerType, host } = props;
  if (providerType !== undefined && typeof providerType?.name !== 'string') {
    throw validationError(scope, `providerType must be a ProviderType (e.g. ProviderType.GITHUB or ProviderType.of('GitHub')), got ${typeof providerType} ${JSON.stringify(providerType)}`);
  }
  if (providerType && host) {
    if (providerType.requiresHost === false) {
      throw validationError(scope, `providerType ${providerType.name} is a cloud provider and cannot use a host; remove host (hosts are for GitHubEnterpriseServer and GitLabSelfManaged)`);
    }
    throw validationError(scope, `pass either providerType or host, not both: a connection on a host takes its provider type from the host (got providerType ${providerType.name} and host ${host.node.path})`);
  }
  if (host) {
    return host.providerType && ProviderType.of(host.providerType.name);
  }
  if (!providerType) {
    throw validationError(scope, 'one of providerType or host is required: pass e.g. providerType: ProviderType.GITHUB, or host for GitHub Enterprise Server and GitLab self-managed');
  }
  warnIfUnknownProviderType(scope, 'providerType', providerType.name, KNOWN_PROVIDER_TYPES);
  if (providerType.requiresHost) {
    throw validationError(scope, `providerType ${providerType.name} is an installed provider and needs a host: create a Host (new Host(this, 'Host', { providerType: HostProviderType.of('${providerType.name}'), providerEndpoint })) and use host.addConnection(), or pass host instead of providerType`);
  }
  return providerType;
}

/**
 * The generated name of a connection: from the construct path, plus the
 * region when it is known. Connections are global, so the same stack
 * deployed to two regions would otherwise create two connections with one
 * name (and `fromConnectionName` would find both). At most 32 characters.
 */
function defaultConnectionName(connection: Connection): string {
  const region = Stack.of(connection).region;
  if (Token.isUnresolved(region)) {
    return Names.uniqueResourceName(connection, { maxLength: 32 });
  }
  const suffix = `-${region}`;
  return `${Names.uniqueResourceName(connection, { maxLength: 32 - suffix.length })}${suffix}`;
}

/**
 * Hosts are regional: a connection must use a host of its own region.
 * Checked when both regions are known at synth time (an owned host's stack,
 * an imported host's ARN).
 */
function checkHostRegion(connection: Connection, host: IHost): void {
  const hostRegion = host.env.region;
  const region = connection.env.region;
  if (Token.isUnresolved(hostRegion) || Token.isUnresolved(region) || hostRegion === region) {
    return;
  }
  throw validationError(connection, `host: host ${host.node.path} is in ${hostRegion}, but this connection is in ${region}. `
    + `Hosts are regional and serve only connections of their own region: create the connection in a stack of ${hostRegion} `
    + `(host.addConnection() does), or use a host in ${region}`);
}

/** CloudFormation's longest custom resource timeout. */
const MAX_SERVICE_TIMEOUT = Duration.hours(1);

/** The longest `waitForAvailable`: CloudFormation's one hour, less margin. */
const MAX_WAIT = Duration.minutes(55);

/**
 * The wait in seconds, checked against its limits when known. A wait given
 * as a token must be `Duration.seconds(token)` (the only unit aws-cdk-lib can
 * convert from a token); it is then not checked.
 */
function waitForAvailableSeconds(scope: Construct, wait: Duration): number {
  if (wait.isUnresolved()) {
    try {
      return wait.toSeconds();
    } catch {
      throw validationError(scope, 'waitForAvailable: a duration that is a token must be given as Duration.seconds(token)');
    }
  }
  let seconds: number;
  try {
    // aws-cdk-lib throws for fractions of a second (Duration.seconds(90.5), NaN, Infinity).
    seconds = wait.toSeconds();
  } catch {
    seconds = Number.NaN;
  }
  if (!Number.isInteger(seconds)) {
    throw validationError(scope, `waitForAvailable: ${wait.toHumanString()} must be a whole number of seconds between 1 minute and ${MAX_WAIT.toHumanString()}`);
  }
  if (seconds < 60 || seconds > MAX_WAIT.toSeconds()) {
    throw validationError(scope, `waitForAvailable: ${wait.toHumanString()} must be between 1 minute and ${MAX_WAIT.toHumanString()} (CloudFormation waits at most one hour for a custom resource)`);
  }
  return seconds;
}

/** A number of seconds as a custom resource property (a string, as CloudFormation passes them). */
function secondsProperty(seconds: number): string {
  return Token.isUnresolved(seconds) ? Token.asString(seconds) : String(seconds);
}

/** What `cdk synth` prints for a connection the deploy will wait for. */
function waitMessage(connection: Connection, givenName: string | undefined, wait: Duration): string {
  const where = stackConnectionsListUrl(connection)
    || 'the CodeConnections console (Developer Tools > Settings > Connections) of the stack\'s region';
  const howLong = wait.isUnresolved() ? 'the time set by waitForAvailable' : wait.toHumanString();
  if (givenName !== undefined && Token.isUnresolved(givenName)) {
    // The console lists connections by name, which is only known at deploy.
    return `cdk deploy will wait up to ${howLong} for the connection of ${connection.node.path} to become AVAILABLE; `
      + `its name is a deploy-time value (connectionName is a token): while it deploys, open ${where}, choose the connection with that name and choose Update pending connection`;
  }
  const name = givenName ?? defaultConnectionName(connection);
  return `cdk deploy will wait up to ${howLong} for connection '${name}' to become AVAILABLE: while it deploys, open ${where}, choose '${name}' and choose Update pending connection`;
}
