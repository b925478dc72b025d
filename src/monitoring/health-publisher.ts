/**
 * The construct side of the health metrics: the stack's one publisher
 * (a Lambda on a schedule), created by the first `metricAvailable()` of a
 * stack, and the metric that call returns. The handler side is
 * handler/publish.ts.
 */
import {
  Arn, ArnFormat, Duration, IAspect, Stack, Token,
} from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { HEALTH_METRICS, HEALTH_NAMESPACE, HealthPublisherEvent, MonitoredKind } from './health-names';
import { HealthPublisherFunction } from './health-publisher-function';
import { addMutatingAspect } from '../core/cdk-compat';
import { acknowledgeScannerFindings } from '../core/nag';
import { allowAccountWideStatusRead } from '../core/status-read';
import { validationError } from '../core/validation';
import { FunctionSpec } from '../functions/function-rules';
import { createLibraryFunction } from '../functions/library-function';

/** Construct id of the per-stack publisher; public contract (changing it replaces its resources). */
const PUBLISHER_ID = 'CodeConnectionsHealthPublisher';

/** The schedule when no metric asks for a shorter period. */
export const DEFAULT_HEALTH_PERIOD = Duration.minutes(5);

/**
 * ARNs per schedule target. An EventBridge target's input holds at most
 * 8,192 characters; 50 ARNs of about 100 characters each stay well inside.
 * A rule takes 5 targets, so each rule covers 250 resources.
 */
const ARNS_PER_TARGET = 50;

/**
 * What the publisher needs: its handler stops reading 5 s before its
 * timeout (handler/publish.ts) and reads up to 50 resources per run, 4 at a
 * time, retrying throttled calls.
 */
const PUBLISHER_SPEC: FunctionSpec = {
  name: 'the health publisher',
  defaultTimeout: Duration.minutes(2),
  minTimeout: Duration.minutes(1),
  minTimeoutReason: 'its handler reads up to 50 connections and hosts per run, 4 at a time, retrying throttled calls, and stops 5 s before the timeout',
  defaultMemorySize: 256,
  logGroupId: 'Logs',
  minConcurrency: () => undefined,
  calls: fn => (HealthPublisher.of(fn).monitorsProducts ? ['codeconnections', 'servicecatalog'] : ['codeconnections']),
};

/** The longest period: a day. */
const MAX_PERIOD_MINUTES = 24 * 60;
const TARGETS_PER_RULE = 5;

/**
 * The health metric of one connection or host (1 while AVAILABLE, 0
 * otherwise, one value per period), and the publisher that produces it.
 */
export function availableMetric(scope: IConstruct, kind: 'connection' | 'host', arn: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  return healthMetric(scope, kind, arn, props, 'metricAvailable');
}

/**
 * The sync metric of one Service Catalog product synced from a repository
 * (1 when its last sync succeeded, 0 when it failed), and the publisher that
 * produces it; the publisher may read that product only.
 */
export function productSyncMetric(scope: IConstruct, productId: string, productArn: string, props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
  const metric = healthMetric(scope, 'product', productId, props, 'metricSyncSucceeded');
  HealthPublisher.of(scope).allowProductRead(productArn);
  return metric;
}

