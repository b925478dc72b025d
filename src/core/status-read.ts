/**
 * Read-only access to the status of every connection and host of a stack's
 * account and region, in both ARN namespaces: the one constant policy of
 * the status reporter and of the health publisher, whatever the number of
 * connections (a statement per ARN would outgrow IAM's policy size limit).
 * IAM matches the action prefix against the ARN's namespace, and connections
 * and hosts exist in both, so both prefixes on both namespaces. The
 * deliberate wildcard arrives acknowledged for cdk-nag (core/nag.ts).
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ARN_NAMESPACES } from './arns';
import { ACCOUNT_WIDE_READ_FINDINGS, acknowledgeScannerFindings, nagArnPrefix } from './nag';

/**
 * Adds `ReadConnectionStatus` (GetConnection) and `ReadHostStatus` (GetHost)
 * to the policy, and the acknowledgement of the wildcard with `reason`
 * (which names who reads, and why the wildcard).
 */
export function allowAccountWideStatusRead(policy: iam.ManagedPolicy, stack: Stack, reason: string): void {
  const exactFindings: string[] = [];
  for (const [sid, action, resource] of [
    ['ReadConnectionStatus', 'GetConnection', 'connection'],
    ['ReadHostStatus', 'GetHost', 'host'],
  ]) {
    policy.addStatements(new iam.PolicyStatement({
      sid,
      actions: ARN_NAMESPACES.map(ns => `${ns}:${action}`),
      resources: ARN_NAMESPACES.map(ns => stack.formatArn({ service: ns, resource, resourceName: '*' })),
    }));
    exactFindings.push(...ARN_NAMESPACES.map(ns => `${nagArnPrefix(stack, ns)}${resource}/*`));
  }
  acknowledgeScannerFindings(policy, [{ id: 'AwsSolutions-IAM5', reason, appliesTo: [ACCOUNT_WIDE_READ_FINDINGS], exactFindings }]);
}
