/**
 * handler/connection-lookup.ts: the one connection with a name.
 */
import { ListConnectionsCommand } from '@aws-sdk/client-codestar-connections';
import {
  cs, event, onEvent,
  useMockedClients,
} from './on-event-harness';

useMockedClients();

describe('lookup by name', () => {
  const lookup = (name: unknown) => onEvent(event('Custom::CodeConnectionsConnectionLookup', { ConnectionName: name }));
  const conn = (name: string, id: string) => ({
    ConnectionName: name, ConnectionArn: `arn:aws:codeconnections:eu-west-1:123456789012:connection/${id}`, ConnectionStatus: 'AVAILABLE', ProviderType: 'GitHub',
  });

  test('exactly one match, found on a later page', async () => {
    cs.on(ListConnectionsCommand, { MaxResults: 100, NextToken: undefined }).resolves({ Connections: [conn('other', 'a')], NextToken: 'p2' });
    cs.on(ListConnectionsCommand, { MaxResults: 100, NextToken: 'p2' }).resolves({ Connections: [conn('shared', 'b')] });
    await expect(lookup('shared')).resolves.toEqual({
      physicalResourceId: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/b',
      data: { ConnectionArn: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/b', Status: 'AVAILABLE', ProviderType: 'GitHub' },
    });
    expect(cs.commandCalls(ListConnectionsCommand)).toHaveLength(2);
  });

  test('no match', async () => {
    cs.on(ListConnectionsCommand).resolves({ Connections: [conn('other', 'a')] });
    // The account is the function's own (its ARN, the service token), the one the lookup lists.
    await expect(lookup('shared')).rejects.toThrow(/^no connection named 'shared' in account \d{12}, eu-west-1: check the name and region, or create the connection \(new Connection\) instead of looking it up$/);
  });

  test('several matches across pages', async () => {
    cs.on(ListConnectionsCommand, { MaxResults: 100, NextToken: undefined }).resolves({ Connections: [conn('shared', 'a')], NextToken: 'p2' });
    cs.on(ListConnectionsCommand, { MaxResults: 100, NextToken: 'p2' }).resolves({ Connections: [conn('shared', 'b')] });
    await expect(lookup('shared')).rejects.toThrow(/^2 connections are named 'shared' in account \d{12}, eu-west-1 \(arn:.*connection\/a, arn:.*connection\/b\); names are not unique, so import the one you mean with Connection.fromConnectionArn$/);
  });

  test('a shared lookup requires a codeconnections ARN: a codestar-connections one fails, saying why and what to do', async () => {
    const legacy = { ...conn('shared', 'a'), ConnectionArn: 'arn:aws:codestar-connections:eu-west-1:123456789012:connection/a' };
    cs.on(ListConnectionsCommand).resolves({ Connections: [legacy] });
    const shared = (c: unknown) => onEvent(event('Custom::CodeConnectionsConnectionLookup', { ConnectionName: 'shared', RequireArnNamespace: c }));
    await expect(shared('codeconnections')).rejects.toThrow(
      "connection 'shared' (arn:aws:codestar-connections:eu-west-1:123456789012:connection/a) has a codestar-connections ARN, and the stack shares it through AWS RAM, "
      + 'which shares only connections with codeconnections ARNs: create a new connection (connections created since July 2024 have them) and share that one, or remove shareWith()');
    // Not shared: the same connection is found.
    await expect(shared(undefined)).resolves.toMatchObject({ physicalResourceId: legacy.ConnectionArn });
    cs.on(ListConnectionsCommand).resolves({ Connections: [conn('shared', 'b')] });
    await expect(shared('codeconnections')).resolves.toMatchObject({ physicalResourceId: 'arn:aws:codeconnections:eu-west-1:123456789012:connection/b' });
  });

  test('a token that never ends is bounded', async () => {
    cs.on(ListConnectionsCommand).resolves({ Connections: [], NextToken: 'again' });
    await expect(lookup('shared')).rejects.toThrow(/gave up looking up 'shared' after 100 pages/);
    expect(cs.commandCalls(ListConnectionsCommand)).toHaveLength(100);
  });

  test('API errors name the lookup', async () => {
    cs.on(ListConnectionsCommand).rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(lookup('shared')).rejects.toThrow("ListConnections failed while looking up 'shared': ThrottlingException: slow down");
  });

  test.each([undefined, '', 7])('ConnectionName %p is a malformed event', async (name) => {
    await expect(lookup(name)).rejects.toThrow(/malformed event: ResourceProperties.ConnectionName must be a non-empty string/);
    expect(cs.calls()).toHaveLength(0);
  });
});
