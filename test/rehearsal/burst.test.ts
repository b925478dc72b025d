/**
 * Rehearsal: 200 connections in one stack (every 10th on one of 4 hosts)
 * and 5 that wait for the handshake, against a CodeConnections that
 * throttles every operation at DEFAULT_THROTTLE (10 requests per second,
 * burst 10: AWS publishes no rate), with Lambda running 25 containers at
 * most. Every status resource must answer SUCCESS within its service
 * timeout, and no throttled poll may end a wait. bench/burst.ts prints the
 * same figures for other concurrencies and rates.
 *
 * CloudFormation's own calls are not throttled here, so the 200 connections
 * are created at once and their status resources start together. Time runs
 * 4x the wall clock; containers load their code at most one per CPU at a
 * time (lambda-service.ts), and the SDK's request timeouts stay in wall
 * time (runtime/virtual-clock.js): on 2 cores, 25 cold starts at once would
 * otherwise slow the fake's answers past those timeouts, an artifact of the
 * machine, not of the handler.
 */
import { burst, BurstFigures, describeFigures } from './burst';
import { DEFAULT_THROTTLE } from './codeconnections-service';
import { record } from './harness';

jest.setTimeout(300_000);

let figures: BurstFigures;

beforeAll(async () => {
  // The handshakes come 30 s in, while the burst is still being throttled.
  figures = await burst({ connections: 200, waits: 5, handshakeAfterMs: 30_000, concurrency: 25, throttle: DEFAULT_THROTTLE, timeScale: 4 });
  record('burst-200-connections', 'Scale', figures.result, describeFigures(figures));
});

test('the stack deploys: every status resource answers SUCCESS', () => {
  expect(figures.reason).toBeUndefined();
  expect(figures.status).toBe('CREATE_COMPLETE');
  expect(figures.answered).toBe(204);
  expect(figures.failed).toBe(0);
});

test('each answered within its service timeout', () => {
  expect(figures.maxMs).toBeLessThan(figures.serviceTimeoutMs);
});

test('the API really throttled the burst (the test would otherwise prove nothing)', () => {
  expect(figures.handlerThrottled).toBeGreaterThan(50);
});

test('every wait ended in SUCCESS after the handshake, though its polls met the same throttling', () => {
  expect(figures.waitsSucceeded).toBe(5);
});

test('the 25 containers were reused (warm starts)', () => {
  expect(figures.peakConcurrency).toBeLessThanOrEqual(25);
  expect(figures.containers).toBeLessThan(figures.invocations);
});
