/**
 * The status-reporter Lambda bundle: its size, and cold start to response
 * (spawn of a fresh node process -> the CloudFormation response PUT arriving
 * at the fake endpoint), next to aws-cdk-lib's AwsCustomResource handler
 * doing the same GetConnection.
 *
 * Both handlers run through the wire-test harness (test/wire/run-handler.ts:
 * a child `node test/wire/handler-runner.js` that requires the bundle and
 * invokes `handler(event, context)` once) against the fake CodeStar
 * Connections endpoint (test/wire/fake-codestar.ts) answering GetConnection
 * with a PENDING connection. Both load the AWS SDK v3 client from the
 * project's node_modules, as both rely on the Lambda runtime's SDK.
 * AwsCustomResource's event is built from a synthesized
 * `AwsCustomResource` (installLatestAwsSdk: false), so its `Create`
 * property is exactly what aws-cdk-lib serializes.
 *
 * Run: ts-node --transpile-only --project bench/tsconfig.json bench/handler.ts
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { App, Stack } from 'aws-cdk-lib';
import * as cr from 'aws-cdk-lib/custom-resources';
import { fmt, machine, median, revision, spread, table } from './stats';
import { FakeCodeStar, ok } from '../test/wire/fake-codestar';
import type * as RunHandlerModule from '../test/wire/run-handler';

const RUNS = 9;
const ROOT = path.resolve(__dirname, '..');
const SHIM = path.join(__dirname, 'https-response-shim.js');
const CDK_LIB = path.dirname(require.resolve('aws-cdk-lib', { paths: [ROOT] }));
const ACR_HANDLER = findAwsCustomResourceHandler();

const REGION = 'eu-west-1';
const STACK_ID = `arn:aws:cloudformation:${REGION}:123456789012:stack/bench/11111111-2222-3333-4444-555555555555`;
const CONNECTION_ARN = `arn:aws:codeconnections:${REGION}:123456789012:connection/0a1b2c3d-4e5f-6789-abcd-ef0123456789`;
const GET_CONNECTION_PENDING = {
  Connection: {
    ConnectionName: 'my-github',
    ConnectionArn: CONNECTION_ARN,
    ProviderType: 'GitHub',
    OwnerAccountId: '123456789012',
    ConnectionStatus: 'PENDING',
  },
};

/**
 * The bundled AwsCustomResource handler inside aws-cdk-lib (the package does
 * not export it): the known path, else the first
 * `aws-custom-resource-handler/index.js` under the package.
 */
function findAwsCustomResourceHandler(): string {
  const known = path.join(CDK_LIB, 'custom-resource-handlers', 'dist', 'custom-resources', 'aws-custom-resource-handler', 'index.js');
  if (fs.existsSync(known)) return known;
  const search = (dir: string): string | undefined => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      const candidate = path.join(full, 'index.js');
      if (entry.name === 'aws-custom-resource-handler' && fs.existsSync(candidate)) return candidate;
      const found = search(full);
      if (found) return found;
    }
    return undefined;
  };
  const found = search(CDK_LIB);
  if (!found) throw new Error(`no aws-custom-resource-handler/index.js under ${CDK_LIB}`);
  return found;
}

/**
 * test/wire/run-handler.ts reads WIRE_BUNDLE once, at load: load a fresh
 * copy of it per bundle.
 */
function loadRunner(bundle?: string): typeof RunHandlerModule {
  const id = require.resolve('../test/wire/run-handler');
  const before = process.env.WIRE_BUNDLE;
  delete require.cache[id];
  if (bundle) process.env.WIRE_BUNDLE = bundle; else delete process.env.WIRE_BUNDLE;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(id);
  } finally {
    delete require.cache[id];
    if (before === undefined) delete process.env.WIRE_BUNDLE; else process.env.WIRE_BUNDLE = before;
  }
}

function cfnEvent(resourceType: string, logicalId: string, serviceToken: string, properties: Record<string, unknown>): Record<string, unknown> {
  return {
    RequestType: 'Create',
    ServiceToken: serviceToken,
    StackId: STACK_ID,
    RequestId: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    LogicalResourceId: logicalId,
    ResourceType: resourceType,
    ResourceProperties: { ...properties, ServiceToken: serviceToken },
  };
}

/**
 * Synthesizes an AwsCustomResource that calls GetConnection and returns its
 * Custom::AWS properties as CloudFormation sends them (scalars as strings),
 * plus the handler directory its provider function ships as an asset.
 */
