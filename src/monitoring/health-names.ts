/**
 * The names of the health metrics, shared by the constructs that hand them
 * out (`metricAvailable()`) and the handler that publishes them, so the two
 * cannot drift apart.
 */
export const HEALTH_NAMESPACE = 'CdkCodeConnections';

/**
 * Metric name and dimension of each kind of resource, and the status read
 * that publishes 1 (any other publishes 0).
 */
export const HEALTH_METRICS = {
  connection: { metricName: 'ConnectionAvailable', dimension: 'ConnectionArn', healthy: 'AVAILABLE' },
  host: { metricName: 'HostAvailable', dimension: 'HostArn', healthy: 'AVAILABLE' },
  product: { metricName: 'ProductSyncSucceeded', dimension: 'ProductId', healthy: 'SUCCEEDED' },
} as const;

export type MonitoredKind = keyof typeof HEALTH_METRICS;

/** What the schedule hands the publisher: the ARNs (products: the ids) to read. */
export interface HealthPublisherEvent {
  readonly Connections?: string[];
  readonly Hosts?: string[];
  /** Service Catalog products synced from a repository, by id; read in the publisher's own Region. */
  readonly Products?: string[];
}
