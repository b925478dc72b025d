/**
 * handler/retry.ts: throttled calls retried until the deadline, transient
 * ones a few times, anything else not at all.
 */
import { isRetryable, isThrottling, isTransient, withRetries } from '../../../src/status-reporter/handler/retry';

const throttling = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
const internal = () => Object.assign(new Error('We encountered an internal error'), { name: 'InternalFailure', $metadata: { httpStatusCode: 500 } });
const denied = () => Object.assign(new Error('not authorized'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });

/** A call that fails with `errors` in turn, then answers 'ok'. */
function failing(...errors: Error[]) {
  let calls = 0;
  const call = jest.fn(async () => {
    calls++;
    if (calls <= errors.length) {
      throw errors[calls - 1];
    }
    return 'ok';
  });
  return call;
}

beforeEach(() => {
  // No backoff pause (the jitter draws 0), so the tests run at once.
  jest.spyOn(Math, 'random').mockReturnValue(0);
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('withRetries', () => {
  test('retries a throttled call as often as the deadline allows: 30 throttles, then the answer', async () => {
    const call = failing(...Array.from({ length: 30 }, throttling));
    await expect(withRetries('GetConnection', call, Date.now() + 60_000)).resolves.toBe('ok');
    expect(call).toHaveBeenCalledTimes(31);
  });

  test('gives up on throttling when one more attempt (8 s) could end after the deadline, saying how often it was throttled', async () => {
    const call = jest.fn(async () => {
      throw throttling();
    });
    // 7 s to the deadline: the first attempt is made, no second.
    await expect(withRetries('GetConnection', call, Date.now() + 7_000)).rejects.toThrow(
      /^Rate exceeded \(throttled 1 time in \d+ s; gave up before the invocation ran out of time\)$/);
    expect(call).toHaveBeenCalledTimes(1);
  });

  test('the error it gives up with is new: the one the call threw is not changed', async () => {
    const error = throttling();
    const call = jest.fn(async () => {
      throw error;
    });
    const thrown = await withRetries('GetConnection', call, Date.now()).catch(e => e);
    expect(thrown).not.toBe(error);
    expect(error.message).toBe('Rate exceeded');
    expect(thrown).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    expect(isThrottling(thrown)).toBe(true);
  });

  test('transient errors get 4 attempts in all, however much time is left', async () => {
    const call = jest.fn(async () => {
      throw internal();
    });
    await expect(withRetries('GetConnection', call, Date.now() + 300_000)).rejects.toThrow('We encountered an internal error');
    expect(call).toHaveBeenCalledTimes(4);
  });

  test('a transient error, then throttling, then the answer', async () => {
    const call = failing(internal(), throttling(), throttling());
    await expect(withRetries('GetConnection', call, Date.now() + 60_000)).resolves.toBe('ok');
    expect(call).toHaveBeenCalledTimes(4);
  });

  test('other errors are not retried', async () => {
    const call = failing(denied());
    await expect(withRetries('GetConnection', call, Date.now() + 60_000)).rejects.toThrow('not authorized');
    expect(call).toHaveBeenCalledTimes(1);
  });

  test('the pause grows with each throttle and stays under 20 s (full jitter)', async () => {
    (Math.random as jest.Mock).mockReturnValue(0.999);
    const pauses: number[] = [];
    jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms: number) => {
      pauses.push(ms);
      fn();
      return 0 as any;
    }) as any);
    const call = failing(...Array.from({ length: 8 }, throttling));
    await withRetries('GetConnection', call, Date.now() + 600_000);
    expect(pauses.map(p => Math.round(p / 1000))).toEqual([1, 2, 4, 8, 16, 20, 20, 20]);
  });
});

describe('error classes', () => {
  test.each([
    ['ThrottlingException', 400, true, false],
    ['TooManyRequestsException', 429, true, false],
    ['SomethingNew', 429, true, false],
    ['InternalFailure', 500, false, true],
    ['ServiceUnavailable', 503, false, true],
    ['TimeoutError', undefined, false, true],
    ['AccessDeniedException', 400, false, false],
    ['ResourceNotFoundException', 400, false, false],
  ])('%s (HTTP %s): throttling %s, transient %s', (name, status, throttles, transient) => {
    const e = Object.assign(new Error('x'), { name }, status ? { $metadata: { httpStatusCode: status } } : {});
    expect(isThrottling(e)).toBe(throttles);
    expect(isTransient(e)).toBe(transient);
    expect(isRetryable(e)).toBe(throttles || transient);
  });

  test('network errors are transient', () => {
    expect(isTransient(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransient(new Error('socket hang up'))).toBe(true);
  });
});