function healthMetric(scope: IConstruct, kind: MonitoredKind, id: string, props: cloudwatch.MetricOptions, method: string): cloudwatch.Metric {
  const period = props.period ?? DEFAULT_HEALTH_PERIOD;
  const { metricName, dimension } = HEALTH_METRICS[kind];
  // CloudWatch matches a metric by all of its dimensions: one the publisher
  // does not write would make a metric that never receives a value.
  const extra = Object.keys(props.dimensionsMap ?? {}).filter(d => d !== dimension);
  if (extra.length > 0) {
    throw validationError(scope, `${method}: dimensionsMap has ${extra.map(d => `'${d}'`).join(', ')}, but the publisher writes only the dimension '${dimension}'; a metric with other dimensions would never receive a value. Leave dimensionsMap out.`);
  }
  const own = props.dimensionsMap?.[dimension];
  if (own !== undefined && own !== id) {
    throw validationError(scope, `${method}: dimensionsMap sets '${dimension}' to ${JSON.stringify(own)}, but the publisher writes this resource's own ARN there (${method} sets it itself); for another resource, call its own ${method}(). Leave dimensionsMap out.`);
  }
  // The publisher writes into the account and Region of the resource's stack.
  const stack = Stack.of(scope);
  for (const [option, value, expected] of [['account', props.account, stack.account], ['region', props.region, stack.region]] as const) {
    if (value !== undefined && !Token.isUnresolved(value) && !Token.isUnresolved(expected) && value !== expected) {
      throw validationError(scope, `${method}: ${option} '${value}' is not the ${option} of stack ${stack.stackName} ('${expected}'), where the publisher of this resource writes the metric; leave ${option} out, or set it to '${expected}'`);
    }
  }
  HealthPublisher.of(scope).monitor(scope, kind, id, period, method);
  return new cloudwatch.Metric({
    // Minimum: one reading that is not AVAILABLE in the period makes it 0.
    statistic: cloudwatch.Stats.MINIMUM,
    ...props,
    period,
    namespace: HEALTH_NAMESPACE,
    metricName,
    dimensionsMap: { [dimension]: id },
  // The metric lives where the publisher writes it: an alarm or dashboard of
  // another account or Region then knows (as aws-cdk-lib's own metrics do).
  }).attachTo(scope);
}

/**
 * The stack's health publisher: a Lambda function, its log group (where the
 * values go, as embedded metric format lines), its role, and EventBridge
 * rules that run it on the shortest period any metric asked for, each
 * naming the ARNs it reads. Created on first use, found by id afterwards.
 */
export class HealthPublisher extends Construct implements IAspect {
  public static of(scope: IConstruct): HealthPublisher {
    const stack = Stack.of(scope);
    return stack.node.tryFindChild(PUBLISHER_ID) as HealthPublisher ?? new HealthPublisher(stack, PUBLISHER_ID);
  }

  public readonly function: HealthPublisherFunction;
  private readonly policy: iam.ManagedPolicy;
  private readonly stack: Stack;
  private readonly monitored: Record<MonitoredKind, string[]> = { connection: [], host: [], product: [] };
  /** The products the publisher may read (DescribeProductAsAdmin), one statement. */
  private productRead?: iam.PolicyStatement;
  /** One statement per action for the resources of other accounts or Regions, by action. */
  private readonly foreign = new Map<string, iam.PolicyStatement>();
  private period?: Duration;
  private rulesCreated = false;

  private constructor(stack: Stack, id: string) {
    super(stack, id);
    this.stack = stack;
    const { fn, policy } = createLibraryFunction(this, 'Function', HealthPublisherFunction, {
      spec: PUBLISHER_SPEC,
      roleId: 'Role',
      policyId: 'Policy',
      what: 'cdk-codeconnections health publisher',
      description: 'cdk-codeconnections: publishes whether each monitored connection and host is AVAILABLE',
      noDeadLetterQueue: 'it answers every scheduled invocation itself (a resource it cannot read is logged, not thrown), '
        + 'and a run lost to a crash or timeout is replaced by the next run of the schedule, which reads the same resources',
    });
    this.function = fn;
    this.policy = policy;
    // As the status reporter: a constant policy however many resources are monitored.
    allowAccountWideStatusRead(policy, stack, 'cdk-codeconnections health publisher: read-only (GetConnection, GetHost) on the connections '
      + 'and hosts of this account and region, as the status reporter; one constant policy however many resources are monitored');
    addMutatingAspect(stack, this);
  }

  /** Whether a product's sync is monitored: the function then calls Service Catalog too. */
  public get monitorsProducts(): boolean {
    return this.monitored.product.length > 0;
  }

