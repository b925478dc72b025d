/**
 * The status-reporter Lambda, driven end to end: events in, the response
 * body CloudFormation would read from the pre-signed URL out. The URL is a
 * real HTTP server on 127.0.0.1; the SDK is mocked so that any call other
 * than the one a test expects fails the test.
 *
 * Every expected value is written out by hand (URLs percent-encoded by
 * hand too): none is computed with the code under test.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import {
  CodeStarConnectionsClient,
  GetConnectionCommand,
  type Connection,
  type ConnectionStatus,
  type ProviderType,
} from '@aws-sdk/client-codestar-connections';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler, onEvent } from '../src/status-reporter.lambda';
import {
  CONNECTION_STATUS,
  LOGICAL_ID,
  REQUEST_ID,
  STACK_ID,
  createEvent,
  createOrUpdateEvent,
  deleteEvent,
  eventWithRequestType,
  updateEvent,
} from './fixtures/events';

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

const CONNECTION_ID = '0a1b2c3d-4e5f-6789-abcd-ef0123456789';
const ARN = `arn:aws:codeconnections:eu-west-1:123456789012:connection/${CONNECTION_ID}`;
// The connection's own page, written from its documented form
// https://REGION.CONSOLE_DOMAIN/codesuite/settings/ACCOUNT/REGION/NAMESPACE/connections/CONNECTION_ID
const CONSOLE_URL = 'https://eu-west-1.console.aws.amazon.com/codesuite/settings/123456789012/eu-west-1/codeconnections/connections/' + CONNECTION_ID;

/** Remaining time of a Lambda far from its timeout. */
const PLENTY_OF_TIME_MS = 60_000;

/** The body CloudFormation reads, as the test expects it (not imported from src). */
interface ResponseBody {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Record<string, string>;
}

interface RecordedPut {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Answer code that makes the server drop the connection instead of answering. */
const RESET = 0;

/**
 * Stands in for the pre-signed S3 URL: records every request and answers
 * with the queued status codes (the last one repeats).
 */
class ResponseServer {
  readonly requests: RecordedPut[] = [];
  private answers: number[] = [200];
  private port = 0;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = this.answers.length > 1 ? this.answers.shift()! : this.answers[0];
      if (status === RESET) {
        req.socket.destroy();
        return;
      }
      res.writeHead(status).end();
    });
  });

  async start(): Promise<void> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  /** The response URL, with a query string like a pre-signed URL's. */
  get responseUrl(): string {
    return `http://127.0.0.1:${this.port}/cloudformation-custom-resource-response/some/path?sig=x`;
  }

  reset(...answers: number[]): void {
    this.requests.length = 0;
    this.answers = answers.length > 0 ? answers : [200];
  }

  /** The single response sent; fails when there was not exactly one. */
  onlyResponse(): ResponseBody {
    expect(this.requests).toHaveLength(1);
    return JSON.parse(this.requests[0].body) as ResponseBody;
  }
}

const server = new ResponseServer();
const cs = mockClient(CodeStarConnectionsClient);

let logSpy: jest.SpyInstance;
let errorSpy: jest.SpyInstance;

beforeAll(() => server.start());
afterAll(() => server.stop());

