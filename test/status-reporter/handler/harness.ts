/**
 * Harness for handler tests that drive the status-reporter Lambda end to end: events in, the response
 * body CloudFormation would read from the pre-signed URL out. The URL is a
 * real HTTP server on 127.0.0.1; the SDK is mocked so that any call other
 * than the one a test expects fails the test.
 *
 * Every expected value is written out by hand (URLs percent-encoded by
 * hand too): none is computed with the code under test.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';
import {
  CodeStarConnectionsClient,
  GetConnectionCommand,
  type Connection,
  type ConnectionStatus,
  type ProviderType,
} from '@aws-sdk/client-codestar-connections';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { onEvent } from '../../../src/status-reporter/handler/on-event';
import { handler } from '../../../src/status-reporter/status-reporter.lambda';
import {
  CONNECTION_STATUS,
  LOGICAL_ID,
  REQUEST_ID,
  STACK_ID,
  createEvent,
  createOrUpdateEvent,
  deleteEvent,
  eventWithRequestType,
  updateEvent,
} from '../../fixtures/events';

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

export const CONNECTION_ID = '0a1b2c3d-4e5f-6789-abcd-ef0123456789';
export const ARN = `arn:aws:codeconnections:eu-west-1:123456789012:connection/${CONNECTION_ID}`;
// The connection's own page, written from its documented form
// https://REGION.CONSOLE_DOMAIN/codesuite/settings/ACCOUNT/REGION/NAMESPACE/connections/CONNECTION_ID
export const CONSOLE_URL = 'https://eu-west-1.console.aws.amazon.com/codesuite/settings/123456789012/eu-west-1/codeconnections/connections/' + CONNECTION_ID;

/** Remaining time of a Lambda far from its timeout. */
export const PLENTY_OF_TIME_MS = 60_000;

/** The body CloudFormation reads, as the test expects it (not imported from src). */
export interface ResponseBody {
  readonly Status: 'SUCCESS' | 'FAILED';
  readonly Reason?: string;
  readonly PhysicalResourceId: string;
  readonly StackId: string;
  readonly RequestId: string;
  readonly LogicalResourceId: string;
  readonly Data?: Record<string, string>;
}

export interface RecordedPut {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Answer code that makes the server drop the connection instead of answering. */
export const RESET = 0;

/**
 * Stands in for the pre-signed S3 URL: records every request and answers
 * with the queued status codes (the last one repeats).
 */
export class ResponseServer {
  readonly requests: RecordedPut[] = [];
  private answers: number[] = [200];
  private port = 0;
  private readonly server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const status = this.answers.length > 1 ? this.answers.shift()! : this.answers[0];
      if (status === RESET) {
        req.socket.destroy();
        return;
      }
      res.writeHead(status).end();
    });
  });

  async start(): Promise<void> {
    await new Promise<void>(resolve => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  /** The response URL, with a query string like a pre-signed URL's. */
  get responseUrl(): string {
    return `http://127.0.0.1:${this.port}/cloudformation-custom-resource-response/some/path?sig=x`;
  }

  reset(...answers: number[]): void {
    this.requests.length = 0;
    this.answers = answers.length > 0 ? answers : [200];
  }

  /** The single response sent; fails when there was not exactly one. */
  onlyResponse(): ResponseBody {
    expect(this.requests).toHaveLength(1);
    return JSON.parse(this.requests[0].body) as ResponseBody;
  }
}

export const server = new ResponseServer();
export const cs = mockClient(CodeStarConnectionsClient);

/** GetConnection of exactly `connectionArn` answers `connection`. */
export function givenConnection(connectionArn: string, answer: Connection | undefined): void {
  cs.on(GetConnectionCommand, { ConnectionArn: connectionArn }).resolves({ Connection: answer });
}

export function connection(connectionArn: string, status: string, name = 'my-github', providerType: ProviderType = 'GitHub'): Connection {
  return {
    ConnectionArn: connectionArn,
    ConnectionName: name,
    ConnectionStatus: status as ConnectionStatus,
    ProviderType: providerType,
    OwnerAccountId: '123456789012',
  };
}

/** GetConnection of `connectionArn` rejects like the SDK does for a service error. */
export function givenApiError(connectionArn: string, name: string, message: string, httpStatusCode?: number): void {
  const error = Object.assign(new Error(message), { name }, httpStatusCode ? { $metadata: { httpStatusCode } } : {});
  cs.on(GetConnectionCommand, { ConnectionArn: connectionArn }).rejects(error);
}

/** Runs the handler and returns what CloudFormation received. */
export async function run(event: CloudFormationCustomResourceEvent, remainingMs = PLENTY_OF_TIME_MS): Promise<ResponseBody> {
  await handler(event, { getRemainingTimeInMillis: () => remainingMs });
  return server.onlyResponse();
}

export function getConnectionCalls(): string[] {
  return cs.commandCalls(GetConnectionCommand).map(call => call.args[0].input.ConnectionArn ?? '(none)');
}

// ---------------------------------------------------------------------------
// Create and Update
// ---------------------------------------------------------------------------

/** Starts the response URL server and mocks the SDK around every test of the calling file. */
/** The console spies of the running test (the handler logs every event). */
export let logSpy: jest.SpyInstance;
export let errorSpy: jest.SpyInstance;

export function useResponseServer(): void {

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  beforeEach(() => {
    server.reset();
    cs.reset();
    cs.onAnyCommand().rejects(new Error('unexpected call'));
    logSpy = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => {
    logSpy.mockRestore();
    errorSpy.mockRestore();
  });
}

export { CONNECTION_STATUS, LOGICAL_ID, REQUEST_ID, STACK_ID, createEvent, createOrUpdateEvent, deleteEvent, eventWithRequestType, updateEvent };
export { handler, onEvent };
