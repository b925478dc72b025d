/**
 * Lambda, as far as a custom resource meets it: asynchronous invocations
 * (CloudFormation invokes a custom resource's function with
 * InvocationType=Event, and so does the status reporter when it hands a
 * wait over), a queue when every allowed container is busy, containers that
 * start cold (a new process that loads the bundle) and are reused warm, the
 * function timeout (the container is killed), and the two retries Lambda
 * makes of an asynchronous invocation that failed.
 *
 * Each container is a child process running runtime/bootstrap.js, which
 * speaks the Lambda Runtime API to the server here, with the virtual clock
 * preloaded.
 */
import { ChildProcess, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { cpus } from 'os';
import * as path from 'path';
import { Clock, VIRTUAL_CLOCK_PRELOAD } from './clock';

const BOOTSTRAP = path.join(__dirname, 'runtime', 'bootstrap.js');
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

export interface FunctionConfiguration {
  readonly functionName: string;
  readonly functionArn: string;
  /** Folder of the function's code (an unzipped asset). */
  readonly codeDirectory: string;
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
  readonly environment: Record<string, string>;
  /** Credentials the function's role gives its code. */
  readonly accessKeyId: string;
  /** Reserved concurrency: at most this many of its containers run; more invocations wait in the queue. */
  readonly reservedConcurrency?: number;
}

export interface LambdaServiceOptions {
  readonly clock: Clock;
  readonly region: string;
  /** Endpoint of every AWS API the code calls (the wire fake). */
  readonly endpoint: string;
  /**
   * Concurrent executions allowed in the account (Lambda's default quota is
   * 1,000; new accounts may get 10). @default 1000
   */
  readonly concurrency?: number;
  /** Delays before Lambda's two retries of a failed asynchronous invocation. @default [60 s, 120 s] */
  readonly asyncRetryDelaysMs?: readonly number[];
  /**
   * Containers that may load their code at the same time. In Lambda each
   * container has CPUs of its own; here they share this machine's, and 25
   * cold starts at once would starve every process of CPU (the fake's
   * answers would take longer than the SDK's timeouts). Later cold starts
   * wait their turn, which only makes them look slower.
   * @default the number of CPUs
   */
  readonly maxStartingContainers?: number;
}

/** `deleted`: the function was deleted while the invocation was finishing (not retried). */
export type InvocationOutcome = 'response' | 'error' | 'timeout' | 'crash' | 'deleted';

export interface InvocationRecord {
  readonly requestId: string;
  readonly functionName: string;
  readonly event: any;
  readonly attempt: number;
  /** Virtual times. */
  readonly queuedAt: number;
  startedAt?: number;
  endedAt?: number;
  cold?: boolean;
  containerId?: number;
  outcome?: InvocationOutcome;
  error?: string;
}

interface Container {
  readonly id: number;
  readonly fn: FunctionConfiguration;
  process?: ChildProcess;
  /** Loading its code (until its first GET /invocation/next). */
  starting: boolean;
  /** A held GET /invocation/next, when the container waits for work. */
  waiting?: http.ServerResponse;
  current?: InvocationRecord;
  timer?: NodeJS.Timeout;
  invocations: number;
  dead: boolean;
  readonly log: string[];
}

export class LambdaService {
  public readonly invocations: InvocationRecord[] = [];
  public readonly functions = new Map<string, FunctionConfiguration>();
  /** Most containers that ran at once. */
  public peakConcurrency = 0;

  private readonly containers: Container[] = [];
  private readonly queue: InvocationRecord[] = [];
  private readonly server: http.Server;
  private readonly idleWaiters: (() => void)[] = [];
  /** Containers waiting for their turn to start their process. */
  private readonly toStart: Container[] = [];
  private pendingRetries = 0;
  private nextContainerId = 0;
  private stopped = false;

  constructor(private readonly options: LambdaServiceOptions) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => this.runtimeApi(req, res, Buffer.concat(chunks).toString('utf8')));
    });
  }

  public async start(): Promise<void> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', () => resolve()));
  }

  public async stop(): Promise<void> {
    this.stopped = true;
    for (const container of this.containers) {
      this.kill(container);
    }
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  public register(fn: FunctionConfiguration): void {
    this.functions.set(fn.functionName, fn);
    this.functions.set(fn.functionArn, fn);
  }

  public unregister(fn: FunctionConfiguration): void {
    this.functions.delete(fn.functionName);
    this.functions.delete(fn.functionArn);
    for (const container of this.containers.filter(c => c.fn === fn)) {
      if (container.current) {
        this.endInvocation(container, container.current, 'deleted');
      }
      this.kill(container);
    }
  }

  /** An asynchronous invocation (InvocationType=Event): queued, answered 202. */
  public invokeAsync(nameOrArn: string, event: unknown, attempt = 1): InvocationRecord {
    const fn = this.functions.get(nameOrArn) ?? this.functions.get(unqualified(nameOrArn));
    if (!fn) {
      throw new Error(`Function not found: ${nameOrArn}`);
    }
    const record: InvocationRecord = {
      requestId: randomUUID(), functionName: fn.functionName, event, attempt, queuedAt: this.options.clock.now(),
    };
    this.invocations.push(record);
    this.queue.push(record);
    this.dispatch();
    return record;
  }

  /** Resolves when nothing is queued, running or waiting for a retry. */
  public idle(): Promise<void> {
    if (this.isIdle()) {
      return Promise.resolve();
    }
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  /** The output of every container, for a failing test to show. */
  public logs(): string {
    return this.containers.map(c => `--- container ${c.id} (${c.invocations} invocations)\n${c.log.join('')}`).join('\n');
  }

  /** What each container printed so far, by container id (each only grows). */
  /** Live containers of the functions whose names match. */
  public containersOf(matches: (functionName: string) => boolean): number {
    return this.containers.filter(c => !c.dead && matches(c.fn.functionName)).length;
  }

  public containerOutput(): Map<number, string> {
    return new Map(this.containers.map(c => [c.id, c.log.join('')]));
  }

  public get containerCount(): number {
    return this.nextContainerId;
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.pendingRetries === 0 && !this.containers.some(c => c.current);
  }

  private checkIdle(): void {
    if (this.isIdle()) {
      this.idleWaiters.splice(0).forEach(resolve => resolve());
    }
  }

  private get running(): number {
    return this.containers.filter(c => !c.dead).length;
  }

  private dispatch(): void {
    if (this.stopped) {
      return;
    }
    for (let i = 0; i < this.queue.length; i++) {
      const record = this.queue[i];
      const fn = this.functions.get(record.functionName);
      if (!fn) {
        this.queue.splice(i--, 1);
        this.finish(undefined, record, 'error', `function ${record.functionName} was deleted`);
        continue;
      }
      const warm = this.containers.find(c => !c.dead && c.fn === fn && c.waiting && !c.current);
      if (warm) {
        this.queue.splice(i--, 1);
        this.deliver(warm, record, false);
        continue;
      }
      const own = this.containers.filter(c => !c.dead && c.fn === fn).length;
      if (fn.reservedConcurrency !== undefined && own >= fn.reservedConcurrency) {
        continue; // its reservation is in use: the invocation waits, as Lambda's asynchronous queue holds it
      }
      if (this.running < (this.options.concurrency ?? 1000)) {
        this.queue.splice(i--, 1);
        const container = this.startContainer(fn);
        container.current = record; // delivered on its first GET /next
        record.cold = true;
        continue;
      }
      // Scale down: an idle container of another function gives its slot.
      const idleOther = this.containers.find(c => !c.dead && !c.current && c.waiting && c.fn !== fn);
      if (idleOther) {
        this.kill(idleOther);
        i--;
      }
    }
  }

  private startContainer(fn: FunctionConfiguration): Container {
    const container: Container = { id: ++this.nextContainerId, fn, starting: true, invocations: 0, dead: false, log: [] };
    this.containers.push(container);
    this.peakConcurrency = Math.max(this.peakConcurrency, this.running);
    this.toStart.push(container);
    this.startProcesses();
    return container;
  }

  /** Starts the processes of waiting containers while fewer than maxStartingContainers are loading. */
  private startProcesses(): void {
    const limit = this.options.maxStartingContainers ?? cpus().length;
    while (this.toStart.length && this.containers.filter(c => c.starting && c.process && !c.dead).length < limit) {
      const container = this.toStart.shift()!;
      if (!container.dead) {
        this.spawnProcess(container);
      }
    }
  }

  private spawnProcess(container: Container): void {
    const { id, fn } = container;
    const missing = path.join(PROJECT_ROOT, '.rehearsal-no-such-file');
    const port = (this.server.address() as AddressInfo).port;
    const child = spawn(process.execPath, ['-r', VIRTUAL_CLOCK_PRELOAD, BOOTSTRAP], {
      cwd: fn.codeDirectory,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LANG: 'C.UTF-8',
        TZ: 'UTC',
        // The Lambda Node.js runtime provides the AWS SDK; the bundle keeps it external.
        NODE_PATH: path.join(PROJECT_ROOT, 'node_modules'),
        AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${port}/c/${id}`,
        LAMBDA_TASK_ROOT: fn.codeDirectory,
        _HANDLER: fn.handler,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
        AWS_LAMBDA_FUNCTION_NAME: fn.functionName,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.functionName}`,
        AWS_REGION: this.options.region,
        AWS_DEFAULT_REGION: this.options.region,
        AWS_ENDPOINT_URL: this.options.endpoint,
        AWS_ACCESS_KEY_ID: fn.accessKeyId,
        AWS_SECRET_ACCESS_KEY: 'rehearsal-secret-access-key-not-real-0000',
        AWS_SESSION_TOKEN: 'rehearsal-session-token',
        AWS_CONFIG_FILE: missing,
        AWS_SHARED_CREDENTIALS_FILE: missing,
        AWS_EC2_METADATA_DISABLED: 'true',
        ...this.options.clock.childEnv(),
        ...fn.environment,
      },
    });
    container.process = child;
    child.stdout!.on('data', d => container.log.push(String(d)));
    child.stderr!.on('data', d => container.log.push(String(d)));
    child.on('exit', (code, signal) => {
      const wasDead = container.dead;
      container.dead = true;
      container.starting = false;
      if (container.current && !wasDead) {
        const record = container.current;
        this.endInvocation(container, record, 'crash', `runtime exited (code ${code}, signal ${signal})`);
      }
      this.startProcesses();
      this.dispatch();
      this.checkIdle();
    });
  }

  private deliver(container: Container, record: InvocationRecord, cold: boolean): void {
    const res = container.waiting!;
    container.waiting = undefined;
    container.current = record;
    container.invocations++;
    record.cold = cold;
    record.containerId = container.id;
    record.startedAt = this.options.clock.now();
    const deadline = record.startedAt + container.fn.timeoutSeconds * 1000;
    container.timer = this.options.clock.setTimeout(() => {
      if (container.current === record) {
        // Lambda stops the runtime at the timeout: "Task timed out after N seconds".
        this.endInvocation(container, record, 'timeout', `Task timed out after ${container.fn.timeoutSeconds} seconds`);
        this.kill(container);
      }
    }, container.fn.timeoutSeconds * 1000);
    const body = JSON.stringify(record.event);
    res.writeHead(200, {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': record.requestId,
      'lambda-runtime-deadline-ms': String(deadline),
      'lambda-runtime-invoked-function-arn': container.fn.functionArn,
      'content-length': Buffer.byteLength(body),
    }).end(body);
  }

  private runtimeApi(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const match = /^\/c\/(\d+)\/2018-06-01\/runtime\/(.+)$/.exec(req.url ?? '');
    const container = match ? this.containers.find(c => c.id === Number(match[1])) : undefined;
    if (!match || !container || container.dead) {
      res.writeHead(404).end();
      return;
    }
    const route = match[2];
    if (req.method === 'GET' && route === 'invocation/next') {
      container.waiting = res;
      if (container.starting) {
        container.starting = false;
        this.startProcesses();
      }
      if (container.current && container.current.startedAt === undefined) {
        // The cold start's first event.
        const record = container.current;
        container.current = undefined;
        this.deliver(container, record, true);
      } else {
        this.dispatch();
        this.checkIdle();
      }
      return;
    }
    const done = /^invocation\/([^/]+)\/(response|error)$/.exec(route);
    if (req.method === 'POST' && done) {
      res.writeHead(202).end();
      const record = container.current;
      if (record && record.requestId === done[1]) {
        this.endInvocation(container, record, done[2] === 'response' ? 'response' : 'error', done[2] === 'error' ? errorMessage(body) : undefined);
      }
      return;
    }
    if (req.method === 'POST' && route === 'init/error') {
      res.writeHead(202).end();
      const record = container.current;
      if (record) {
        this.endInvocation(container, record, 'error', `init failed: ${errorMessage(body)}`);
      }
      this.kill(container);
      return;
    }
    res.writeHead(404).end();
  }

  private endInvocation(container: Container, record: InvocationRecord, outcome: InvocationOutcome, error?: string): void {
    if (container.timer) {
      clearTimeout(container.timer);
    }
    container.current = undefined;
    this.finish(container, record, outcome, error);
  }

  private finish(container: Container | undefined, record: InvocationRecord, outcome: InvocationOutcome, error?: string): void {
    record.endedAt = this.options.clock.now();
    record.outcome = outcome;
    record.error = error;
    if (container) {
      record.containerId = container.id;
    }
    const delays = this.options.asyncRetryDelaysMs ?? [60_000, 120_000];
    if (outcome !== 'response' && outcome !== 'deleted' && record.attempt <= delays.length && !this.stopped) {
      // Lambda retries a failed asynchronous invocation (twice by default).
      this.pendingRetries++;
      this.options.clock.setTimeout(() => {
        this.pendingRetries--;
        if (this.functions.has(record.functionName)) {
          this.invokeAsync(record.functionName, record.event, record.attempt + 1);
        }
        this.checkIdle();
      }, delays[record.attempt - 1]);
    }
    this.dispatch();
    this.checkIdle();
  }

  private kill(container: Container): void {
    if (!container.dead) {
      container.dead = true;
      container.waiting?.destroy();
      container.process?.kill('SIGKILL');
      this.startProcesses();
    }
  }
}

function unqualified(nameOrArn: string): string {
  // arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]
  const parts = nameOrArn.split(':');
  return parts.length >= 7 ? parts.slice(0, 7).join(':') : nameOrArn;
}

function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body);
    return `${parsed.errorType}: ${parsed.errorMessage}`;
  } catch {
    return body;
  }
}
