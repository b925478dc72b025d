/**
 * What CloudFormation does for each resource type of the library's
 * templates: CodeConnections connections and hosts on the fake service,
 * custom resources through Lambda and the response URL, Lambda functions
 * as containers of the shipped bundle, CodeBuild projects with a webhook
 * (created through the connection, so it must be AVAILABLE), and every
 * other type as a physical id plus the attributes its CloudFormation
 * schema declares (@aws-cdk/aws-service-spec): reading an attribute the
 * schema does not have fails, as it does in CloudFormation.
 */
import { createHash, randomUUID } from 'crypto';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import {
  CodeStarConnectionsClient, CreateConnectionCommand, CreateHostCommand, DeleteConnectionCommand, DeleteHostCommand,
  GetConnectionCommand, GetHostCommand, TagResourceCommand, UntagResourceCommand, UpdateHostCommand,
} from '@aws-sdk/client-codestar-connections';
import type { Clock } from './clock';
import type { CodeConnectionsService } from './codeconnections-service';
import { triggerProblems } from './codepipeline-service';
import { allows, AWS_MANAGED_POLICIES, PolicyDocument } from './iam-evaluation';
import type { LambdaService } from './lambda-service';
import type { FakeCodeStar, RecordedResponse } from '../wire/fake-codestar';

/** A resource operation that failed: the reason CloudFormation shows. */
export class ResourceFailure extends Error {}

export interface ProviderContext {
  readonly stackName: string;
  readonly stackId: string;
  readonly logicalId: string;
  readonly type: string;
  readonly region: string;
  readonly account: string;
  readonly partition: string;
  /** The template being deployed (for what a service reads of other resources: a function's role, a log group's key). */
  readonly template?: any;
  /** The stack's resources as deployed so far, properties resolved. */
  readonly deployed?: () => ReadonlyMap<string, DeployedResource>;
}

export interface DeployedResource {
  readonly type: string;
  readonly physicalId: string;
  readonly properties: Record<string, any>;
}

export interface ResourceResult {
  readonly physicalId: string;
  readonly attributes: Record<string, unknown>;
}

export interface ExistingResource extends ResourceResult {
  readonly properties: Record<string, any>;
}

export interface ResourceProvider {
  create(ctx: ProviderContext, properties: Record<string, any>): Promise<ResourceResult>;
  /** In-place update; a custom resource may answer a new physical id (a replacement). */
  update(ctx: ProviderContext, existing: ExistingResource, properties: Record<string, any>): Promise<ResourceResult>;
  delete(ctx: ProviderContext, existing: ExistingResource): Promise<void>;
  /** Whether changing from `old` to `properties` replaces the resource. */
  replaces(type: string, old: Record<string, any>, properties: Record<string, any>): boolean;
  /** The value of Fn::GetAtt, or a ResourceFailure. */
  attribute(ctx: ProviderContext, resource: ResourceResult, attribute: string): unknown;
}

export interface ProviderServices {
  readonly clock: Clock;
  readonly fake: FakeCodeStar;
  readonly codeConnections: CodeConnectionsService;
  readonly lambda: LambdaService;
  /** S3 key of an asset -> folder of its contents. */
  readonly assets: Record<string, string>;
}

let spec: ReturnType<typeof loadAwsServiceSpecSync> | undefined;

/** Loads the CloudFormation schema database (most of a second, blocking): before a deploy, not during one. */
export function loadSchemas(): void {
  spec ??= loadAwsServiceSpecSync();
}

function schema(type: string) {
  loadSchemas();
  const found = spec!.lookup('resource', 'cloudFormationType', 'equals', type);
  if (found.length !== 1) {
    throw new ResourceFailure(`${type} is not a resource type of the CloudFormation schema`);
  }
  return found.only();
}

