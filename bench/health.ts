/**
 * The health publisher: how long one scheduled run takes for 1 to 250
 * monitored connections, what it logs, and what a month of it costs.
 *
 * Each run is the SHIPPED bundle (assets/monitoring/health-publisher.lambda)
 * in a fresh node process (a cold start: the SDK client is built in the
 * run), reading from the fake CodeStar Connections endpoint on 127.0.0.1
 * (test/wire/fake-codestar.ts), unthrottled and at the rehearsal's assumed
 * 10 GetConnection/s. The fake answers in about a millisecond; a real
 * GetConnection round trip is longer, so the cost model adds an assumed
 * 100 ms per read on top of the measured time (4 reads run at once).
 *
 * Prices are us-east-1 list prices, written below with their sources; they
 * are inputs, not measurements. Run:
 *   ts-node --transpile-only --project bench/tsconfig.json bench/health.ts
 */
import { fmt, machine, median, revision, table } from './stats';
import { FakeCodeStar, ok, respond, throttle } from '../test/wire/fake-codestar';
import { ensureBundle, HEALTH_BUNDLE, runHandler } from '../test/wire/run-handler';

const RUNS = 5;
const SIZES = [1, 10, 50, 250];
/** The rehearsal's assumed CodeConnections rate (test/rehearsal/codeconnections-service.ts DEFAULT_THROTTLE). */
const RATE_PER_SECOND = 10;
const BURST = 10;
/** Assumed latency of one GetConnection from Lambda (not measurable here). */
const ROUND_TRIP_MS = 100;
const PARALLEL_READS = 4;
/** The publisher's memory (src/monitoring/health-publisher.ts). */
const MEMORY_GB = 0.25;
/** Lambda's START, END and REPORT lines of one invocation, about. */
const LAMBDA_LINES_BYTES = 350;

/**
 * us-east-1 list prices (aws.amazon.com/lambda/pricing, aws.amazon.com/cloudwatch/pricing,
 * aws.amazon.com/eventbridge/pricing), before free tiers. EMF metrics are custom metrics
 * ("Charges are incurred for logs ingestion and archival, and custom metrics that are
 * generated", CloudWatch's embedded metric format page).
 */
const PRICE = {
  lambdaRequest: 0.20 / 1e6,
  lambdaGbSecond: 0.0000166667,
  customMetricMonth: 0.30,
  alarmMonth: 0.10,
  logIngestGb: 0.50,
  logStoreGbMonth: 0.03,
  /** Scheduled rules' events are EventBridge's own, not custom events. */
  scheduledEvent: 0,
};

const ARN = (i: number) => `arn:aws:codeconnections:us-east-1:123456789012:connection/00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

interface Measured {
  readonly n: number;
  readonly throttled: boolean;
  readonly handlerMs: number;
  readonly logBytes: number;
  readonly published: number;
}

/** A token bucket in wall time, for the fake (the bench has no virtual clock). */
function bucket(ratePerSecond: number, burst: number): () => boolean {
  let tokens = burst;
  let at = Date.now();
  return () => {
    const now = Date.now();
    tokens = Math.min(burst, tokens + ((now - at) / 1000) * ratePerSecond);
    at = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  };
}

async function measure(fake: FakeCodeStar, n: number, throttled: boolean): Promise<Measured> {
  const runs: Array<{ ms: number; bytes: number; published: number }> = [];
  for (let r = 0; r < RUNS; r++) {
    fake.reset();
    const take = throttled ? bucket(RATE_PER_SECOND, BURST) : () => true;
    fake.always('GetConnection', respond(req => (take() ? ok({
      Connection: { ConnectionArn: req.body.ConnectionArn, ConnectionName: 'c', ProviderType: 'GitHub', ConnectionStatus: 'AVAILABLE' },
    }) : throttle())));
    const run = await runHandler(fake, { Connections: Array.from({ length: n }, (_, i) => ARN(i)) }, {
      bundle: HEALTH_BUNDLE, remainingMs: 120_000, killAfterMs: 150_000,
    });
    if (!run.handlerResolved) {
      throw new Error(`run failed: ${run.handlerError}\n${run.stderr}`);
    }
    const summary = run.stdout.split('\n').map(l => l.trim()).filter(l => l.startsWith('{"summary"')).map(l => JSON.parse(l))[0];
    runs.push({ ms: run.handlerMs, bytes: Buffer.byteLength(run.stdout) + Buffer.byteLength(run.stderr), published: summary.published });
  }
  return {
    n,
    throttled,
    handlerMs: median(runs.map(r => r.ms)),
    logBytes: median(runs.map(r => r.bytes)),
    published: Math.min(...runs.map(r => r.published)),
  };
}

/** A month of one schedule: 30 days at `minutes`, `n` monitored resources, `alarms` alarms. */
function monthly(m: Measured, minutes: number, alarms: number) {
  const runs = (30 * 24 * 60) / minutes;
  const billedMs = m.handlerMs + Math.ceil(m.n / PARALLEL_READS) * ROUND_TRIP_MS;
  const lambda = runs * (PRICE.lambdaRequest + (billedMs / 1000) * MEMORY_GB * PRICE.lambdaGbSecond);
  const logGb = (runs * (m.logBytes + LAMBDA_LINES_BYTES)) / 1e9;
  // Three months of retention: at steady state three months of logs are stored.
  const logs = logGb * PRICE.logIngestGb + 3 * logGb * PRICE.logStoreGbMonth;
  const metrics = m.n * PRICE.customMetricMonth;
  const alarmCost = alarms * PRICE.alarmMonth;
  return { runs, billedMs, lambda, logs, metrics, alarms: alarmCost, total: lambda + logs + metrics + alarmCost + runs * PRICE.scheduledEvent };
}

async function main(): Promise<void> {
  ensureBundle();
  console.log(`bench/health.ts at ${revision()}; ${machine()}`);
  console.log(`median of ${RUNS} cold runs of the shipped health-publisher bundle; throttled runs at ${RATE_PER_SECOND} GetConnection/s, burst ${BURST}\n`);
  const fake = await FakeCodeStar.start();
  const measured: Measured[] = [];
  try {
    for (const n of SIZES) {
      for (const throttled of [false, true]) {
        measured.push(await measure(fake, n, throttled));
      }
    }
  } finally {
    await fake.stop();
  }
  console.log(table(['monitored', 'throttled', 'run (ms)', 'log per run (bytes)', 'published'],
    measured.map(m => [m.n, m.throttled ? `${RATE_PER_SECOND}/s` : 'no', fmt(m.handlerMs, 0), fmt(m.logBytes, 0), `${m.published}/${m.n}`])));

  console.log(`\nmonthly cost, 30 days, us-east-1 list prices before free tiers; billed run = measured (throttled) + ${ROUND_TRIP_MS} ms per ${PARALLEL_READS} reads; one alarm per resource\n`);
  const rows: Array<Array<string | number>> = [];
  for (const minutes of [5, 1]) {
    for (const m of measured.filter(x => x.throttled)) {
      const c = monthly(m, minutes, m.n);
      rows.push([`${minutes} min`, m.n, fmt(c.runs, 0), fmt(c.billedMs, 0), `$${c.lambda.toFixed(3)}`, `$${c.logs.toFixed(3)}`,
        `$${c.metrics.toFixed(2)}`, `$${c.alarms.toFixed(2)}`, `$${c.total.toFixed(2)}`]);
    }
  }
  console.log(table(['schedule', 'monitored', 'runs', 'billed ms', 'Lambda', 'logs', 'metrics', 'alarms', 'total'], rows));
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
