/**
 * A connection in Europe (Milan) needs the provider app of that Region
 * (AWS's connections guide): the message says so until it is AVAILABLE.
 */
import { GetConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { cs, event, HandlerResult, onEvent, useMockedClients } from './on-event-harness';

useMockedClients();

const MILAN_ARN = 'arn:aws:codeconnections:eu-south-1:123456789012:connection/0f4a7c1e-1234-4abc-9def-0123456789ab';
const MILAN_URL = 'https://eu-south-1.console.aws.amazon.com/codesuite/settings/123456789012/eu-south-1/codeconnections/connections/0f4a7c1e-1234-4abc-9def-0123456789ab';
const NOTE = 'Europe (Milan) (eu-south-1) needs its own app: install the provider app for the Europe (Milan) Region at the provider '
  + '(a separate installation from the app of other Regions) and enable the Region for the account, then choose that installation in the handshake';

const given = (status: string) => cs.on(GetConnectionCommand, { ConnectionArn: MILAN_ARN })
  .resolves({ Connection: { ConnectionArn: MILAN_ARN, ConnectionName: 'milan', ConnectionStatus: status as any } });

test('PENDING in eu-south-1: the console link, then the Region app', async () => {
  given('PENDING');
  const result = await onEvent(event('Custom::CodeConnectionsConnectionStatus', { ConnectionArn: MILAN_ARN })) as HandlerResult;
  expect(result.data.Message).toBe(`PENDING: open ${MILAN_URL} and choose Update pending connection. ${NOTE}`);
});

test('ERROR in eu-south-1 says it too', async () => {
  given('ERROR');
  const result = await onEvent(event('Custom::CodeConnectionsConnectionStatus', { ConnectionArn: MILAN_ARN })) as HandlerResult;
  expect(result.data.Message).toMatch(/^ERROR: connection milan failed; .*\. Europe \(Milan\) \(eu-south-1\) needs its own app/);
});

test('AVAILABLE in eu-south-1 needs nothing more', async () => {
  given('AVAILABLE');
  const result = await onEvent(event('Custom::CodeConnectionsConnectionStatus', { ConnectionArn: MILAN_ARN })) as HandlerResult;
  expect(result.data.Message).toBe('AVAILABLE: connection milan is ready to use');
});
