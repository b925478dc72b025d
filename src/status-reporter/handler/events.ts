/**
 * The shapes the handler modules share: the event as CloudFormation sends it
 * (plus the wait hand-over's deadline), what a resource type answers, and
 * readers for event properties that fail clearly on a malformed event.
 */
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { isRetryable } from './retry';
import { arnShape, CodeConnectionsResourceType, parseCodeConnectionsArn, ParsedCodeConnectionsArn } from '../../core/arns';

/** Event field carrying the absolute deadline of a wait across invocations. */
export const WAIT_DEADLINE_FIELD = 'CdkCodeConnectionsWaitDeadline';

export type Event = CloudFormationCustomResourceEvent & { [WAIT_DEADLINE_FIELD]?: number };
export type HandlerContext = Pick<Context, 'getRemainingTimeInMillis'> & Partial<Pick<Context, 'invokedFunctionArn'>>;

/** Returned by onEvent when another invocation carries on (no response yet). */
export const CONTINUED = 'CONTINUED';

/** What a successful Create/Update returns to CloudFormation. */
export interface HandlerResult {
  readonly physicalResourceId: string;
  readonly data: Record<string, string>;
}

/** An ARN from the event, parsed once. */
export interface EventArn extends ParsedCodeConnectionsArn {
  readonly arn: string;
}

function malformed(name: string, rule: string, value: unknown): Error {
  return new Error(`malformed event: ResourceProperties.${name} must be ${rule}, got ${JSON.stringify(value)}`);
}

function property(event: Event, name: string): unknown {
  return (event.ResourceProperties as Record<string, unknown> | undefined)?.[name];
}

/** Reads a required ARN property, failing clearly on a malformed event. */
export function requireArn(event: Event, name: string, type: CodeConnectionsResourceType): EventArn {
  const value = property(event, name);
  const parsed = typeof value === 'string' ? parseCodeConnectionsArn(value, type) : undefined;
  if (!parsed) {
    throw malformed(name, `an ARN like ${arnShape(type)}`, value);
  }
  return { ...parsed, arn: value as string };
}

/** Reads a required non-empty string property. */
export function requireString(event: Event, name: string): string {
  const value = property(event, name);
  if (typeof value !== 'string' || value.length === 0) {
    throw malformed(name, 'a non-empty string', value);
  }
  return value;
}

/** Reads an optional positive number of seconds (CloudFormation sends strings). */
export function optionalSeconds(event: Event, name: string): number | undefined {
  const value = property(event, name);
  if (value === undefined) {
    return undefined;
  }
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw malformed(name, 'a positive number of seconds', value);
  }
  return seconds;
}

/**
 * A string field of an API answer, or the fallback. The SDK passes values of
 * the wrong JSON type through, and CloudFormation's Data takes strings only.
 */
export function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

/** An API call that failed; `retryable` when a later attempt might succeed (throttling, 5xx, network). */
export interface ApiCallError extends Error {
  readonly retryable: boolean;
}

/** The error of a failed API call: `message`, then the AWS error code and message. */
export function apiCallFailed(message: string, e: unknown): ApiCallError {
  return Object.assign(new Error(`${message}${apiError(e)}`), { retryable: isRetryable(e) });
}

/** Names the AWS error code and message of an SDK error. */
export function apiError(e: unknown): string {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode ? ` (HTTP ${err.$metadata.httpStatusCode})` : '';
  return `${err.name ?? 'Error'}${status}: ${err.message ?? JSON.stringify(e)}`;
}
