import {
  IResource, Lazy, Names, RemovalPolicy, Resource, Token,
  aws_codeconnections as codeconnections,
} from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { Connection, ConnectionOptions } from './connection';
import { warnIfUnknownProviderType } from './private/provider-type-warning';
import { addStatusResource, requireStatus, StatusResource } from './status-reporter';
import { HOST_STATUS_RESOURCE_TYPE } from './status-reporter-types';
import { escapeControlCharacters, lengthProblem, requireString, requireValue, show, validateImport, validateTagsAtSynth, validationError } from './validation';

/**
 * The provider a host runs: an installed (self-hosted) provider.
 *
 * An enum-like class, so providers added later can be used through `of()`.
 */
export class HostProviderType {
  /** GitHub Enterprise Server. */
  public static readonly GITHUB_ENTERPRISE_SERVER = new HostProviderType('GitHubEnterpriseServer');
  /** GitLab self-managed. */
  public static readonly GITLAB_SELF_MANAGED = new HostProviderType('GitLabSelfManaged');

  /**
   * A host provider type by its CodeConnections API name.
   *
   * Cloud providers (GitHub, Bitbucket, GitLab, AzureDevOps) are rejected:
   * their connections need no host.
   *
   * @param name the `ProviderType` value of the CodeConnections API
   */
  public static of(name: string): HostProviderType {
    if (!Token.isUnresolved(name)) {
      if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name)) {
        throw new Error(`HostProviderType.of(): '${escapeControlCharacters(name)}' is not a provider type name; use the CodeConnections API value, letters and digits only, e.g. 'GitHubEnterpriseServer'.`);
      }
      if (CLOUD_PROVIDERS.includes(name)) {
        throw new Error(`HostProviderType.of(): '${name}' is a cloud provider and has no hosts; create a Connection with ProviderType.of('${name}') and no host.`);
      }
    }
    return [HostProviderType.GITHUB_ENTERPRISE_SERVER, HostProviderType.GITLAB_SELF_MANAGED].find(p => p.name === name)
      ?? new HostProviderType(name);
  }

  /**
   * @param name the CodeConnections API value
   */
  private constructor(
    /** The CodeConnections API value, e.g. `GitHubEnterpriseServer`. */
    public readonly name: string,
  ) {}

  /** The API value. */
  public toString(): string {
    return this.name;
  }
}

/** Known host provider types and the code that names each. */
const KNOWN_HOST_PROVIDER_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['GitHubEnterpriseServer', 'HostProviderType.GITHUB_ENTERPRISE_SERVER'],
  ['GitLabSelfManaged', 'HostProviderType.GITLAB_SELF_MANAGED'],
];

/** Provider types whose connections never use a host. */
const CLOUD_PROVIDERS = ['Bitbucket', 'GitHub', 'GitLab', 'AzureDevOps'];

/**
 * A CodeConnections host: the endpoint of an installed provider (GitHub
 * Enterprise Server, GitLab self-managed) that connections run against.
 */
export interface IHost extends IResource, codeconnections.IHostRef {
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
   * Creates a connection on this host.
   *
   * @param id the construct id of the connection, in the host's scope
   * @param options the connection's options
   */
  addConnection(id: string, options?: ConnectionOptions): Connection;
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
}

/**
 * Behaviour shared by owned and imported hosts.
 */
export abstract class HostBase extends Resource implements IHost {
  public abstract readonly hostArn: string;
  public abstract readonly hostName: string;
  public abstract readonly providerType?: HostProviderType;

  public get hostRef(): codeconnections.HostReference {
    return { hostArn: this.hostArn };
  }

  public addConnection(id: string, options: ConnectionOptions = {}): Connection {
    return new Connection(this, id, { ...options, host: this });
  }
}

/**
 * Properties of a `Host`.
 */
export interface HostProps {
  /**
   * The name of the host, 1-64 characters.
   *
   * @default - a name derived from the construct path, unique in the account
   * and stable across synths
   */
  readonly hostName?: string;

  /**
   * The installed provider the host runs.
   */
  readonly providerType: HostProviderType;

  /**
   * The URL of the provider, e.g. `https://github.example.com`: https, at
   * most 512 characters.
   */
  readonly providerEndpoint: string;

