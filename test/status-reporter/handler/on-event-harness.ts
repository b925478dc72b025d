/**
 * Harness for handler tests that call onEvent directly, with the
 * CodeStar Connections and Lambda clients mocked.
 */
import { CodeStarConnectionsClient } from '@aws-sdk/client-codestar-connections';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { CONTINUED, HandlerResult } from '../../../src/status-reporter/handler/events';
import { onEvent } from '../../../src/status-reporter/handler/on-event';
import { createEvent } from '../../fixtures/events';

export const cs = mockClient(CodeStarConnectionsClient);
export const lambda = mockClient(LambdaClient);

export const HOST_ARN = 'arn:aws:codeconnections:eu-west-1:123456789012:host/my-ghes-0123abcd';
export const CONN_ARN = 'arn:aws:codeconnections:eu-west-1:123456789012:connection/0f4a7c1e-1234-4abc-9def-0123456789ab';
// Hosts are set up from the connections settings page of their region (Hosts tab).
export const HOSTS_URL = 'https://eu-west-1.console.aws.amazon.com/codesuite/settings/connections?region=eu-west-1';
export const CONN_URL = 'https://eu-west-1.console.aws.amazon.com/codesuite/settings/123456789012/eu-west-1/codeconnections/connections/0f4a7c1e-1234-4abc-9def-0123456789ab';
export const FUNCTION_ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:reporter';

export const event = (resourceType: string, properties: Record<string, unknown>) =>
  createEvent({ responseUrl: 'http://127.0.0.1:1/unused', resourceType, properties });

export { CONTINUED, onEvent };
export type { HandlerResult };

/** Mocks the SDK clients around every test of the calling file. */
export function useMockedClients(): void {
  beforeEach(() => {
    cs.reset();
    lambda.reset();
    cs.onAnyCommand().rejects(new Error('unexpected call'));
    lambda.onAnyCommand().rejects(new Error('unexpected call'));
    process.env.CDK_CODECONNECTIONS_POLL_INTERVAL_MS = '10';
    process.env.AWS_REGION = 'eu-west-1';
  });

  afterAll(() => {
    delete process.env.CDK_CODECONNECTIONS_POLL_INTERVAL_MS;
  });
}
