/**
 * Wire tests of the SHIPPED health-publisher bundle: the real AWS SDK in a
 * child process, AWS JSON 1.0 to the fake CodeStar Connections endpoint on
 * 127.0.0.1. What it publishes is read from its stdout, where Lambda's log
 * (and so CloudWatch's embedded metric format) takes it from.
 *
 * Run: npx jest test/wire/health-publisher --coverage=false
 */
import * as fs from 'fs';
import { App, Stack } from 'aws-cdk-lib';
import { FakeCodeStar, accessDenied, ok, respond, throttle } from './fake-codestar';
import { ensureBundle, HEALTH_BUNDLE, runHandler } from './run-handler';
import { Connection, GitSyncedProduct, Host } from '../../src';

jest.setTimeout(60_000);

const ARN = (n: number) => `arn:aws:codeconnections:eu-west-1:123456789012:connection/0a1b2c3d-4e5f-4789-8bcd-00000000000${n}`;
const HOST_ARN = 'arn:aws:codeconnections:eu-west-1:123456789012:host/my-ghes-0123abcd';

let fake: FakeCodeStar;
beforeAll(async () => {
  ensureBundle();
  expect(fs.existsSync(HEALTH_BUNDLE)).toBe(true);
  fake = await FakeCodeStar.start();
});
afterEach(() => fake.reset());
afterAll(async () => fake?.stop());

/** The embedded-metric-format records and error lines the run printed. */
function published(stdout: string): { metrics: any[]; errors: any[]; summary: any } {
  const lines = stdout.split('\n').map(l => l.trim()).filter(l => l.startsWith('{')).map(l => JSON.parse(l));
  return { metrics: lines.filter(l => l._aws), errors: [], summary: lines.find(l => l.summary) };
}

function statuses(byArn: Record<string, string>) {
  fake.always('GetConnection', respond(req => ok({
    Connection: { ConnectionArn: req.body.ConnectionArn, ConnectionName: 'c', ProviderType: 'GitHub', ConnectionStatus: byArn[req.body.ConnectionArn] },
  })));
}

test('1 for AVAILABLE, 0 for PENDING and ERROR, one embedded-metric record per connection, and the host', async () => {
  statuses({ [ARN(1)]: 'AVAILABLE', [ARN(2)]: 'PENDING', [ARN(3)]: 'ERROR' });
  fake.always('GetHost', ok({ Name: 'my-ghes', Status: 'AVAILABLE', ProviderType: 'GitHubEnterpriseServer', ProviderEndpoint: 'https://g.example.com' }));
  const run = await runHandler(fake, { Connections: [ARN(1), ARN(2), ARN(3)], Hosts: [HOST_ARN] }, { bundle: HEALTH_BUNDLE, remainingMs: 120_000 });
  expect(run.handlerResolved).toBe(true);
  const { metrics, summary } = published(run.stdout);
  const values = Object.fromEntries(metrics.map(m => [m.ConnectionArn ?? m.HostArn, m.ConnectionAvailable ?? m.HostAvailable]));
  expect(values).toEqual({ [ARN(1)]: 1, [ARN(2)]: 0, [ARN(3)]: 0, [HOST_ARN]: 1 });
  expect(metrics.find(m => m.ConnectionArn === ARN(3)).Status).toBe('ERROR');
  expect(summary).toMatchObject({ published: 4, failed: 0 });
  // Read-only calls, signed for the service, nothing else.
  expect(fake.operations().sort()).toEqual(['GetConnection', 'GetConnection', 'GetConnection', 'GetHost']);
});

test('the names and dimensions published are exactly those metricAvailable() returns', async () => {
  statuses({ [ARN(1)]: 'AVAILABLE' });
  fake.always('GetHost', ok({ Name: 'h', Status: 'PENDING' }));
  const run = await runHandler(fake, { Connections: [ARN(1)], Hosts: [HOST_ARN] }, { bundle: HEALTH_BUNDLE, remainingMs: 120_000 });
  const { metrics } = published(run.stdout);

  const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
  const metricOfConnection = Connection.fromConnectionArn(stack, 'C', ARN(1)).metricAvailable();
  const metricOfHost = Host.fromHostArn(stack, 'H', HOST_ARN).metricAvailable();
  for (const [metric, record] of [[metricOfConnection, metrics.find(m => m.ConnectionArn)], [metricOfHost, metrics.find(m => m.HostArn)]]) {
    const [directive] = record._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe(metric.namespace);
    expect(directive.Metrics.map((m: any) => m.Name)).toEqual([metric.metricName]);
    expect(directive.Dimensions).toEqual([Object.keys(metric.dimensions!)]);
    for (const [name, value] of Object.entries(metric.dimensions!)) {
      expect(record[name]).toBe(value);
    }
    expect(typeof record[metric.metricName]).toBe('number');
  }
});

