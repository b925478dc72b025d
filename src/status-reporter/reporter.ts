import { CfnResource, Duration, Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { CONNECTION_STATUS_RESOURCE_TYPE } from './resource-types';
import { StatusReporterFunction } from './status-reporter-function';
import { ARN_NAMESPACES } from '../core/arns';
import { acknowledgeScannerFindings } from '../core/nag';
import { allowAccountWideStatusRead } from '../core/status-read';
import { FunctionSpec } from '../functions/function-rules';
import { createLibraryFunction } from '../functions/library-function';
import { LibraryFunctions } from '../functions/library-functions';

/** Construct id of the per-stack handler; public contract (changing it replaces the function). */
const REPORTER_ID = 'CodeConnectionsStatusReporter';

/** Construct id, under the function, of the policy that lets it hand a wait over to itself. */
const SELF_INVOKE_POLICY_ID = 'SelfInvokePolicy';

/**
 * Context key whose value, when set, is passed to every status resource, so
 * `cdk deploy -c cdk-codeconnections:statusRefresh=$(date +%s)` re-reads the
 * status of unchanged connections and hosts. Without it the status is read
 * only when a resource is created or its properties change, which keeps synth
 * deterministic.
 */
export const STATUS_REFRESH_CONTEXT = 'cdk-codeconnections:statusRefresh';

/**
 * What the reporter needs. Its handler keeps about 11 s to answer
 * CloudFormation (handler/protocol.ts RESPONSE_MARGIN_MS), retries throttled
 * calls with backoff of up to 20 s (handler/retry.ts), and a wait needs a
 * poll of at least 16 s and 35 s to hand itself over before the timeout
 * (handler/wait-for-available.ts): 2 minutes is the shortest timeout that
 * keeps a burst's status reads (p99 27 s, bench/README.md) and a wait's
 * hand-over clear of it.
 */
export const REPORTER_SPEC: FunctionSpec = {
  name: 'the status reporter',
  defaultTimeout: Duration.minutes(5),
  minTimeout: Duration.minutes(2),
  minTimeoutReason: 'its handler keeps 11 s to answer CloudFormation, retries throttled calls for tens of seconds in a burst of status reads, '
    + 'and a wait needs a 16 s poll and 35 s to hand itself over before the timeout',
  defaultMemorySize: 256,
  logGroupId: `${REPORTER_ID}Logs`,
  minConcurrency: fn => {
    const waits = waitingStatusResources(fn);
    return waits.length === 0 ? undefined : {
      count: waits.length + 1,
      why: `${waits.length} status resource${waits.length > 1 ? 's' : ''} of the stack wait${waits.length > 1 ? '' : 's'} for AVAILABLE `
        + `(${waits.map(w => w.node.path).join(', ')}), each holding one execution until its handshake, and one more serves every other status read`,
    };
  },
  calls: fn => ['codeconnections', 's3', ...(fn.node.tryFindChild(SELF_INVOKE_POLICY_ID) ? ['lambda'] : [])],
};

/** The status resources that wait: they depend on the policy that lets the reporter hand a wait over. */
function waitingStatusResources(fn: IConstruct): CfnResource[] {
  const selfInvoke = fn.node.tryFindChild(SELF_INVOKE_POLICY_ID);
  if (!selfInvoke) {
    return [];
  }
  return Stack.of(fn).node.findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === CONNECTION_STATUS_RESOURCE_TYPE
      && c.node.dependencies.includes(selfInvoke));
}

/**
 * How long CloudFormation waits for a status resource (its `ServiceTimeout`,
 * in seconds): the reporter's timeout plus a minute, and `plus` for a wait,
 * at most CloudFormation's hour. The handler always answers before its own
 * timeout; this bounds the wait if the Lambda were killed (the default would
 * be one hour). Read at synth: the stack's function configuration may come
 * later.
 */
export function statusServiceTimeout(scope: IConstruct, plus: Duration = Duration.seconds(0)): string {
  return Lazy.string({
    produce: () => {
      const reporter = LibraryFunctions.of(scope)._timeoutOf(REPORTER_SPEC);
      return String(Math.min(reporter.plus(Duration.minutes(1)).plus(plus).toSeconds(), Duration.hours(1).toSeconds()));
    },
  });
}

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
  const { fn, policy } = createLibraryFunction(stack, REPORTER_ID, StatusReporterFunction, {
    spec: REPORTER_SPEC,
    roleId: `${REPORTER_ID}Role`,
    policyId: `${REPORTER_ID}Policy`,
    what: 'cdk-codeconnections status reporter',
    description: 'cdk-codeconnections: reads CodeConnections status after deploy and returns the console link',
    noDeadLetterQueue: 'CloudFormation invokes it for custom resources and waits for the answer it sends to the response URL; '
      + 'an event it could not answer fails the resource at its ServiceTimeout, and nothing would read it from a queue',
  });
  allowAccountWideStatusRead(policy, stack, 'cdk-codeconnections status reporter: read-only (GetConnection, GetHost) on the connections and hosts '
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
export function allowLookup(scope: Construct): iam.ManagedPolicy {
  const existed = statusReporter(scope).node.tryFindChild('LookupPolicy') !== undefined;
  const policy = reporterPolicy(scope, 'LookupPolicy', () => new iam.PolicyStatement({
    sid: 'LookUpConnectionsByName',
    actions: ARN_NAMESPACES.map(ns => `${ns}:ListConnections`),
    resources: ['*'],
  }));
  if (!existed) {
    acknowledgeScannerFindings(policy, [{
      id: 'AwsSolutions-IAM5',
      reason: 'cdk-codeconnections status reporter: ListConnections (looking a connection up by name) on *: the operation takes no ARN, and scoping it to connection/* is unverified; the action is read-only',
      appliesTo: ['Resource::*'],
    }]);
  }
  return policy;
}

/**
 * Lets the reporter re-invoke itself, which it does to keep polling past one
 * invocation while a connection waits for AVAILABLE. A policy of its own
 * (not the function's), because it names the function's own ARN: the
 * function must not depend on it, or the template would have a cycle.
 * Resources that wait depend on it instead. Created once per stack.
 */
export function allowSelfInvoke(scope: Construct): iam.ManagedPolicy {
  return reporterPolicy(scope, SELF_INVOKE_POLICY_ID, fn => new iam.PolicyStatement({
    sid: 'ContinueWaiting',
    actions: ['lambda:InvokeFunction'],
    resources: [fn.functionArn],
  }));
}

/** A managed policy of the reporter's role, created once (found by id afterwards). */
function reporterPolicy(scope: Construct, id: string, statement: (fn: StatusReporterFunction) => iam.PolicyStatement): iam.ManagedPolicy {
  const fn = statusReporter(scope);
  return fn.node.tryFindChild(id) as iam.ManagedPolicy ?? new iam.ManagedPolicy(fn, id, {
    description: `cdk-codeconnections status reporter: ${id === SELF_INVOKE_POLICY_ID ? 'hands a wait over to a new invocation of itself' : 'looks connections up by name'}`,
    roles: [fn.role!],
    statements: [statement(fn)],
  });
}
