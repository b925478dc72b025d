/**
 * Handler branches for hosts, waiting for AVAILABLE, and lookup by name.
 * (Connection status and the response protocol: status-reporter.lambda.test.ts.)
 */
import {
  CodeStarConnectionsClient, GetConnectionCommand, GetHostCommand, ListConnectionsCommand,
} from '@aws-sdk/client-codestar-connections';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { CONTINUED, HandlerResult, onEvent } from '../src/status-reporter.lambda';
import { createEvent } from './fixtures/events';

const cs = mockClient(CodeStarConnectionsClient);
const lambda = mockClient(LambdaClient);

const HOST_ARN = 'arn:aws:codeconnections:eu-west-1:123456789012:host/my-ghes-0123abcd';
const CONN_ARN = 'arn:aws:codeconnections:eu-west-1:123456789012:connection/0f4a7c1e-1234-4abc-9def-0123456789ab';
// Hosts are set up from the connections settings page of their region (Hosts tab).
const HOSTS_URL = 'https://eu-west-1.console.aws.amazon.com/codesuite/settings/connections?region=eu-west-1';
const CONN_URL = 'https://eu-west-1.console.aws.amazon.com/codesuite/settings/123456789012/eu-west-1/codeconnections/connections/0f4a7c1e-1234-4abc-9def-0123456789ab';
const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:reporter';

const event = (resourceType: string, properties: Record<string, unknown>) =>
  createEvent({ responseUrl: 'http://127.0.0.1:1/unused', resourceType, properties });

beforeEach(() => {
  cs.reset();
  lambda.reset();
  cs.onAnyCommand().rejects(new Error('unexpected call'));
  lambda.onAnyCommand().rejects(new Error('unexpected call'));
  process.env.CDK_CODECONNECTIONS_POLL_INTERVAL_MS = '10';
  process.env.AWS_REGION = 'eu-west-1';
});

afterAll(() => {
  delete process.env.CDK_CODECONNECTIONS_POLL_INTERVAL_MS;
});

describe('host status', () => {
  test.each([
    ['PENDING', `PENDING: open ${HOSTS_URL}, open the Hosts tab, choose host my-ghes and choose Set up host`],
    ['AVAILABLE', 'AVAILABLE: host my-ghes is set up; connections on it can now be updated'],
    ['VPC_CONFIG_INITIALIZING', `VPC_CONFIG_INITIALIZING: CodeConnections is creating the host's network interfaces; when the host is PENDING, open ${HOSTS_URL}, open the Hosts tab, choose host my-ghes and choose Set up host`],
    ['VPC_CONFIG_FAILED_INITIALIZATION', "VPC_CONFIG_FAILED_INITIALIZATION: the host's network interfaces could not be created; check that the subnets have free addresses and the security groups allow HTTPS to the provider, then replace the host"],
    ['VPC_CONFIG_DELETING', "VPC_CONFIG_DELETING: the host's network interfaces are being deleted"],
    ['SOMETHING_NEW', `SOMETHING_NEW: open ${HOSTS_URL}, open the Hosts tab, choose host my-ghes and choose Set up host`],
  ])('%s', async (status, message) => {
    cs.on(GetHostCommand, { HostArn: HOST_ARN }).resolves({
      Name: 'my-ghes', Status: status, ProviderType: 'GitHubEnterpriseServer', ProviderEndpoint: 'https://github.example.com',
    });
    const result = await onEvent(event('Custom::CodeConnectionsHostStatus', { HostArn: HOST_ARN })) as HandlerResult;
    expect(result).toEqual({
      physicalResourceId: HOST_ARN,
      data: {
        Status: status,
        ConsoleUrl: HOSTS_URL,
        Message: message,
        HostName: 'my-ghes',
        ProviderType: 'GitHubEnterpriseServer',
        ProviderEndpoint: 'https://github.example.com',
      },
    });
  });

  test('GetHost errors name the host and the API error', async () => {
    cs.on(GetHostCommand).rejects(Object.assign(new Error('no such host'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } }));
    await expect(onEvent(event('Custom::CodeConnectionsHostStatus', { HostArn: HOST_ARN })))
      .rejects.toThrow(`GetHost failed for ${HOST_ARN}: ResourceNotFoundException (HTTP 400): no such host`);
  });

  test('a connection ARN as HostArn is a malformed event', async () => {
    await expect(onEvent(event('Custom::CodeConnectionsHostStatus', { HostArn: CONN_ARN })))
      .rejects.toThrow(/malformed event: ResourceProperties.HostArn must be an ARN like arn:PARTITION:codeconnections\|codestar-connections:REGION:ACCOUNT:host\/HOST_ID/);
    expect(cs.calls()).toHaveLength(0);
  });

  test('a PENDING connection on a PENDING host says to set up the host first', async () => {
    cs.on(GetConnectionCommand, { ConnectionArn: CONN_ARN }).resolves({
      Connection: { ConnectionArn: CONN_ARN, ConnectionName: 'ghes', ConnectionStatus: 'PENDING', HostArn: HOST_ARN },
    });
    cs.on(GetHostCommand, { HostArn: HOST_ARN }).resolves({ Name: 'my-ghes', Status: 'PENDING' });
    const result = await onEvent(event('Custom::CodeConnectionsConnectionStatus', { ConnectionArn: CONN_ARN })) as HandlerResult;
    expect(result.data.Message).toEqual(
      `PENDING: host my-ghes is PENDING and must be set up first: open ${HOSTS_URL}, open the Hosts tab, choose host my-ghes and choose Set up host; then open ${CONN_URL} and choose Update pending connection`);
  });

  test('a PENDING connection on an AVAILABLE host only asks for the connection handshake', async () => {
    cs.on(GetConnectionCommand).resolves({
      Connection: { ConnectionArn: CONN_ARN, ConnectionName: 'ghes', ConnectionStatus: 'PENDING', HostArn: HOST_ARN },
    });
    cs.on(GetHostCommand).resolves({ Name: 'my-ghes', Status: 'AVAILABLE' });
    const result = await onEvent(event('Custom::CodeConnectionsConnectionStatus', { ConnectionArn: CONN_ARN })) as HandlerResult;
    expect(result.data.Message).toEqual(`PENDING: open ${CONN_URL} and choose Update pending connection`);
  });
});

