/**
 * The CloudFormation custom resource response protocol, for a Lambda that
 * backs custom resources directly (no provider framework in between: one
 * Lambda per stack is the whole footprint).
 *
 * CloudFormation waits for a PUT to the pre-signed `ResponseURL`; a handler
 * that never sends it leaves the stack waiting for the custom resource
 * timeout. So the handler always answers, retries the PUT, and keeps the
 * body under the 4 KiB CloudFormation accepts.
 */
import { request as httpRequest } from 'http';
import { request as httpsRequest } from 'https';
import { CONTINUED, Event, HandlerContext, HandlerResult } from './events';

/** What a resource type's logic does with one event; throws to fail it. */
export type OnEvent = (event: Event, context?: HandlerContext) => Promise<HandlerResult | typeof CONTINUED>;

/**
 * The Lambda entry for `onEvent`, owning the protocol: it logs the event
 * (without the response URL, a bearer credential), runs `onEvent` under a
 * deadline that leaves time to answer, and sends exactly one response:
 * SUCCESS with the result, or FAILED with the reason. When `onEvent` hands
 * the event to another invocation (CONTINUED), that invocation answers.
 */
export function makeHandler(onEvent: OnEvent): (event: Event, context: HandlerContext) => Promise<void> {
  return async (event, context) => {
    console.log(JSON.stringify({ ...event, ResponseURL: '(redacted)' }));
    let response;
    try {
      const result = await withDeadline(onEvent(event, context), context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MS);
      if (result === CONTINUED) {
        return; // the next invocation answers CloudFormation
      }
      response = { Status: 'SUCCESS' as const, PhysicalResourceId: result.physicalResourceId, Data: result.data };
    } catch (e) {
      const reason = truncateReason(`${describe(event)}: ${(e as Error).message}`);
      console.error(reason);
      response = {
        Status: 'FAILED' as const,
        Reason: reason,
        // A failed Create has no physical id yet; the logical id keeps the
        // following Delete (a no-op) from touching anything real.
        PhysicalResourceId: ('PhysicalResourceId' in event ? event.PhysicalResourceId : undefined) ?? event.LogicalResourceId,
      };
    }
    await sendResponse(event.ResponseURL, {
      ...response,
      StackId: event.StackId,
      RequestId: event.RequestId,
      LogicalResourceId: event.LogicalResourceId,
    });
  };
}

function describe(event: Event): string {
  const props = (event.ResourceProperties ?? {}) as Record<string, unknown>;
  const target = props.ConnectionArn ?? props.HostArn ?? props.ConnectionName ?? event.LogicalResourceId;
  return `${event.RequestType} ${event.ResourceType} for ${String(target)} failed`;
}

/** Rejects when `ms` elapse first, so a hung call still gets a response. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`gave up after ${(Math.max(ms, 0) / 1000).toFixed(1)} s without an answer from CodeStar Connections`)),
      Math.max(ms, 0),
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The body CloudFormation reads from the response URL. */
export interface CustomResourceResponse {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly NoEcho?: boolean;
  readonly Data?: Record<string, string>;
}

/** PUT attempts and per-attempt timeout: at most about 10 s in all. */
const SEND_ATTEMPTS = 3;
const SEND_TIMEOUT_MS = 3_000;

/**
 * The longest `sendResponse` can take with the defaults; the handler keeps
 * at least this much of its Lambda time for it.
 */
export const MAX_SEND_MS = SEND_ATTEMPTS * SEND_TIMEOUT_MS + 250 * (2 ** (SEND_ATTEMPTS - 1) - 1);

/** Time kept back from the Lambda timeout to send the response (with its retries). */
export const RESPONSE_MARGIN_MS = MAX_SEND_MS + 1_000;

/** Time kept between the API calls' deadline and the handler's, to build the answer. */
const ANSWER_MS = 1_000;

/**
 * The epoch ms by which API calls (with their retries) must be over, so the
 * handler still answers CloudFormation before its Lambda timeout. Without a
 * context (a direct call in a test) there is time for one attempt only.
 */
export function apiDeadline(context?: HandlerContext): number {
  return Date.now() + (context ? context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MS - ANSWER_MS : 0);
}

/** CloudFormation shows at most this much of a failure reason (characters). */
const MAX_REASON_LENGTH = 1024;

/** CloudFormation rejects a response body over 4 KiB. */
export const MAX_RESPONSE_BYTES = 4096;

/** Bytes a string takes inside the JSON body (quotes excluded): `\uXXXX` escapes take 6. */
function jsonBytes(value: string): number {
  return Buffer.byteLength(JSON.stringify(value)) - 2;
}

/**
 * Cuts a string (with `...`) so it is at most `maxChars` characters and takes
 * at most `maxBytes` bytes in the JSON body.
 */
export function truncateToFit(value: string, maxChars: number, maxBytes: number): string {
  if (value.length <= maxChars && jsonBytes(value) <= maxBytes) {
    return value;
  }
  let low = 0;
  let high = Math.min(value.length, maxChars - 3);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (jsonBytes(value.slice(0, mid)) + 3 <= maxBytes) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return `${value.slice(0, low)}...`;
}

/** Cuts a failure reason to what CloudFormation can show: 1024 characters, 1 KiB in the body. */
export function truncateReason(reason: string): string {
  return truncateToFit(reason, MAX_REASON_LENGTH, MAX_REASON_LENGTH);
}

/**
 * Keeps the whole body within 4 KiB: while it is too large, the longest Data
 * value is halved. Data comes from API answers, which the handler does not
 * control (names, endpoints).
 */
export function fitResponse(response: CustomResourceResponse): CustomResourceResponse {
  let fitted = response;
  while (Buffer.byteLength(JSON.stringify(fitted)) > MAX_RESPONSE_BYTES && fitted.Data && Object.keys(fitted.Data).length) {
    const [key, value] = Object.entries(fitted.Data).reduce((a, b) => (jsonBytes(b[1]) > jsonBytes(a[1]) ? b : a));
    const bytes = jsonBytes(value);
    fitted = { ...fitted, Data: { ...fitted.Data, [key]: bytes > 3 ? truncateToFit(value, value.length, Math.floor(bytes / 2)) : '' } };
  }
  return fitted;
}

/**
 * PUTs the response to the pre-signed URL, retrying transport errors and
 * 5xx answers (S3 occasionally throttles or resets).
 */
export async function sendResponse(responseUrl: string, response: CustomResourceResponse, attempts = SEND_ATTEMPTS, backoffMs = 250): Promise<void> {
  const body = JSON.stringify(fitResponse(response));
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const status = await put(responseUrl, body);
      if (status >= 200 && status < 300) {
        return;
      }
      lastError = new Error(`response URL answered HTTP ${status}`);
      if (status < 500) {
        break; // a redirect or 4xx will not get better: the URL expired or was altered
      }
    } catch (e) {
      lastError = e;
    }
    if (attempt < attempts) {
      await new Promise(resolve => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
    }
  }
  throw new Error(`could not send the custom resource response: ${(lastError as Error).message}`);
}

function put(url: string, body: string): Promise<number> {
  const target = new URL(url);
  const request = target.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(target, {
      method: 'PUT',
      // The pre-signed URL is signed for an empty content type.
      headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) },
      timeout: SEND_TIMEOUT_MS,
    }, res => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error(`response URL did not answer within ${SEND_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
