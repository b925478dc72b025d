/**
 * Status reporter: the one Lambda per stack that backs the library's custom
 * resources. It reads live CodeConnections state after deploy and returns
 * the console link where a person finishes what CloudFormation cannot.
 *
 * Contract per resource type (dispatch on `ResourceType`):
 * - Create/Update: at most a few read-only API calls; the answer carries
 *   `Status`, `ConsoleUrl` and `Message` attributes.
 * - Delete: no API call, always SUCCESS (nothing was created).
 * - Any failure: FAILED with a reason naming the resource and the API error,
 *   sent before the Lambda times out, so CloudFormation never waits for its
 *   own custom resource timeout.
 */
import {
  CodeStarConnectionsClient, Connection, GetConnectionCommand, GetHostCommand, GetHostOutput, ListConnectionsCommand,
} from '@aws-sdk/client-codestar-connections';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { CloudFormationCustomResourceEvent, Context } from 'aws-lambda';
import { arnShape, parseCodeConnectionsArn } from './arns';
import { connectionConsoleUrl, connectionsListConsoleUrl, hostSetupInstructions } from './console-links';
import { MAX_SEND_MS, sendResponse, truncateReason } from './custom-resource-response';
import { CONNECTION_LOOKUP_RESOURCE_TYPE, CONNECTION_STATUS_RESOURCE_TYPE, HOST_STATUS_RESOURCE_TYPE } from './status-reporter-types';

/**
 * Bounded timeouts: the SDK has none by default, and a hanging endpoint
 * must turn into a FAILED response, not a stuck stack.
 */
