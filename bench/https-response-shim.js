/**
 * Preloaded (NODE_OPTIONS=--require) into the handler child processes of
 * bench/handler.ts.
 *
 * aws-cdk-lib's AwsCustomResource handler PUTs its CloudFormation response
 * with `require('https').request({ hostname, path, method, headers })`: no
 * port and no protocol, so it can only reach an https server on port 443.
 * The fake response URL (test/wire/fake-codestar.ts) is plain http on a
 * random port of 127.0.0.1. This shim sends such requests (https, hostname
 * 127.0.0.1, no port) over http to BENCH_RESPONSE_PORT instead; nothing else
 * is touched. The status-reporter bundle already PUTs over http to the URL's
 * port, so the shim is a no-op for it (it is preloaded into both so that
 * both pay the same start-up).
 */
'use strict';

const port = Number(process.env.BENCH_RESPONSE_PORT);
if (port) {
  const http = require('http');
  const https = require('https');
  const request = https.request;
  https.request = function (options, ...rest) {
    if (options && typeof options === 'object' && !(options instanceof URL)
      && options.hostname === '127.0.0.1' && options.port === undefined) {
      return http.request({ ...options, protocol: 'http:', port }, ...rest);
    }
    return request.call(this, options, ...rest);
  };
}
