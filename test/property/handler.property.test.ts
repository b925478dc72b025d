/**
 * Property-based safety net of the status reporter.
 *
 * For any custom resource event (every RequestType, known or not; missing,
 * odd or huge ResourceProperties; unknown ResourceType; odd envelope fields)
 * and any answer of CodeStar Connections / Lambda Invoke (success bodies with
 * odd fields, errors of any status and type, throttling, raw proxy pages,
 * hangs, connection resets), the handler:
 * - resolves (never throws, no unhandled rejection, the process exits cleanly),
 * - sends exactly one response before its Lambda deadline (or, for a wait,
 *   hands the event over to a new invocation and sends none),
 * - makes no API call for a Delete, and answers it SUCCESS,
 * - for an event CloudFormation could send, answers with a body
 *   CloudFormation accepts (see handler-invariants.ts).
 *
 * 1. The SHIPPED bundle in a child process against the fake endpoint of the
 *    wire tests (test/wire): real SDK, real retries, real HTTP.
 * 2. src in process with aws-sdk-client-mock: many more cases, no retries.
 *
 * Seeds are fixed; on failure fast-check prints the seed, the path and the
 * shrunk counterexample (replay with `{ seed, path }`).
 *
 * Run: npx jest test/property/handler --coverage=false
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import {
  CodeStarConnectionsClient, GetConnectionCommand, GetHostCommand, ListConnectionsCommand,
} from '@aws-sdk/client-codestar-connections';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import * as fc from 'fast-check';
import {
  Answer, ApiScripts, OperationScript, handlerArbitraries, materialize, withAbsoluteDeadline,
} from './handler-arbitraries';
import { brokenRules } from './handler-invariants';
import { handler } from '../../src/status-reporter/status-reporter.lambda';
import { Behaviour, FakeCodeStar, LAMBDA_INVOKE_ROUTE } from '../wire/fake-codestar';
import { ensureBundle, runHandler } from '../wire/run-handler';

const SEED = 20261201;

/** Child-process runs: each spawns node and loads the SDK (~0.3-3 s a run). */
const WIRE_RUNS = 60;
/** In-process runs. */
const IN_PROCESS_RUNS = 300;

/**
 * The reporter keeps MAX_SEND_MS + 1 s = 10.75 s of its Lambda time to send
 * the response; what is left is its deadline for the API calls. Giving it
 * barely more keeps hangs short: the wire runs get 0.25-2.75 s, the
 * in-process ones 20-250 ms.
 */
const RESPONSE_MARGIN_MS = 10_750;

/** Operation names of the fake (Lambda Invoke is served under a route name). */
const OPERATIONS: Array<[keyof ApiScripts, string]> = [
  ['GetConnection', 'GetConnection'],
  ['GetHost', 'GetHost'],
  ['ListConnections', 'ListConnections'],
  ['Invoke', 'Lambda.Invoke'],
];

/** Prints a failing invocation with what the property saw. */
function fail(problems: string[], details: Record<string, unknown>): never {
  const shown = Object.entries(details).map(([k, v]) => `--- ${k}\n${typeof v === 'string' ? v.slice(-3000) : JSON.stringify(v)?.slice(0, 3000)}`);
  throw new Error(`${problems.join('\n')}\n${shown.join('\n')}`);
}

// ---------------------------------------------------------------------------
// 1. The shipped bundle over the wire
// ---------------------------------------------------------------------------

describe('status reporter bundle over the wire (child process, fake endpoint)', () => {
  let fake: FakeCodeStar;

  beforeAll(async () => {
    ensureBundle();
    fake = await FakeCodeStar.start();
    fake.route('Lambda.Invoke', LAMBDA_INVOKE_ROUTE);
  });

  afterAll(async () => {
    await fake?.stop();
  });

  // Huge strings stay under the 128 KiB the child's WIRE_INVOCATION variable may hold.
  const { cfnEvent, apiScripts } = handlerArbitraries(3_000);

  test(`any event, any answer: one response before the deadline, no crash, Delete calls nothing (${WIRE_RUNS} runs)`, async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(cfnEvent, apiScripts, fc.integer({ min: 11_000, max: 13_500 }), async (eventSpec, scriptSpec, remainingMs) => {
        runs++;
        fake.reset();
        const scripts = materialize(scriptSpec);
        for (const [key, operation] of OPERATIONS) {
          const s: OperationScript = scripts[key];
          fake.script(operation, ...s.queue.map(a => a as Behaviour));
          fake.always(operation, s.then as Behaviour);
        }
        const event = withAbsoluteDeadline(materialize(eventSpec));

        const run = await runHandler(fake, event, { remainingMs, killAfterMs: remainingMs + 15_000 });

        const problems = brokenRules({
          event,
          puts: run.responsePuts.map(p => p.rawBody),
          apiCalls: fake.requests.filter(r => r.operation !== 'Lambda.Invoke').length,
          acceptedInvokes: fake.calls('Lambda.Invoke').filter(c => c.answered === 'ok').length,
          resolved: run.handlerResolved,
          handlerError: run.handlerError,
          handlerMs: run.handlerMs,
          remainingMs,
        });
        if (run.exitCode !== 0 || run.signal !== null) {
          problems.push(`the child exited with code ${run.exitCode}, signal ${run.signal}`);
        }
        if (/triggerUncaughtException|UnhandledPromiseRejection|ERR_UNHANDLED_REJECTION/.test(run.stderr)) {
          problems.push('the child reported an unhandled rejection or uncaught exception');
        }
        if (problems.length) {
          fail(problems, {
            requests: fake.requests.map(r => `${r.operation ?? r.path} -> ${r.rejected ?? r.answered}`),
            responses: run.responsePuts.map(p => p.rawBody.slice(0, 1500)),
            handlerMs: run.handlerMs,
            stderr: run.stderr,
          });
        }
      }),
      {
        seed: SEED,
        numRuns: WIRE_RUNS,
        // Shrinking spawns a process per step: bound it, and fail (never pass) when cut short.
        plugins: [fc.interruptAfterTimeLimit(150_000, { failOnInterrupt: true })],
      },
    );
    expect(runs).toBeGreaterThanOrEqual(WIRE_RUNS);
  }, 240_000);
});