/** True when a property whose schema says it causes replacement changed. */
function replacesBySchema(type: string, old: Record<string, any>, properties: Record<string, any>): boolean {
  const props = schema(type).properties as Record<string, { causesReplacement?: string }>;
  return Object.entries(props).some(([name, p]) =>
    (p.causesReplacement === 'yes' || p.causesReplacement === 'maybe') && !same(old[name], properties[name]));
}

export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function hex(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('hex').slice(0, length);
}

/** Plain properties of any other type: a physical id, and the attributes the schema declares. */
export class GenericProvider implements ResourceProvider {
  private generation = 0;
  constructor(protected readonly services: ProviderServices) {}

  public async create(ctx: ProviderContext, properties: Record<string, any>): Promise<ResourceResult> {
    const s = schema(ctx.type);
    // Creating takes CloudFormation a moment: other resources overlap with it.
    await this.services.clock.sleep(1_000);
    const [primary] = s.primaryIdentifier ?? [];
    const named = primary && typeof properties[primary] === 'string' ? properties[primary] : undefined;
    return { physicalId: named ?? this.physicalId(ctx), attributes: {} };
  }

  public async update(_ctx: ProviderContext, existing: ExistingResource, _properties: Record<string, any>): Promise<ResourceResult> {
    await this.services.clock.sleep(1_000);
    return { physicalId: existing.physicalId, attributes: existing.attributes };
  }

  public async delete(): Promise<void> {
    await this.services.clock.sleep(500);
  }

  public replaces(type: string, old: Record<string, any>, properties: Record<string, any>): boolean {
    return replacesBySchema(type, old, properties);
  }

  public attribute(ctx: ProviderContext, resource: ResourceResult, attribute: string): unknown {
    if (attribute in resource.attributes) {
      return resource.attributes[attribute];
    }
    const s = schema(ctx.type);
    if (!(attribute in (s.attributes ?? {}))) {
      throw new ResourceFailure(`Template error: resource ${ctx.logicalId} (${ctx.type}) does not support attribute type ${attribute} in Fn::GetAtt`);
    }
    const id = resource.physicalId;
    const special: Record<string, () => string> = {
      'AWS::EC2::SecurityGroup.GroupId': () => id,
      'AWS::EC2::VPC.VpcId': () => id,
      'AWS::EC2::Subnet.SubnetId': () => id,
      'AWS::EC2::EIP.AllocationId': () => `eipalloc-${hex(id, 17)}`,
      'AWS::IAM::Role.RoleId': () => `AROA${hex(id, 17).toUpperCase()}`,
      'AWS::CodeStarConnections::RepositoryLink.RepositoryLinkId': () => uuidFrom(id),
      // CloudFormation's log group Arn ends in ":*" (its documented example:
      // arn:aws:logs:us-west-1:123456789012:log-group:/mystack-testgroup-12ABC1AB12A1:*),
      // which the schema's arnTemplate leaves out.
      'AWS::Logs::LogGroup.Arn': () => `${this.arn(ctx, id)}:*`,
    };
    const value = special[`${ctx.type}.${attribute}`];
    if (value) {
      return value();
    }
    if (attribute === 'Arn' || attribute.endsWith('Arn')) {
      return this.arn(ctx, id);
    }
    return `${id}|${attribute}`;
  }

  protected physicalId(ctx: ProviderContext): string {
    const seed = `${ctx.stackName}/${ctx.logicalId}/${++this.generation}`;
    const prefix = EC2_ID_PREFIXES[ctx.type];
    if (prefix) {
      return `${prefix}${hex(seed, 17)}`;
    }
    if (ctx.type === 'AWS::EC2::EIP') {
      return `203.0.113.${parseInt(hex(seed, 2), 16) % 250 + 1}`;
    }
    return `${ctx.stackName.slice(0, 20)}-${ctx.logicalId.slice(0, 24)}-${hex(seed, 12).toUpperCase()}`;
  }

