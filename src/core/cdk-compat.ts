/**
 * What the library uses that the aws-cdk-lib floor (2.138.0) lacks, written
 * so that every aws-cdk-lib from the floor to the newest synthesizes the same
 * template. One place, so the README's list of version-dependent behaviour
 * ("aws-cdk-lib versions") can be checked against it.
 *
 * Each shim takes one code path at every version where it can (a template
 * that depended on the version would be a silently different deploy); the
 * aspect priority is the only feature detection, and it changes no
 * template.
 */
import * as cdk from 'aws-cdk-lib';
import { CfnResource, IAspect, RemovalPolicy } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';

/**
 * A custom resource backed by one of the library's functions, with
 * `ServiceTimeout` (seconds).
 *
 * Written as a `CfnResource` of the custom type rather than aws-cdk-lib's
 * `CustomResource`: that construct takes `serviceTimeout` only from 2.174.0,
 * and from then on warns when `ServiceTimeout` is passed among its
 * `properties`. The template is what `CustomResource` writes at 2.174.0 and
 * later: `ServiceToken`, `ServiceTimeout`, then the properties; deleted with
 * the stack (`DeletionPolicy: Delete`, `UpdateReplacePolicy: Delete`). The
 * logical id is the same too: `CustomResource`'s own child is `Default`,
 * which logical ids leave out.
 */
export function libraryCustomResource(scope: Construct, id: string, options: {
  readonly serviceToken: string;
  readonly resourceType: string;
  /** Seconds (a token when read at synth). */
  readonly serviceTimeout: string;
  readonly properties: Record<string, string>;
}): CfnResource {
  const resource = new CfnResource(scope, id, {
    type: options.resourceType,
    properties: {
      ServiceToken: options.serviceToken,
      ServiceTimeout: options.serviceTimeout,
      ...options.properties,
    },
  });
  resource.applyRemovalPolicy(RemovalPolicy.DESTROY);
  return resource;
}

/**
 * Adds an aspect that creates or removes constructs, and must run before
 * aspects that only read (cdk-nag, policy checks).
 *
 * aws-cdk-lib 2.172.0 and later order aspects by priority: it is added at
 * `AspectPriority.MUTATING`. Earlier releases invoke aspects in the order
 * they were added, and visit the children a visit creates afterwards, so
 * readers see what it created there too.
 */
export function addMutatingAspect(scope: IConstruct, aspect: IAspect): void {
  const priority: number | undefined = (cdk as unknown as { AspectPriority?: { MUTATING: number } }).AspectPriority?.MUTATING;
  const aspects = cdk.Aspects.of(scope) as unknown as { add(aspect: IAspect, options?: { priority: number }): void };
  if (priority === undefined) {
    aspects.add(aspect);
  } else {
    aspects.add(aspect, { priority });
  }
}

/**
 * `DependsOn` from one resource to another, added at any time (in an
 * aspect or a validation too, after construct dependencies are resolved).
 *
 * `CfnResource.addResourceDependency` where aws-cdk-lib has it: newer
 * releases print a deprecation warning on every synth for
 * `addDependency`, which is the floor's only name for it. Both write the
 * same `DependsOn`.
 */
export function addResourceDependency(source: CfnResource, target: CfnResource): void {
  const current = (source as unknown as { addResourceDependency?: (target: CfnResource) => void }).addResourceDependency;
  (current ?? source.addDependency).call(source, target);
}

/**
 * CodeBuild's webhook event of a GitHub Actions workflow job waiting for a
 * runner. aws-cdk-lib's `EventAction.WORKFLOW_JOB_QUEUED` has this value
 * from 2.146.0; the string is what every version renders.
 */
export const WORKFLOW_JOB_QUEUED = 'WORKFLOW_JOB_QUEUED' as cdk.aws_codebuild.EventAction;

/** The VPC configuration of an `AWS::CodeConnections::Host`. */
export interface HostVpcConfigurationProperty {
  readonly vpcId: string;
  readonly subnetIds: string[];
  readonly securityGroupIds: string[];
  readonly tlsCertificate?: string;
}

/** The properties of an `AWS::CodeConnections::Host`. */
export interface HostResourceProps {
  readonly name: string;
  readonly providerType: string;
  readonly providerEndpoint: string;
  readonly vpcConfiguration?: HostVpcConfigurationProperty;
}

/**
 * `AWS::CodeConnections::Host`, the L1 of `Host`.
 *
 * aws-cdk-lib's `aws_codeconnections.CfnHost` first ships in 2.268.0; this
 * is the same resource for every version: the same properties in the same
 * order (the generated L1's, alphabetical), the same attributes, and tags
 * from `Tags.of()` (`ITaggableV2`, as `CfnHost`).
 */
export class CfnHostResource extends CfnResource implements cdk.ITaggableV2 {
  public static readonly CFN_RESOURCE_TYPE_NAME = 'AWS::CodeConnections::Host';

  public readonly cdkTagManager: cdk.TagManager;

  constructor(scope: Construct, id: string, public readonly props: HostResourceProps) {
    super(scope, id, { type: CfnHostResource.CFN_RESOURCE_TYPE_NAME });
    this.cdkTagManager = new cdk.TagManager(cdk.TagType.STANDARD, CfnHostResource.CFN_RESOURCE_TYPE_NAME, undefined, { tagPropertyName: 'tags' });
  }

  /** The host's ARN (`Fn::GetAtt HostArn`). */
  public get attrHostArn(): string {
    return cdk.Token.asString(this.getAtt('HostArn'));
  }

  /** The host's id, the last part of its ARN (`Fn::GetAtt HostId`). */
  public get attrHostId(): string {
    return cdk.Token.asString(this.getAtt('HostId'));
  }

  /** The host's status as CloudFormation read it at create (`Fn::GetAtt Status`). */
  public get attrStatus(): string {
    return cdk.Token.asString(this.getAtt('Status'));
  }

  protected get cfnProperties(): Record<string, unknown> {
    const vpc = this.props.vpcConfiguration;
    return {
      Name: this.props.name,
      ProviderEndpoint: this.props.providerEndpoint,
      ProviderType: this.props.providerType,
      // The standard tag format is { key, value }; CloudFormation's is { Key, Value }.
      Tags: (this.cdkTagManager.renderTags() as Array<{ key: string; value: string }> | undefined)
        ?.map(t => ({ Key: t.key, Value: t.value })),
      VpcConfiguration: vpc && {
        SecurityGroupIds: vpc.securityGroupIds,
        SubnetIds: vpc.subnetIds,
        TlsCertificate: vpc.tlsCertificate,
        VpcId: vpc.vpcId,
      },
    };
  }
}