function awsCustomResourceEvent(): { event: Record<string, unknown>; stagedHandler?: string } {
  const validation = process.env.CDK_VALIDATION;
  process.env.CDK_VALIDATION = 'false'; // the template validator is irrelevant here and slow to load
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdkcc-bench-acr-'));
  try {
    const app = new App({ outdir });
    const stack = new Stack(app, 'AcrBench');
    new cr.AwsCustomResource(stack, 'GetConnection', {
      onCreate: {
        service: '@aws-sdk/client-codestar-connections',
        action: 'GetConnection',
        parameters: { ConnectionArn: CONNECTION_ARN },
        physicalResourceId: cr.PhysicalResourceId.of('x'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: [CONNECTION_ARN] }),
      installLatestAwsSdk: false,
    });
    const artifact = app.synth().getStackByName('AcrBench');
    const resources = Object.entries(artifact.template.Resources as Record<string, any>);
    const [logicalId, custom] = resources.find(([, r]) => r.Type === 'Custom::AWS')!;
    const providerId = custom.Properties.ServiceToken['Fn::GetAtt'][0];
    const provider = artifact.template.Resources[providerId];
    const assetDir = path.join(outdir, `asset.${String(provider.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
    const staged = path.join(assetDir, 'index.js');
    const stagedHandler = fs.existsSync(staged) && fs.readFileSync(staged).equals(fs.readFileSync(ACR_HANDLER))
      ? `${path.basename(assetDir)}/index.js is byte-identical to it`
      : undefined;
    const properties = Object.fromEntries(Object.entries(custom.Properties as Record<string, unknown>)
      .filter(([k]) => k !== 'ServiceToken')
      .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    return {
      event: cfnEvent('Custom::AWS', logicalId, `arn:aws:lambda:${REGION}:123456789012:function:bench-AWS679f53fac002430cb0da5b7982bd2287`, properties),
      stagedHandler,
    };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
    if (validation === undefined) delete process.env.CDK_VALIDATION; else process.env.CDK_VALIDATION = validation;
  }
}

interface Sample {
  readonly coldMs: number;
  readonly initMs: number;
  readonly handlerMs: number;
  readonly wallMs: number;
}

interface Case {
  readonly name: string;
  readonly bundle: string;
  readonly runner: typeof RunHandlerModule;
  readonly event: Record<string, unknown>;
  /** Checks the CloudFormation response; returns a problem or undefined. */
  readonly check: (response: any) => string | undefined;
}

async function runOnce(fake: FakeCodeStar, c: Case): Promise<Sample> {
  fake.reset();
  fake.always('GetConnection', ok(GET_CONNECTION_PENDING));
  const started = Date.now();
  const r = await c.runner.runHandler(fake, c.event, {
    env: { NODE_OPTIONS: `--require ${SHIM}`, BENCH_RESPONSE_PORT: String(fake.port) },
  });
  const problem = !r.responsePuts.length ? 'no CloudFormation response arrived'
    : fake.calls('GetConnection').length !== 1 ? `${fake.calls('GetConnection').length} GetConnection calls`
      : c.check(r.response);
  if (problem) {
    throw new Error(`${c.name}: ${problem}\nresponse: ${JSON.stringify(r.response)}\nrequests: ${JSON.stringify(fake.requests.map(q => q.operation ?? q.path))}\n`
      + `handler error: ${r.handlerError}\nstdout: ${r.stdout.slice(-2000)}\nstderr: ${r.stderr.slice(-2000)}`);
  }
  const marker = r.stdout.split('\n').reverse().find(l => l.startsWith('WIRE_RESULT '));
  const result = marker ? JSON.parse(marker.slice('WIRE_RESULT '.length)) : {};
  return { coldMs: r.responsePuts[0].at - started, initMs: result.initMs ?? NaN, handlerMs: r.handlerMs, wallMs: r.wallMs };
}

/** Spawn-to-exit of a node process running `script`, in ms (the floor under any cold start). */
function nodeRun(script: string): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', code => code === 0 ? resolve(Date.now() - started) : reject(new Error(`node -e ${script} exited ${code}`)));
  });
}

/** Times, inside one fresh process, the two SDK clients' requires in the order the status reporter loads them. */
const SDK_REQUIRE_SCRIPT = [
  'const t0 = process.hrtime.bigint();',
  "require('@aws-sdk/client-codestar-connections');",
  'const t1 = process.hrtime.bigint();',
  "require('@aws-sdk/client-lambda');",
  'const t2 = process.hrtime.bigint();',
  'console.log(JSON.stringify({ codestar: Number(t1 - t0) / 1e6, lambda: Number(t2 - t1) / 1e6 }));',
].join(' ');

/** Stdout of `node -e script` in the project root. */
function nodeOutput(script: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', d => out += d);
    child.on('error', reject);
    child.on('close', code => code === 0 ? resolve(out) : reject(new Error(`node -e ${script} exited ${code}`)));
  });
}

function bytes(file: string): { raw: number; gzip: number } {
  const content = fs.readFileSync(file);
  return { raw: content.length, gzip: zlib.gzipSync(content, { level: 9 }).length };
}

async function main(): Promise<void> {
  console.log('# status-reporter handler: bundle size and cold start');
  console.log(`machine: ${machine()}`);
  console.log(`measured: ${revision()}`);
  console.log('');

  // BENCH_REPORTER_BUNDLE measures another build of the reporter (e.g. an
  // earlier commit's) against the same AwsCustomResource baseline.
  const reporterRunner = loadRunner(process.env.BENCH_REPORTER_BUNDLE);
  reporterRunner.ensureBundle(); // npx projen bundle when the bundle is missing
  const acrRunner = loadRunner(ACR_HANDLER);
  const acr = awsCustomResourceEvent();

  const cases: Case[] = [
    {
      name: 'status reporter (this library)',
      bundle: reporterRunner.BUNDLE,
      runner: reporterRunner,
      event: cfnEvent('Custom::CodeConnectionsConnectionStatus', 'Conn0StatusABCDEF12',
        `arn:aws:lambda:${REGION}:123456789012:function:bench-CodeConnectionsStatusReporter`, { ConnectionArn: CONNECTION_ARN }),
      check: res => res?.Status === 'SUCCESS' && res?.Data?.Status === 'PENDING' ? undefined : 'expected SUCCESS with Data.Status PENDING',
    },
    {
      name: 'AwsCustomResource (aws-cdk-lib)',
      bundle: ACR_HANDLER,
      runner: acrRunner,
      event: acr.event,
      check: res => res?.Status === 'SUCCESS' && res?.Data?.['Connection.ConnectionStatus'] === 'PENDING'
        ? undefined : "expected SUCCESS with Data['Connection.ConnectionStatus'] PENDING",
    },
  ];

  console.log('## bundles');
  console.log(table(['handler', 'path', 'bytes', 'gzip -9 bytes'], cases.map(c => {
    const b = bytes(c.bundle);
    return [c.name, path.relative(ROOT, c.bundle), b.raw, b.gzip];
  })));
  console.log(`AwsCustomResource's provider asset: ${acr.stagedHandler ?? 'could not compare it with the staged asset'}.`);
  console.log(`AwsCustomResource event ResourceProperties (from a synthesized AwsCustomResource): ${JSON.stringify((acr.event as any).ResourceProperties)}`);
  console.log('');

  const fake = await FakeCodeStar.start();
  try {
    const samples = new Map<string, Sample[]>(cases.map(c => [c.name, []]));
    const nodeFloor: number[] = [];
    const sdkRequire: Array<{ codestar: number; lambda: number }> = [];
    // One warm-up each (file cache), then interleaved runs.
    for (const c of cases) await runOnce(fake, c);
    for (let r = 0; r < RUNS; r++) {
      for (const c of cases) samples.get(c.name)!.push(await runOnce(fake, c));
      nodeFloor.push(await nodeRun('0'));
      sdkRequire.push(JSON.parse(await nodeOutput(SDK_REQUIRE_SCRIPT)));
    }

    console.log(`## cold start to CloudFormation response (GetConnection -> PENDING), median of ${RUNS} runs each, interleaved`);
    console.log(table(
      ['handler', 'spawn -> response arrives, ms (min-max)', 'require(bundle) ms', 'handler(event) ms', 'spawn -> exit ms'],
      cases.map(c => {
        const xs = samples.get(c.name)!;
        const cold = xs.map(s => s.coldMs);
        return [c.name, `${fmt(median(cold), 0)} (${spread(cold)})`, fmt(median(xs.map(s => s.initMs)), 0),
          fmt(median(xs.map(s => s.handlerMs)), 0), fmt(median(xs.map(s => s.wallMs)), 0)];
      }),
    ));
    const [lib, acrName] = cases.map(c => median(samples.get(c.name)!.map(s => s.coldMs)));
    console.log(`ratio status reporter / AwsCustomResource: ${fmt(lib / acrName, 2)}`);
    console.log('');
    console.log(`what the cold start stands on (fresh node processes, medians): spawn -> exit of \`node -e 0\`: ${fmt(median(nodeFloor), 0)} ms; `
      + `require('@aws-sdk/client-codestar-connections'): ${fmt(median(sdkRequire.map(x => x.codestar)), 0)} ms; `
      + `then require('@aws-sdk/client-lambda'), which the status reporter also loads at init and AwsCustomResource does not: +${fmt(median(sdkRequire.map(x => x.lambda)), 0)} ms`);
  } finally {
    await fake.stop();
  }
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