// ---------------------------------------------------------------------------
// 2. src in process, SDK mocked
// ---------------------------------------------------------------------------

/** The stand-in for the pre-signed S3 URL: records PUT bodies, answers 200. */
class ResponseUrl {
  readonly puts: string[] = [];
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.puts.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200).end();
    });
  });

  async start(): Promise<void> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/cfn-response?X-Amz-Signature=x`;
  }
}

/** What the SDK's `send` does for one answer: resolve, reject like the SDK, or never settle. */
function settle(answer: Answer): Promise<unknown> {
  const sdkError = (name: string, message: string, httpStatusCode?: number) => Object.assign(new Error(message), {
    name,
    $fault: httpStatusCode && httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: httpStatusCode ? { httpStatusCode, attempts: 1 } : { attempts: 1 },
  });
  switch (answer.kind) {
    case 'ok':
      return Promise.resolve(answer.body);
    case 'error':
      return Promise.reject(sdkError(answer.type, answer.message as string, answer.status));
    case 'raw':
      // What the SDK throws for a body it cannot parse as an AWS error.
      return Promise.reject(sdkError('Unknown', `UnknownError: ${(answer.body as string).slice(0, 200)}`, answer.status));
    case 'hang':
      return new Promise(() => undefined);
    case 'reset':
      return Promise.reject(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', $metadata: { attempts: 1 } }));
  }
}

describe('status reporter in process (SDK mocked)', () => {
  const responseUrl = new ResponseUrl();
  const cs = mockClient(CodeStarConnectionsClient);
  const lambda = mockClient(LambdaClient);
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let logSpy: jest.SpyInstance;
  let errorSpy: jest.SpyInstance;

  beforeAll(async () => {
    await responseUrl.start();
    process.on('unhandledRejection', onUnhandled);
    logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    logSpy.mockRestore();
    errorSpy.mockRestore();
    cs.restore();
    lambda.restore();
    await responseUrl.stop();
  });

  const { cfnEvent, apiScripts } = handlerArbitraries(70_000);

  test(`any event, any answer: one response before the deadline, no crash, Delete calls nothing (${IN_PROCESS_RUNS} runs)`, async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        cfnEvent, apiScripts, fc.integer({ min: RESPONSE_MARGIN_MS + 20, max: RESPONSE_MARGIN_MS + 250 }), fc.boolean(),
        async (eventSpec, scriptSpec, remainingMs, hasFunctionArn) => {
          runs++;
          responseUrl.puts.length = 0;
          unhandled.length = 0;
          const scripts = materialize(scriptSpec);
          const materialized = materialize(eventSpec);
          const answered: Record<string, string[]> = {};
          const queues = Object.fromEntries(OPERATIONS.map(([key]) => [key, [...scripts[key].queue]]));
          const next = (key: keyof ApiScripts) => () => {
            const a: Answer = queues[key].shift() ?? scripts[key].then;
            (answered[key] ??= []).push(a.kind);
            return settle(a);
          };
          cs.reset();
          lambda.reset();
          cs.on(GetConnectionCommand).callsFake(next('GetConnection'));
          cs.on(GetHostCommand).callsFake(next('GetHost'));
          cs.on(ListConnectionsCommand).callsFake(next('ListConnections'));
          lambda.on(InvokeCommand).callsFake(next('Invoke'));
          const event = { ...withAbsoluteDeadline(materialized), ResponseURL: responseUrl.url };

          const started = Date.now();
          const deadline = started + remainingMs;
          let resolved = false;
          let handlerError: string | undefined;
          try {
            await handler(event as any, {
              getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
              invokedFunctionArn: hasFunctionArn ? 'arn:aws:lambda:eu-west-1:123456789012:function:prop-test' : undefined,
            });
            resolved = true;
          } catch (e) {
            handlerError = String((e as Error)?.stack ?? e);
          }
          const handlerMs = Date.now() - started;
          // Let stray promises of this run reject now, not in the next run.
          await new Promise(resolve => setImmediate(resolve));

          const { ResponseURL: _url, ...eventWithoutUrl } = event;
          const problems = brokenRules({
            event: eventWithoutUrl,
            puts: [...responseUrl.puts],
            apiCalls: cs.calls().length,
            acceptedInvokes: (answered.Invoke ?? []).filter(k => k === 'ok').length,
            resolved,
            handlerError,
            handlerMs,
            remainingMs,
          });
          if (unhandled.length) {
            problems.push(`unhandled rejection: ${String(unhandled[0])}`);
          }
          if (problems.length) {
            fail(problems, { answered, responses: responseUrl.puts.map(p => p.slice(0, 1500)) });
          }
        }),
      { seed: SEED, numRuns: IN_PROCESS_RUNS },
    );
    expect(runs).toBeGreaterThanOrEqual(IN_PROCESS_RUNS);
  }, 120_000);
});