  protected arn(ctx: ProviderContext, id: string): string {
    const template = schema(ctx.type).arnTemplate;
    if (template) {
      return template
        .replace(/\$\{Partition\}/g, ctx.partition)
        .replace(/\$\{Region\}/g, ctx.region)
        .replace(/\$\{Account\}/g, ctx.account)
        .replace(/\$\{[A-Za-z]+\}/g, id);
    }
    const [, service, kind] = ctx.type.split('::').map(p => p.toLowerCase());
    return `arn:${ctx.partition}:${service}:${ctx.region}:${ctx.account}:${kind}/${id}`;
  }
}

const EC2_ID_PREFIXES: Record<string, string> = {
  'AWS::EC2::VPC': 'vpc-',
  'AWS::EC2::Subnet': 'subnet-',
  'AWS::EC2::SecurityGroup': 'sg-',
  'AWS::EC2::RouteTable': 'rtb-',
  'AWS::EC2::InternetGateway': 'igw-',
  'AWS::EC2::NatGateway': 'nat-',
  'AWS::EC2::FlowLog': 'fl-',
  'AWS::EC2::SubnetRouteTableAssociation': 'rtbassoc-',
  'AWS::EC2::SecurityGroupIngress': 'sgr-',
  'AWS::EC2::SecurityGroupEgress': 'sgr-',
};

function uuidFrom(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * CloudFormation's own calls to CodeConnections: the same throttled
 * endpoint, retried with exponential backoff and jitter until they get
 * through (CloudFormation's resource handlers retry throttling). Backing
 * off also keeps this process, which serves the fake too, from spending its
 * CPU on signing retries.
 */
async function persist<T>(clock: Clock, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if ((e as Error).name !== 'ThrottlingException' || attempt > 50) {
        throw e;
      }
      await clock.sleep(Math.random() * Math.min(20_000, 500 * 2 ** attempt));
    }
  }
}

function apiFailure(e: unknown): ResourceFailure {
  const err = e as { name?: string; message?: string };
  return new ResourceFailure(`${err.name}: ${err.message}`);
}

/** The access key CloudFormation's own calls to CodeConnections are signed with. */
export const CLOUDFORMATION_ACCESS_KEY = 'AKIACLOUDFORMATION00';

abstract class CodeConnectionsProvider implements ResourceProvider {
  protected readonly client: CodeStarConnectionsClient;
  constructor(protected readonly services: ProviderServices, region: string) {
    this.client = new CodeStarConnectionsClient({
      region,
      endpoint: services.fake.endpoint,
      credentials: { accessKeyId: CLOUDFORMATION_ACCESS_KEY, secretAccessKey: 'cloudformation-not-real' },
      maxAttempts: 1,
    });
  }
  public abstract create(ctx: ProviderContext, properties: Record<string, any>): Promise<ResourceResult>;
  public abstract update(ctx: ProviderContext, existing: ExistingResource, properties: Record<string, any>): Promise<ResourceResult>;
  public abstract delete(ctx: ProviderContext, existing: ExistingResource): Promise<void>;

  public replaces(type: string, old: Record<string, any>, properties: Record<string, any>): boolean {
    return replacesBySchema(type, old, properties);
  }

  public attribute(ctx: ProviderContext, resource: ResourceResult, attribute: string): unknown {
    if (!(attribute in resource.attributes)) {
      throw new ResourceFailure(`Template error: resource ${ctx.logicalId} (${ctx.type}) does not support attribute type ${attribute} in Fn::GetAtt`);
    }
    return resource.attributes[attribute];
  }

  protected send<T>(command: any): Promise<T> {
    return persist(this.services.clock, () => this.client.send(command) as Promise<T>).catch(e => {
      throw apiFailure(e);
    });
  }

  protected async retag(arn: string, old: { Key: string; Value: string }[] = [], tags: { Key: string; Value: string }[] = []): Promise<void> {
    const removed = old.filter(o => !tags.some(t => t.Key === o.Key)).map(o => o.Key);
    if (removed.length) {
      await this.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: removed }));
    }
    if (tags.length && !same(old, tags)) {
      await this.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags }));
    }
  }

  /** CloudFormation treats a resource that is already gone as deleted. */
  protected async deleteQuietly(command: any): Promise<void> {
    try {
      await this.send(command);
    } catch (e) {
      if (!/^ResourceNotFoundException/.test((e as Error).message)) {
        throw e;
      }
    }
  }
}

