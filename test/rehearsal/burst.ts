/**
 * The burst: a stack of N connections (every 10th on one of 4 hosts) and W
 * connections that wait for the handshake, deployed against a throttling
 * CodeConnections. Shared by test/rehearsal/burst.test.ts and
 * bench/burst.ts.
 */
import { App, Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { OperationResult } from './cloudformation';
import { ThrottleSettings } from './codeconnections-service';
import { Rehearsal } from './rehearsal';
import { CLOUDFORMATION_ACCESS_KEY } from './resource-providers';
import { Connection, ProviderType } from '../../src';
import { scaleStack } from '../fixtures/scale-app';

export interface BurstOptions {
  readonly connections: number;
  /** Connections with waitForAvailable (10 minutes), handshaken `handshakeAfterMs` into the deploy. @default 0 */
  readonly waits?: number;
  /** @default 90 s */
  readonly handshakeAfterMs?: number;
  /** Lambda concurrency of the account. */
  readonly concurrency: number;
  readonly throttle: ThrottleSettings;
  /** @default 4 */
  readonly timeScale?: number;
}

export interface BurstFigures {
  readonly status: string;
  readonly reason?: string;
  /** Status resources (connections and hosts, waits excluded) that answered SUCCESS / FAILED. */
  readonly answered: number;
  readonly failed: number;
  readonly waitsSucceeded: number;
  /** Time from CloudFormation's request to the answer, status resources that do not wait (virtual ms). */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The longest custom resource timeout of those resources (ServiceTimeout), ms. */
  readonly serviceTimeoutMs: number;
  /** Calls the handler made (GetConnection, GetHost), and how many of them were throttled. */
  readonly handlerCalls: number;
  readonly handlerThrottled: number;
  readonly containers: number;
  readonly peakConcurrency: number;
  readonly invocations: number;
  /** Invocations by outcome (response, error, timeout, crash, deleted). */
  readonly outcomes: Record<string, number>;
  readonly wallMs: number;
  readonly result: OperationResult;
}

export function burstTemplate(connections: number, waits: number): any {
  const stack = scaleStack(new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } }), connections);
  for (let i = 0; i < waits; i++) {
    new Connection(stack, `Wait${i}`, { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(10) });
  }
  return Template.fromStack(stack).toJSON();
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
}

export async function burst(options: BurstOptions, template = burstTemplate(options.connections, options.waits ?? 0)): Promise<BurstFigures> {
  const started = Date.now();
  const r = await Rehearsal.start({
    account: '111111111111',
    region: 'eu-west-1',
    timeScale: options.timeScale ?? 4,
    concurrency: options.concurrency,
    throttle: options.throttle,
    // CloudFormation creates the 200 connections at once (its own calls are
    // not throttled here), so their status resources start together: the
    // burst the handler must hold.
    throttleCloudFormation: false,
  });
  try {
    const deploying = r.deploy('Scale', template);
    const waits = options.waits ?? 0;
    if (waits) {
      await r.clock.sleep(options.handshakeAfterMs ?? 90_000);
      for (const c of r.codeConnections.connections.values()) {
        if (c.name.startsWith('ScaleWait')) {
          r.codeConnections.handshake(c.arn);
        }
      }
    }
    const result = await deploying;
    await r.lambda.idle();
    const exchanges = r.cloudFormation.customResources.exchanges.filter(x => x.event.RequestType === 'Create');
    const waiting = (x: typeof exchanges[number]) => x.event.ResourceProperties.WaitForAvailableSeconds !== undefined;
    const plain = exchanges.filter(x => !waiting(x));
    const times = plain.filter(x => x.answeredAt !== undefined).map(x => x.answeredAt! - x.sentAt).sort((a, b) => a - b);
    const handler = ['GetConnection', 'GetHost'].map(op => r.fake.calls(op).filter(c => !String(c.headers.authorization).includes(CLOUDFORMATION_ACCESS_KEY)));
    return {
      status: result.status,
      reason: result.reason,
      answered: plain.filter(x => x.response?.Status === 'SUCCESS').length,
      failed: plain.filter(x => x.response?.Status !== 'SUCCESS').length,
      waitsSucceeded: exchanges.filter(x => waiting(x) && x.response?.Status === 'SUCCESS').length,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      maxMs: times[times.length - 1],
      serviceTimeoutMs: Math.max(...plain.map(x => Number(x.event.ResourceProperties.ServiceTimeout) * 1000)),
      handlerCalls: handler.flat().length,
      handlerThrottled: handler.flat().filter(c => c.answered === 'ThrottlingException').length,
      containers: r.lambda.containerCount,
      peakConcurrency: r.lambda.peakConcurrency,
      invocations: r.lambda.invocations.length,
      outcomes: r.lambda.invocations.reduce((o, i) => ({ ...o, [i.outcome ?? 'none']: (o[i.outcome ?? 'none'] ?? 0) + 1 }), {} as Record<string, number>),
      wallMs: Date.now() - started,
      result,
    };
  } finally {
    await r.stop();
  }
}

export function describeFigures(f: BurstFigures): string {
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  return `${f.status}: ${f.answered} answered, ${f.failed} failed, waits ${f.waitsSucceeded} succeeded; `
    + `time to answer p50 ${s(f.p50Ms)}, p99 ${s(f.p99Ms)}, max ${s(f.maxMs)} (timeout ${s(f.serviceTimeoutMs)}); `
    + `handler calls ${f.handlerCalls}, throttled ${f.handlerThrottled}; ${f.invocations} invocations (${JSON.stringify(f.outcomes)}) in ${f.containers} containers `
    + `(peak ${f.peakConcurrency} at once); ${s(f.wallMs)} of wall time`;
}
