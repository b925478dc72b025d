/**
 * Burst figures: a stack of 200 connections (every 10th on one of 4 hosts)
 * and 5 that wait for the handshake, deployed by the rehearsal
 * (test/rehearsal) against a CodeConnections that throttles each operation
 * (token bucket: R requests per second, burst 10), with Lambda's account
 * concurrency at C. Prints, per row: how many status resources answered
 * SUCCESS or FAILED, p50/p99/max time from CloudFormation's request to the
 * answer, the handler's calls and how many were throttled, and how many
 * containers ran.
 *
 * BENCH_PREVIOUS_BUNDLE=DIR adds rows for another build of the handler
 * (e.g. the bundle of an earlier commit), deployed in the shipped one's place.
 *
 * Then the other design the issue weighs: one status read per stack for all
 * its connections, with bounded concurrency. Its reads are measured against
 * the same throttled fake (in process, wall clock); its footprint is
 * counted from the template.
 *
 * Run: ts-node --transpile-only --project test/tsconfig.json bench/burst.ts
 */
import { CodeStarConnectionsClient, GetConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { machine } from './stats';
import { withRetries } from '../src/status-reporter/handler/retry';
import { burst, burstTemplate, BurstFigures } from '../test/rehearsal/burst';
import { Clock } from '../test/rehearsal/clock';
import { CodeConnectionsService } from '../test/rehearsal/codeconnections-service';
import { FakeCodeStar } from '../test/wire/fake-codestar';

interface Row {
  readonly bundle: string;
  readonly concurrency: number;
  readonly rate: number;
  readonly timeScale: number;
}

const s = (ms: number) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '-');

function line(row: Row, f: BurstFigures): string {
  return `| ${row.bundle} | ${row.concurrency} | ${row.rate}/s | ${f.status} | ${f.answered} | ${f.failed} | ${f.waitsSucceeded}/5 `
    + `| ${s(f.p50Ms)} | ${s(f.p99Ms)} | ${s(f.maxMs)} | ${f.handlerCalls} | ${f.handlerThrottled} | ${f.containers} (peak ${f.peakConcurrency}) | ${s(f.wallMs)} |`;
}

/** One invocation reading N connections with `parallel` reads at a time, as a per-stack reader would. */
async function aggregateRead(n: number, parallel: number, rate: number): Promise<{ ms: number; throttled: number; failed: number }> {
  const fake = await FakeCodeStar.start();
  const service = new CodeConnectionsService(fake, { account: '111111111111', region: 'eu-west-1', clock: new Clock(1), throttle: { ratePerSecond: rate, burst: 10 } });
  const arns = Array.from({ length: n }, (_, i) => service.seedConnection(
    `arn:aws:codeconnections:eu-west-1:111111111111:connection/00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 'GitHub', 'PENDING').arn);
  const client = new CodeStarConnectionsClient({
    region: 'eu-west-1',
    endpoint: fake.endpoint,
    maxAttempts: 1,
    credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' },
  });
  const started = Date.now();
  const deadline = started + 300_000 - 11_750;
  let failed = 0;
  const queue = [...arns];
  const log = console.log;
  console.log = () => undefined; // withRetries logs each retry
  try {
    await Promise.all(Array.from({ length: parallel }, async () => {
      for (let arn = queue.shift(); arn; arn = queue.shift()) {
        const a = arn;
        await withRetries('GetConnection', () => client.send(new GetConnectionCommand({ ConnectionArn: a })), deadline).catch(() => failed++);
      }
    }));
  } finally {
    console.log = log;
  }
  const ms = Date.now() - started;
  const throttled = service.statsOf('GetConnection').throttled;
  client.destroy();
  await fake.stop();
  return { ms, throttled, failed };
}

async function main(): Promise<void> {
  console.log(`bench/burst.ts; ${machine()}`);
  console.log('200 connections (20 on 4 hosts) + 5 waits (handshake 90 s in), token bucket burst 10; times are virtual (the rehearsal\'s clock)\n');
  console.log('| bundle | Lambda concurrency | rate | stack | answered | failed | waits | p50 | p99 | max | handler calls | throttled | containers | wall |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const rows: Row[] = [
    { bundle: 'shipped', concurrency: 25, rate: 10, timeScale: 4 },
    { bundle: 'shipped', concurrency: 10, rate: 10, timeScale: 4 },
    { bundle: 'shipped', concurrency: 25, rate: 25, timeScale: 4 },
    { bundle: 'shipped', concurrency: 250, rate: 10, timeScale: 1 },
  ];
  const previous = process.env.BENCH_PREVIOUS_BUNDLE;
  if (previous) {
    rows.push({ bundle: 'previous', concurrency: 25, rate: 10, timeScale: 4 }, { bundle: 'previous', concurrency: 25, rate: 25, timeScale: 4 });
  }
  const template = burstTemplate(200, 5);
  for (const row of rows) {
    if (row.bundle === 'previous') {
      process.env.REHEARSAL_BUNDLE_DIR = previous;
    } else {
      delete process.env.REHEARSAL_BUNDLE_DIR;
    }
    const f = await burst({
      connections: 200, waits: 5, concurrency: row.concurrency, throttle: { ratePerSecond: row.rate, burst: 10 }, timeScale: row.timeScale,
    }, template);
    console.log(line(row, f));
  }

  console.log('\nThe other design: one reader per stack, N connections read with P at a time (wall clock, in process, same throttled fake)\n');
  console.log('| N | P | rate | time to read all | throttled | failed |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const [n, p, rate] of [[200, 4, 10], [200, 10, 10], [200, 4, 25]]) {
    const a = await aggregateRead(n, p, rate);
    console.log(`| ${n} | ${p} | ${rate}/s | ${s(a.ms)} | ${a.throttled} | ${a.failed} |`);
  }
  const resources = Object.values<any>(template.Resources);
  const perConnection = resources.filter(r => r.Type === 'Custom::CodeConnectionsConnectionStatus').length;
  console.log(`\nFootprint of the 205-connection template: ${resources.length} resources, ${perConnection} of them connection status resources,`
    + ` ${Object.keys(template.Outputs).length} outputs. One reader per stack would leave ${resources.length - perConnection - 4 + 1} resources.`);
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
