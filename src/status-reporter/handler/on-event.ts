/**
 * Dispatch on `ResourceType`, one module per resource type. Create and
 * Update read live state (a few read-only calls); Delete makes no call,
 * because nothing was created.
 */
import { CONNECTION_LOOKUP_RESOURCE_TYPE, CONNECTION_STATUS_RESOURCE_TYPE, HOST_STATUS_RESOURCE_TYPE } from '../resource-types';
import { lookupConnection } from './connection-lookup';
import { connectionStatus } from './connection-status';
import { CONTINUED, Event, HandlerContext, HandlerResult, optionalSeconds, requireArn, requireString } from './events';
import { hostStatus } from './host-status';
import { apiDeadline } from './protocol';
import { waitForAvailable } from './wait-for-available';

/** Handles one event; throws to fail it. */
export async function onEvent(event: Event, context?: HandlerContext): Promise<HandlerResult | typeof CONTINUED> {
  if (event.RequestType === 'Delete') {
    // Nothing was created, so nothing is deleted: a Delete never fails.
    return { physicalResourceId: event.PhysicalResourceId, data: {} };
  }
  if (event.RequestType !== 'Create' && event.RequestType !== 'Update') {
    throw new Error(`unknown RequestType '${(event as { RequestType?: unknown }).RequestType}'`);
  }
  // API calls retry throttling until this deadline, which keeps time to answer.
  const deadline = apiDeadline(context);
  switch (event.ResourceType) {
    case CONNECTION_STATUS_RESOURCE_TYPE: {
      const connection = requireArn(event, 'ConnectionArn', 'connection');
      const waitSeconds = optionalSeconds(event, 'WaitForAvailableSeconds');
      return waitSeconds === undefined ? connectionStatus(connection, deadline) : waitForAvailable(event, context, connection, waitSeconds, deadline);
    }
    case CONNECTION_LOOKUP_RESOURCE_TYPE:
      return lookupConnection(requireString(event, 'ConnectionName'), deadline, {
        // The function's own account (the account the lookup lists), from its ARN.
        account: String(event.ServiceToken ?? '').split(':')[4] || undefined,
        requireNamespace: event.ResourceProperties?.RequireArnNamespace === 'codeconnections' ? 'codeconnections' : undefined,
      });
    case HOST_STATUS_RESOURCE_TYPE:
      return hostStatus(requireArn(event, 'HostArn', 'host'), deadline);
    default:
      throw new Error(`unknown ResourceType '${event.ResourceType}'`);
  }
}