export class ConnectionProvider extends CodeConnectionsProvider {
  public async create(_ctx: ProviderContext, p: Record<string, any>): Promise<ResourceResult> {
    const created = await this.send<{ ConnectionArn: string }>(new CreateConnectionCommand({
      ConnectionName: p.ConnectionName, ProviderType: p.ProviderType, HostArn: p.HostArn, Tags: p.Tags,
    }));
    return this.read(created.ConnectionArn);
  }

  public async update(_ctx: ProviderContext, existing: ExistingResource, p: Record<string, any>): Promise<ResourceResult> {
    await this.retag(existing.physicalId, existing.properties.Tags, p.Tags);
    return this.read(existing.physicalId);
  }

  public async delete(_ctx: ProviderContext, existing: ExistingResource): Promise<void> {
    await this.deleteQuietly(new DeleteConnectionCommand({ ConnectionArn: existing.physicalId }));
  }

  private async read(arn: string): Promise<ResourceResult> {
    const { Connection: c } = await this.send<any>(new GetConnectionCommand({ ConnectionArn: arn }));
    return {
      physicalId: arn,
      attributes: { ConnectionArn: arn, ConnectionStatus: c.ConnectionStatus, OwnerAccountId: c.OwnerAccountId },
    };
  }
}

export class HostProvider extends CodeConnectionsProvider {
  public async create(_ctx: ProviderContext, p: Record<string, any>): Promise<ResourceResult> {
    const created = await this.send<{ HostArn: string }>(new CreateHostCommand({
      Name: p.Name, ProviderType: p.ProviderType, ProviderEndpoint: p.ProviderEndpoint, VpcConfiguration: p.VpcConfiguration, Tags: p.Tags,
    }));
    return this.read(created.HostArn);
  }

  public async update(_ctx: ProviderContext, existing: ExistingResource, p: Record<string, any>): Promise<ResourceResult> {
    const old = existing.properties;
    if (!same(old.ProviderEndpoint, p.ProviderEndpoint) || !same(old.VpcConfiguration, p.VpcConfiguration)) {
      await this.send(new UpdateHostCommand({
        HostArn: existing.physicalId, ProviderEndpoint: p.ProviderEndpoint, VpcConfiguration: p.VpcConfiguration,
      }));
    }
    await this.retag(existing.physicalId, old.Tags, p.Tags);
    return this.read(existing.physicalId);
  }

  public async delete(_ctx: ProviderContext, existing: ExistingResource): Promise<void> {
    await this.deleteQuietly(new DeleteHostCommand({ HostArn: existing.physicalId }));
  }

  private async read(arn: string): Promise<ResourceResult> {
    const h = await this.send<any>(new GetHostCommand({ HostArn: arn }));
    return { physicalId: arn, attributes: { HostArn: arn, HostId: arn.split('/').pop(), Status: h.Status } };
  }
}

/** The logical id a property refers to by `Ref` or `Fn::GetAtt` in the template being deployed, if any. */
function referencedId(ctx: ProviderContext, property: string): string | undefined {
  const value = ctx.template?.Resources?.[ctx.logicalId]?.Properties?.[property];
  return value?.Ref ?? value?.['Fn::GetAtt']?.[0];
}

/**
 * The policy documents of a role of the stack, as deployed: its inline
 * policies, the managed policies it names (customer-managed ones of the
 * stack, AWS managed ones the rehearsal knows), and the policies that name
 * it in their Roles.
 */
