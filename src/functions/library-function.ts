/**
 * How the library creates one of its functions: a role and a managed policy
 * of its own (no inline policy: compliance packs report every one), the
 * function on the bundled handler, the acknowledgements every library
 * function carries, and its registration with the stack's configuration
 * (LibraryFunctions), which gives it its log group, memory, timeout and the
 * rest.
 */
import { CfnResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { FunctionSpec } from './function-rules';
import { LibraryFunctions } from './library-functions';
import { addResourceDependency } from '../core/cdk-compat';
import { acknowledgeFunctionDefaults } from '../core/nag';

export interface LibraryFunctionProps {
  readonly spec: FunctionSpec;
  /** Construct ids, beside the function, of its role and its managed policy. */
  readonly roleId: string;
  readonly policyId: string;
  /** What the function is, for the role's and the function's descriptions: `cdk-codeconnections status reporter`. */
  readonly what: string;
  readonly description: string;
  /** Why the function has no use for a dead-letter queue. */
  readonly noDeadLetterQueue: string;
}

/** The parts of a library function its creator adds to. */
export interface LibraryFunction<T extends lambda.Function> {
  readonly fn: T;
  readonly role: iam.Role;
  /** The function's own managed policy; the function is created after it. */
  readonly policy: iam.ManagedPolicy;
}

export function createLibraryFunction<T extends lambda.Function>(
  scope: Construct, id: string, functionClass: new (scope: Construct, id: string, props: lambda.FunctionOptions) => T, props: LibraryFunctionProps,
): LibraryFunction<T> {
  const role = new iam.Role(scope, props.roleId, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `${props.what}: its permissions are in the managed policy beside it`,
  });
  const policy = new iam.ManagedPolicy(scope, props.policyId, {
    description: `${props.what}: what it needs to run`,
    roles: [role],
  });
  const fn = new functionClass(scope, id, { description: props.description, role });
  // Lambda checks some of these (a VPC's network interfaces) when it creates the function.
  addResourceDependency(fn.node.defaultChild as CfnResource, policy.node.defaultChild as CfnResource);
  acknowledgeFunctionDefaults(fn, props.what, props.noDeadLetterQueue);
  LibraryFunctions.of(scope)._register({ spec: props.spec, fn, role, policy });
  return { fn, role, policy };
}