test('an API error publishes nothing for that connection (a missing point, not a 0) and is logged with the ARN and the error', async () => {
  fake.always('GetConnection', respond(req => (req.body.ConnectionArn === ARN(2)
    ? accessDenied('User is not authorized to perform: codeconnections:GetConnection')
    : ok({ Connection: { ConnectionArn: req.body.ConnectionArn, ConnectionStatus: 'AVAILABLE' } }))));
  const run = await runHandler(fake, { Connections: [ARN(1), ARN(2)] }, { bundle: HEALTH_BUNDLE, remainingMs: 120_000 });
  const { metrics, summary } = published(run.stdout);
  expect(metrics.map(m => m.ConnectionArn)).toEqual([ARN(1)]);
  expect(summary).toMatchObject({ published: 1, failed: 1 });
  const error = run.stderr.split('\n').find(l => l.includes(ARN(2)))!;
  expect(JSON.parse(error.trim())).toMatchObject({ level: 'ERROR', kind: 'connection', arn: ARN(2) });
  expect(error).toContain('AccessDeniedException');
});

test('a throttled call is retried, and then published', async () => {
  fake.script('GetConnection', throttle(), throttle());
  statuses({ [ARN(1)]: 'PENDING' });
  const run = await runHandler(fake, { Connections: [ARN(1)] }, { bundle: HEALTH_BUNDLE, remainingMs: 120_000 });
  const { metrics } = published(run.stdout);
  expect(fake.calls('GetConnection').map(c => c.answered)).toEqual(['ThrottlingException', 'ThrottlingException', 'ok']);
  expect(metrics.map(m => m.ConnectionAvailable)).toEqual([0]);
});

test('an event without ARNs (or of the wrong shape) reads nothing and publishes nothing', async () => {
  const run = await runHandler(fake, { Connections: 'not-a-list', Hosts: [42] }, { bundle: HEALTH_BUNDLE, remainingMs: 120_000 });
  expect(run.handlerResolved).toBe(true);
  expect(published(run.stdout).metrics).toEqual([]);
  expect(fake.requests).toHaveLength(0);
});

test("each resource is read in its own ARN's Region (hosts are regional), signed for that Region", async () => {
  const otherHost = 'arn:aws:codeconnections:us-west-2:123456789012:host/other-ghes-0123abcd';
  statuses({ [ARN(1)]: 'AVAILABLE' });
  fake.always('GetHost', ok({ Name: 'h', Status: 'AVAILABLE' }));
  const run = await runHandler(fake, { Connections: [ARN(1)], Hosts: [HOST_ARN, otherHost] }, { bundle: HEALTH_BUNDLE, remainingMs: 120_000 });
  expect(published(run.stdout).summary).toMatchObject({ published: 3, failed: 0 });
  const regionOf = (arn: string) => fake.requests.find(r => r.body?.HostArn === arn || r.body?.ConnectionArn === arn)?.credentialScope?.region;
  // The function runs in eu-west-1 (run-handler's AWS_REGION).
  expect({ connection: regionOf(ARN(1)), host: regionOf(HOST_ARN), other: regionOf(otherHost) })
    .toEqual({ connection: 'eu-west-1', host: 'eu-west-1', other: 'us-west-2' });
});

test('under CI, these tests run on the Node.js major of the Lambda runtime the bundles ship on', () => {
  const runtime = fs.readFileSync(`${__dirname}/../../src/monitoring/health-publisher-function.ts`, 'utf8');
  const major = /nodejs(\d+)\.x/.exec(runtime)![1];
  expect(fs.readFileSync(`${__dirname}/../../src/status-reporter/status-reporter-function.ts`, 'utf8')).toContain(`nodejs${major}.x`);
  if (process.env.CI) {
    expect(`node ${process.versions.node.split('.')[0]}`).toBe(`node ${major}`);
  }
});