beforeEach(() => {
  server.reset();
  cs.reset();
  cs.onAnyCommand().rejects(new Error('unexpected call'));
  logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterEach(() => {
  logSpy.mockRestore();
  errorSpy.mockRestore();
});

/** GetConnection of exactly `connectionArn` answers `connection`. */
function givenConnection(connectionArn: string, answer: Connection | undefined): void {
  cs.on(GetConnectionCommand, { ConnectionArn: connectionArn }).resolves({ Connection: answer });
}

function connection(connectionArn: string, status: string, name = 'my-github', providerType: ProviderType = 'GitHub'): Connection {
  return {
    ConnectionArn: connectionArn,
    ConnectionName: name,
    ConnectionStatus: status as ConnectionStatus,
    ProviderType: providerType,
    OwnerAccountId: '123456789012',
  };
}

/** GetConnection of `connectionArn` rejects like the SDK does for a service error. */
function givenApiError(connectionArn: string, name: string, message: string, httpStatusCode?: number): void {
  const error = Object.assign(new Error(message), { name }, httpStatusCode ? { $metadata: { httpStatusCode } } : {});
  cs.on(GetConnectionCommand, { ConnectionArn: connectionArn }).rejects(error);
}

/** Runs the handler and returns what CloudFormation received. */
async function run(event: CloudFormationCustomResourceEvent, remainingMs = PLENTY_OF_TIME_MS): Promise<ResponseBody> {
  await handler(event, { getRemainingTimeInMillis: () => remainingMs });
  return server.onlyResponse();
}

function getConnectionCalls(): string[] {
  return cs.commandCalls(GetConnectionCommand).map(call => call.args[0].input.ConnectionArn ?? '(none)');
}

// ---------------------------------------------------------------------------
// Create and Update
// ---------------------------------------------------------------------------

describe('Create and Update of a connection status', () => {
  const statuses = [
    {
      status: 'PENDING',
      message: `PENDING: open ${CONSOLE_URL} and choose Update pending connection`,
    },
    {
      status: 'AVAILABLE',
      message: 'AVAILABLE: connection my-github is ready to use',
    },
    {
      status: 'ERROR',
      message: `ERROR: connection my-github failed; open ${CONSOLE_URL} to see why, then update it or create a new one`,
    },
    {
      // A status this handler does not know (the API may add some).
      status: 'SUSPENDED_FOR_REVIEW',
      message: `SUSPENDED_FOR_REVIEW: open ${CONSOLE_URL}`,
    },
  ];
  const cases = (['Create', 'Update'] as const).flatMap(requestType => statuses.map(s => ({ requestType, ...s })));

  test.each(cases)('$requestType, connection $status', async ({ requestType, status, message }) => {
    givenConnection(ARN, connection(ARN, status));

    const response = await run(createOrUpdateEvent(requestType, {
      responseUrl: server.responseUrl,
      properties: { ConnectionArn: ARN },
      physicalId: ARN,
    }));

    expect(response).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: ARN,
      StackId: STACK_ID,
      RequestId: REQUEST_ID,
      LogicalResourceId: LOGICAL_ID,
      Data: {
        Status: status,
        ConsoleUrl: CONSOLE_URL,
        Message: message,
        ConnectionName: 'my-github',
        ProviderType: 'GitHub',
      },
    });
    expect(getConnectionCalls()).toEqual([ARN]);
  });

  test('the response is a PUT to the pre-signed URL with an empty content type', async () => {
    givenConnection(ARN, connection(ARN, 'AVAILABLE'));

    await run(createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN } }));

    const [put] = server.requests;
    expect(put.method).toBe('PUT');
    expect(put.url).toBe('/cloudformation-custom-resource-response/some/path?sig=x');
    expect(put.headers['content-type']).toBe('');
    expect(Number(put.headers['content-length'])).toBe(Buffer.byteLength(put.body));
  });

  test('an Update answers with the ARN as physical id even if the old one differed', async () => {
    givenConnection(ARN, connection(ARN, 'AVAILABLE'));

    const response = await run(updateEvent({
      responseUrl: server.responseUrl,
      properties: { ConnectionArn: ARN },
      physicalId: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/old-one',
    }));

    expect(response.Status).toBe('SUCCESS');
    expect(response.PhysicalResourceId).toBe(ARN);
  });

  test('a GetConnection answer without a connection reports UNKNOWN and names the connection by its id', async () => {
    givenConnection(ARN, undefined);

    const response = await run(createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN } }));

    expect(response.Status).toBe('SUCCESS');
    expect(response.Data).toEqual({
      Status: 'UNKNOWN',
      ConsoleUrl: CONSOLE_URL,
      Message: `UNKNOWN: open ${CONSOLE_URL}`,
      ConnectionName: CONNECTION_ID,
      ProviderType: '',
    });
  });

  test('onEvent returns the result without sending anything', async () => {
    givenConnection(ARN, connection(ARN, 'AVAILABLE', 'gitlab-prod', 'GitLab'));

    await expect(onEvent(createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN } }))).resolves.toEqual({
      physicalResourceId: ARN,
      data: {
        Status: 'AVAILABLE',
        ConsoleUrl: CONSOLE_URL,
        Message: 'AVAILABLE: connection gitlab-prod is ready to use',
        ConnectionName: 'gitlab-prod',
        ProviderType: 'GitLab',
      },
    });
    expect(server.requests).toHaveLength(0);
  });
});

