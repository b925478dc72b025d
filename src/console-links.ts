/**
 * Console links where a person finishes what CloudFormation cannot do.
 *
 * This module is shared by the constructs (synth-time messages) and by the
 * status-reporter Lambda (deploy-time attributes), so both print the same
 * links. It is pure string work: no AWS SDK, no aws-cdk-lib.
 */

/** Console domain per partition. Partitions without a public console are absent. */
const CONSOLE_DOMAINS: Record<string, string> = {
  'aws': 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

/**
 * The console origin of a partition and region, e.g.
 * `https://eu-west-1.console.aws.amazon.com`, or undefined when the
 * partition has no console we know of (isolated partitions).
 */
export function consoleOrigin(partition: string, region: string): string | undefined {
  const domain = CONSOLE_DOMAINS[partition];
  return domain ? `https://${region}.${domain}` : undefined;
}

/**
 * The page that opens one connection; a PENDING connection shows
 * "Update pending connection" there.
 */
export function connectionConsoleUrl(partition: string, region: string, connectionArn: string): string | undefined {
  const origin = consoleOrigin(partition, region);
  return origin && `${origin}/codesuite/settings/connections/redirect?connectionArn=${encodeURIComponent(connectionArn)}`;
}

/** The list of connections in a region (used when no single ARN is known yet). */
export function connectionsListConsoleUrl(partition: string, region: string): string | undefined {
  const origin = consoleOrigin(partition, region);
  return origin && `${origin}/codesuite/settings/connections?region=${encodeURIComponent(region)}`;
}

/**
 * The list of hosts in a region; a PENDING host shows "Set up host" once
 * selected. The console has no stable deep link to one host, so the
 * message that carries this link also names the host.
 */
export function hostsListConsoleUrl(partition: string, region: string): string | undefined {
  const origin = consoleOrigin(partition, region);
  return origin && `${origin}/codesuite/settings/hosts?region=${encodeURIComponent(region)}`;
}
