/**
 * What must hold after ANY invocation of the status reporter, shared by the
 * wire property (the shipped bundle in a child process) and the in-process
 * property (src with a mocked SDK). Returns the broken rules, empty if none.
 */
import { wellFormedEnvelope } from './handler-arbitraries';

/** CloudFormation rejects response bodies above this size (its documented limit). */
export const MAX_RESPONSE_BYTES = 4096;
/** The reporter's own cap on a failure reason. */
export const MAX_REASON_CHARS = 1024;

export interface Invocation {
  /** The event the handler received (without ResponseURL). */
  readonly event: Record<string, unknown>;
  /** Raw bodies of every PUT to the response URL. */
  readonly puts: string[];
  /** Requests the handler made to CodeStar Connections (any operation). */
  readonly apiCalls: number;
  /** Lambda Invoke calls (the waiting hand-over) that the service accepted. */
  readonly acceptedInvokes: number;
  /** Whether the handler's promise resolved. */
  readonly resolved: boolean;
  readonly handlerError?: string;
  /** How long the handler took, and the Lambda time it was given. */
  readonly handlerMs: number;
  readonly remainingMs: number;
}

export function brokenRules(inv: Invocation): string[] {
  const problems: string[] = [];
  const { event, puts } = inv;

  if (!inv.resolved) {
    problems.push(`the handler did not resolve: ${inv.handlerError}`);
  }
  if (!(inv.handlerMs < inv.remainingMs)) {
    problems.push(`the handler took ${inv.handlerMs} ms of its ${inv.remainingMs} ms Lambda time`);
  }

  const handedOver = inv.acceptedInvokes > 0;
  if (handedOver && puts.length !== 0) {
    problems.push(`the handler handed the wait over (${inv.acceptedInvokes} accepted Invoke) AND sent ${puts.length} response(s): CloudFormation would get two answers`);
  } else if (!handedOver && puts.length !== 1) {
    problems.push(`expected exactly one response PUT, got ${puts.length}`);
  }

  if (event.RequestType === 'Delete') {
    if (inv.apiCalls !== 0 || inv.acceptedInvokes !== 0) {
      problems.push(`a Delete made ${inv.apiCalls} CodeStar Connections request(s) and ${inv.acceptedInvokes} Invoke(s)`);
    }
  }

  if (puts.length === 1) {
    const raw = puts[0];
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch (e) {
      problems.push(`the response body is not JSON: ${(e as Error).message}`);
    }
    if (body !== undefined) {
      if (event.RequestType === 'Delete' && body.Status !== 'SUCCESS') {
        problems.push(`a Delete answered ${body.Status}: ${body.Reason}`);
      }
      if (wellFormedEnvelope(event)) {
        problems.push(...responseProblems(event, body, raw));
      }
    }
  }
  return problems;
}

/** The rules CloudFormation applies to a response body (for an event it could have sent). */
function responseProblems(event: Record<string, unknown>, body: any, raw: string): string[] {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(raw, 'utf8');
  if (bytes > MAX_RESPONSE_BYTES) {
    problems.push(`the response body is ${bytes} bytes; CloudFormation accepts at most ${MAX_RESPONSE_BYTES}`);
  }
  if (body.Status !== 'SUCCESS' && body.Status !== 'FAILED') {
    problems.push(`Status is ${JSON.stringify(body.Status)}`);
  }
  if (typeof body.PhysicalResourceId !== 'string' || body.PhysicalResourceId.length === 0 || body.PhysicalResourceId.length > 1024) {
    problems.push(`PhysicalResourceId is ${JSON.stringify(body.PhysicalResourceId)?.slice(0, 120)}`);
  }
  for (const key of ['StackId', 'RequestId', 'LogicalResourceId']) {
    if (body[key] !== event[key]) {
      problems.push(`${key} is not echoed`);
    }
  }
  if (body.Status === 'FAILED' && (typeof body.Reason !== 'string' || body.Reason.length === 0 || body.Reason.length > MAX_REASON_CHARS)) {
    problems.push(`a FAILED response needs a Reason of 1-${MAX_REASON_CHARS} characters, got ${typeof body.Reason === 'string' ? `${body.Reason.length} characters` : JSON.stringify(body.Reason)}`);
  }
  if (body.Data !== undefined) {
    for (const [k, v] of Object.entries(body.Data as Record<string, unknown>)) {
      if (typeof v !== 'string') {
        problems.push(`Data.${k} is not a string: ${JSON.stringify(v)}`);
      }
    }
  }
  return problems;
}
