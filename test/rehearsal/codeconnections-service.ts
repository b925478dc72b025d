/**
 * A stateful CodeConnections service on the wire fake (AWS JSON 1.0 on
 * 127.0.0.1): connections and hosts that CloudFormation creates and
 * deletes, that the status reporter reads, and that a test "hands shakes"
 * for (PENDING -> AVAILABLE), as a person in the console would.
 *
 * Throttling: every operation has a token bucket (AWS publishes no rate for
 * CodeConnections; DEFAULT_THROTTLE assumes 10 requests per second with a
 * burst of 10, per operation, per account and region). A request without a
 * token gets 400 ThrottlingException, as AWS answers.
 *
 * Connection names are unique in an account: the CodeStar Connections API
 * Reference says so of CreateConnection ("The name must be unique in the
 * calling AWS account") and of the Connection type, and so do Terraform's
 * and Pulumi's docs. The API model lists no error for it, so the error the
 * fake answers (ResourceAlreadyExistsException) is an assumption; the
 * option `uniqueConnectionNames: false` models the other reading.
 */
import { createHash } from 'crypto';
import type { Clock } from './clock';
import { awsError, Behaviour, FakeCodeStar, ok, RecordedRequest, respond, throttle } from '../wire/fake-codestar';

export interface ThrottleSettings {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** The rate the rehearsal assumes for each CodeConnections operation. */
export const DEFAULT_THROTTLE: ThrottleSettings = { ratePerSecond: 10, burst: 10 };

export interface CodeConnectionsServiceOptions {
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
  readonly clock: Clock;
  /** @default DEFAULT_THROTTLE; `false` turns throttling off */
  readonly throttle?: ThrottleSettings | false;
  /** Callers (SigV4 access key ids) whose requests are never throttled. @default none */
  readonly unthrottledAccessKeys?: readonly string[];
  /** CreateConnection refuses a name already in use. @default true (the API Reference) */
  readonly uniqueConnectionNames?: boolean;
}

export interface FakeConnection {
  readonly arn: string;
  readonly name: string;
  readonly providerType: string;
  readonly hostArn?: string;
  status: string;
  tags: Record<string, string>;
}

export interface FakeHost {
  readonly arn: string;
  readonly name: string;
  readonly providerType: string;
  providerEndpoint: string;
  vpcConfiguration?: unknown;
  status: string;
  tags: Record<string, string>;
}

/** Calls and throttled calls of one operation. */
export interface OperationStats {
  calls: number;
  throttled: number;
}

const HOST_PROVIDERS = ['GitHubEnterpriseServer', 'GitLabSelfManaged'];
const PROVIDERS = ['AzureDevOps', 'Bitbucket', 'GitHub', 'GitHubEnterpriseServer', 'GitLab', 'GitLabSelfManaged'];

const OPERATIONS = [
  'CreateConnection', 'GetConnection', 'DeleteConnection', 'ListConnections',
  'CreateHost', 'GetHost', 'DeleteHost', 'UpdateHost', 'ListHosts',
  'TagResource', 'UntagResource', 'ListTagsForResource',
] as const;
type Operation = typeof OPERATIONS[number];

class TokenBucket {
  private tokens: number;
  private at: number;
  constructor(private readonly clock: Clock, private readonly settings: ThrottleSettings) {
    this.tokens = settings.burst;
    this.at = clock.now();
  }
  public take(): boolean {
    const now = this.clock.now();
    this.tokens = Math.min(this.settings.burst, this.tokens + ((now - this.at) / 1000) * this.settings.ratePerSecond);
    this.at = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}

export class CodeConnectionsService {
  public readonly connections = new Map<string, FakeConnection>();
  public readonly hosts = new Map<string, FakeHost>();
  public readonly stats = new Map<string, OperationStats>();
  /** Every connection ever created, deleted ones included (ARNs are never reused). */
  public readonly created: string[] = [];

  private readonly buckets = new Map<string, TokenBucket>();
  private counter = 0;
  private readonly partition: string;

  constructor(fake: FakeCodeStar, private readonly options: CodeConnectionsServiceOptions) {
    this.partition = options.partition ?? 'aws';
    for (const operation of OPERATIONS) {
      fake.always(operation, respond(request => this.handle(operation, request)));
    }
  }

  /** A connection that exists before the rehearsal (one a stack imports). */
  public seedConnection(arn: string, providerType: string, status = 'AVAILABLE', name = arn.split('/').pop()!.slice(0, 32)): FakeConnection {
    const connection: FakeConnection = { arn, name, providerType, status, tags: {} };
    this.connections.set(canonical(arn), connection);
    return connection;
  }

  /** A person finishes the handshake in the console. */
  public handshake(arn: string): void {
    const connection = this.connection(arn);
    if (!connection) {
      throw new Error(`handshake: no connection ${arn}`);
    }
    if (connection.hostArn && this.host(connection.hostArn)?.status !== 'AVAILABLE') {
      throw new Error(`handshake: host ${connection.hostArn} of ${arn} is not set up`);
    }
    connection.status = 'AVAILABLE';
  }