export function rolePolicyDocuments(ctx: ProviderContext, roleId: string): PolicyDocument[] {
  const deployed = ctx.deployed?.() ?? new Map<string, DeployedResource>();
  const role = deployed.get(roleId);
  if (!role) {
    return [];
  }
  const documents: PolicyDocument[] = (role.properties.Policies ?? []).map((p: any) => p.PolicyDocument);
  for (const arn of role.properties.ManagedPolicyArns ?? []) {
    const aws = /^arn:[\w-]+:iam::aws:policy\/(.+)$/.exec(String(arn))?.[1];
    if (aws && AWS_MANAGED_POLICIES[aws]) {
      documents.push(AWS_MANAGED_POLICIES[aws]);
    }
    for (const r of deployed.values()) {
      if (r.type === 'AWS::IAM::ManagedPolicy' && r.physicalId === arn) {
        documents.push(r.properties.PolicyDocument);
      }
    }
  }
  for (const r of deployed.values()) {
    if ((r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') && (r.properties.Roles ?? []).includes(role.physicalId)) {
      documents.push(r.properties.PolicyDocument);
    }
  }
  return documents;
}

/** `AWS::Lambda::Function`: a function the Lambda service runs, when its code is a known asset. */
export class FunctionProvider extends GenericProvider {
  public async create(ctx: ProviderContext, p: Record<string, any>): Promise<ResourceResult> {
    this.checkVpcPermissions(ctx, p);
    const result = await super.create(ctx, p);
    const name = typeof p.FunctionName === 'string' ? p.FunctionName : result.physicalId.slice(0, 64);
    const key = p.Code?.S3Key;
    const codeDirectory = typeof key === 'string' ? this.services.assets[key] : undefined;
    if (!codeDirectory) {
      throw new ResourceFailure(`the rehearsal has no code for ${ctx.logicalId}: asset ${JSON.stringify(key)} is not one of ${Object.keys(this.services.assets).join(', ')}`);
    }
    const arn = `arn:${ctx.partition}:lambda:${ctx.region}:${ctx.account}:function:${name}`;
    this.services.lambda.register({
      functionName: name,
      functionArn: arn,
      codeDirectory,
      handler: p.Handler,
      timeoutSeconds: Number(p.Timeout ?? 3),
      memorySize: Number(p.MemorySize ?? 128),
      environment: p.Environment?.Variables ?? {},
      accessKeyId: `AKIA${hex(String(p.Role), 16).toUpperCase()}`,
      reservedConcurrency: p.ReservedConcurrentExecutions === undefined ? undefined : Number(p.ReservedConcurrentExecutions),
    });
    return { physicalId: name, attributes: { Arn: arn } };
  }

  /**
   * Lambda checks, when it creates a function in a VPC, that the execution
   * role may create, describe and delete network interfaces (Lambda
   * Developer Guide, "Giving Lambda functions access to resources in an
   * Amazon VPC"), and fails otherwise with this message. The actions are
   * checked on the network interfaces of the account and Region, and
   * DescribeNetworkInterfaces on `*`. A role not in the stack is not known
   * here, and passes.
   */
  private checkVpcPermissions(ctx: ProviderContext, p: Record<string, any>): void {
    const roleId = referencedId(ctx, 'Role');
    if (!(p.VpcConfig?.SubnetIds?.length) || !roleId) {
      return;
    }
    const documents = rolePolicyDocuments(ctx, roleId);
    const interfaces = `arn:${ctx.partition}:ec2:${ctx.region}:${ctx.account}:network-interface/*`;
    for (const [action, resource] of [
      ['ec2:CreateNetworkInterface', interfaces], ['ec2:DescribeNetworkInterfaces', '*'], ['ec2:DeleteNetworkInterface', interfaces],
    ]) {
      if (!allows(documents, action, resource)) {
        throw new ResourceFailure(`Resource handler returned message: "The provided execution role does not have permissions to call ${action.split(':')[1]} on EC2 `
          + '(Service: Lambda, Status Code: 400)" (HandlerErrorCode: InvalidRequest)');
      }
    }
  }

  public async update(ctx: ProviderContext, existing: ExistingResource, p: Record<string, any>): Promise<ResourceResult> {
    const fn = this.services.lambda.functions.get(existing.physicalId);
    if (fn) {
      this.services.lambda.unregister(fn);
    }
    await this.delete();
    const created = await this.create(ctx, { ...p, FunctionName: existing.physicalId });
    return created;
  }

  public async delete(_ctx?: ProviderContext, existing?: ExistingResource): Promise<void> {
    const fn = existing ? this.services.lambda.functions.get(existing.physicalId) : undefined;
    if (fn) {
      this.services.lambda.unregister(fn);
    }
  }
}

/**
 * `AWS::Logs::LogGroup`: with a KMS key, CloudWatch Logs of the Region
 * must be allowed by the key's policy to use it for this log group (CloudWatch
 * Logs User Guide, "Encrypt log data in CloudWatch Logs using AWS KMS"), or
 * CreateLogGroup fails with this message. A key not in the stack is not
 * known here, and passes.
 */
export class LogGroupProvider extends GenericProvider {
  public async create(ctx: ProviderContext, p: Record<string, any>): Promise<ResourceResult> {
    const result = await super.create(ctx, p);
    const keyId = p.KmsKeyId === undefined ? undefined : referencedId(ctx, 'KmsKeyId');
    const key = keyId ? ctx.deployed?.().get(keyId) : undefined;
    if (key) {
      const logGroupArn = `arn:${ctx.partition}:logs:${ctx.region}:${ctx.account}:log-group:${result.physicalId}`;
      const suffix = ctx.partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      const isLogs = (principal: any) => [principal?.Service ?? []].flat().some((s: string) => s === `logs.${ctx.region}.${suffix}` || s === `logs.${suffix}`);
      const context = { 'kms:EncryptionContext:aws:logs:arn': logGroupArn };
      if (!['kms:Encrypt', 'kms:GenerateDataKey', 'kms:Decrypt'].every(action => allows([key.properties.KeyPolicy], action, p.KmsKeyId, context, isLogs))) {
        throw new ResourceFailure(`Resource handler returned message: "The specified KMS key does not exist or is not allowed to be used with Arn '${logGroupArn}' `
          + '(Service: CloudWatchLogs, Status Code: 400)" (HandlerErrorCode: GeneralServiceException)');
      }
    }
    return result;
  }
}

/**
 * `AWS::CodeBuild::Project`: a project with a webhook on a source that
 * authenticates through a connection creates the webhook through that
 * connection, which must then be AVAILABLE (CodeBuild's docs; the error
 * text here is the rehearsal's).
 */
export class CodeBuildProjectProvider extends GenericProvider {
  public async create(ctx: ProviderContext, p: Record<string, any>): Promise<ResourceResult> {
    const auth = p.Source?.Auth;
    if (p.Triggers?.Webhook === true || p.Triggers?.Webhook === 'true') {
      if (auth?.Type === 'CODECONNECTIONS') {
        const connection = this.services.codeConnections.connection(String(auth.Resource));
        if (connection?.status !== 'AVAILABLE') {
          throw new ResourceFailure(`OAuthProviderException: the webhook of ${ctx.logicalId} needs connection ${auth.Resource} AVAILABLE; it is ${connection?.status ?? 'not found'}`);
        }
      }
    }
    return super.create(ctx, p);
  }
}

/**
 * `AWS::CDK::Metadata`, which the CDK CLI's version reporting adds to every
 * stack of a user's `cdk synth`: CloudFormation records it and calls no
 * service; it has no attributes.
 */
export class CdkMetadataProvider implements ResourceProvider {
  public async create(ctx: ProviderContext): Promise<ResourceResult> {
    return { physicalId: `${ctx.stackName}-${ctx.logicalId}-${hex(ctx.stackId + ctx.logicalId, 8)}`, attributes: {} };
  }

  public async update(_ctx: ProviderContext, existing: ExistingResource): Promise<ResourceResult> {
    return { physicalId: existing.physicalId, attributes: {} };
  }

  public async delete(): Promise<void> {}

  public replaces(): boolean {
    return false;
  }

  public attribute(ctx: ProviderContext, _resource: ResourceResult, attribute: string): unknown {
    throw new ResourceFailure(`Template error: resource ${ctx.logicalId} (AWS::CDK::Metadata) does not support attribute type ${attribute} in Fn::GetAtt`);
  }
}

/**
 * A CodePipeline pipeline: CodePipeline checks its Triggers on create and
 * update (test/rehearsal/codepipeline-service.ts), and the operation fails
 * with CodePipeline's reason.
 */
export class CodePipelineProvider extends GenericProvider {
  public async create(ctx: ProviderContext, p: Record<string, any>): Promise<ResourceResult> {
    this.check(p);
    return super.create(ctx, p);
  }

  public async update(ctx: ProviderContext, existing: ExistingResource, p: Record<string, any>): Promise<ResourceResult> {
    this.check(p);
    return super.update(ctx, existing, p);
  }

  private check(p: Record<string, any>): void {
    const [problem] = triggerProblems(p);
    if (problem) {
      throw new ResourceFailure(problem);
    }
  }
}

/** A CloudFormation custom resource event, as the service sends it. */
export interface CustomResourceEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly ServiceToken: string;
  readonly ResponseURL: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly ResourceType: string;
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, unknown>;
  readonly OldResourceProperties?: Record<string, unknown>;
}