  /** Adds a resource to what the schedule reads; `period` may shorten the schedule. */
  public monitor(scope: IConstruct, kind: MonitoredKind, arn: string, period: Duration, method: string): void {
    if (this.rulesCreated) {
      throw validationError(scope, `${method}() was called after the stack was synthesized`);
    }
    const minutes = period.isUnresolved() ? Number.NaN : period.toSeconds() / 60;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_PERIOD_MINUTES) {
      throw validationError(scope, `${method}: period ${period.isUnresolved() ? '(a token)' : period.toHumanString()} must be a whole number of minutes known at synth, from 1 minute to 1 day: the publisher runs on a schedule of that period (and a health reading less often than daily would leave a broken connection unnoticed for days)`);
    }
    if (!this.monitored[kind].includes(arn)) {
      this.monitored[kind].push(arn);
      if (kind !== 'product') {
        this.allowForeign(kind, arn);
      }
    }
    if (!this.period || period.toSeconds() < this.period.toSeconds()) {
      this.period = period;
    }
  }

  /** Creates the schedule once every metric of the stack is known (at synth). */
  public visit(node: IConstruct): void {
    if (node !== this.stack || this.rulesCreated) {
      return;
    }
    this.rulesCreated = true;
    const all: Array<[MonitoredKind, string]> = [
      ...this.monitored.connection.map(a => ['connection', a] as [MonitoredKind, string]),
      ...this.monitored.host.map(a => ['host', a] as [MonitoredKind, string]),
      ...this.monitored.product.map(a => ['product', a] as [MonitoredKind, string]),
    ];
    const chunks: Array<Array<[MonitoredKind, string]>> = [];
    for (let i = 0; i < all.length; i += ARNS_PER_TARGET) {
      chunks.push(all.slice(i, i + ARNS_PER_TARGET));
    }
    for (let r = 0; r * TARGETS_PER_RULE < chunks.length; r++) {
      const rule = new events.Rule(this, r === 0 ? 'Schedule' : `Schedule${r + 1}`, {
        description: `cdk-codeconnections: publish the health of monitored connections and hosts every ${this.period!.toHumanString()}`,
        schedule: events.Schedule.rate(this.period!),
      });
      acknowledgeScannerFindings(rule, [{
        id: 'Serverless-EventBusDLQ',
        reason: 'cdk-codeconnections health publisher schedule: a run EventBridge could not deliver is replaced by the next run of the schedule, '
          + 'which reads the same resources; retries are off on purpose (a late reading is stale), and a queue would hold lists of ARNs nobody replays',
      }]);
      for (const chunk of chunks.slice(r * TARGETS_PER_RULE, (r + 1) * TARGETS_PER_RULE)) {
        const input: HealthPublisherEvent = {
          Connections: chunk.filter(([k]) => k === 'connection').map(([, a]) => a),
          Hosts: chunk.filter(([k]) => k === 'host').map(([, a]) => a),
          ...(chunk.some(([k]) => k === 'product') ? { Products: chunk.filter(([k]) => k === 'product').map(([, a]) => a) } : {}),
        };
        rule.addTarget(new targets.LambdaFunction(this.function, { event: events.RuleTargetInput.fromObject(input), retryAttempts: 0 }));
      }
    }
  }

  /**
   * Lets the publisher read a product's sync status: DescribeProductAsAdmin
   * on that product's ARN only (one statement for all of them).
   */
  public allowProductRead(productArn: string): void {
    if (!this.productRead) {
      this.productRead = new iam.PolicyStatement({ actions: ['servicecatalog:DescribeProductAsAdmin'], resources: [productArn] });
      this.policy.addStatements(this.productRead);
    } else if (!this.productRead.resources.includes(productArn)) {
      this.productRead.addResources(productArn);
    }
  }

  /**
   * A resource of another account (an imported, shared connection): the
   * account-wide statements do not cover it, so it gets one of its own.
   * Whether CodeConnections lets a shared connection be read from the
   * account it is shared with is not verified (README). Called once per
   * ARN: monitor() adds each ARN once.
   */
  private allowForeign(kind: MonitoredKind, arn: string): void {
    if (Token.isUnresolved(arn)) {
      return;
    }
    const parts = Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME);
    // Covered by the account-wide statements only when it is known to be of
    // the stack's own account and region.
    if (!Token.isUnresolved(this.stack.account) && parts.account === this.stack.account
      && !Token.isUnresolved(this.stack.region) && parts.region === this.stack.region) {
      return;
    }
    const action = `${parts.service}:${kind === 'connection' ? 'GetConnection' : 'GetHost'}`;
    const statement = this.foreign.get(action);
    if (statement) {
      statement.addResources(arn);
      return;
    }
    const created = new iam.PolicyStatement({ actions: [action], resources: [arn] });
    this.foreign.set(action, created);
    this.policy.addStatements(created);
  }
}
