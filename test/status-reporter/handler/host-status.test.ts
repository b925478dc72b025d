/**
 * handler/host-status.ts: a host's status and where to set it up.
 */
import { GetConnectionCommand, GetHostCommand } from '@aws-sdk/client-codestar-connections';
import {
  CONN_ARN, CONN_URL, HOSTS_URL, HOST_ARN, HandlerResult, cs, event, onEvent,
  useMockedClients,
} from './on-event-harness';

useMockedClients();

describe('host status', () => {
  test.each([
    ['PENDING', `PENDING: open ${HOSTS_URL}, open the Hosts tab, choose host my-ghes and choose Set up host`],
    ['AVAILABLE', 'AVAILABLE: host my-ghes is set up; connections on it can now be updated'],
    ['VPC_CONFIG_INITIALIZING', `VPC_CONFIG_INITIALIZING: CodeConnections is creating the host's network interfaces; when the host is PENDING, open ${HOSTS_URL}, open the Hosts tab, choose host my-ghes and choose Set up host`],
    ['VPC_CONFIG_FAILED_INITIALIZATION', "VPC_CONFIG_FAILED_INITIALIZATION: the host's network interfaces could not be created; check that the subnets have free addresses and the security groups allow HTTPS to the provider, then replace the host"],
    ['VPC_CONFIG_DELETING', "VPC_CONFIG_DELETING: the host's network interfaces are being deleted"],
    ['SOMETHING_NEW', `SOMETHING_NEW: open ${HOSTS_URL}, open the Hosts tab, choose host my-ghes and choose Set up host`],
  ])('%s', async (status, message) => {
    cs.on(GetHostCommand, { HostArn: HOST_ARN }).resolves({
      Name: 'my-ghes', Status: status, ProviderType: 'GitHubEnterpriseServer', ProviderEndpoint: 'https://github.example.com',
    });
    const result = await onEvent(event('Custom::CodeConnectionsHostStatus', { HostArn: HOST_ARN })) as HandlerResult;
    expect(result).toEqual({
      physicalResourceId: HOST_ARN,
      data: {
        Status: status,
        ConsoleUrl: HOSTS_URL,
        Message: message,
        HostName: 'my-ghes',
        ProviderType: 'GitHubEnterpriseServer',
        ProviderEndpoint: 'https://github.example.com',
      },
    });
  });

  test('GetHost errors name the host and the API error', async () => {
    cs.on(GetHostCommand).rejects(Object.assign(new Error('no such host'), { name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 400 } }));
    await expect(onEvent(event('Custom::CodeConnectionsHostStatus', { HostArn: HOST_ARN })))
      .rejects.toThrow(`GetHost failed for ${HOST_ARN}: ResourceNotFoundException (HTTP 400): no such host`);
  });

  test('a connection ARN as HostArn is a malformed event', async () => {
    await expect(onEvent(event('Custom::CodeConnectionsHostStatus', { HostArn: CONN_ARN })))
      .rejects.toThrow(/malformed event: ResourceProperties.HostArn must be an ARN like arn:PARTITION:codeconnections\|codestar-connections:REGION:ACCOUNT:host\/HOST_ID/);
    expect(cs.calls()).toHaveLength(0);
  });

  test('a PENDING connection on a PENDING host says to set up the host first', async () => {
    cs.on(GetConnectionCommand, { ConnectionArn: CONN_ARN }).resolves({
      Connection: { ConnectionArn: CONN_ARN, ConnectionName: 'ghes', ConnectionStatus: 'PENDING', HostArn: HOST_ARN },
    });
    cs.on(GetHostCommand, { HostArn: HOST_ARN }).resolves({ Name: 'my-ghes', Status: 'PENDING' });
    const result = await onEvent(event('Custom::CodeConnectionsConnectionStatus', { ConnectionArn: CONN_ARN })) as HandlerResult;
    expect(result.data.Message).toEqual(
      `PENDING: host my-ghes is PENDING and must be set up first: open ${HOSTS_URL}, open the Hosts tab, choose host my-ghes and choose Set up host; then open ${CONN_URL} and choose Update pending connection`);
  });

  test('a PENDING connection on an AVAILABLE host only asks for the connection handshake', async () => {
    cs.on(GetConnectionCommand).resolves({
      Connection: { ConnectionArn: CONN_ARN, ConnectionName: 'ghes', ConnectionStatus: 'PENDING', HostArn: HOST_ARN },
    });
    cs.on(GetHostCommand).resolves({ Name: 'my-ghes', Status: 'AVAILABLE' });
    const result = await onEvent(event('Custom::CodeConnectionsConnectionStatus', { ConnectionArn: CONN_ARN })) as HandlerResult;
    expect(result.data.Message).toEqual(`PENDING: open ${CONN_URL} and choose Update pending connection`);
  });
});