describe('waiting for AVAILABLE', () => {
  const waitEvent = (seconds = 600, extra: Record<string, unknown> = {}) => ({
    ...event('Custom::CodeConnectionsConnectionStatus', { ConnectionArn: CONN_ARN, WaitForAvailableSeconds: String(seconds) }),
    ...extra,
  });
  const statuses = (...list: string[]) => {
    const stub = cs.on(GetConnectionCommand, { ConnectionArn: CONN_ARN });
    list.forEach(s => stub.resolvesOnce({ Connection: { ConnectionArn: CONN_ARN, ConnectionName: 'app', ConnectionStatus: s } }));
  };
  const plentyOfTime = { getRemainingTimeInMillis: () => 300_000, invokedFunctionArn: FUNCTION_ARN };

  test('polls until AVAILABLE, then succeeds', async () => {
    statuses('PENDING', 'PENDING', 'AVAILABLE');
    const result = await onEvent(waitEvent(), plentyOfTime) as HandlerResult;
    expect(result.data.Status).toEqual('AVAILABLE');
    expect(cs.commandCalls(GetConnectionCommand)).toHaveLength(3);
  });

  test('fails at once on ERROR', async () => {
    statuses('ERROR');
    await expect(onEvent(waitEvent(), plentyOfTime)).rejects.toThrow(/^ERROR: connection app failed; open https:\/\/eu-west-1\.console\.aws\.amazon\.com\/codesuite/);
  });

  test('fails with the console link when the deadline passes', async () => {
    cs.on(GetConnectionCommand).resolves({ Connection: { ConnectionArn: CONN_ARN, ConnectionName: 'app', ConnectionStatus: 'PENDING' } });
    await expect(onEvent(waitEvent(600, { CdkCodeConnectionsWaitDeadline: Date.now() + 30 }), plentyOfTime))
      .rejects.toThrow(`connection app was still PENDING after waiting 10 minutes for the handshake. PENDING: open ${CONN_URL} and choose Update pending connection, then deploy again`);
  });

  test('hands over to a new invocation, with the same deadline, when this one runs low on time', async () => {
    statuses('PENDING');
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const deadline = Date.now() + 3_600_000;
    const result = await onEvent(
      waitEvent(1800, { CdkCodeConnectionsWaitDeadline: deadline }),
      { getRemainingTimeInMillis: () => 20_000, invokedFunctionArn: FUNCTION_ARN },
    );
    expect(result).toEqual(CONTINUED);
    const [call] = lambda.commandCalls(InvokeCommand);
    expect(call.args[0].input.FunctionName).toEqual(FUNCTION_ARN);
    expect(call.args[0].input.InvocationType).toEqual('Event');
    const payload = JSON.parse(Buffer.from(call.args[0].input.Payload as Uint8Array).toString('utf8'));
    expect(payload.CdkCodeConnectionsWaitDeadline).toEqual(deadline);
    expect(payload.ResourceProperties.ConnectionArn).toEqual(CONN_ARN);
    expect(payload.ResponseURL).toEqual('http://127.0.0.1:1/unused');
  });

  test('hands over while a full status read (worst case of its SDK calls) still fits, not later', async () => {
    statuses('PENDING', 'PENDING', 'AVAILABLE');
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    // 125 s left: less than three worst-case calls (3 x 40 s) plus the response margin.
    const result = await onEvent(waitEvent(), { getRemainingTimeInMillis: () => 125_000, invokedFunctionArn: FUNCTION_ARN });
    expect(result).toEqual(CONTINUED);
    expect(cs.commandCalls(GetConnectionCommand)).toHaveLength(1);

    // 200 s left: keeps polling in this invocation.
    cs.reset();
    lambda.reset();
    statuses('PENDING', 'AVAILABLE');
    const done = await onEvent(waitEvent(), { getRemainingTimeInMillis: () => 200_000, invokedFunctionArn: FUNCTION_ARN }) as HandlerResult;
    expect(done.data.Status).toEqual('AVAILABLE');
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  test('a failed hand-over fails the resource instead of leaving it waiting', async () => {
    statuses('PENDING');
    lambda.on(InvokeCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(onEvent(waitEvent(), { getRemainingTimeInMillis: () => 20_000, invokedFunctionArn: FUNCTION_ARN }))
      .rejects.toThrow(`cannot keep waiting: Invoke of ${FUNCTION_ARN} failed: AccessDeniedException: denied`);
  });

  test.each(['0', '-5', 'soon'])('WaitForAvailableSeconds %s is a malformed event', async (value) => {
    await expect(onEvent(event('Custom::CodeConnectionsConnectionStatus', { ConnectionArn: CONN_ARN, WaitForAvailableSeconds: value })))
      .rejects.toThrow(`malformed event: ResourceProperties.WaitForAvailableSeconds must be a positive number of seconds, got "${value}"`);
  });
});

describe('lookup by name', () => {
  const lookup = (name: unknown) => onEvent(event('Custom::CodeConnectionsConnectionLookup', { ConnectionName: name }));
  const conn = (name: string, id: string) => ({
    ConnectionName: name, ConnectionArn: `arn:aws:codeconnections:eu-west-1:123456789012:connection/${id}`, ConnectionStatus: 'AVAILABLE', ProviderType: 'GitHub',
  });

  test('exactly one match, found on a later page', async () => {
    cs.on(ListConnectionsCommand, { MaxResults: 100, NextToken: undefined }).resolves({ Connections: [conn('other', 'a')], NextToken: 'p2' });
    cs.on(ListConnectionsCommand, { MaxResults: 100, NextToken: 'p2' }).resolves({ Connections: [conn('shared', 'b')] });
    await expect(lookup('shared')).resolves.toEqual({
      physicalResourceId: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/b',
      data: { ConnectionArn: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/b', Status: 'AVAILABLE', ProviderType: 'GitHub' },
    });
    expect(cs.commandCalls(ListConnectionsCommand)).toHaveLength(2);
  });

  test('no match', async () => {
    cs.on(ListConnectionsCommand).resolves({ Connections: [conn('other', 'a')] });
    await expect(lookup('shared')).rejects.toThrow("no connection named 'shared' in eu-west-1: check the name and region, or create the connection (new Connection) instead of looking it up");
  });

  test('several matches across pages', async () => {
    cs.on(ListConnectionsCommand, { MaxResults: 100, NextToken: undefined }).resolves({ Connections: [conn('shared', 'a')], NextToken: 'p2' });
    cs.on(ListConnectionsCommand, { MaxResults: 100, NextToken: 'p2' }).resolves({ Connections: [conn('shared', 'b')] });
    await expect(lookup('shared')).rejects.toThrow(/^2 connections are named 'shared' in eu-west-1 \(arn:.*connection\/a, arn:.*connection\/b\); names are not unique, so import the one you mean with Connection.fromConnectionArn$/);
  });

  test('a token that never ends is bounded', async () => {
    cs.on(ListConnectionsCommand).resolves({ Connections: [], NextToken: 'again' });
    await expect(lookup('shared')).rejects.toThrow(/gave up looking up 'shared' after 100 pages/);
    expect(cs.commandCalls(ListConnectionsCommand)).toHaveLength(100);
  });

  test('API errors name the lookup', async () => {
    cs.on(ListConnectionsCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(lookup('shared')).rejects.toThrow("ListConnections failed while looking up 'shared': ThrottlingException: slow down");
  });

  test.each([undefined, '', 7])('ConnectionName %p is a malformed event', async (name) => {
    await expect(lookup(name)).rejects.toThrow(/malformed event: ResourceProperties.ConnectionName must be a non-empty string/);
    expect(cs.calls()).toHaveLength(0);
  });
});
