/**
 * Retries of AWS API calls within the time an invocation has.
 *
 * CloudFormation starts every status resource of a stack at once: 200
 * connections are 200 `GetConnection` calls in the same second, against an
 * API whose rate AWS does not publish. The SDK's standard retries (a few
 * attempts within seconds) then fail most of them, and one FAILED resource
 * rolls the whole stack back. So a throttled call is retried with
 * exponential backoff and full jitter (which spreads the callers out) for
 * as long as the invocation can afford: until the deadline that still
 * leaves time to answer CloudFormation. Transient failures (5xx, resets,
 * timeouts) get the SDK's usual few attempts: an endpoint that is down does
 * not come back by waiting minutes. Anything else fails at once.
 */

/** How long one attempt can take: the clients' 3 s to connect plus 5 s to answer. */
export const ATTEMPT_MS = 8_000;

/** Attempts of a call that fails with transient errors (as the SDK's standard mode). */
export const TRANSIENT_ATTEMPTS = 4;

/** Backoff of throttled calls: full jitter over min(cap, base * 2^n). */
const THROTTLE_BASE_MS = 1_000;
const THROTTLE_CAP_MS = 20_000;
const TRANSIENT_BASE_MS = 100;

const THROTTLING_CODES = new Set([
  'ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded', 'EC2ThrottledException',
]);

const TRANSIENT_CODES = new Set([
  'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalFailure', 'InternalError',
  'ServiceUnavailable', 'ServiceUnavailableException',
]);

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH']);

interface SdkError {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

export function isThrottling(e: unknown): boolean {
  const err = (e ?? {}) as SdkError;
  return THROTTLING_CODES.has(err.name ?? '') || err.$metadata?.httpStatusCode === 429 || err.$retryable?.throttling === true;
}

export function isTransient(e: unknown): boolean {
  const err = (e ?? {}) as SdkError;
  const status = err.$metadata?.httpStatusCode ?? 0;
  return TRANSIENT_CODES.has(err.name ?? '') || NETWORK_CODES.has(err.code ?? '') || status >= 500
    || /socket hang up|ECONNRESET|ECONNREFUSED/.test(err.message ?? '');
}

/** Whether another attempt later might succeed. */
export function isRetryable(e: unknown): boolean {
  return isThrottling(e) || isTransient(e);
}

/**
 * Runs `call`, retrying as described above, and gives up once another
 * attempt after the backoff could end after `deadline` (epoch ms). The
 * error it gives up with is the last one, its message saying how often the
 * call was throttled.
 */
export async function withRetries<T>(operation: string, call: () => Promise<T>, deadline: number): Promise<T> {
  const started = Date.now();
  let throttled = 0;
  let transient = 0;
  for (;;) {
    try {
      return await call();
    } catch (e) {
      const throttling = isThrottling(e);
      if (throttling) {
        throttled++;
      } else if (isTransient(e)) {
        transient++;
      } else {
        throw e;
      }
      const delay = throttling
        ? Math.random() * Math.min(THROTTLE_CAP_MS, THROTTLE_BASE_MS * 2 ** Math.min(throttled - 1, 10))
        : Math.random() * TRANSIENT_BASE_MS * 2 ** transient;
      if (transient >= TRANSIENT_ATTEMPTS || Date.now() + delay + ATTEMPT_MS > deadline) {
        throw throttled ? describeThrottling(e, throttled, started) : e;
      }
      console.log(JSON.stringify({ retry: operation, error: (e as SdkError).name, throttled, transient, delayMs: Math.round(delay) }));
      await new Promise(resolve => setTimeout(resolve, delay));
    }
  }
}

/** The last error, as a new error whose message says how often the call was throttled. */
function describeThrottling(e: unknown, throttled: number, started: number): unknown {
  const err = (e ?? {}) as SdkError;
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const message = `${err.message ?? ''} (throttled ${throttled} time${throttled === 1 ? '' : 's'} in ${seconds} s; `
    + 'gave up before the invocation ran out of time)';
  return Object.assign(new Error(message), { name: err.name, code: err.code, $metadata: err.$metadata, $retryable: err.$retryable });
}
