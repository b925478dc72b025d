/**
 * Console links where a person finishes what CloudFormation cannot.
 *
 * This module is shared by the constructs (synth-time messages) and by the
 * status-reporter Lambda (deploy-time attributes), so both print the same
 * links. It is pure string work: no AWS SDK, no aws-cdk-lib.
 */
import type { ParsedCodeConnectionsArn } from './arns';

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
 * The page of one connection, where a PENDING connection shows "Update
 * pending connection":
 * `https://REGION.CONSOLE_DOMAIN/codesuite/settings/ACCOUNT/REGION/NAMESPACE/connections/CONNECTION_ID`,
 * every part taken from the ARN (the namespace too: a `codestar-connections`
 * connection lives under `codestar-connections` in the console's path).
 *
 * Not `/codesuite/settings/connections/redirect?connectionArn=...`: that is
 * CodePipeline's revision redirect, which sends the browser on to the
 * provider's commit page.
 */
export function connectionConsoleUrl(arn: ParsedCodeConnectionsArn): string | undefined {
  const origin = consoleOrigin(arn.partition, arn.region);
  return origin && `${origin}/codesuite/settings/${arn.account}/${arn.region}/${arn.namespace}/connections/${encodeURIComponent(arn.resourceId)}`;
}

/**
 * The connections settings page of a region: the fallback when no single
 * ARN is known yet (synth time), and the page where hosts are set up (its
 * Hosts tab: the console has no stable deep link to one host).
 */
export function connectionsListConsoleUrl(partition: string, region: string): string | undefined {
  const origin = consoleOrigin(partition, region);
  return origin && `${origin}/codesuite/settings/connections?region=${encodeURIComponent(region)}`;
}

/**
 * What a person does to set up a host, on the connections settings page of
 * the host's region (`where`): there is no public deep link to one host.
 */
export function hostSetupInstructions(where: string, hostName: string): string {
  return `open ${where}, open the Hosts tab, choose host ${hostName} and choose Set up host`;
}
