/** `Custom::CodeConnectionsConnectionStatus`: a connection's status and its console page. */
import { GetConnectionCommand } from '@aws-sdk/client-codestar-connections';
import { codeConnections } from './clients';
import { apiCallFailed, EventArn, HandlerResult, text } from './events';
import { getHost, hostInstructions } from './host-status';
import { withRetries } from './retry';
import { parseCodeConnectionsArn } from '../../core/arns';
import { connectionConsoleUrl } from '../../core/console-links';
import { regionNote } from '../../core/regions';

/** Reads the connection (retrying until `deadline`, epoch ms) and says what a person should do. */
export async function connectionStatus(connection: EventArn, deadline: number): Promise<HandlerResult> {
  let answer;
  try {
    answer = (await withRetries('GetConnection',
      () => codeConnections.send(new GetConnectionCommand({ ConnectionArn: connection.arn })), deadline)).Connection;
  } catch (e) {
    // The reason already names the connection: keep the space for the API error.
    throw apiCallFailed('GetConnection: ', e);
  }
  const status = text(answer?.ConnectionStatus, 'UNKNOWN');
  const name = text(answer?.ConnectionName, connection.resourceId);
  const consoleUrl = connectionConsoleUrl(connection) ?? '';
  const where = consoleUrl || `the CodeConnections console of ${connection.region}`;
  let message: string;
  switch (status) {
    case 'AVAILABLE':
      message = `AVAILABLE: connection ${name} is ready to use`;
      break;
    case 'PENDING':
      message = `PENDING: open ${where} and choose Update pending connection`;
      message = await hostFirst(text(answer?.HostArn, ''), where, deadline) ?? message;
      break;
    case 'ERROR':
      message = `ERROR: connection ${name} failed; open ${where} to see why, then update it or create a new one`;
      break;
    default:
      message = `${status}: open ${where}`;
  }
  // A Region whose connections need more than the handshake says so, until AVAILABLE.
  const note = status === 'AVAILABLE' ? undefined : regionNote(connection.region);
  if (note) {
    message = `${message}. ${note}`;
  }
  return {
    physicalResourceId: connection.arn,
    data: {
      Status: status,
      ConsoleUrl: consoleUrl,
      Message: message,
      ConnectionName: name,
      ProviderType: text(answer?.ProviderType, ''),
    },
  };
}

/**
 * The handshake of a connection on a host only works once the host is set
 * up: when it is not, say so first, or the person hits a dead end.
 */
async function hostFirst(hostArn: string, where: string, deadline: number): Promise<string | undefined> {
  const host = hostArn ? parseCodeConnectionsArn(hostArn, 'host') : undefined;
  if (!host) {
    return undefined;
  }
  const answer = await getHost(hostArn, deadline);
  if (answer.Status === 'AVAILABLE') {
    return undefined;
  }
  return `PENDING: host ${text(answer.Name, hostArn)} is ${text(answer.Status, 'UNKNOWN')} and must be set up first: `
    + `${hostInstructions(host, text(answer.Name, host.resourceId))}; then open ${where} and choose Update pending connection`;
}
