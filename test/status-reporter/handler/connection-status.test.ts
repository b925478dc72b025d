/**
 * handler/connection-status.ts: a connection's status and console page, for every partition and namespace, and its API errors, driven end to end through the handler.
 */
import {
  ARN, CONNECTION_ID, CONSOLE_URL, LOGICAL_ID, REQUEST_ID, STACK_ID, connection, createEvent, createOrUpdateEvent,
  getConnectionCalls, givenApiError, givenConnection, run, server, updateEvent, onEvent,
  useResponseServer,
} from './harness';

useResponseServer();

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