const clientConfig = {
  maxAttempts: 4,
  // Without throwOnRequestTimeout the SDK only logs a slow request and keeps
  // waiting: a hung endpoint would hold the handler until its deadline.
  requestHandler: { connectionTimeout: 3_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
};
const client = new CodeStarConnectionsClient(clientConfig);
const lambda = new LambdaClient(clientConfig);

/** Time kept back from the Lambda timeout to send the response (with its retries). */
const RESPONSE_MARGIN_MS = MAX_SEND_MS + 1_000;

/**
 * The longest one SDK call can take: 4 attempts of at most 3 s to connect
 * and 5 s to answer, plus retry back-off.
 */
const MAX_CALL_MS = 40_000;

/**
 * What a waiting invocation keeps back before it hands over: one status
 * read (GetConnection, and GetHost for a connection on a host), the Invoke
 * that hands over, and the response margin. A slow read near the end of an
 * invocation then still ends in a hand-over, never in a FAILED response
 * while the wait has time left.
 */
const HAND_OVER_RESERVE_MS = 3 * MAX_CALL_MS + RESPONSE_MARGIN_MS;

/** Event field carrying the absolute deadline of a wait across invocations. */
const WAIT_DEADLINE_FIELD = 'CdkCodeConnectionsWaitDeadline';

/** Poll interval while waiting for AVAILABLE (tests shorten it). */
function pollIntervalMs(): number {
  return Number(process.env.CDK_CODECONNECTIONS_POLL_INTERVAL_MS ?? 15_000);
}

/** Most pages `ListConnections` is followed for (100 connections each). */
const MAX_LIST_PAGES = 100;

/** Returned by onEvent when another invocation carries on (no response yet). */
export const CONTINUED = 'CONTINUED';

/** What a successful Create/Update returns to CloudFormation. */
export interface HandlerResult {
  readonly physicalResourceId: string;
  readonly data: Record<string, string>;
}

type Event = CloudFormationCustomResourceEvent & { [WAIT_DEADLINE_FIELD]?: number };
type HandlerContext = Pick<Context, 'getRemainingTimeInMillis'> & Partial<Pick<Context, 'invokedFunctionArn'>>;

export async function handler(event: Event, context: HandlerContext): Promise<void> {
  // The response URL is a bearer credential for this request: keep it out of logs.
  console.log(JSON.stringify({ ...event, ResponseURL: '(redacted)' }));

  let response;
  try {
    const result = await withDeadline(onEvent(event, context), context.getRemainingTimeInMillis() - RESPONSE_MARGIN_MS);
    if (result === CONTINUED) {
      return; // the next invocation answers CloudFormation
    }
    response = {
      Status: 'SUCCESS' as const,
      PhysicalResourceId: result.physicalResourceId,
      Data: result.data,
    };
  } catch (e) {
    const reason = truncateReason(`${describe(event)}: ${(e as Error).message}`);
    console.error(reason);
    response = {
      Status: 'FAILED' as const,
      Reason: reason,
      // A failed Create has no physical id yet; the logical id keeps the
      // following Delete (a no-op) from touching anything real.
      PhysicalResourceId: physicalIdOf(event) ?? event.LogicalResourceId,
    };
  }
  await sendResponse(event.ResponseURL, {
    ...response,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
}

/** Handles one event; throws to fail it. Exported for unit tests. */
export async function onEvent(event: Event, context?: HandlerContext): Promise<HandlerResult | typeof CONTINUED> {
  if (event.RequestType === 'Delete') {
    // Nothing was created, so nothing is deleted: a Delete never fails.
    return { physicalResourceId: event.PhysicalResourceId, data: {} };
  }
  if (event.RequestType !== 'Create' && event.RequestType !== 'Update') {
    throw new Error(`unknown RequestType '${(event as { RequestType?: unknown }).RequestType}'`);
  }
  switch (event.ResourceType) {
    case CONNECTION_STATUS_RESOURCE_TYPE: {
      const arn = requireArn(event, 'ConnectionArn', 'connection');
      const waitSeconds = optionalSeconds(event, 'WaitForAvailableSeconds');
      return waitSeconds === undefined ? connectionStatus(arn) : waitForAvailable(event, context, arn, waitSeconds);
    }
    case CONNECTION_LOOKUP_RESOURCE_TYPE:
      return lookupConnection(requireString(event, 'ConnectionName'));
    case HOST_STATUS_RESOURCE_TYPE:
      return hostStatus(requireArn(event, 'HostArn', 'host'));
    default:
      throw new Error(`unknown ResourceType '${event.ResourceType}'`);
  }
}

async function connectionStatus(connectionArn: string): Promise<HandlerResult> {
  const arn = parseCodeConnectionsArn(connectionArn, 'connection')!;
  let connection;
  try {
    connection = (await client.send(new GetConnectionCommand({ ConnectionArn: connectionArn }))).Connection;
  } catch (e) {
    // The reason already names the connection: keep the space for the API error.
    throw new Error(`GetConnection: ${apiError(e)}`);
  }
  const status = text(connection?.ConnectionStatus, 'UNKNOWN');
  const name = text(connection?.ConnectionName, arn.resourceId);
  const hostArn = text(connection?.HostArn, '');
  const consoleUrl = connectionConsoleUrl(arn) ?? '';
  const where = consoleUrl || `the CodeConnections console of ${arn.region}`;
  let message: string;
  switch (status) {
    case 'AVAILABLE':
      message = `AVAILABLE: connection ${name} is ready to use`;
      break;
    case 'PENDING':
      message = `PENDING: open ${where} and choose Update pending connection`;
      if (hostArn) {
        // The handshake of a connection on a host only works once the host
        // is set up: say so first, or the person hits a dead end.
        const host = await getHost(hostArn);
        if (host.Status !== 'AVAILABLE') {
          const hostName = text(host.Name, hostArn);
          message = `PENDING: host ${hostName} is ${text(host.Status, 'UNKNOWN')} and must be set up first: ${hostInstructions(hostArn, hostName)}; then open ${where} and choose Update pending connection`;
        }
      }
      break;
    case 'ERROR':
      message = `ERROR: connection ${name} failed; open ${where} to see why, then update it or create a new one`;
      break;
    default:
      message = `${status}: open ${where}`;
  }
  return {
    physicalResourceId: connectionArn,
    data: {
      Status: status,
      ConsoleUrl: consoleUrl,
      Message: message,
      ConnectionName: name,
      ProviderType: text(connection?.ProviderType, ''),
    },
  };
}

/**
 * Polls until the connection is AVAILABLE. Sleeps between reads; when the
 * invocation runs out of time it hands the event (with the absolute
 * deadline) to a new asynchronous invocation of this function and returns
 * without answering, so a wait can outlast one Lambda timeout.
 */
async function waitForAvailable(event: Event, context: HandlerContext | undefined, connectionArn: string, waitSeconds: number)
  : Promise<HandlerResult | typeof CONTINUED> {
  const deadline = event[WAIT_DEADLINE_FIELD] ?? Date.now() + waitSeconds * 1000;
  for (;;) {
    const result = await connectionStatus(connectionArn);
    const status = result.data.Status;
    if (status === 'AVAILABLE') {
      return result;
    }
    if (status === 'ERROR') {
      throw new Error(result.data.Message);
    }
    if (Date.now() >= deadline) {
      throw new Error(`connection ${result.data.ConnectionName} was still ${status} after waiting ${waitSeconds < 120 ? `${waitSeconds} seconds` : `${Math.round(waitSeconds / 60)} minutes`} for the handshake. ${result.data.Message}, then deploy again`);
    }
    const pause = Math.min(pollIntervalMs(), Math.max(deadline - Date.now(), 0));
    const remaining = context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY;
    if (remaining < pause + HAND_OVER_RESERVE_MS) {
      await continueElsewhere(event, context, deadline);
      return CONTINUED;
    }
    await new Promise(resolve => setTimeout(resolve, pause));
  }
}

async function continueElsewhere(event: Event, context: HandlerContext | undefined, deadline: number): Promise<void> {
  if (!context?.invokedFunctionArn) {
    throw new Error('cannot keep waiting: the invocation has no function ARN to continue in');
  }
  try {
    await lambda.send(new InvokeCommand({
      FunctionName: context.invokedFunctionArn,
      InvocationType: 'Event',
      Payload: Buffer.from(JSON.stringify({ ...event, [WAIT_DEADLINE_FIELD]: deadline })),
    }));
  } catch (e) {
    throw new Error(`cannot keep waiting: Invoke of ${context.invokedFunctionArn} failed: ${apiError(e)}`);
  }
}

/** Finds the one connection with this name in the function's region. */
async function lookupConnection(name: string): Promise<HandlerResult> {
  const region = process.env.AWS_REGION ?? 'this region';
  const matches: Connection[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    let page;
    try {
      page = await client.send(new ListConnectionsCommand({ MaxResults: 100, NextToken: nextToken }));
    } catch (e) {
      throw new Error(`ListConnections failed while looking up '${name}': ${apiError(e)}`);
    }
    matches.push(...(page.Connections ?? []).filter(c => c.ConnectionName === name));
    nextToken = page.NextToken;
  } while (nextToken && ++pages < MAX_LIST_PAGES);
  if (nextToken) {
    throw new Error(`gave up looking up '${name}' after ${MAX_LIST_PAGES} pages of connections; import it with Connection.fromConnectionArn`);
  }
  if (matches.length === 0) {
    throw new Error(`no connection named '${name}' in ${region}: check the name and region, or create the connection (new Connection) instead of looking it up`);
  }
  if (matches.length > 1) {
    const arns = matches.map(c => c.ConnectionArn).join(', ');
    throw new Error(`${matches.length} connections are named '${name}' in ${region} (${arns}); names are not unique, so import the one you mean with Connection.fromConnectionArn`);
  }
  const [match] = matches;
  const connectionArn = text(match.ConnectionArn, '');
  if (!parseCodeConnectionsArn(connectionArn, 'connection')) {
    throw new Error(`ListConnections answered connection '${name}' without a connection ARN (got ${JSON.stringify(match.ConnectionArn)})`);
  }
  return {
    physicalResourceId: connectionArn,
    data: {
      ConnectionArn: connectionArn,
      Status: text(match.ConnectionStatus, 'UNKNOWN'),
      ProviderType: text(match.ProviderType, ''),
    },
  };
}

async function hostStatus(hostArn: string): Promise<HandlerResult> {
  const arn = parseCodeConnectionsArn(hostArn, 'host')!;
  const host = await getHost(hostArn);
  const status = text(host.Status, 'UNKNOWN');
  const name = text(host.Name, arn.resourceId);
  let message: string;
  switch (status) {
    case 'AVAILABLE':
      message = `AVAILABLE: host ${name} is set up; connections on it can now be updated`;
      break;
    case 'PENDING':
      message = `PENDING: ${hostInstructions(hostArn, name)}`;
      break;
    case 'VPC_CONFIG_INITIALIZING':
      message = `VPC_CONFIG_INITIALIZING: CodeConnections is creating the host's network interfaces; when the host is PENDING, ${hostInstructions(hostArn, name)}`;
      break;
    case 'VPC_CONFIG_FAILED_INITIALIZATION':
      message = 'VPC_CONFIG_FAILED_INITIALIZATION: the host\'s network interfaces could not be created; check that the subnets have free addresses and the security groups allow HTTPS to the provider, then replace the host';
      break;
    case 'VPC_CONFIG_DELETING':
      message = 'VPC_CONFIG_DELETING: the host\'s network interfaces are being deleted';
      break;
    default:
      message = `${status}: ${hostInstructions(hostArn, name)}`;
  }
  return {
    physicalResourceId: hostArn,
    data: {
      Status: status,
      ConsoleUrl: hostsConsoleUrl(hostArn),
      Message: message,
      HostName: name,
      ProviderType: text(host.ProviderType, ''),
      ProviderEndpoint: text(host.ProviderEndpoint, ''),
    },
  };
}

async function getHost(hostArn: string): Promise<GetHostOutput> {
  try {
    return await client.send(new GetHostCommand({ HostArn: hostArn }));
  } catch (e) {
    throw new Error(`GetHost failed for ${hostArn}: ${apiError(e)}`);
  }
}

/**
 * Hosts are set up from the connections settings page of their region (its
 * Hosts tab): the console has no stable deep link to one host.
 */
function hostsConsoleUrl(hostArn: string): string {
  const arn = parseCodeConnectionsArn(hostArn, 'host');
  return (arn && connectionsListConsoleUrl(arn.partition, arn.region)) ?? '';
}

function hostInstructions(hostArn: string, name: string | undefined): string {
  const arn = parseCodeConnectionsArn(hostArn, 'host');
  const where = hostsConsoleUrl(hostArn) || `the CodeConnections settings of ${arn?.region ?? 'the host\'s region'}`;
  return hostSetupInstructions(where, name ?? arn?.resourceId ?? hostArn);
}

/** Reads a required ARN property, failing clearly on a malformed event. */
function requireArn(event: Event, property: string, type: 'connection' | 'host'): string {
  const value = (event.ResourceProperties as Record<string, unknown>)?.[property];
  if (typeof value !== 'string' || !parseCodeConnectionsArn(value, type)) {
    throw new Error(`malformed event: ResourceProperties.${property} must be an ARN like ${arnShape(type)}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Reads a required non-empty string property. */
function requireString(event: Event, property: string): string {
  const value = (event.ResourceProperties as Record<string, unknown>)?.[property];
  if (typeof value !== 'string' || value.length === 0) {
    throw new Error(`malformed event: ResourceProperties.${property} must be a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Reads an optional positive number of seconds (CloudFormation sends strings). */
function optionalSeconds(event: Event, property: string): number | undefined {
  const value = (event.ResourceProperties as Record<string, unknown>)?.[property];
  if (value === undefined) {
    return undefined;
  }
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`malformed event: ResourceProperties.${property} must be a positive number of seconds, got ${JSON.stringify(value)}`);
  }
  return seconds;
}

/**
 * A string field of an API answer, or the fallback. The SDK passes values of
 * the wrong JSON type through, and CloudFormation's Data takes strings only.
 */
function text(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function physicalIdOf(event: Event): string | undefined {
  return 'PhysicalResourceId' in event ? event.PhysicalResourceId : undefined;
}

function describe(event: Event): string {
  const props = (event.ResourceProperties ?? {}) as Record<string, unknown>;
  const target = props.ConnectionArn ?? props.HostArn ?? props.ConnectionName ?? event.LogicalResourceId;
  return `${event.RequestType} ${event.ResourceType} for ${String(target)} failed`;
}

/** Names the AWS error code and message of an SDK error. */
function apiError(e: unknown): string {
  const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = err.$metadata?.httpStatusCode ? ` (HTTP ${err.$metadata.httpStatusCode})` : '';
  return `${err.name ?? 'Error'}${status}: ${err.message ?? JSON.stringify(e)}`;
}

/** Rejects when `ms` elapse first, so a hung call still gets a response. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`gave up after ${(Math.max(ms, 0) / 1000).toFixed(1)} s without an answer from CodeStar Connections (kept the rest of the Lambda time to answer CloudFormation)`)),
      Math.max(ms, 0),
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