  /**
   * The VPC the provider is reachable from. When set, CodeConnections places
   * network interfaces in `vpcSubnets` with `securityGroups` to reach it.
   *
   * @default - the provider is reachable over the internet
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Where in `vpc` the host's network interfaces go (1-10 subnets). Requires
   * `vpc`.
   *
   * @default - the VPC's private subnets (`vpc.selectSubnets()` defaults)
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the host's network interfaces (1-10). Requires `vpc`.
   *
   * @default - one security group created for the host, with no inbound
   * rules and one outbound rule: TCP 443 (HTTPS) to anywhere, because the
   * provider's address is not known at synth time. Allow the provider to
   * accept it with `provider.connections.allowFrom(host, ec2.Port.tcp(443))`.
   * DNS to the VPC resolver is not filtered by security groups.
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The PEM-encoded TLS certificate (or chain) the provider presents, when
   * it is not signed by a public certificate authority. At most 16384
   * characters. Requires `vpc`.
   *
   * @default - the provider's certificate must chain to a public CA
   */
  readonly tlsCertificate?: string;

  /**
   * What happens to the host when it leaves the stack.
   *
   * The default keeps it: a person set it up in the console, and connections
   * that use it would need to be set up again on a new host.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Read the host's status after deploy and print the console link where a
   * person sets it up. Uses the stack's shared status-reporter Lambda.
   *
   * @default true
   */
  readonly statusReport?: boolean;
}

/**
 * A host for an installed provider: `AWS::CodeConnections::Host`.
 *
 * Hosts are regional and start `PENDING` (or `VPC_CONFIG_INITIALIZING` in a
 * VPC); a person chooses "Set up host" in the console before connections on
 * the host can finish their handshake.
 *
 * @resource AWS::CodeConnections::Host
 */
export class Host extends HostBase implements ec2.IConnectable {
  /**
   * Imports a host by ARN (either namespace, any partition).
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param hostArn the host's ARN
   */
  public static fromHostArn(scope: Construct, id: string, hostArn: string): IHost {
    return Host.fromHostAttributes(scope, id, { hostArn });
  }

  /**
   * Imports a host by its attributes.
   *
   * @param scope the parent construct
   * @param id the construct id
   * @param attrs the host's attributes
   */
  public static fromHostAttributes(scope: Construct, id: string, attrs: HostAttributes): IHost {
    requireValue(`${scope?.node?.path}: Host '${id}'`, 'attributes', attrs, '{ hostArn }');
    requireString(`${scope?.node?.path}: Host '${id}'`, 'hostArn', attrs.hostArn, "'arn:aws:codeconnections:REGION:ACCOUNT:host/ID'");
    class Import extends HostBase {
      public readonly hostArn = attrs.hostArn;
      public readonly providerType = attrs.providerType;
      private readonly _name = attrs.hostName;

      public get hostName(): string {
        if (this._name === undefined) {
          throw validationError(this, 'hostName is unknown for a host imported by ARN; import it with Host.fromHostAttributes({ hostArn, hostName }) to use its name');
        }
        return this._name;
      }
    }
    validateImport(scope, id, { kind: 'Host', resourceType: 'host', arn: attrs.hostArn, name: attrs.hostName, maxNameLength: 64 });
    return new Import(scope, id, { environmentFromArn: attrs.hostArn });
  }

  public readonly hostArn: string;
  public readonly hostName: string;
  public readonly providerType?: HostProviderType;

  /** The host's ID, the last part of its ARN. @attribute */
  public readonly hostId: string;

  /**
   * The network connections of the host's interfaces; empty when the host is
   * not in a VPC.
   */
  public readonly connections: ec2.Connections;

  private readonly resource: codeconnections.CfnHost;
  private readonly status?: StatusResource;