/** One request CloudFormation made of a custom resource, and what came of it. */
export interface CustomResourceExchange {
  readonly event: CustomResourceEvent;
  readonly sentAt: number;
  answeredAt?: number;
  response?: any;
  /** PUTs after the first (CloudFormation reads one). */
  extraResponses: number;
  failure?: string;
}

/** CloudFormation's longest wait for a custom resource, in seconds. */
const DEFAULT_SERVICE_TIMEOUT_S = 3600;

/**
 * How long CloudFormation takes to notice a response (it reads the
 * pre-signed URL's object; not instant). Long enough for the function to
 * return after its PUT, so the next event can find the container warm.
 */
const RESPONSE_PICKUP_MS = 1_000;
const MAX_RESPONSE_BYTES = 4096;

export class CustomResourceProvider implements ResourceProvider {
  public readonly exchanges: CustomResourceExchange[] = [];
  private readonly pending = new Map<string, (r: RecordedResponse) => void>();
  private readonly seen = new Map<string, CustomResourceExchange>();

  constructor(private readonly services: ProviderServices) {
    services.fake.onResponse(r => {
      if (r.status !== 200) {
        return;
      }
      const exchange = this.seen.get(r.id);
      if (exchange && exchange.response !== undefined) {
        exchange.extraResponses++;
        return;
      }
      this.pending.get(r.id)?.(r);
    });
  }