describe('partitions and namespaces', () => {
  // Every namespace x partition with a public console, written by hand from
  // https://REGION.CONSOLE_DOMAIN/codesuite/settings/ACCOUNT/REGION/NAMESPACE/connections/CONNECTION_ID
  const withConsole = [
    {
      arn: 'arn:aws:codeconnections:eu-central-1:210987654321:connection/8d2f1c4e-aaaa-4bbb-8ccc-0123456789ab',
      url: 'https://eu-central-1.console.aws.amazon.com/codesuite/settings/210987654321/eu-central-1/codeconnections/connections/8d2f1c4e-aaaa-4bbb-8ccc-0123456789ab',
    },
    {
      arn: 'arn:aws:codestar-connections:us-east-1:123456789012:connection/legacy-1',
      url: 'https://us-east-1.console.aws.amazon.com/codesuite/settings/123456789012/us-east-1/codestar-connections/connections/legacy-1',
    },
    {
      arn: 'arn:aws-cn:codeconnections:cn-north-1:123456789012:connection/cn-1',
      url: 'https://cn-north-1.console.amazonaws.cn/codesuite/settings/123456789012/cn-north-1/codeconnections/connections/cn-1',
    },
    {
      arn: 'arn:aws-cn:codestar-connections:cn-northwest-1:123456789012:connection/cn-2',
      url: 'https://cn-northwest-1.console.amazonaws.cn/codesuite/settings/123456789012/cn-northwest-1/codestar-connections/connections/cn-2',
    },
    {
      arn: 'arn:aws-us-gov:codeconnections:us-gov-west-1:123456789012:connection/gov-1',
      url: 'https://us-gov-west-1.console.amazonaws-us-gov.com/codesuite/settings/123456789012/us-gov-west-1/codeconnections/connections/gov-1',
    },
    {
      arn: 'arn:aws-us-gov:codestar-connections:us-gov-east-1:123456789012:connection/gov-2',
      url: 'https://us-gov-east-1.console.amazonaws-us-gov.com/codesuite/settings/123456789012/us-gov-east-1/codestar-connections/connections/gov-2',
    },
  ];

  test.each(withConsole)('$arn links the console of its partition and region', async ({ arn, url }) => {
    givenConnection(arn, connection(arn, 'PENDING'));

    const response = await run(createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: arn } }));

    expect(response.Status).toBe('SUCCESS');
    expect(response.PhysicalResourceId).toBe(arn);
    expect(response.Data?.ConsoleUrl).toBe(url);
    expect(response.Data?.Message).toBe(`PENDING: open ${url} and choose Update pending connection`);
    expect(getConnectionCalls()).toEqual([arn]);
  });

  test.each([
    {
      arn: 'arn:aws-iso:codeconnections:us-iso-east-1:123456789012:connection/iso-1',
      status: 'PENDING',
      message: 'PENDING: open the CodeConnections console of us-iso-east-1 and choose Update pending connection',
    },
    {
      arn: 'arn:aws-iso-b:codestar-connections:us-isob-east-1:123456789012:connection/isob-1',
      status: 'ERROR',
      message: 'ERROR: connection my-github failed; open the CodeConnections console of us-isob-east-1 to see why, then update it or create a new one',
    },
  ])('an isolated partition ($arn) has no console link; the message names the region', async ({ arn, status, message }) => {
    givenConnection(arn, connection(arn, status));

    const response = await run(createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: arn } }));

    expect(response.Status).toBe('SUCCESS');
    expect(response.Data?.ConsoleUrl).toBe('');
    expect(response.Data?.Message).toBe(message);
  });
});

// ---------------------------------------------------------------------------
// Delete
// ---------------------------------------------------------------------------

describe('Delete', () => {
  test('succeeds, keeps the physical id and calls no API', async () => {
    const response = await run(deleteEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN }, physicalId: ARN }));

    expect(response).toEqual({
      Status: 'SUCCESS',
      PhysicalResourceId: ARN,
      StackId: STACK_ID,
      RequestId: REQUEST_ID,
      LogicalResourceId: LOGICAL_ID,
      Data: {},
    });
    expect(cs.calls()).toHaveLength(0);
  });

  test('of a resource whose Create failed (malformed, unknown type) still succeeds without an API call', async () => {
    const response = await run(deleteEvent({
      responseUrl: server.responseUrl,
      resourceType: 'Custom::SomethingElse',
      properties: { ConnectionArn: 'not-an-arn' },
      physicalId: LOGICAL_ID,
    }));

    expect(response.Status).toBe('SUCCESS');
    expect(response.PhysicalResourceId).toBe(LOGICAL_ID);
    expect(cs.calls()).toHaveLength(0);
  });

  test('succeeds even when less time remains than the response margin', async () => {
    const response = await run(
      deleteEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN }, physicalId: ARN }),
      1_000,
    );

    expect(response.Status).toBe('SUCCESS');
    expect(response.PhysicalResourceId).toBe(ARN);
  });
});