  constructor(scope: Construct, id: string, props: HostProps) {
    requireValue(`${scope?.node?.path}/${id}`, 'props', props, "{ providerType, providerEndpoint: 'https://github.example.com' }");
    super(scope, id, {
      physicalName: props.hostName ?? Lazy.string({
        produce: () => Names.uniqueResourceName(this, { maxLength: 64 }),
      }),
    });

    const nameProblem = lengthProblem('hostName', props.hostName, 1, 64);
    if (nameProblem) {
      throw validationError(this, `${nameProblem}; pass a shorter name, or omit it to get a generated one`);
    }
    if (typeof props.providerType?.name !== 'string') {
      throw validationError(this, `providerType is required: pass HostProviderType.GITHUB_ENTERPRISE_SERVER or HostProviderType.GITLAB_SELF_MANAGED${props.providerType === undefined ? '' : ` (got ${typeof props.providerType} ${JSON.stringify(props.providerType)})`}`);
    }
    this.providerType = props.providerType;
    warnIfUnknownProviderType(this, 'providerType', props.providerType.name, KNOWN_HOST_PROVIDER_TYPES);
    validateEndpoint(this, props.providerEndpoint);

    const vpcConfiguration = this.vpcConfiguration(props);
    this.resource = new codeconnections.CfnHost(this, 'Resource', {
      name: this.physicalName,
      providerType: props.providerType.name,
      providerEndpoint: props.providerEndpoint,
      vpcConfiguration: vpcConfiguration?.config,
    });
    this.connections = new ec2.Connections({ securityGroups: vpcConfiguration?.securityGroups ?? [] });
    this.resource.applyRemovalPolicy(props.removalPolicy ?? RemovalPolicy.RETAIN);
    validateTagsAtSynth(this, this.resource);

    // Not getResourceArnAttribute: the host id in the ARN is generated by the
    // service (see Connection).
    this.hostArn = this.resource.attrHostArn;
    this.hostName = this.getResourceNameAttribute(this.physicalName);
    this.hostId = this.resource.attrHostId;

    if (props.statusReport ?? true) {
      this.status = addStatusResource(this, {
        resourceType: HOST_STATUS_RESOURCE_TYPE,
        properties: { HostArn: this.hostArn },
        outputDescription: `cdk-codeconnections: next step for host ${this.node.path}`,
      });
    }
  }

  /**
   * The status of the host: `PENDING`, `AVAILABLE`,
   * `VPC_CONFIG_INITIALIZING`, `VPC_CONFIG_FAILED_INITIALIZATION` or
   * `VPC_CONFIG_DELETING`.
   *
   * With the status report, as read by the reporter at the last deploy that
   * created or changed the host; without it, CloudFormation's `Status`
   * attribute.
   *
   * @attribute
   */
  public get hostStatus(): string {
    return this.status ? this.status.resource.getAttString('Status') : this.resource.attrStatus;
  }

  /**
   * The console page where a person chooses the host and "Set up host".
   * Requires the status report.
   *
   * @attribute
   */
  public get consoleUrl(): string {
    return this.requireStatus('consoleUrl').resource.getAttString('ConsoleUrl');
  }

  /**
   * What a person should do next, e.g. `PENDING: open <link>, choose host
   * <name> and choose Set up host`. Printed as a stack output. Requires the
   * status report.
   *
   * @attribute
   */
  public get nextStep(): string {
    return this.requireStatus('nextStep').resource.getAttString('Message');
  }

  private requireStatus(attribute: string): StatusResource {
    return requireStatus(this, this.status, attribute, 'host');
  }