  public async create(ctx: ProviderContext, properties: Record<string, any>): Promise<ResourceResult> {
    return this.request(ctx, { RequestType: 'Create', ResourceProperties: stringLeaves(properties) as any }, properties);
  }

  public async update(ctx: ProviderContext, existing: ExistingResource, properties: Record<string, any>): Promise<ResourceResult> {
    if (existing.properties.ServiceToken !== properties.ServiceToken) {
      throw new ResourceFailure('Modifying service token is not allowed.');
    }
    return this.request(ctx, {
      RequestType: 'Update',
      PhysicalResourceId: existing.physicalId,
      ResourceProperties: stringLeaves(properties) as any,
      OldResourceProperties: stringLeaves(existing.properties) as any,
    }, properties);
  }

  public async delete(ctx: ProviderContext, existing: ExistingResource): Promise<void> {
    await this.request(ctx, {
      RequestType: 'Delete',
      PhysicalResourceId: existing.physicalId,
      ResourceProperties: stringLeaves(existing.properties) as any,
    }, existing.properties);
  }

  public replaces(): boolean {
    return false; // the handler decides, by answering another physical id
  }

  public attribute(ctx: ProviderContext, resource: ResourceResult, attribute: string): unknown {
    const data = resource.attributes;
    if (!(attribute in data)) {
      throw new ResourceFailure(`CustomResourceAttributeError: Vendor response doesn't contain ${attribute} attribute in object ${ctx.stackId}|${ctx.logicalId}|${resource.physicalId}`);
    }
    return data[attribute];
  }

