/**
 * SDK clients, with bounded timeouts: the SDK has none by default, and a
 * hanging endpoint must turn into a FAILED response, not a stuck stack.
 * One attempt per `send`: retries are retry.ts's, which can use the time
 * the invocation has.
 */
import { CodeStarConnectionsClient } from '@aws-sdk/client-codestar-connections';
import type { InvokeCommand as InvokeCommandType, LambdaClient } from '@aws-sdk/client-lambda';

export const CLIENT_CONFIG = {
  maxAttempts: 1,
  // Without throwOnRequestTimeout the SDK only logs a slow request and keeps
  // waiting: a hung endpoint would hold the handler until its deadline.
  requestHandler: { connectionTimeout: 3_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
};

/** Every status read of the function's own Region goes through this one client (module scope: reused across invocations). */
export const codeConnections = new CodeStarConnectionsClient(CLIENT_CONFIG);

const otherRegions = new Map<string, CodeStarConnectionsClient>();

/**
 * The client for a resource of `region`: the function's own client for its
 * own Region (or an unknown one), one more client per other Region. Hosts
 * are regional resources, and an imported connection of another Region is
 * read where its ARN says it lives.
 */
export function codeConnectionsIn(region: string | undefined): CodeStarConnectionsClient {
  if (!region || region === process.env.AWS_REGION) {
    return codeConnections;
  }
  let client = otherRegions.get(region);
  if (!client) {
    client = new CodeStarConnectionsClient({ ...CLIENT_CONFIG, region });
    otherRegions.set(region, client);
  }
  return client;
}

let lambda: LambdaClient | undefined;

/**
 * The Lambda client, loaded on first use: only a wait hand-over needs it,
 * and loading its module costs every cold start about 25 ms. (`require`, not
 * `import()`: the bundle is CommonJS, and esbuild would wrap `import()` in
 * interop helpers the bundle does not otherwise need.)
 */
export function lambdaClient(): { client: LambdaClient; InvokeCommand: typeof InvokeCommandType } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('@aws-sdk/client-lambda') as typeof import('@aws-sdk/client-lambda');
  lambda ??= new sdk.LambdaClient(CLIENT_CONFIG);
  return { client: lambda, InvokeCommand: sdk.InvokeCommand };
}