  /** A person sets up a host in the console. */
  public setUpHost(arn: string): void {
    const host = this.host(arn);
    if (!host) {
      throw new Error(`setUpHost: no host ${arn}`);
    }
    host.status = 'AVAILABLE';
  }

  /** From now on, `operation` is throttled at this rate (its bucket starts full). */
  public throttleOperation(operation: Operation, settings: ThrottleSettings): void {
    this.buckets.set(operation, new TokenBucket(this.options.clock, settings));
  }

  /** Connections with this name (several, when names are not unique). */
  public connectionsNamed(name: string): FakeConnection[] {
    return [...this.connections.values()].filter(c => c.name === name);
  }

  public connection(arn: string): FakeConnection | undefined {
    return this.connections.get(canonical(arn));
  }

  public host(arn: string): FakeHost | undefined {
    return this.hosts.get(canonical(arn));
  }

  public statsOf(operation: string): OperationStats {
    let stats = this.stats.get(operation);
    if (!stats) {
      stats = { calls: 0, throttled: 0 };
      this.stats.set(operation, stats);
    }
    return stats;
  }

  private handle(operation: Operation, request: RecordedRequest): Behaviour {
    const stats = this.statsOf(operation);
    stats.calls++;
    const accessKey = /Credential=([^/]+)\//.exec(String(request.headers.authorization))?.[1];
    if (this.options.throttle !== false && !this.options.unthrottledAccessKeys?.includes(accessKey ?? '')) {
      let bucket = this.buckets.get(operation);
      if (!bucket) {
        bucket = new TokenBucket(this.options.clock, this.options.throttle ?? DEFAULT_THROTTLE);
        this.buckets.set(operation, bucket);
      }
      if (!bucket.take()) {
        stats.throttled++;
        return throttle();
      }
    }
    const input = request.body ?? {};
    switch (operation) {
      case 'CreateConnection': return this.createConnection(input);
      case 'GetConnection': return this.withConnection(input.ConnectionArn, c => ok({ Connection: this.describeConnection(c) }));
      case 'DeleteConnection': return this.withConnection(input.ConnectionArn, c => {
        this.connections.delete(canonical(c.arn));
        return ok({});
      });
      case 'ListConnections': return this.listConnections(input);
      case 'CreateHost': return this.createHost(input);
      case 'GetHost': return this.withHost(input.HostArn, h => ok(this.describeHost(h)));
      case 'DeleteHost': return this.withHost(input.HostArn, h => {
        if (h.status === 'VPC_CONFIG_INITIALIZING' || h.status === 'VPC_CONFIG_DELETING') {
          return awsError(400, 'ResourceUnavailableException', `host ${h.arn} is ${h.status}`);
        }
        this.hosts.delete(canonical(h.arn));
        return ok({});
      });
      case 'UpdateHost': return this.withHost(input.HostArn, h => {
        if (input.ProviderEndpoint !== undefined) {
          h.providerEndpoint = input.ProviderEndpoint;
        }
        if (input.VpcConfiguration !== undefined) {
          h.vpcConfiguration = input.VpcConfiguration;
        }
        return ok({});
      });
      case 'ListHosts': return ok({ Hosts: [...this.hosts.values()].map(h => ({ ...this.describeHost(h), HostArn: h.arn })) });
      case 'TagResource': return this.withTagged(input.ResourceArn, r => {
        for (const tag of input.Tags ?? []) {
          r.tags[tag.Key] = tag.Value;
        }
        return ok({});
      });
      case 'UntagResource': return this.withTagged(input.ResourceArn, r => {
        for (const key of input.TagKeys ?? []) {
          delete r.tags[key];
        }
        return ok({});
      });
      case 'ListTagsForResource': return this.withTagged(input.ResourceArn, r => ok({ Tags: tagList(r.tags) }));
    }
  }

  private createConnection(input: any): Behaviour {
    const name = input.ConnectionName;
    if (typeof name !== 'string' || name.length < 1 || name.length > 32) {
      return validation(`ConnectionName must be 1-32 characters, got ${JSON.stringify(name)}`);
    }
    if ((input.ProviderType === undefined) === (input.HostArn === undefined)) {
      return validation('exactly one of ProviderType and HostArn must be given');
    }
    if (input.ProviderType !== undefined && !PROVIDERS.includes(input.ProviderType)) {
      return validation(`ProviderType ${JSON.stringify(input.ProviderType)} is not one of ${PROVIDERS.join(', ')}`);
    }
    let providerType = input.ProviderType as string;
    if (input.HostArn !== undefined) {
      const host = this.host(input.HostArn);
      if (!host) {
        return awsError(400, 'ResourceNotFoundException', `Host ${input.HostArn} does not exist`);
      }
      providerType = host.providerType;
    }
    if (this.options.uniqueConnectionNames !== false && this.connectionsNamed(name).length) {
      // The API Reference's rule; the error type is not in the API model.
      return awsError(400, 'ResourceAlreadyExistsException', `A connection named ${name} already exists`);
    }
    const arn = this.arn('connection', this.uuid());
    this.connections.set(arn, {
      arn, name, providerType, hostArn: input.HostArn, status: 'PENDING', tags: tagMap(input.Tags),
    });
    this.created.push(arn);
    return ok({ ConnectionArn: arn, Tags: input.Tags });
  }

