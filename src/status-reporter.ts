import {
  AspectPriority, Aspects, CfnOutput, CustomResource, Duration, IAspect, Names, RemovalPolicy, Stack, Token,
} from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct, IConstruct } from 'constructs';
import { ARN_NAMESPACES } from './arns';
import { connectionsListConsoleUrl } from './console-links';
import { StatusReporterFunction } from './status-reporter-function';
import { validationError } from './validation';

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
  // An explicit log group (with retention) and a role that may write only to
  // it, instead of the AWSLambdaBasicExecutionRole managed policy, which
  // lets a function write to any log group of the account.
  const logGroup = new logs.LogGroup(stack, `${REPORTER_ID}Logs`, {
    retention: logs.RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(stack, `${REPORTER_ID}Role`, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: 'cdk-codeconnections status reporter: reads CodeConnections, writes its own log group',
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'WriteOwnLogs',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [logGroup.logGroupArn],
  }));
  const fn = new StatusReporterFunction(stack, REPORTER_ID, {
    description: 'cdk-codeconnections: reads CodeConnections status after deploy and returns the console link',
    role,
    logGroup,
    // Each call is bounded by SDK timeouts; the margin lets the handler
    // always answer CloudFormation itself.
    timeout: REPORTER_TIMEOUT,
    memorySize: 256,
  });
  // IAM matches the action prefix against the ARN's namespace; connections
  // and hosts exist in both namespaces, so both prefixes on both namespaces.
  for (const [sid, action, resource] of [
    ['ReadConnectionStatus', 'GetConnection', 'connection'],
    ['ReadHostStatus', 'GetHost', 'host'],
  ]) {
    fn.addToRolePolicy(new iam.PolicyStatement({
      sid,
      actions: ARN_NAMESPACES.map(ns => `${ns}:${action}`),
      resources: ARN_NAMESPACES.map(ns => stack.formatArn({ service: ns, resource, resourceName: '*' })),
    }));
  }
  return fn;
}

/** Options for one status resource. */
export interface StatusResourceOptions {
  readonly resourceType: string;
  readonly properties: Record<string, string>;
  /** Description of the stack output; must be a literal. */
  readonly outputDescription: string;
  /** @default STATUS_SERVICE_TIMEOUT */
  readonly serviceTimeout?: Duration;
}

/** A status resource (its `NextStep` output is kept within the stack's output budget). */
export interface StatusResource {
  readonly resource: CustomResource;
}

/**
 * Adds a status custom resource under `scope` (ids `Status` and
 * `NextStep`), backed by the stack's reporter.
 */
export function addStatusResource(scope: Construct, options: StatusResourceOptions): StatusResource {
  const refresh = scope.node.tryGetContext(STATUS_REFRESH_CONTEXT);
  const resource = new CustomResource(scope, 'Status', {
    serviceToken: statusReporter(scope).functionArn,
    resourceType: options.resourceType,
    properties: {
      ...options.properties,
      ...(refresh !== undefined ? { Refresh: String(refresh) } : {}),
    },
    serviceTimeout: options.serviceTimeout ?? STATUS_SERVICE_TIMEOUT,
  });
  // `cdk deploy` prints the outputs of the stacks it deploys, never those of
  // a nested stack: there the output goes to the top-level stack, which
  // reads the message through the nested stack's outputs.
  const root = rootStack(Stack.of(scope));
  const output = root === Stack.of(scope)
    ? new CfnOutput(scope, 'NextStep', { value: resource.getAttString('Message'), description: options.outputDescription })
    : new CfnOutput(root, `${Names.uniqueId(scope)}NextStep`, { value: resource.getAttString('Message'), description: options.outputDescription });
  OutputBudget.of(root).register(output);
  return { resource };
}

/** The top-level stack that holds `stack` (itself unless it is nested). */
function rootStack(stack: Stack): Stack {
  let current = stack;
  while (current.nestedStackParent) {
    current = current.nestedStackParent;
  }
  return current;
}

/** CloudFormation's limit of outputs per template. */
export const MAX_OUTPUTS = 200;

/**
 * Keeps a stack within CloudFormation's 200 outputs.
 *
 * Each status resource adds a `NextStep` output. When, at synth time, the
 * stack's outputs (the user's and ours) would exceed the limit, the
 * library's own outputs beyond what fits are removed, in construct-path
 * order, and replaced by one `CodeConnectionsMoreNextSteps` output that
 * points to the console; the user's outputs are never touched. The removed
 * resources still have `nextStep` and `consoleUrl` attributes.
 */
