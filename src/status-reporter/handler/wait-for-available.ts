/**
 * Waiting for AVAILABLE (the handler side of `waitForAvailable`): polls
 * `GetConnection` and, when one invocation runs out of time, hands the
 * event to a new asynchronous invocation of this function, so a wait can
 * outlast one Lambda timeout. The construct side is ../wait.ts.
 *
 * A poll that fails for a reason that passes (throttling, a 5xx, a reset)
 * is a poll without news: the wait goes on, and only its own deadline ends
 * it. Many waits and status reads start at the same moment, and the next
 * poll, 15 s later, may well find the connection AVAILABLE.
 */
import { lambdaClient } from './clients';
import { connectionStatus } from './connection-status';
import { ApiCallError, apiCallFailed, CONTINUED, Event, EventArn, HandlerContext, HandlerResult, WAIT_DEADLINE_FIELD } from './events';
import { ATTEMPT_MS, TRANSIENT_ATTEMPTS, withRetries } from './retry';

/**
 * What an invocation keeps back, before its API deadline, for the Invoke
 * that hands the wait over (its attempts and their backoff).
 */
const HAND_OVER_MS = TRANSIENT_ATTEMPTS * ATTEMPT_MS + 3_000;

/** The shortest time one poll gets: GetConnection and, on a host, GetHost. */
const MIN_POLL_MS = 2 * ATTEMPT_MS;

/** The longest one poll retries a throttled read before it counts as a poll without news. */
const MAX_POLL_MS = 60_000;

/** Poll interval while waiting for AVAILABLE (tests shorten it). */
function pollIntervalMs(): number {
  return Number(process.env.CDK_CODECONNECTIONS_POLL_INTERVAL_MS ?? 15_000);
}

/**
 * @param apiDeadline epoch ms by which this invocation's API calls must be over
 */
export async function waitForAvailable(
  event: Event, context: HandlerContext | undefined, connection: EventArn, waitSeconds: number, apiDeadline: number,
): Promise<HandlerResult | typeof CONTINUED> {
  const deadline = event[WAIT_DEADLINE_FIELD] ?? Date.now() + waitSeconds * 1000;
  const handOverAt = apiDeadline - HAND_OVER_MS;
  let last: HandlerResult | undefined;
  let lastError: ApiCallError | undefined;
  for (;;) {
    try {
      // Until the hand-over point (at most MAX_POLL_MS), and never less than
      // one poll's worth of the invocation's time.
      const pollDeadline = Math.max(Math.min(handOverAt, Date.now() + MAX_POLL_MS), Math.min(apiDeadline, Date.now() + MIN_POLL_MS));
      last = await connectionStatus(connection, pollDeadline);
      lastError = undefined;
    } catch (e) {
      if (!(e as ApiCallError).retryable) {
        throw e;
      }
      lastError = e as ApiCallError;
      console.log(JSON.stringify({ poll: 'no news', error: lastError.message }));
    }
    const status = last?.data.Status;
    if (!lastError && status === 'AVAILABLE') {
      return last!;
    }
    if (!lastError && status === 'ERROR') {
      throw new Error(last!.data.Message);
    }
    if (Date.now() >= deadline) {
      throw new Error(stillWaiting(connection, waitSeconds, lastError ? undefined : last, lastError));
    }
    const pause = Math.min(pollIntervalMs(), Math.max(deadline - Date.now(), 0));
    if (context && Date.now() + pause + MIN_POLL_MS > handOverAt) {
      await continueElsewhere(event, context, deadline, apiDeadline);
      return CONTINUED;
    }
    await new Promise(resolve => setTimeout(resolve, pause));
  }
}

function stillWaiting(connection: EventArn, waitSeconds: number, last: HandlerResult | undefined, error: ApiCallError | undefined): string {
  const waited = waitSeconds < 120 ? `${waitSeconds} seconds` : `${Math.round(waitSeconds / 60)} minutes`;
  if (last) {
    return `connection ${last.data.ConnectionName} was still ${last.data.Status} after waiting ${waited} for the handshake. ${last.data.Message}, then deploy again`;
  }
  return `could not read connection ${connection.arn} at the end of the ${waited} wait for the handshake (${error?.message}); `
    + 'check its status in the console, then deploy again';
}

async function continueElsewhere(event: Event, context: HandlerContext, deadline: number, apiDeadline: number): Promise<void> {
  if (!context.invokedFunctionArn) {
    throw new Error('cannot keep waiting: no function ARN');
  }
  const { client, InvokeCommand } = lambdaClient();
  try {
    await withRetries('Invoke', () => client.send(new InvokeCommand({
      FunctionName: context.invokedFunctionArn,
      InvocationType: 'Event',
      Payload: Buffer.from(JSON.stringify({ ...event, [WAIT_DEADLINE_FIELD]: deadline })),
    })), apiDeadline);
  } catch (e) {
    throw apiCallFailed(`cannot keep waiting: Invoke of ${context.invokedFunctionArn} failed: `, e);
  }
}
