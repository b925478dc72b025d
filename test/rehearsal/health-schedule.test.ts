/**
 * Rehearsal: the monitoring integ app deployed, then its schedule firing.
 * EventBridge's part is played here: each target of each schedule rule, as
 * CloudFormation created it (resolved Arn and Input), invokes the shipped
 * health-publisher bundle asynchronously, as a scheduled rule does. What
 * the bundle logs is what CloudWatch would turn into metrics; the test reads
 * those embedded-metric-format lines back and holds them against the
 * alarms the same template created.
 */
import { rehearse, seedImports } from './harness';
import { Rehearsal, integTemplate } from './rehearsal';

jest.setTimeout(120_000);

const STACK = 'CodeConnectionsMonitoringInteg';

interface Point {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimension: string;
  readonly arn: string;
  readonly value: number;
  readonly status: string;
}

/** The embedded-metric-format records in a container's output. */
function points(logs: string): Point[] {
  const found: Point[] = [];
  for (const line of logs.split('\n')) {
    const start = line.indexOf('{"_aws"');
    if (start < 0) {
      continue;
    }
    const record = JSON.parse(line.slice(start));
    const [directive] = record._aws.CloudWatchMetrics;
    const [[dimension]] = directive.Dimensions;
    const [{ Name: metricName }] = directive.Metrics;
    found.push({
      namespace: directive.Namespace, metricName, dimension, arn: record[dimension], value: record[metricName], status: record.Status,
    });
  }
  return found;
}

