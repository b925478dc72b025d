/** `Custom::CodeConnectionsHostStatus`: a host's status and where to set it up. */
import { GetHostCommand, GetHostOutput } from '@aws-sdk/client-codestar-connections';
import { codeConnections } from './clients';
import { apiError, EventArn, HandlerResult, text } from './events';
import { ParsedCodeConnectionsArn } from '../../private/arns';
import { connectionsListConsoleUrl, hostSetupInstructions } from '../../private/console-links';

export async function hostStatus(host: EventArn): Promise<HandlerResult> {
  const answer = await getHost(host.arn);
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

export async function getHost(hostArn: string): Promise<GetHostOutput> {
  try {
    return await codeConnections.send(new GetHostCommand({ HostArn: hostArn }));
  } catch (e) {
    throw new Error(`GetHost failed for ${hostArn}: ${apiError(e)}`);
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