// ---------------------------------------------------------------------------
// API errors
// ---------------------------------------------------------------------------

describe('GetConnection errors', () => {
  test.each([
    { name: 'ResourceNotFoundException', message: `Connection ${ARN} does not exist` },
    { name: 'AccessDeniedException', message: 'User is not authorized to perform: codeconnections:GetConnection' },
  ])('$name fails a Create with the ARN, error name and message; physical id falls back to the logical id', async ({ name, message }) => {
    givenApiError(ARN, name, message, 400);

    const response = await run(createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN } }));

    expect(response.Status).toBe('FAILED');
    expect(response.PhysicalResourceId).toBe(LOGICAL_ID);
    expect(response.StackId).toBe(STACK_ID);
    expect(response.RequestId).toBe(REQUEST_ID);
    expect(response.LogicalResourceId).toBe(LOGICAL_ID);
    expect(response.Data).toBeUndefined();
    expect(response.Reason).toContain(ARN);
    expect(response.Reason).toContain(`${name} (HTTP 400): ${message}`);
    expect(response.Reason).toMatch(/^Create Custom::CodeConnectionsConnectionStatus for /);
    expect(getConnectionCalls()).toEqual([ARN]);
  });

  test('a failed Update keeps the existing physical id', async () => {
    givenApiError(ARN, 'AccessDeniedException', 'denied', 400);

    const response = await run(updateEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN }, physicalId: ARN }));

    expect(response.Status).toBe('FAILED');
    expect(response.PhysicalResourceId).toBe(ARN);
    expect(response.Reason).toMatch(/^Update Custom::CodeConnectionsConnectionStatus for /);
    expect(response.Reason).toContain('AccessDeniedException (HTTP 400): denied');
  });

  test('an error without an HTTP status (transport, timeout) is named without one', async () => {
    givenApiError(ARN, 'TimeoutError', 'socket timed out after 5000 ms');

    const response = await run(createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN } }));

    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toContain(`${ARN} failed: GetConnection: TimeoutError: socket timed out after 5000 ms`);
    expect(response.Reason).not.toContain('HTTP');
  });

  test('a 5000-character error message is cut to what CloudFormation shows', async () => {
    givenApiError(ARN, 'ValidationException', 'x'.repeat(5_000), 400);

    const response = await run(createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN } }));

    expect(response.Status).toBe('FAILED');
    expect(response.Reason!.length).toBeLessThanOrEqual(1024);
    expect(response.Reason!.length).toBeGreaterThan(900);
    expect(response.Reason).toMatch(/^Create Custom::CodeConnectionsConnectionStatus for arn:aws:codeconnections:/);
    expect(response.Reason).toMatch(/x\.\.\.$/);
    expect(Buffer.byteLength(server.requests[0].body)).toBeLessThan(4096);
  });
});

// ---------------------------------------------------------------------------
// Malformed events
// ---------------------------------------------------------------------------

