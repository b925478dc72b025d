/**
 * The rehearsal's clock: virtual time that runs `scale` times faster than
 * the wall clock, the same function of the wall clock as the one
 * runtime/virtual-clock.js installs in every child process, so the
 * rehearsal, the fake endpoint and the handler agree on what time it is.
 */
import * as path from 'path';

export const VIRTUAL_CLOCK_PRELOAD = path.join(__dirname, 'runtime', 'virtual-clock.js');

export class Clock {
  /** Wall-clock ms from which virtual time is counted. */
  public readonly epoch = Date.now();

  constructor(public readonly scale: number = 1) {
    if (!(scale > 0)) {
      throw new Error(`time scale must be positive, got ${scale}`);
    }
  }

  /** Virtual ms since the Unix epoch. */
  public now(): number {
    return Math.floor(this.epoch + (Date.now() - this.epoch) * this.scale);
  }

  /** Resolves after `ms` of virtual time. */
  public sleep(ms: number): Promise<void> {
    return new Promise(resolve => setTimeout(resolve, Math.max(0, ms) / this.scale));
  }

  /** A wall-clock timer that fires after `ms` of virtual time. */
  public setTimeout(fn: () => void, ms: number): NodeJS.Timeout {
    return setTimeout(fn, Math.max(0, ms) / this.scale);
  }

  /** What a child process needs to share this clock. */
  public childEnv(): Record<string, string> {
    return {
      REHEARSAL_TIME_SCALE: String(this.scale),
      REHEARSAL_EPOCH_MS: String(this.epoch),
    };
  }
}
