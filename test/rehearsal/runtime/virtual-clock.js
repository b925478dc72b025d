/**
 * Preloaded (`node -r`) into every process of a rehearsal: time runs
 * REHEARSAL_TIME_SCALE times faster than the wall clock, counted from
 * REHEARSAL_EPOCH_MS, so a 15 s poll or a 5 minute Lambda timeout takes a
 * fraction of that in a test. The rehearsal's own process computes the same
 * virtual time (clock.ts), so deadlines, throttling windows and timeouts
 * agree across processes.
 *
 * What it changes: Date.now(), `new Date()` without arguments, and the
 * delays of setTimeout/setInterval (global and from the `timers` module).
 * What it does not: CPU time (work takes K times longer in virtual time),
 * socket timeouts set with `socket.setTimeout`, and the AWS SDK's
 * connection and request timeouts (they stay in wall time).
 */
'use strict';

const scale = Number(process.env.REHEARSAL_TIME_SCALE || '1');
const epoch = Number(process.env.REHEARSAL_EPOCH_MS || '0');

if (!(scale > 0)) {
  throw new Error(`REHEARSAL_TIME_SCALE must be a positive number, got ${process.env.REHEARSAL_TIME_SCALE}`);
}

if (scale !== 1) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  const virtualNow = () => Math.floor(epoch + (realNow() - epoch) * scale);

  class VirtualDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) {
        super(virtualNow());
      } else {
        super(...args);
      }
    }
    static now() {
      return virtualNow();
    }
  }
  globalThis.Date = VirtualDate;

  const timers = require('timers');
  // The SDK's connection and request timeouts stay in wall time: they guard
  // against a peer that hangs, and on a machine whose few CPUs run the fake
  // and many containers at once, an answer takes more wall time than AWS's
  // would. Scaled, 5 s would be 0.6 s at 8x, and a busy moment would fail
  // calls that AWS would have answered.
  const WALL_CLOCK_CALLERS = /node-http-handler/;
  const scaled = (real) => function (callback, ms, ...args) {
    const delay = Math.max(0, Number(ms) || 0);
    const wall = delay >= 1000 && WALL_CLOCK_CALLERS.test(new Error().stack || '');
    return real(callback, wall ? delay : delay / scale, ...args);
  };
  const setTimeoutScaled = scaled(timers.setTimeout);
  const setIntervalScaled = scaled(timers.setInterval);
  globalThis.setTimeout = setTimeoutScaled;
  globalThis.setInterval = setIntervalScaled;
  timers.setTimeout = setTimeoutScaled;
  timers.setInterval = setIntervalScaled;
}