describe('integ.monitoring: the schedule fires and the shipped publisher writes the values the alarms read', () => {
  const template = integTemplate('integ.monitoring.ts', STACK);
  const rounds: Array<{ points: Point[]; errors: string[] }> = [];
  let alarms: any[] = [];
  let arns: { github: string; host: string; imported: string };
  let ruleProperties: any[] = [];
  let throttled = 0;
  let outcomes: Array<string | undefined> = [];

  beforeAll(async () => {
    await rehearse({ region: 'us-east-1', timeScale: 20 }, async r => {
      const [imported] = seedImports(r, template);
      const created = await r.deploy(STACK, template);
      expect(created.status).toBe('CREATE_COMPLETE');
      const stack = r.cloudFormation.requireStack(STACK);
      const of = (type: string) => [...stack.resources.values()].filter(s => template.Resources[s.logicalId]?.Type === type);
      ruleProperties = of('AWS::Events::Rule').map(s => s.properties).filter(p => p.ScheduleExpression);
      alarms = of('AWS::CloudWatch::Alarm').map(s => s.properties);
      const connections = of('AWS::CodeConnections::Connection');
      const hosts = of('AWS::CodeConnections::Host');
      expect(connections).toHaveLength(1);
      expect(hosts).toHaveLength(1);
      arns = { github: connections[0].physicalId, host: hosts[0].physicalId, imported };

      const fire = async () => {
        const before = r.lambda.containerOutput();
        for (const rule of ruleProperties) {
          for (const target of rule.Targets) {
            r.lambda.invokeAsync(target.Arn, JSON.parse(target.Input));
          }
        }
        await r.lambda.idle();
        const text = newOutput(before, r);
        rounds.push({ points: points(text), errors: text.split('\n').filter(l => l.includes('"level":"ERROR"')) });
      };
      // 1: just deployed: the stack's connection and host are PENDING, the imported one AVAILABLE.
      await fire();
      // 2: a person finishes the handshake and sets up the host.
      r.codeConnections.handshake(arns.github);
      r.codeConnections.setUpHost(arns.host);
      await fire();
      // 3: the connection breaks (ERROR), and the imported one is deleted in the console.
      r.codeConnections.connection(arns.github)!.status = 'ERROR';
      r.codeConnections.connections.delete([...r.codeConnections.connections.keys()].find(k => k.endsWith(arns.imported.split('/')[1]))!);
      await fire();
      // 4: reads throttled: one GetConnection every 5 s, so the second read waits.
      r.codeConnections.connection(arns.github)!.status = 'AVAILABLE';
      r.codeConnections.throttleOperation('GetConnection', { ratePerSecond: 0.2, burst: 1 });
      const throttledBefore = r.codeConnections.statsOf('GetConnection').throttled;
      await fire();
      throttled = r.codeConnections.statsOf('GetConnection').throttled - throttledBefore;
      const publisher = ruleProperties[0].Targets[0].Arn;
      outcomes = r.lambda.invocations.filter(i => publisher.endsWith(`:${i.functionName}`) || publisher === i.functionName).map(i => i.outcome);
    });
  });

  test('each scheduled run answered: the publisher never fails an invocation (Lambda would retry it, twice, publishing again)', () => {
    expect(outcomes).toEqual(['response', 'response', 'response', 'response']);
  });

  test('one schedule rule, every 5 minutes, naming every monitored ARN as CloudFormation resolved it', () => {
    expect(ruleProperties.map(p => p.ScheduleExpression)).toEqual(['rate(5 minutes)']);
    const inputs = ruleProperties.flatMap(p => p.Targets.map((t: any) => JSON.parse(t.Input)));
    expect(inputs).toEqual([{ Connections: [arns.github, arns.imported], Hosts: [arns.host] }]);
  });

  test('just deployed: 0 for the PENDING connection and host, 1 for the AVAILABLE import', () => {
    expect(values(rounds[0].points)).toEqual({ [arns.github]: 0, [arns.imported]: 1, [arns.host]: 0 });
    expect(rounds[0].errors).toEqual([]);
  });

  test('after the handshake and the host setup: all 1', () => {
    expect(values(rounds[1].points)).toEqual({ [arns.github]: 1, [arns.imported]: 1, [arns.host]: 1 });
  });

  test('ERROR publishes 0; a deleted connection publishes nothing (a missing point) and is logged with its ARN', () => {
    expect(values(rounds[2].points)).toEqual({ [arns.github]: 0, [arns.host]: 1 });
    expect(rounds[2].points.find(p => p.arn === arns.github)!.status).toBe('ERROR');
    expect(rounds[2].errors).toHaveLength(1);
    expect(rounds[2].errors[0]).toContain(arns.imported);
    expect(rounds[2].errors[0]).toContain('ResourceNotFoundException');
  });

  test('throttled reads are retried until they succeed: every value still published', () => {
    expect(throttled).toBeGreaterThan(0);
    expect(values(rounds[3].points)).toEqual({ [arns.github]: 1, [arns.host]: 1 });
    expect(rounds[3].errors.filter(e => e.includes('Throttling'))).toEqual([]);
  });

  test('each alarm reads exactly the namespace, name and dimension the publisher wrote for its resource', () => {
    expect(alarms).toHaveLength(2);
    const written = rounds[0].points;
    for (const alarm of alarms) {
      const [dimension] = alarm.Dimensions;
      const point = written.find(p => p.arn === dimension.Value);
      expect(point).toBeDefined();
      expect({ namespace: alarm.Namespace, metricName: alarm.MetricName, dimension: dimension.Name })
        .toEqual({ namespace: point!.namespace, metricName: point!.metricName, dimension: point!.dimension });
      expect(alarm.Dimensions).toHaveLength(1);
    }
    expect(alarms.map(a => a.Dimensions[0].Value).sort()).toEqual([arns.github, arns.host].sort());
  });
});

function values(found: Point[]): Record<string, number> {
  return Object.fromEntries(found.map(p => [p.arn, p.value]));
}

/** What the containers printed after `before` was taken. */
function newOutput(before: Map<number, string>, r: Rehearsal): string {
  return [...r.lambda.containerOutput()].map(([id, text]) => text.slice(before.get(id)?.length ?? 0)).join('\n');
}