describe('Service Catalog products synced from a repository', () => {
  function products(byId: Record<string, string | undefined>) {
    fake.always('DescribeProductAsAdmin', respond(req => ok({
      ProductViewDetail: {
        ProductViewSummary: { ProductId: req.body.Id },
        SourceConnection: byId[req.body.Id] === undefined ? { Type: 'CODESTAR' } : {
          Type: 'CODESTAR',
          LastSync: { LastSyncTime: 1765000000, LastSyncStatus: byId[req.body.Id], LastSyncStatusMessage: 'message' },
        },
      },
    })));
  }

  test('1 for SUCCEEDED, 0 for FAILED, nothing before a first sync; read with DescribeProductAsAdmin, signed for servicecatalog', async () => {
    products({ 'prod-aaaaaaaaaaaaa': 'SUCCEEDED', 'prod-bbbbbbbbbbbbb': 'FAILED', 'prod-ccccccccccccc': undefined });
    const run = await runHandler(fake, { Products: ['prod-aaaaaaaaaaaaa', 'prod-bbbbbbbbbbbbb', 'prod-ccccccccccccc'] }, { bundle: HEALTH_BUNDLE, remainingMs: 120_000 });
    expect(run.handlerResolved).toBe(true);
    const { metrics, summary } = published(run.stdout);
    expect(Object.fromEntries(metrics.map(m => [m.ProductId, m.ProductSyncSucceeded]))).toEqual({ 'prod-aaaaaaaaaaaaa': 1, 'prod-bbbbbbbbbbbbb': 0 });
    expect(summary).toMatchObject({ published: 2, failed: 0 });
    expect(run.stdout).toContain('"id":"prod-ccccccccccccc","published":"nothing: no sync yet"');
    const calls = fake.calls('DescribeProductAsAdmin');
    expect(calls.map(c => c.body)).toEqual(expect.arrayContaining([{ Id: 'prod-aaaaaaaaaaaaa' }]));
    expect(calls.every(c => c.credentialScope?.service === 'servicecatalog' && c.credentialScope.region === 'eu-west-1')).toBe(true);
  });

  test('the names and dimensions published are exactly those metricSyncSucceeded() returns', async () => {
    products({ 'prod-aaaaaaaaaaaaa': 'SUCCEEDED' });
    const run = await runHandler(fake, { Products: ['prod-aaaaaaaaaaaaa'] }, { bundle: HEALTH_BUNDLE, remainingMs: 120_000 });
    const [record] = published(run.stdout).metrics;
    const stack = new Stack(new App(), 'S', { env: { account: '123456789012', region: 'eu-west-1' } });
    const metric = new GitSyncedProduct(stack, 'P', {
      productName: 'p', owner: 'o', connection: Connection.fromConnectionArn(stack, 'C', ARN(1)), repository: 'o/r', branch: 'main', templatePath: 't.yaml',
    }).metricSyncSucceeded();
    const [directive] = record._aws.CloudWatchMetrics;
    expect(directive.Namespace).toBe(metric.namespace);
    expect(directive.Metrics.map((m: any) => m.Name)).toEqual([metric.metricName]);
    expect(directive.Dimensions).toEqual([Object.keys(metric.dimensions!)]);
    expect(record.ProductSyncSucceeded).toBe(1);
  });

  test('an API error publishes nothing for that product and is logged with its id', async () => {
    fake.always('DescribeProductAsAdmin', accessDenied('User is not authorized to perform: servicecatalog:DescribeProductAsAdmin'));
    const run = await runHandler(fake, { Products: ['prod-aaaaaaaaaaaaa'] }, { bundle: HEALTH_BUNDLE, remainingMs: 120_000 });
    expect(published(run.stdout).summary).toMatchObject({ published: 0, failed: 1 });
    expect(run.stderr).toContain('prod-aaaaaaaaaaaaa');
    expect(run.stderr).toContain('AccessDeniedException');
  });
});