  private vpcConfiguration(props: HostProps) {
    if (!props.vpc) {
      const stray = (['vpcSubnets', 'securityGroups', 'tlsCertificate'] as const).filter(p => props[p] !== undefined);
      if (stray.length) {
        throw validationError(this, `${stray.join(', ')} ${stray.length > 1 ? 'require' : 'requires'} vpc: they configure the host's network interfaces in a VPC; pass vpc, or remove ${stray.join(', ')}`);
      }
      return undefined;
    }
    let subnetIds: string[];
    try {
      subnetIds = props.vpc.selectSubnets(props.vpcSubnets).subnetIds;
    } catch (e) {
      // aws-cdk-lib's message says what the VPC lacks; say which prop chose it.
      throw validationError(this, `vpcSubnets: the selection matches no subnets of the VPC (${(e as Error).message.trim()}). `
        + 'Choose a subnetType or subnetGroupName the VPC has, or pass subnets explicitly');
    }
    if (!Token.isUnresolved(subnetIds) && (subnetIds.length < 1 || subnetIds.length > 10)) {
      throw validationError(this, `vpcSubnets: the selection has ${subnetIds.length} subnets; a host needs 1-10. Choose a selection with fewer subnets (e.g. { subnetGroupName } or { availabilityZones }) or one that matches subnets of the VPC`);
    }
    if (props.securityGroups !== undefined && (props.securityGroups.length < 1 || props.securityGroups.length > 10)) {
      throw validationError(this, `securityGroups: ${props.securityGroups.length} security groups given; a host needs 1-10. Omit securityGroups to get one created for the host`);
    }
    validateCertificate(this, props.tlsCertificate);
    checkResourceId(this, 'vpc', 'VPC', props.vpc.vpcId, 'vpc');
    subnetIds.forEach(subnetId => checkResourceId(this, 'vpcSubnets', 'subnet', subnetId, 'subnet'));
    const securityGroups = props.securityGroups ?? [this.defaultSecurityGroup(props.vpc, props.removalPolicy)];
    securityGroups.forEach(sg => checkResourceId(this, 'securityGroups', 'security group', sg.securityGroupId, 'sg'));
    return {
      securityGroups,
      config: {
        vpcId: props.vpc.vpcId,
        subnetIds,
        securityGroupIds: securityGroups.map(sg => sg.securityGroupId),
        tlsCertificate: props.tlsCertificate,
      },
    };
  }

  private defaultSecurityGroup(vpc: ec2.IVpc, removalPolicy: RemovalPolicy | undefined): ec2.ISecurityGroup {
    const sg = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: `CodeConnections host ${this.node.path}: HTTPS to the provider endpoint`,
      allowAllOutbound: false,
    });
    sg.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to the provider endpoint (its address is unknown at synth time)');
    // A retained host keeps its network interfaces, which keep this group:
    // deleting the group would fail with DependencyViolation.
    sg.applyRemovalPolicy(removalPolicy ?? RemovalPolicy.RETAIN);
    return sg;
  }
}

function validateEndpoint(scope: Construct, endpoint: string): void {
  requireString(scope.node.path, 'providerEndpoint', endpoint, "'https://github.example.com'");
  if (Token.isUnresolved(endpoint)) {
    return;
  }
  const problem = lengthProblem('providerEndpoint', endpoint, 1, 512);
  if (problem) {
    throw validationError(scope, problem);
  }
  let url: URL | undefined;
  try {
    url = new URL(endpoint);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:' || !url.hostname) {
    throw validationError(scope, `providerEndpoint: ${show(endpoint)} must be an https URL of the provider, e.g. 'https://github.example.com'`);
  }
}

const PEM_CERTIFICATES = /^\s*(-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*)+$/;

function validateCertificate(scope: Construct, pem: string | undefined): void {
  if (pem === undefined || Token.isUnresolved(pem)) {
    return;
  }
  const problem = lengthProblem('tlsCertificate', pem, 1, 16384);
  if (problem) {
    throw validationError(scope, problem);
  }
  if (!PEM_CERTIFICATES.test(pem)) {
    throw validationError(scope, `tlsCertificate: ${show(pem)} is not PEM: expected one or more '-----BEGIN CERTIFICATE-----' ... '-----END CERTIFICATE-----' blocks of base64 lines`);
  }
}

/**
 * Checks a literal VPC, subnet or security group id against the pattern
 * CodeConnections' API enforces (`vpc-`, `subnet-` or `sg-` followed by 8 or
 * 17 word characters), so a subnet id given as the VPC id fails at synth,
 * not at deploy. Tokens (resources of the same app) are skipped.
 */
function checkResourceId(scope: Construct, prop: string, kind: string, id: string, prefix: string): void {
  if (Token.isUnresolved(id) || new RegExp(`^${prefix}-\\w{8}(\\w{9})?$`).test(id)) {
    return;
  }
  throw validationError(scope, `${prop}: ${show(id)} is not a ${kind} id: CodeConnections expects '${prefix}-' followed by 8 or 17 letters or digits, `
    + `e.g. '${prefix}-0123456789abcdef0'. Check that the ${kind} id is in the right place (a subnet id given as the VPC id fails at deploy)`);
}
