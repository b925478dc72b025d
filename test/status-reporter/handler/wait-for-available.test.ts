/**
 * handler/wait-for-available.ts: polling until AVAILABLE, and handing the wait over to a new invocation.
 */
import { GetConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import {
  CONN_ARN, CONN_URL, CONTINUED, FUNCTION_ARN, HandlerResult, cs, event, lambda, onEvent,
  useMockedClients,
} from './on-event-harness';

useMockedClients();

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

  test('hands over while a poll (GetConnection and GetHost, 16 s) and the Invoke (35 s) still fit, not later', async () => {
    statuses('PENDING', 'PENDING', 'AVAILABLE');
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    // 60 s left: the API deadline is 60 - 11.75 = 48.25 s away, the hand-over
    // point 35 s before it; another 16 s poll does not fit before it.
    const result = await onEvent(waitEvent(), { getRemainingTimeInMillis: () => 60_000, invokedFunctionArn: FUNCTION_ARN });
    expect(result).toEqual(CONTINUED);
    expect(cs.commandCalls(GetConnectionCommand)).toHaveLength(1);

    // 100 s left: keeps polling in this invocation.
    cs.reset();
    lambda.reset();
    statuses('PENDING', 'AVAILABLE');
    const done = await onEvent(waitEvent(), { getRemainingTimeInMillis: () => 100_000, invokedFunctionArn: FUNCTION_ARN }) as HandlerResult;
    expect(done.data.Status).toEqual('AVAILABLE');
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
  });

  test('a throttled poll does not end the wait: the next poll finds AVAILABLE', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    cs.on(GetConnectionCommand, { ConnectionArn: CONN_ARN })
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolvesOnce({ Connection: { ConnectionArn: CONN_ARN, ConnectionName: 'app', ConnectionStatus: 'AVAILABLE' } });
    // No time for retries within a poll (no context): each throttled read is a poll without news.
    const result = await onEvent(waitEvent()) as HandlerResult;
    expect(result.data.Status).toEqual('AVAILABLE');
    expect(cs.commandCalls(GetConnectionCommand)).toHaveLength(3);
  });

  test('a wait whose last poll is throttled fails with the error, not a status it never read', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    cs.on(GetConnectionCommand).rejects(throttled);
    await expect(onEvent(waitEvent(600, { CdkCodeConnectionsWaitDeadline: Date.now() + 30 })))
      .rejects.toThrow(`could not read connection ${CONN_ARN} at the end of the 10 minutes wait for the handshake (GetConnection: ThrottlingException (HTTP 400): Rate exceeded`);
  });

  test('a poll that fails for good (AccessDenied) ends the wait at once', async () => {
    cs.on(GetConnectionCommand).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } }));
    await expect(onEvent(waitEvent(), plentyOfTime)).rejects.toThrow('GetConnection: AccessDeniedException (HTTP 400): not authorized');
    expect(cs.commandCalls(GetConnectionCommand)).toHaveLength(1);
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
