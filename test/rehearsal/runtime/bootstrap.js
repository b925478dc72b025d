/**
 * A Lambda runtime for the rehearsal: what the Node.js runtime interface
 * client does in a Lambda sandbox, in one child process (one "container").
 * It loads the handler once (the cold start), then loops on the Lambda
 * Runtime API that the rehearsal serves on 127.0.0.1: GET the next
 * invocation, run the handler, POST its result or its error. A process that
 * handles its second event is a warm start, with the module state (SDK
 * clients, caches) of the first, as in Lambda.
 *
 * Environment (set by lambda-service.ts, as Lambda sets it):
 *   AWS_LAMBDA_RUNTIME_API   host:port[/prefix] of the Runtime API
 *   LAMBDA_TASK_ROOT         the function's code (the shipped bundle's folder)
 *   _HANDLER                 FILE.EXPORT, e.g. index.handler
 */
'use strict';

const http = require('http');
const path = require('path');

const api = process.env.AWS_LAMBDA_RUNTIME_API;
const base = `http://${api}/2018-06-01/runtime`;

function call(method, url, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, agent: false }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function errorBody(e) {
  return JSON.stringify({
    errorType: (e && e.name) || 'Error',
    errorMessage: (e && e.message) || String(e),
    trace: String((e && e.stack) || '').split('\n'),
  });
}

async function main() {
  const [file, exportName] = (process.env._HANDLER || 'index.handler').split('.');
  let handler;
  try {
    handler = require(path.join(process.env.LAMBDA_TASK_ROOT, file))[exportName];
    if (typeof handler !== 'function') {
      throw new Error(`${process.env._HANDLER} is not a function`);
    }
  } catch (e) {
    await call('POST', `${base}/init/error`, errorBody(e));
    process.exit(1);
  }
  for (;;) {
    const next = await call('GET', `${base}/invocation/next`);
    const requestId = next.headers['lambda-runtime-aws-request-id'];
    const deadline = Number(next.headers['lambda-runtime-deadline-ms']);
    const context = {
      awsRequestId: requestId,
      invokedFunctionArn: next.headers['lambda-runtime-invoked-function-arn'],
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      functionVersion: '$LATEST',
      memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
      logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      callbackWaitsForEmptyEventLoop: true,
    };
    try {
      const result = await handler(JSON.parse(next.body), context);
      await call('POST', `${base}/invocation/${requestId}/response`, JSON.stringify(result === undefined ? null : result));
    } catch (e) {
      console.error(`Invoke Error ${errorBody(e)}`);
      await call('POST', `${base}/invocation/${requestId}/error`, errorBody(e));
    }
  }
}

main().catch(e => {
  console.error(`runtime failed: ${(e && e.stack) || e}`);
  process.exit(1);
});
