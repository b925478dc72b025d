/**
 * The names of the health metrics, shared by the constructs that hand them
 * out (`metricAvailable()`) and the handler that publishes them, so the two
 * cannot drift apart.
 */
export const HEALTH_NAMESPACE = 'CdkCodeConnections';

/** Metric name and dimension of each kind of resource. */
export const HEALTH_METRICS = {
  connection: { metricName: 'ConnectionAvailable', dimension: 'ConnectionArn' },
  host: { metricName: 'HostAvailable', dimension: 'HostArn' },
} as const;

export type MonitoredKind = keyof typeof HEALTH_METRICS;

/** What the schedule hands the publisher: the ARNs to read. */
export interface HealthPublisherEvent {
  readonly Connections?: string[];
  readonly Hosts?: string[];
}
