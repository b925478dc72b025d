/**
 * The rules of the library functions' configuration: what each function
 * needs (its spec), and the checks of the options against it.
 */
import { Duration, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import type { LibraryFunctionsOptions } from './library-functions';
import { show, validationError } from '../core/validation';

/** What one of the library's functions needs, for its defaults and the checks. */
export interface FunctionSpec {
  /** What the function is, for messages: `the status reporter`. */
  readonly name: string;
  readonly defaultTimeout: Duration;
  /** The shortest timeout its handler's deadlines fit in, and why. */
  readonly minTimeout: Duration;
  readonly minTimeoutReason: string;
  readonly defaultMemorySize: number;
  /** Construct id of its own log group, beside the function. */
  readonly logGroupId: string;
  /** The concurrency it needs at least (1 when undefined), and why, once the stack is complete. */
  minConcurrency(fn: lambda.Function): { readonly count: number; readonly why: string } | undefined;
  /** The services it calls from a VPC (ids of VPC_ENDPOINT_SERVICES), once the stack is complete. */
  calls(fn: lambda.Function): string[];
}

/** A function of the library, as created by createLibraryFunction. */
export interface LibraryFunctionParts {
  readonly spec: FunctionSpec;
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  /** The function's own managed policy: everything it needs to run; the function depends on it. */
  readonly policy: iam.ManagedPolicy;
}

/** Warning id of a function subnet that shows no way to a service the functions call. */
export const VPC_WITHOUT_ENDPOINT_WARNING = 'cdk-codeconnections:functionsSubnetWithoutEndpoint';
/** Warning id of a log encryption key whose policy the library cannot extend. */
export const IMPORTED_LOG_KEY_WARNING = 'cdk-codeconnections:logKeyPolicyNotManaged';

/** Lambda's longest timeout. */
const MAX_TIMEOUT = Duration.minutes(15);

/** Plain-JavaScript callers: a struct of the right shape. */
export function checkOptionsShape(scope: IConstruct, options: LibraryFunctionsOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw validationError(scope, `configure(): options must be an object, e.g. { vpc }; got ${typeof options}`);
  }
  if (!options.vpc) {
    const stray = (['vpcSubnets', 'securityGroups'] as const).filter(p => options[p] !== undefined);
    if (stray.length) {
      throw validationError(scope, `${stray.join(', ')} ${stray.length > 1 ? 'require' : 'requires'} vpc: pass vpc, or remove ${stray.join(', ')}`);
    }
  }
  if (options.securityGroups !== undefined && options.securityGroups.length === 0) {
    throw validationError(scope, 'securityGroups: an empty list would leave the functions without a security group; '
      + 'pass at least one, or leave securityGroups out to get one created');
  }
  if (options.timeout !== undefined && typeof (options.timeout as Partial<Duration>)?.toSeconds !== 'function') {
    throw validationError(scope, `timeout must be a Duration, e.g. Duration.minutes(5); got ${typeof options.timeout} ${String(options.timeout)}`);
  }
}

export function checkMemorySize(scope: IConstruct, memorySize: number | undefined): void {
  if (memorySize === undefined || Token.isUnresolved(memorySize)) {
    return;
  }
  if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10240) {
    throw validationError(scope, `memorySize: ${memorySize} must be a whole number of MB from 128 to 10240 (Lambda's limits); the library's handlers run in 128`);
  }
}

export function checkFunctionNamePrefix(scope: IConstruct, prefix: string | undefined): void {
  if (prefix === undefined || Token.isUnresolved(prefix)) {
    if (prefix !== undefined) {
      throw validationError(scope, 'functionNamePrefix must be known at synth time (the rest of each name is made from it); got a token');
    }
    return;
  }
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(prefix)) {
    throw validationError(scope, `functionNamePrefix: ${show(prefix)} must be 1-32 letters, digits, '-' or '_' `
      + '(a Lambda function name is at most 64 of these; the rest is made from the construct path)');
  }
}

/** A timeout the function's handler fits in, and that Lambda allows. */
export function checkTimeout(scope: IConstruct, spec: FunctionSpec, timeout: Duration): void {
  if (timeout.isUnresolved()) {
    throw validationError(scope, 'timeout must be known at synth time: the status resources\' own timeout is computed from it');
  }
  const seconds = timeout.toSeconds();
  if (seconds < spec.minTimeout.toSeconds() || seconds > MAX_TIMEOUT.toSeconds()) {
    throw validationError(scope, `timeout: ${timeout.toHumanString()} does not fit ${spec.name}, which needs ${spec.minTimeout.toHumanString()} to ${MAX_TIMEOUT.toHumanString()}: `
      + `${spec.minTimeoutReason}; Lambda allows at most ${MAX_TIMEOUT.toHumanString()}. Leave timeout out for its default of ${spec.defaultTimeout.toHumanString()}`);
  }
}

/** The problem with a reserved concurrency for one function, or undefined. */
export function checkConcurrency(spec: FunctionSpec, concurrency: number | undefined, fn: lambda.Function): string | undefined {
  if (concurrency === undefined || Token.isUnresolved(concurrency)) {
    return undefined;
  }
  const need = spec.minConcurrency(fn);
  if (need && concurrency < need.count) {
    return `${concurrency} is too low for ${spec.name} of this stack, which needs at least ${need.count}: ${need.why}. `
      + `Reserve ${need.count} or more, or leave reservedConcurrentExecutions out`;
  }
  return undefined;
}

/** The subnets the functions go into: 1 or more, none of them public. */
export function checkVpcSubnets(scope: IConstruct, vpc: ec2.IVpc, selection: ec2.SubnetSelection | undefined): ec2.SelectedSubnets {
  let selected: ec2.SelectedSubnets;
  try {
    selected = vpc.selectSubnets(selection);
  } catch (e) {
    throw validationError(scope, `vpcSubnets: the selection matches no subnets of ${vpc.node.path} (${(e as Error).message.trim()}); `
      + 'choose a subnetType or subnetGroupName the VPC has, or pass subnets explicitly');
  }
  if (!Token.isUnresolved(selected.subnetIds) && selected.subnetIds.length === 0) {
    throw validationError(scope, `vpcSubnets: the selection matches no subnets of ${vpc.node.path}; choose private or isolated subnets`);
  }
  if (selected.hasPublic) {
    throw validationError(scope, `vpcSubnets: the selection includes public subnets of ${vpc.node.path}; a Lambda function there gets no public IP `
      + 'and so no way to the internet. Choose private subnets (with a NAT) or isolated subnets (with VPC endpoints: addVpcEndpoints())');
  }
  return selected;
}