describe('malformed events', () => {
  test.each([
    { what: 'a missing ConnectionArn', properties: {}, got: 'undefined' },
    { what: 'a non-ARN ConnectionArn', properties: { ConnectionArn: 'my-github-connection' }, got: '"my-github-connection"' },
    {
      what: 'a host ARN as ConnectionArn',
      properties: { ConnectionArn: 'arn:aws:codeconnections:eu-west-1:123456789012:host/my-host-0a1b2c3d' },
      got: '"arn:aws:codeconnections:eu-west-1:123456789012:host/my-host-0a1b2c3d"',
    },
    {
      what: 'an ARN of another service',
      properties: { ConnectionArn: 'arn:aws:codecommit:eu-west-1:123456789012:connection/abc' },
      got: '"arn:aws:codecommit:eu-west-1:123456789012:connection/abc"',
    },
    { what: 'a non-string ConnectionArn', properties: { ConnectionArn: 42 }, got: '42' },
  ])('$what fails the Create naming the property, without an API call', async ({ properties, got }) => {
    const response = await run(createEvent({ responseUrl: server.responseUrl, properties }));

    expect(response.Status).toBe('FAILED');
    expect(response.PhysicalResourceId).toBe(LOGICAL_ID);
    expect(response.Reason).toContain('malformed event: ResourceProperties.ConnectionArn must be an ARN like '
      + 'arn:PARTITION:codeconnections|codestar-connections:REGION:ACCOUNT:connection/CONNECTION_ID');
    expect(response.Reason).toMatch(new RegExp(`, got ${got.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(cs.calls()).toHaveLength(0);
  });

  test('a malformed Update fails too, keeping its physical id', async () => {
    const response = await run(updateEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: 'nope' }, physicalId: ARN }));

    expect(response.Status).toBe('FAILED');
    expect(response.PhysicalResourceId).toBe(ARN);
    expect(response.Reason).toContain('malformed event: ResourceProperties.ConnectionArn');
    expect(cs.calls()).toHaveLength(0);
  });

  test('an unknown ResourceType fails', async () => {
    const response = await run(createEvent({
      responseUrl: server.responseUrl,
      resourceType: 'Custom::NotACodeConnectionsType',
      properties: { ConnectionArn: ARN },
    }));

    expect(response.Status).toBe('FAILED');
    expect(response.PhysicalResourceId).toBe(LOGICAL_ID);
    expect(response.Reason).toBe(
      `Create Custom::NotACodeConnectionsType for ${ARN} failed: unknown ResourceType 'Custom::NotACodeConnectionsType'`,
    );
    expect(cs.calls()).toHaveLength(0);
  });

  test.each([
    { properties: { HostArn: 'arn:aws:codeconnections:eu-west-1:123456789012:host/h-1' }, target: 'arn:aws:codeconnections:eu-west-1:123456789012:host/h-1' },
    { properties: { ConnectionName: 'my-github' }, target: 'my-github' },
    { properties: {}, target: LOGICAL_ID },
  ])('an unknown ResourceType with properties $properties names $target', async ({ properties, target }) => {
    const response = await run(createEvent({ responseUrl: server.responseUrl, resourceType: 'Custom::Other', properties }));

    expect(response.Status).toBe('FAILED');
    expect(response.Reason).toBe(`Create Custom::Other for ${target} failed: unknown ResourceType 'Custom::Other'`);
  });

  test('an event without ResourceProperties fails as malformed, naming the logical id', async () => {
    const event = {
      ...createEvent({ responseUrl: server.responseUrl }),
      ResourceProperties: undefined,
    } as unknown as CloudFormationCustomResourceEvent;

    const response = await run(event);

    expect(response.Status).toBe('FAILED');
    expect(response.PhysicalResourceId).toBe(LOGICAL_ID);
    expect(response.Reason).toMatch(new RegExp(`^Create ${CONNECTION_STATUS} for ${LOGICAL_ID} failed: malformed event: ResourceProperties.ConnectionArn `));
    expect(response.Reason).toMatch(/, got undefined$/);
    expect(cs.calls()).toHaveLength(0);
  });

  test('an unknown RequestType fails', async () => {
    const response = await run(eventWithRequestType('Replace', {
      responseUrl: server.responseUrl,
      resourceType: CONNECTION_STATUS,
      properties: { ConnectionArn: ARN },
    }));

    expect(response.Status).toBe('FAILED');
    expect(response.PhysicalResourceId).toBe(LOGICAL_ID);
    expect(response.Reason).toBe(`Replace ${CONNECTION_STATUS} for ${ARN} failed: unknown RequestType 'Replace'`);
    expect(cs.calls()).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------
// Deadline
// ---------------------------------------------------------------------------

describe('deadline', () => {
  test('a GetConnection that never answers is FAILED before the Lambda times out', async () => {
    cs.on(GetConnectionCommand, { ConnectionArn: ARN }).callsFake(() => new Promise(() => undefined));
    const started = Date.now();

    // 11.05 s remaining, 10.75 s kept back to answer: the handler may wait about 0.3 s.
    const response = await run(createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN } }), 11_050);
    const elapsed = Date.now() - started;

    expect(response.Status).toBe('FAILED');
    expect(response.PhysicalResourceId).toBe(LOGICAL_ID);
    expect(response.Reason).toContain(ARN);
    expect(response.Reason).toMatch(/gave up after 0\.3 s without an answer from CodeStar Connections/);
    expect(getConnectionCalls()).toEqual([ARN]);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(1_000);
  });
});

// ---------------------------------------------------------------------------
// Sending the response
// ---------------------------------------------------------------------------

describe('response URL', () => {
  const available = () => {
    givenConnection(ARN, connection(ARN, 'AVAILABLE'));
    return createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN } });
  };

  test('5xx answers are retried, with a growing pause, until one succeeds', async () => {
    server.reset(500, 500, 200);
    const started = Date.now();

    await expect(handler(available(), { getRemainingTimeInMillis: () => PLENTY_OF_TIME_MS })).resolves.toBeUndefined();

    // Pauses of 250 ms then 500 ms between the three attempts.
    expect(Date.now() - started).toBeGreaterThanOrEqual(740);
    expect(server.requests).toHaveLength(3);
    const bodies = server.requests.map(r => JSON.parse(r.body) as ResponseBody);
    expect(bodies.map(b => b.Status)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS']);
    expect(new Set(server.requests.map(r => r.body)).size).toBe(1);
  });

  test('a dropped connection is retried', async () => {
    server.reset(RESET, 200);

    await expect(handler(available(), { getRemainingTimeInMillis: () => PLENTY_OF_TIME_MS })).resolves.toBeUndefined();

    expect(server.requests).toHaveLength(2);
  });

  test('a 403 is not retried and rejects', async () => {
    server.reset(403);

    await expect(handler(available(), { getRemainingTimeInMillis: () => PLENTY_OF_TIME_MS }))
      .rejects.toThrow(/could not send.*HTTP 403/);

    expect(server.requests).toHaveLength(1);
  });

  test('gives up after 3 attempts of 5xx', async () => {
    server.reset(503);

    await expect(handler(available(), { getRemainingTimeInMillis: () => PLENTY_OF_TIME_MS }))
      .rejects.toThrow(/could not send.*HTTP 503/);

    expect(server.requests).toHaveLength(3);
  });

  test('a redirect is not retried', async () => {
    server.reset(302);

    await expect(handler(available(), { getRemainingTimeInMillis: () => PLENTY_OF_TIME_MS }))
      .rejects.toThrow(/could not send.*HTTP 302/);

    expect(server.requests).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------
// Logging
// ---------------------------------------------------------------------------

describe('logging', () => {
  test('the event is logged without the response URL, also when the event fails', async () => {
    givenApiError(ARN, 'AccessDeniedException', 'denied', 400);

    const response = await run(createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN } }));

    expect(response.Status).toBe('FAILED');
    const logged = logSpy.mock.calls.map(args => args.map(String).join(' ')).join('\n');
    const loggedErrors = errorSpy.mock.calls.map(args => args.map(String).join(' ')).join('\n');
    // Something was logged: the event, identified by its request id.
    expect(logged).toContain(REQUEST_ID);
    expect(logged).toContain(ARN);
    expect(loggedErrors).toContain('AccessDeniedException');
    for (const secret of ['sig=x', server.responseUrl, new URL(server.responseUrl).host]) {
      expect(logged).not.toContain(secret);
      expect(loggedErrors).not.toContain(secret);
    }
  });
});

describe('answers that break the rules (found by the property tests)', () => {
  test('an API error of 1000 control characters still gives a body within 4 KiB and a reason of at most 1024 characters', async () => {
    givenApiError(ARN, 'ThrottlingException', '\u0001'.repeat(1000), 400);

    const response = await run(createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN } }));

    expect(response.Status).toBe('FAILED');
    expect(Buffer.byteLength(server.requests[0].body)).toBeLessThanOrEqual(4096);
    expect(response.Reason!.length).toBeLessThanOrEqual(1024);
    expect(response.Reason).toMatch(/^Create Custom::CodeConnectionsConnectionStatus for arn:aws:codeconnections:.* failed: GetConnection: ThrottlingException \(HTTP 400\): \u0001+\.\.\.$/);
  });

  test('fields of the wrong JSON type never reach Data: every value is a string', async () => {
    givenConnection(ARN, { ...connection(ARN, 'PENDING'), ConnectionName: 42 as any, ProviderType: { odd: true } as any });

    const response = await run(createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN } }));

    expect(response.Status).toBe('SUCCESS');
    expect(response.Data?.ConnectionName).toBe(CONNECTION_ID);
    expect(response.Data?.ProviderType).toBe('');
    for (const value of Object.values(response.Data ?? {})) {
      expect(typeof value).toBe('string');
    }
  });
});