  private createHost(input: any): Behaviour {
    const name = input.Name;
    if (typeof name !== 'string' || name.length < 1 || name.length > 64) {
      return validation(`Name must be 1-64 characters, got ${JSON.stringify(name)}`);
    }
    if (!HOST_PROVIDERS.includes(input.ProviderType)) {
      return validation(`ProviderType ${JSON.stringify(input.ProviderType)} is not one of ${HOST_PROVIDERS.join(', ')}`);
    }
    if (typeof input.ProviderEndpoint !== 'string' || !/^https?:\/\//.test(input.ProviderEndpoint)) {
      return validation(`ProviderEndpoint must be a URL, got ${JSON.stringify(input.ProviderEndpoint)}`);
    }
    const vpc = input.VpcConfiguration;
    if (vpc !== undefined) {
      const bad = [
        [/^vpc-/, [vpc.VpcId]], [/^subnet-/, vpc.SubnetIds ?? []], [/^sg-/, vpc.SecurityGroupIds ?? []],
      ].flatMap(([pattern, ids]) => (ids as unknown[]).filter(id => typeof id !== 'string' || !(pattern as RegExp).test(id)));
      if (bad.length) {
        return validation(`VpcConfiguration has malformed ids: ${JSON.stringify(bad)}`);
      }
    }
    const arn = this.arn('host', `${name}-${this.uuid().slice(0, 8)}`);
    this.hosts.set(arn, {
      arn,
      name,
      providerType: input.ProviderType,
      providerEndpoint: input.ProviderEndpoint,
      vpcConfiguration: vpc,
      status: 'PENDING',
      tags: tagMap(input.Tags),
    });
    return ok({ HostArn: arn, Tags: input.Tags });
  }

  private listConnections(input: any): Behaviour {
    const all = [...this.connections.values()]
      .filter(c => input.ProviderTypeFilter === undefined || c.providerType === input.ProviderTypeFilter)
      .filter(c => input.HostArnFilter === undefined || c.hostArn === input.HostArnFilter);
    const max = Math.min(Number(input.MaxResults ?? 100), 100);
    const start = input.NextToken ? Number(input.NextToken) : 0;
    const page = all.slice(start, start + max);
    const next = start + max < all.length ? String(start + max) : undefined;
    return ok({ Connections: page.map(c => this.describeConnection(c)), ...(next ? { NextToken: next } : {}) });
  }

  private describeConnection(c: FakeConnection) {
    return {
      ConnectionName: c.name,
      ConnectionArn: c.arn,
      ProviderType: c.providerType,
      OwnerAccountId: this.options.account,
      ConnectionStatus: c.status,
      ...(c.hostArn ? { HostArn: c.hostArn } : {}),
    };
  }

  private describeHost(h: FakeHost) {
    return {
      Name: h.name,
      Status: h.status,
      ProviderType: h.providerType,
      ProviderEndpoint: h.providerEndpoint,
      ...(h.vpcConfiguration ? { VpcConfiguration: h.vpcConfiguration } : {}),
    };
  }

  private withConnection(arn: unknown, fn: (c: FakeConnection) => Behaviour): Behaviour {
    const connection = typeof arn === 'string' ? this.connection(arn) : undefined;
    return connection ? fn(connection) : awsError(400, 'ResourceNotFoundException', `Connection ${String(arn)} does not exist`);
  }

  private withHost(arn: unknown, fn: (h: FakeHost) => Behaviour): Behaviour {
    const host = typeof arn === 'string' ? this.host(arn) : undefined;
    return host ? fn(host) : awsError(400, 'ResourceNotFoundException', `Host ${String(arn)} does not exist`);
  }

  private withTagged(arn: unknown, fn: (r: { tags: Record<string, string> }) => Behaviour): Behaviour {
    const resource = typeof arn === 'string' ? this.connection(arn) ?? this.host(arn) : undefined;
    return resource ? fn(resource) : awsError(400, 'ResourceNotFoundException', `Resource ${String(arn)} does not exist`);
  }

  private arn(type: 'connection' | 'host', id: string): string {
    return `arn:${this.partition}:codeconnections:${this.options.region}:${this.options.account}:${type}/${id}`;
  }

  /** Deterministic, UUID-shaped ids (a new one for every resource, never reused). */
  private uuid(): string {
    const hex = createHash('sha256').update(`${this.options.account}/${this.options.region}/${++this.counter}`).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/** Both ARN namespaces name the same resource: keys use `codeconnections`. */
function canonical(arn: string): string {
  return arn.replace(/^(arn:[^:]+:)codestar-connections:/, '$1codeconnections:');
}

function validation(message: string): Behaviour {
  return awsError(400, 'ValidationException', message);
}

function tagMap(tags: unknown): Record<string, string> {
  return Object.fromEntries(((tags as { Key: string; Value: string }[] | undefined) ?? []).map(t => [t.Key, t.Value]));
}

function tagList(tags: Record<string, string>) {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}
