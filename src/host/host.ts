import { Lazy, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { HostAttributes, HostBase, IHost } from './host-base';
import { hostVpcConfiguration } from './host-vpc';
import { HostProviderType } from '../connection/provider-type';
import { CfnHostResource } from '../core/cdk-compat';
import { validateEndpoint } from '../core/endpoint-rules';
import { warnIfUnknownProviderType } from '../core/provider-types';
import { configureL1, validateName } from '../core/resource-rules';
import { requireString, requireValue, validateImport, validationError } from '../core/validation';
import { HOST_STATUS_RESOURCE_TYPE } from '../status-reporter/resource-types';
import { StatusReport } from '../status-reporter/status-resource';

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
   * What happens to the host (and the security group the construct creates
   * for it) when it leaves the stack or is replaced.
   *
   * The default keeps it on stack delete and on replacement: a person set it
   * up in the console, and connections that use it would need to be set up
   * again on a new host. It is deleted only when the deployment that created
   * it rolls back, before anyone could set it up. (`DeletionPolicy:
   * RetainExceptOnCreate`, `UpdateReplacePolicy: Retain`.)
   *
   * @default RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE
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
      public readonly providerEndpoint = attrs.providerEndpoint;
      private readonly _name = attrs.hostName;

      public get hostName(): string {
        if (this._name === undefined) {
          throw validationError(this, 'hostName is unknown for a host imported by ARN; import it with Host.fromHostAttributes({ hostArn, hostName }) to use its name');
        }
        return this._name;
      }
    }
    validateImport(scope, id, { kind: 'Host', resourceType: 'host', arn: attrs.hostArn, name: attrs.hostName, maxNameLength: 64 });
    const host = new Import(scope, id, { environmentFromArn: attrs.hostArn });
    if (attrs.providerEndpoint !== undefined) {
      validateEndpoint(host, attrs.providerEndpoint);
    }
    return host;
  }

  public readonly hostArn: string;

  public readonly hostName: string;
  public readonly providerType?: HostProviderType;
  public readonly providerEndpoint?: string;

  /** The host's ID, the last part of its ARN. @attribute */
  public readonly hostId: string;

  /**
   * The network connections of the host's interfaces; empty when the host is
   * not in a VPC.
   */
  public readonly connections: ec2.Connections;

  private readonly resource: CfnHostResource;
  private readonly report: StatusReport;

  constructor(scope: Construct, id: string, props: HostProps) {
    requireValue(`${scope?.node?.path}/${id}`, 'props', props, "{ providerType, providerEndpoint: 'https://github.example.com' }");
    super(scope, id, {
      physicalName: props.hostName ?? Lazy.string({
        produce: () => Names.uniqueResourceName(this, { maxLength: 64 }),
      }),
    });

    validateName(this, 'hostName', props.hostName, 64);
    if (typeof props.providerType?.name !== 'string') {
      throw validationError(this, `providerType is required: pass HostProviderType.GITHUB_ENTERPRISE_SERVER or HostProviderType.GITLAB_SELF_MANAGED${props.providerType === undefined ? '' : ` (got ${typeof props.providerType} ${JSON.stringify(props.providerType)})`}`);
    }
    this.providerType = props.providerType;
    warnIfUnknownProviderType(this, 'providerType', props.providerType.name, true);
    validateEndpoint(this, props.providerEndpoint);
    this.providerEndpoint = props.providerEndpoint;

    const vpcConfiguration = hostVpcConfiguration(this, props);
    this.resource = new CfnHostResource(this, 'Resource', {
      name: this.physicalName,
      providerType: props.providerType.name,
      providerEndpoint: props.providerEndpoint,
      vpcConfiguration: vpcConfiguration?.config,
    });
    this.connections = new ec2.Connections({ securityGroups: vpcConfiguration?.securityGroups ?? [] });
    configureL1(this, this.resource, props.removalPolicy);

    // Not getResourceArnAttribute: the host id in the ARN is generated by the
    // service (see Connection).
    this.hostArn = this.resource.attrHostArn;
    this.hostName = this.getResourceNameAttribute(this.physicalName);
    this.hostId = this.resource.attrHostId;

    this.report = StatusReport.of(this, 'host', props.statusReport ?? true, {
      resourceType: HOST_STATUS_RESOURCE_TYPE,
      properties: { HostArn: this.hostArn },
      outputDescription: `cdk-codeconnections: next step for host ${this.node.path}`,
    });
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
    return this.report.status(this.resource.attrStatus);
  }

  /**
   * The console page where a person sets the host up: the connections
   * settings of the host's region (the console has no deep link to one
   * host), where they open the Hosts tab, choose the host and "Set up host".
   * Requires the status report.
   *
   * @attribute
   */
  public get consoleUrl(): string {
    return this.report.consoleUrl;
  }

  /**
   * What a person should do next, e.g. `PENDING: open <link>, open the Hosts
   * tab, choose host <name> and choose Set up host`. Printed as a stack output. Requires the
   * status report.
   *
   * @attribute
   */
  public get nextStep(): string {
    return this.report.nextStep;
  }
}