class OutputBudget extends Construct implements IAspect {
  /** The stack's budget: a child construct (no resources), found by id. */
  public static of(stack: Stack): OutputBudget {
    const existing = stack.node.tryFindChild(OUTPUT_BUDGET_ID);
    if (existing) {
      return existing as OutputBudget;
    }
    const budget = new OutputBudget(stack, OUTPUT_BUDGET_ID);
    Aspects.of(stack).add(budget, { priority: AspectPriority.MUTATING });
    return budget;
  }

  private readonly outputs: CfnOutput[] = [];
  private readonly stack: Stack;

  private constructor(stack: Stack, id: string) {
    super(stack, id);
    this.stack = stack;
  }

  public register(output: CfnOutput): void {
    this.outputs.push(output);
  }

  public visit(node: IConstruct): void {
    if (node !== this.stack) {
      return;
    }
    const all = this.stack.node.findAll().filter(c => c instanceof CfnOutput && Stack.of(c) === this.stack);
    if (all.length <= MAX_OUTPUTS) {
      return;
    }
    // Plain code-unit order: localeCompare would depend on the machine's locale.
    const ours = [...this.outputs].sort((a, b) => (a.node.path < b.node.path ? -1 : a.node.path > b.node.path ? 1 : 0));
    const room = MAX_OUTPUTS - (all.length - ours.length);
    // One place goes to the summary, when there is room for it at all.
    const keep = Math.max(room - 1, 0);
    const dropped = ours.slice(keep);
    for (const output of dropped) {
      output.node.scope?.node.tryRemoveChild(output.node.id);
    }
    if (room <= 0) {
      return; // the stack's own outputs fill the limit: nothing of ours fits
    }
    const where = stackConnectionsListUrl(this.stack);
    new CfnOutput(this.stack, 'CodeConnectionsMoreNextSteps', {
      description: `cdk-codeconnections: next steps that did not fit in ${MAX_OUTPUTS} outputs`,
      value: `${dropped.length} more connections or hosts may need a person: open ${where || 'the CodeConnections console (Developer Tools > Settings)'} and finish every PENDING one (their nextStep and consoleUrl attributes hold the exact links)`,
    });
  }
}

const OUTPUT_BUDGET_ID = 'CodeConnectionsOutputBudget';

/**
 * The connections page of the stack's region, for synth-time messages; undefined
 * when the region is a token or its partition (and so its console) is unknown.
 */
export function stackConnectionsListUrl(scope: IConstruct): string | undefined {
  const region = Stack.of(scope).region;
  const partition = Token.isUnresolved(region) ? undefined : RegionInfo.get(region).partition;
  return partition && connectionsListConsoleUrl(partition, region);
}

/**
 * Lets the reporter re-invoke itself, which it does to keep polling past one
 * invocation while a connection waits for AVAILABLE. A separate policy (not
 * the role's default policy) because it names the function's own ARN: the
 * function must not depend on it, or the template would have a cycle.
 * Resources that wait depend on it instead. Created once per stack.
 */
export function allowSelfInvoke(scope: Construct): iam.Policy {
  return reporterPolicy(scope, 'SelfInvoke', fn => new iam.PolicyStatement({
    sid: 'ContinueWaiting',
    actions: ['lambda:InvokeFunction'],
    resources: [fn.functionArn],
  }));
}

/**
 * Lets the reporter list connections, for `Connection.fromConnectionName`.
 * `ListConnections` supports no resource-level permission, hence `*`; it is
 * read-only. Created once per stack, only when a lookup exists.
 */
export function allowLookup(scope: Construct): iam.Policy {
  return reporterPolicy(scope, 'Lookup', () => new iam.PolicyStatement({
    sid: 'LookUpConnectionsByName',
    actions: ARN_NAMESPACES.map(ns => `${ns}:ListConnections`),
    resources: ['*'],
  }));
}

/** A policy of the reporter's role, created once (found by id afterwards). */
function reporterPolicy(scope: Construct, id: string, statement: (fn: StatusReporterFunction) => iam.PolicyStatement): iam.Policy {
  const fn = statusReporter(scope);
  return fn.node.tryFindChild(id) as iam.Policy ?? new iam.Policy(fn, id, { roles: [fn.role!], statements: [statement(fn)] });
}

/**
 * The status resource of a connection or host, or a clear error when the
 * attribute asked for needs a status report that is off.
 */
export function requireStatus(owner: IConstruct, status: StatusResource | undefined, attribute: string, kind: string): StatusResource {
  if (!status) {
    throw validationError(owner, `${attribute} comes from the status report, which is off for this ${kind}; remove 'statusReport: false' to use it`);
  }
  return status;
}
