/**
 * Runs the SHIPPED status-reporter bundle (assets/status-reporter/status-reporter.lambda/
 * index.js) in a child node process against a fake endpoint, the way the
 * Lambda runtime would: a plain require, the SDK resolved from
 * node_modules, configuration only from the environment.
 */
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { FakeCodeStar, RecordedResponse } from './fake-codestar';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
export const SHIPPED_BUNDLE = path.join(PROJECT_ROOT, 'assets', 'status-reporter', 'status-reporter.lambda', 'index.js');
/** The health publisher's shipped bundle. */
export const HEALTH_BUNDLE = path.join(PROJECT_ROOT, 'assets', 'monitoring', 'health-publisher.lambda', 'index.js');
/**
 * The bundle under test: the shipped one, unless WIRE_BUNDLE names another
 * (e.g. a fresh esbuild output outside assets/, to try uncommitted source).
 */
export const BUNDLE = process.env.WIRE_BUNDLE ? path.resolve(process.env.WIRE_BUNDLE) : SHIPPED_BUNDLE;
const RUNNER = path.join(__dirname, 'handler-runner.js');

/** Builds the bundle with `npx projen bundle` when it is missing. */
export function ensureBundle(): void {
  if (BUNDLE !== SHIPPED_BUNDLE) {
    if (!fs.existsSync(BUNDLE)) {
      throw new Error(`WIRE_BUNDLE ${BUNDLE} does not exist`);
    }
    return;
  }
  if (fs.existsSync(BUNDLE)) {
    warnIfStale();
    return;
  }
  execFileSync('npx', ['projen', 'bundle'], { cwd: PROJECT_ROOT, stdio: 'pipe', timeout: 120_000 });
  if (!fs.existsSync(BUNDLE)) {
    throw new Error(`npx projen bundle did not produce ${BUNDLE}`);
  }
}

/**
 * The shipped bundle is what is tested; say so when a source it was built
 * from is newer (esbuild marks each input with a `// src/x.ts` comment).
 */
function warnIfStale(): void {
  const bundleTime = fs.statSync(BUNDLE).mtimeMs;
  const inputs = [...new Set([...fs.readFileSync(BUNDLE, 'utf8').matchAll(/^\/\/ (src\/\S+\.ts)$/gm)].map(m => m[1]))];
  const newer = inputs.filter(f => {
    const file = path.join(PROJECT_ROOT, f);
    return fs.existsSync(file) && fs.statSync(file).mtimeMs > bundleTime;
  });
  if (newer.length) {
    // eslint-disable-next-line no-console
    console.warn(`wire tests run the shipped bundle ${path.relative(PROJECT_ROOT, BUNDLE)}, which is older than ${newer.join(', ')}: run 'npx projen bundle' to test the current source`);
  }
}

export interface RunOptions {
  /** What context.getRemainingTimeInMillis() starts from. @default 300_000 (the reporter's 5 min timeout) */
  readonly remainingMs?: number;
  /** Kill the child after this long. @default 30_000 */
  readonly killAfterMs?: number;
  /** Extra fields of the Lambda context object (e.g. invokedFunctionArn). */
  readonly context?: Record<string, unknown>;
  /** Extra environment for the child (e.g. AWS_MAX_ATTEMPTS to probe overrides). */
  readonly env?: Record<string, string>;
  /** Another shipped bundle (e.g. the health publisher's). @default the status reporter's */
  readonly bundle?: string;
}

export interface RunResult {
  /** The response CloudFormation would read (the last 200-answered PUT), if any. */
  readonly response?: any;
  /** Every PUT to the response URL of this invocation, in order. */
  readonly responsePuts: RecordedResponse[];
  /** Time from invocation to the handler's promise settling (child clock). */
  readonly handlerMs: number;
  /** Wall time of the child process, spawn to exit (includes node start and SDK load). */
  readonly wallMs: number;
  /** Whether the handler's promise resolved (a Lambda invocation without error). */
  readonly handlerResolved: boolean;
  readonly handlerError?: string;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Invokes the bundled handler once in a child process with the fake as
 * AWS_ENDPOINT_URL and the fake's response URL patched into the event.
 */
export async function runHandler(fake: FakeCodeStar, event: Record<string, unknown>, options: RunOptions = {}): Promise<RunResult> {
  const responseUrl = fake.responseUrl();
  const responseId = new URL(responseUrl).pathname.split('/').pop();
  const invocation = {
    bundle: options.bundle ?? BUNDLE,
    event: { ...event, ResponseURL: responseUrl },
    remainingMs: options.remainingMs ?? 300_000,
    context: options.context ?? {},
  };

  const started = Date.now();
  const child = spawn(process.execPath, [RUNNER], {
    // The Lambda runtime's working directory is the code root (/var/task).
    cwd: path.dirname(options.bundle ?? BUNDLE),
    env: childEnv(fake, invocation, options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', d => stdout += d);
  child.stderr.on('data', d => stderr += d);
  const killAfterMs = options.killAfterMs ?? 30_000;
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, sig) => resolve([code, sig]));
  }).finally(() => clearTimeout(killer));
  const wallMs = Date.now() - started;

  const marker = stdout.split('\n').reverse().find(l => l.startsWith('WIRE_RESULT '));
  const result = marker ? JSON.parse(marker.slice('WIRE_RESULT '.length)) : undefined;
  const responsePuts = fake.responses.filter(r => r.id === responseId);
  const accepted = responsePuts.filter(r => r.status === 200);
  return {
    response: accepted.length ? accepted[accepted.length - 1].body : undefined,
    responsePuts,
    handlerMs: result?.handlerMs ?? NaN,
    wallMs,
    handlerResolved: result?.ok === true,
    handlerError: result?.error ?? (result ? undefined : `runner reported nothing (exit ${exitCode}, signal ${signal})`),
    exitCode,
    signal,
    stdout,
    stderr,
  };
}

/**
 * A Lambda-like environment built from scratch, so nothing of the
 * developer's AWS setup (profiles, config files, real credentials,
 * AWS_MAX_ATTEMPTS, endpoint overrides) leaks into the child.
 */
function childEnv(fake: FakeCodeStar, invocation: unknown, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const missing = path.join(PROJECT_ROOT, '.wire-test-no-such-file');
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    AWS_ENDPOINT_URL: fake.endpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'AKIAWIRETESTEXAMPLE0',
    AWS_SECRET_ACCESS_KEY: 'wire-test-secret-access-key-not-real-000000',
    AWS_CONFIG_FILE: missing,
    AWS_SHARED_CREDENTIALS_FILE: missing,
    AWS_EC2_METADATA_DISABLED: 'true',
    // The reporter's Lambda sets this (StatusReporterFunction).
    AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
    WIRE_INVOCATION: JSON.stringify(invocation),
    // A WIRE_BUNDLE outside the project still resolves the SDK from node_modules.
    ...(BUNDLE !== SHIPPED_BUNDLE ? { NODE_PATH: path.join(PROJECT_ROOT, 'node_modules') } : {}),
    ...extra,
  };
}
