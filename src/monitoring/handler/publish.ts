/**
 * The health publisher's handler: reads the status of every connection and
 * host the schedule names and publishes 1 (AVAILABLE) or 0 (anything else)
 * per resource, and of every Service Catalog product synced from a
 * repository 1 (last sync SUCCEEDED) or 0 (FAILED; before a first sync,
 * nothing), as CloudWatch embedded metric format lines in its own log
 * (no PutMetricData call, so no cloudwatch permission). A resource that
 * cannot be read gets no value: a missing point, which an alarm that treats
 * missing data as breaching reports, rather than a 0 that would look like a
 * status. Every failure is logged with the ARN and the API error.
 */
import { GetConnectionCommand, GetHostCommand } from '@aws-sdk/client-codestar-connections';
import type { DescribeProductAsAdminCommand as DescribeCommandType, ServiceCatalogClient } from '@aws-sdk/client-service-catalog';
import { CLIENT_CONFIG, codeConnectionsIn } from '../../status-reporter/handler/clients';
import { apiError } from '../../status-reporter/handler/events';
import { withRetries } from '../../status-reporter/handler/retry';
import { HEALTH_METRICS, HEALTH_NAMESPACE, HealthPublisherEvent, MonitoredKind } from '../health-names';

/** Reads at once: a burst of reads is what throttling punishes. */
const PARALLEL_READS = 4;

/** Time kept back from the Lambda timeout to log the summary. */
const MARGIN_MS = 5_000;

export interface PublishSummary {
  readonly published: number;
  readonly failed: number;
}

export async function publishHealth(event: HealthPublisherEvent, context?: { getRemainingTimeInMillis(): number }): Promise<PublishSummary> {
  const deadline = Date.now() + (context ? context.getRemainingTimeInMillis() - MARGIN_MS : 0);
  const work: Array<[MonitoredKind, string]> = [
    ...strings(event?.Connections).map(arn => ['connection', arn] as [MonitoredKind, string]),
    ...strings(event?.Hosts).map(arn => ['host', arn] as [MonitoredKind, string]),
    ...strings(event?.Products).map(id => ['product', id] as [MonitoredKind, string]),
  ];
  let published = 0;
  let failed = 0;
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, work.length) }, async () => {
    for (let next = work.shift(); next; next = work.shift()) {
      const [kind, arn] = next;
      try {
        const status = await readStatus(kind, arn, deadline);
        if (status === undefined) {
          console.log(JSON.stringify({ kind, id: arn, published: 'nothing: no sync yet' }));
          continue;
        }
        console.log(JSON.stringify(emf(kind, arn, status)));
        published++;
      } catch (e) {
        failed++;
        console.error(JSON.stringify({ level: 'ERROR', kind, arn, error: apiError(e), published: 'nothing (a missing point)' }));
      }
    }
  }));
  console.log(JSON.stringify({ summary: 'health published', published, failed }));
  return { published, failed };
}

async function readStatus(kind: MonitoredKind, arn: string, deadline: number): Promise<string | undefined> {
  if (kind === 'product') {
    // A product id, of the publisher's own account and Region (its stack's).
    const { client, DescribeProductAsAdminCommand } = serviceCatalog();
    const answer = await withRetries('DescribeProductAsAdmin', () => client.send(new DescribeProductAsAdminCommand({ Id: arn })), deadline);
    const status = answer.ProductViewDetail?.SourceConnection?.LastSync?.LastSyncStatus;
    return status === undefined ? undefined : String(status);
  }
  // arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE: read it in its own Region.
  const codeConnections = codeConnectionsIn(arn.split(':')[3]);
  if (kind === 'connection') {
    const answer = await withRetries('GetConnection', () => codeConnections.send(new GetConnectionCommand({ ConnectionArn: arn })), deadline);
    return String(answer.Connection?.ConnectionStatus ?? 'UNKNOWN');
  }
  const answer = await withRetries('GetHost', () => codeConnections.send(new GetHostCommand({ HostArn: arn })), deadline);
  return String(answer.Status ?? 'UNKNOWN');
}

let catalog: ServiceCatalogClient | undefined;

/**
 * The Service Catalog client, loaded on first use: only stacks with a synced
 * product need it (`require`, as clients.ts loads the Lambda client).
 */
function serviceCatalog(): { client: ServiceCatalogClient; DescribeProductAsAdminCommand: typeof DescribeCommandType } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('@aws-sdk/client-service-catalog') as typeof import('@aws-sdk/client-service-catalog');
  catalog ??= new sdk.ServiceCatalogClient(CLIENT_CONFIG);
  return { client: catalog, DescribeProductAsAdminCommand: sdk.DescribeProductAsAdminCommand };
}

/** One embedded-metric-format record: the value, and the status beside it for people reading the log. */
export function emf(kind: MonitoredKind, arn: string, status: string): Record<string, unknown> {
  const { metricName, dimension, healthy } = HEALTH_METRICS[kind];
  return {
    _aws: {
      Timestamp: Date.now(),
      CloudWatchMetrics: [{ Namespace: HEALTH_NAMESPACE, Dimensions: [[dimension]], Metrics: [{ Name: metricName, Unit: 'None' }] }],
    },
    [dimension]: arn,
    [metricName]: status === healthy ? 1 : 0,
    Status: status,
  };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [];
}
