/**
 * Child-process runner for the wire tests: loads the shipped bundle the way
 * the Lambda runtime does (a plain require of index.js, SDK resolved from
 * node_modules), invokes `handler(event, context)` once and exits.
 *
 * Input: the WIRE_INVOCATION environment variable, JSON
 *   { bundle: string, event: object, remainingMs: number, context?: object }
 * Output: one stdout line `WIRE_RESULT <json>` with
 *   { ok: boolean, error?: string, initMs: number, handlerMs: number }
 * The exit code is 0 when the handler resolved, 1 when it threw.
 *
 * Like the Lambda runtime, the clock of getRemainingTimeInMillis starts at
 * the invocation, after module initialisation.
 */
'use strict';

const invocation = JSON.parse(process.env.WIRE_INVOCATION);

function report(result) {
  process.stdout.write(`\nWIRE_RESULT ${JSON.stringify(result)}\n`, () => process.exit(result.ok ? 0 : 1));
}

function main() {
  const initStart = Date.now();
  let mod;
  try {
    mod = require(invocation.bundle);
  } catch (e) {
    report({ ok: false, error: `require failed: ${(e && e.stack) || e}`, initMs: Date.now() - initStart, handlerMs: 0 });
    return;
  }
  const initMs = Date.now() - initStart;

  const start = Date.now();
  const deadline = start + invocation.remainingMs;
  const context = {
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    functionName: 'wire-test',
    invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:wire-test',
    awsRequestId: 'wire-test-request',
    ...invocation.context,
  };

  Promise.resolve()
    .then(() => mod.handler(invocation.event, context))
    .then(
      () => report({ ok: true, initMs, handlerMs: Date.now() - start }),
      e => report({ ok: false, error: String((e && e.stack) || e), initMs, handlerMs: Date.now() - start }),
    );
}

main();
