/**
 * handler/protocol.ts: the CloudFormation response protocol, driven end to end (events in, the body CloudFormation reads from the pre-signed URL out): Delete, malformed events, the deadline, the response URL, logging, and bodies within CloudFormation's limits.
 */
import { GetConnectionCommand } from '@aws-sdk/client-codestar-connections';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  ARN, CONNECTION_ID, CONNECTION_STATUS, LOGICAL_ID, PLENTY_OF_TIME_MS, REQUEST_ID, RESET, ResponseBody, STACK_ID,
  connection, createEvent, cs, deleteEvent, eventWithRequestType, getConnectionCalls, givenApiError, givenConnection,
  run, server, updateEvent, handler, logSpy, errorSpy,
  useResponseServer,
} from './harness';

useResponseServer();

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

    // 12 s left: no time to retry the throttled call (the response keeps 10.75 s).
    const response = await run(createEvent({ responseUrl: server.responseUrl, properties: { ConnectionArn: ARN } }), 12_000);

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
