/**
 * Waiting for AVAILABLE (the handler side of `waitForAvailable`): polls
 * `GetConnection` and, when one invocation runs out of time, hands the
 * event to a new asynchronous invocation of this function, so a wait can
 * outlast one Lambda timeout. The construct side is ../wait.ts.
 */
import { lambdaClient, MAX_CALL_MS } from './clients';
import { connectionStatus } from './connection-status';
import { apiError, CONTINUED, Event, EventArn, HandlerContext, HandlerResult, WAIT_DEADLINE_FIELD } from './events';
import { RESPONSE_MARGIN_MS } from './protocol';

/**
 * What a waiting invocation keeps back before it hands over: one status
 * read (GetConnection, and GetHost for a connection on a host), the Invoke
 * that hands over, and the response margin. A slow read near the end of an
 * invocation then still ends in a hand-over, never in a FAILED response
 * while the wait has time left.
 */
const HAND_OVER_RESERVE_MS = 3 * MAX_CALL_MS + RESPONSE_MARGIN_MS;

/** Poll interval while waiting for AVAILABLE (tests shorten it). */
function pollIntervalMs(): number {
  return Number(process.env.CDK_CODECONNECTIONS_POLL_INTERVAL_MS ?? 15_000);
}

export async function waitForAvailable(event: Event, context: HandlerContext | undefined, connection: EventArn, waitSeconds: number)
  : Promise<HandlerResult | typeof CONTINUED> {
  const deadline = event[WAIT_DEADLINE_FIELD] ?? Date.now() + waitSeconds * 1000;
  for (;;) {
    const result = await connectionStatus(connection);
    const status = result.data.Status;
    if (status === 'AVAILABLE') {
      return result;
    }
    if (status === 'ERROR') {
      throw new Error(result.data.Message);
    }
    if (Date.now() >= deadline) {
      throw new Error(`connection ${result.data.ConnectionName} was still ${status} after waiting ${waitSeconds < 120 ? `${waitSeconds} seconds` : `${Math.round(waitSeconds / 60)} minutes`} for the handshake. ${result.data.Message}, then deploy again`);
    }
    const pause = Math.min(pollIntervalMs(), Math.max(deadline - Date.now(), 0));
    const remaining = context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY;
    if (remaining < pause + HAND_OVER_RESERVE_MS) {
      await continueElsewhere(event, context, deadline);
      return CONTINUED;
    }
    await new Promise(resolve => setTimeout(resolve, pause));
  }
}

async function continueElsewhere(event: Event, context: HandlerContext | undefined, deadline: number): Promise<void> {
  if (!context?.invokedFunctionArn) {
    throw new Error('cannot keep waiting: no function ARN');
  }
  try {
    const { client, InvokeCommand } = lambdaClient();
    await client.send(new InvokeCommand({
      FunctionName: context.invokedFunctionArn,
      InvocationType: 'Event',
      Payload: Buffer.from(JSON.stringify({ ...event, [WAIT_DEADLINE_FIELD]: deadline })),
    }));
  } catch (e) {
    throw new Error(`cannot keep waiting: Invoke of ${context.invokedFunctionArn} failed: ${apiError(e)}`);
  }
}