  private async request(ctx: ProviderContext, fields: Partial<CustomResourceEvent>, properties: Record<string, any>): Promise<ResourceResult> {
    const responseUrl = this.services.fake.responseUrl();
    const id = new URL(responseUrl).pathname.split('/').pop()!;
    const event: CustomResourceEvent = {
      ServiceToken: String(properties.ServiceToken),
      ResponseURL: responseUrl,
      StackId: ctx.stackId,
      RequestId: randomUUID(),
      ResourceType: ctx.type,
      LogicalResourceId: ctx.logicalId,
      ...fields,
    } as CustomResourceEvent;
    const exchange: CustomResourceExchange = { event, sentAt: this.services.clock.now(), extraResponses: 0 };
    this.exchanges.push(exchange);
    this.seen.set(id, exchange);
    const timeoutS = Number(properties.ServiceTimeout ?? DEFAULT_SERVICE_TIMEOUT_S);

    const answer = new Promise<RecordedResponse>((resolve, reject) => {
      const timer = this.services.clock.setTimeout(() => {
        this.pending.delete(id);
        reject(new ResourceFailure(`CloudFormation did not receive a response from your Custom Resource within ${timeoutS} seconds. Please check your logs for requestId [${event.RequestId}].`));
      }, timeoutS * 1000);
      this.pending.set(id, r => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve(r);
      });
    });
    try {
      this.services.lambda.invokeAsync(event.ServiceToken, event);
    } catch (e) {
      this.pending.delete(id);
      throw new ResourceFailure(`Invalid service token ${event.ServiceToken}: ${(e as Error).message}`);
    }
    let recorded: RecordedResponse;
    try {
      recorded = await answer;
    } catch (e) {
      exchange.failure = (e as Error).message;
      throw e;
    }
    exchange.answeredAt = this.services.clock.now();
    await this.services.clock.sleep(RESPONSE_PICKUP_MS);
    const response = recorded.body;
    exchange.response = response ?? recorded.rawBody;
    const fail = (reason: string) => {
      exchange.failure = reason;
      throw new ResourceFailure(reason);
    };
    if (Buffer.byteLength(recorded.rawBody) > MAX_RESPONSE_BYTES) {
      fail(`Response is too long: ${Buffer.byteLength(recorded.rawBody)} bytes (at most ${MAX_RESPONSE_BYTES})`);
    }
    if (!response || typeof response !== 'object') {
      fail(`Invalid response object: not JSON: ${recorded.rawBody.slice(0, 200)}`);
    }
    for (const key of ['StackId', 'RequestId', 'LogicalResourceId'] as const) {
      if (response[key] !== event[key]) {
        fail(`Invalid response object: ${key} ${JSON.stringify(response[key])} does not match the request's ${JSON.stringify(event[key])}`);
      }
    }
    if (response.Status === 'FAILED') {
      fail(`Received response status [FAILED] from custom resource. Message returned: ${response.Reason ?? 'See the details in CloudWatch Log'} (RequestId: ${event.RequestId})`);
    }
    if (response.Status !== 'SUCCESS') {
      fail(`Invalid response object: Status ${JSON.stringify(response.Status)}`);
    }
    if (typeof response.PhysicalResourceId !== 'string' || response.PhysicalResourceId === '') {
      fail('Invalid PhysicalResourceId');
    }
    return { physicalId: response.PhysicalResourceId, attributes: response.Data ?? {} };
  }
}

/** CloudFormation passes a custom resource's property values as strings. */
export function stringLeaves(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(stringLeaves);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringLeaves(v)]));
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}
