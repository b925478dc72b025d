/**
 * Custom resource types the status reporter handles. Shared by the
 * constructs that create them and the handler that dispatches on them.
 */
export const CONNECTION_STATUS_RESOURCE_TYPE = 'Custom::CodeConnectionsConnectionStatus';
export const HOST_STATUS_RESOURCE_TYPE = 'Custom::CodeConnectionsHostStatus';
export const CONNECTION_LOOKUP_RESOURCE_TYPE = 'Custom::CodeConnectionsConnectionLookup';
