import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { StatusReporterFunction } from './status-reporter-function';
import { ARN_NAMESPACES } from '../core/arns';
import { functionIdentity } from '../core/function-identity';
import { acknowledgeNagFindings, acknowledgePinnedRuntime } from '../core/nag';
import { allowAccountWideStatusRead } from '../core/status-read';

/** Construct id of the per-stack handler; public contract (changing it replaces the function). */
const REPORTER_ID = 'CodeConnectionsStatusReporter';

/**
 * Context key whose value, when set, is passed to every status resource, so
 * `cdk deploy -c cdk-codeconnections:statusRefresh=$(date +%s)` re-reads the
 * status of unchanged connections and hosts. Without it the status is read
 * only when a resource is created or its properties change, which keeps synth
 * deterministic.
 */
export const STATUS_REFRESH_CONTEXT = 'cdk-codeconnections:statusRefresh';

/** Lambda timeout of the reporter. */
const REPORTER_TIMEOUT = Duration.minutes(5);

/**
 * How long CloudFormation waits for a status resource that does not wait for
 * AVAILABLE: the Lambda timeout plus a minute. The handler always answers
 * before its own timeout; this bounds the wait if the Lambda were killed
 * (the default would be one hour).
 */
export const STATUS_SERVICE_TIMEOUT = REPORTER_TIMEOUT.plus(Duration.minutes(1));

/**
 * The stack's one status-reporter Lambda, created on first use.
 *
 * Its policy is written once, when the singleton is created, and covers every
 * connection and host of the stack's account and region by wildcard: a stack
 * may hold hundreds of them, and a per-resource statement would grow the
 * policy past IAM's size limit. The CodeConnections actions are read-only;
 * waits and lookups add their own small policies (see below) when used.
 */
export function statusReporter(scope: Construct): StatusReporterFunction {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(REPORTER_ID);
  if (existing) {
    return existing as StatusReporterFunction;
  }
  const { logGroup, role } = functionIdentity(stack, `${REPORTER_ID}Logs`, `${REPORTER_ID}Role`,
    'cdk-codeconnections status reporter: reads CodeConnections, writes its own log group');
  const fn = new StatusReporterFunction(stack, REPORTER_ID, {
    description: 'cdk-codeconnections: reads CodeConnections status after deploy and returns the console link',
    role,
    logGroup,
    // Each call is bounded by SDK timeouts; the margin lets the handler
    // always answer CloudFormation itself.
    timeout: REPORTER_TIMEOUT,
    memorySize: 256,
  });
  acknowledgePinnedRuntime(fn);
  allowAccountWideStatusRead(role, stack, 'cdk-codeconnections status reporter: read-only (GetConnection, GetHost) on the connections and hosts '
    + 'of this account and region; one constant policy serves every connection of the stack, where one statement per ARN would outgrow IAM\'s policy size limit');
  return fn;
}

/**
 * Lets the reporter list connections, for `Connection.fromConnectionName`.
 * `ListConnections` on `*`: the Service Authorization Reference lists a
 * connection resource type for it, but the operation takes no ARN, and
 * whether IAM authorizes it against `connection/*` cannot be verified
 * without an account (scripts/iam-lint-allowed.json). It is read-only.
 * Created once per stack, only when a lookup exists.
 */
export function allowLookup(scope: Construct): iam.Policy {
  const existed = statusReporter(scope).node.tryFindChild('Lookup') !== undefined;
  const policy = reporterPolicy(scope, 'Lookup', () => new iam.PolicyStatement({
    sid: 'LookUpConnectionsByName',
    actions: ARN_NAMESPACES.map(ns => `${ns}:ListConnections`),
    resources: ['*'],
  }));
  if (!existed) {
    acknowledgeNagFindings(policy, [{
      id: 'AwsSolutions-IAM5',
      reason: 'cdk-codeconnections status reporter: ListConnections (looking a connection up by name) on *: the operation takes no ARN, and scoping it to connection/* is unverified; the action is read-only',
      appliesTo: ['Resource::*'],
    }]);
  }
  return policy;
}

/** A policy of the reporter's role, created once (found by id afterwards). */
export function reporterPolicy(scope: Construct, id: string, statement: (fn: StatusReporterFunction) => iam.PolicyStatement): iam.Policy {
  const fn = statusReporter(scope);
  return fn.node.tryFindChild(id) as iam.Policy ?? new iam.Policy(fn, id, { roles: [fn.role!], statements: [statement(fn)] });
}

