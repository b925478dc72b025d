import { IResource, Resource } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Connection, ConnectionOptions } from '../connection/connection';
import { HostProviderType } from '../connection/provider-type';
import { availableMetric } from '../monitoring/health-publisher';

/**
 * A reference to a host.
 *
 * The shape of aws-cdk-lib's `aws_codeconnections.HostReference` (2.268.0
 * and later, above the library's aws-cdk-lib floor), so that in TypeScript a
 * host also fits aws-cdk-lib's `IHostRef`.
 */
export interface HostReference {
  /** The ARN of the host. */
  readonly hostArn: string;
}

/**
 * A CodeConnections host: the endpoint of an installed provider (GitHub
 * Enterprise Server, GitLab self-managed) that connections run against.
 */
export interface IHost extends IResource {
  /** A reference to this host (its ARN), as aws-cdk-lib's `IHostRef` has it. */
  readonly hostRef: HostReference;

  /**
   * The ARN of the host, in either namespace.
   *
   * @attribute
   */
  readonly hostArn: string;

  /**
   * The name of the host.
   *
   * @attribute
   */
  readonly hostName: string;

  /**
   * The provider the host runs, when known (always for hosts created here,
   * for imported hosts only when given).
   */
  readonly providerType?: HostProviderType;

  /**
   * The URL of the provider, e.g. `https://github.example.com`, when known
   * (always for hosts created here, for imported hosts only when given).
   * CodeBuild sources build their repository URLs from it.
   */
  readonly providerEndpoint?: string;

  /**
   * Creates a connection on this host.
   *
   * @param id the construct id of the connection, in the host's scope
   * @param options the connection's options
   */
  addConnection(id: string, options?: ConnectionOptions): Connection;

  /**
   * A metric that is 1 while the host is AVAILABLE and 0 otherwise,
   * published by the stack's health publisher: a Lambda that EventBridge runs
   * every `period` (the shortest any metric of the stack asks for; 5 minutes
   * by default), created by the first call. Namespace `CdkCodeConnections`,
   * metric `HostAvailable`, dimension `HostArn` = the ARN; statistic Minimum, so one
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
 * Attributes of an existing host, for `Host.fromHostAttributes`.
 */
export interface HostAttributes {
  /** The host's ARN, in either namespace and any partition. */
  readonly hostArn: string;

  /**
   * The host's name.
   *
   * @default - unknown; reading `hostName` throws
   */
  readonly hostName?: string;

  /**
   * The provider the host runs.
   *
   * @default - unknown; connections on the host take their type from the
   * host at deploy time
   */
  readonly providerType?: HostProviderType;

  /**
   * The URL of the provider, e.g. `https://github.example.com`.
   *
   * @default - unknown; a CodeBuild source on a connection of this host then
   * needs its own `providerEndpoint`
   */
  readonly providerEndpoint?: string;
}

/**
 * Behaviour shared by owned and imported hosts.
 */
export abstract class HostBase extends Resource implements IHost {
  public abstract readonly hostArn: string;
  public abstract readonly hostName: string;
  public abstract readonly providerType?: HostProviderType;
  public abstract readonly providerEndpoint?: string;

  public get hostRef(): HostReference {
    return { hostArn: this.hostArn };
  }

  public addConnection(id: string, options: ConnectionOptions = {}): Connection {
    return new Connection(this, id, { ...options, host: this });
  }

  public metricAvailable(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return availableMetric(this, 'host', this.hostArn, props);
  }
}
