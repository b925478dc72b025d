/** `Custom::CodeConnectionsHostStatus`: a host's status and where to set it up. */
import { GetHostCommand, GetHostOutput } from '@aws-sdk/client-codestar-connections';
import { codeConnections } from './clients';
import { apiCallFailed, EventArn, HandlerResult, text } from './events';
import { withRetries } from './retry';
import { ParsedCodeConnectionsArn } from '../../core/arns';
import { connectionsListConsoleUrl, hostSetupInstructions } from '../../core/console-links';

export async function hostStatus(host: EventArn, deadline: number): Promise<HandlerResult> {
  const answer = await getHost(host.arn, deadline);
  const status = text(answer.Status, 'UNKNOWN');
  const name = text(answer.Name, host.resourceId);
  let message: string;
  switch (status) {
    case 'AVAILABLE':
      message = `AVAILABLE: host ${name} is set up; connections on it can now be updated`;
      break;
    case 'PENDING':
      message = `PENDING: ${hostInstructions(host, name)}`;
      break;
    case 'VPC_CONFIG_INITIALIZING':
      message = `VPC_CONFIG_INITIALIZING: CodeConnections is creating the host's network interfaces; when the host is PENDING, ${hostInstructions(host, name)}`;
      break;
    case 'VPC_CONFIG_FAILED_INITIALIZATION':
      message = 'VPC_CONFIG_FAILED_INITIALIZATION: the host\'s network interfaces could not be created; check that the subnets have free addresses and the security groups allow HTTPS to the provider, then replace the host';
      break;
    case 'VPC_CONFIG_DELETING':
      message = 'VPC_CONFIG_DELETING: the host\'s network interfaces are being deleted';
      break;
    default:
      message = `${status}: ${hostInstructions(host, name)}`;
  }
  return {
    physicalResourceId: host.arn,
    data: {
      Status: status,
      ConsoleUrl: hostsConsoleUrl(host),
      Message: message,
      HostName: name,
      ProviderType: text(answer.ProviderType, ''),
      ProviderEndpoint: text(answer.ProviderEndpoint, ''),
    },
  };
}

/** Reads a host, retrying until `deadline` (epoch ms). */
export async function getHost(hostArn: string, deadline: number): Promise<GetHostOutput> {
  try {
    return await withRetries('GetHost', () => codeConnections.send(new GetHostCommand({ HostArn: hostArn })), deadline);
  } catch (e) {
    throw apiCallFailed(`GetHost failed for ${hostArn}: `, e);
  }
}

/**
 * Hosts are set up from the connections settings page of their region (its
 * Hosts tab): the console has no stable deep link to one host.
 */
function hostsConsoleUrl(host: ParsedCodeConnectionsArn): string {
  return connectionsListConsoleUrl(host.partition, host.region) ?? '';
}

export function hostInstructions(host: ParsedCodeConnectionsArn, name: string): string {
  return hostSetupInstructions(hostsConsoleUrl(host) || `the CodeConnections settings of ${host.region}`, name);
}
