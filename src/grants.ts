import { Arn, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ARN_NAMESPACES, ArnNamespace, parseCodeConnectionsArn } from './arns';

/** An ARN as IAM must match it, with the namespace its actions must use. */
export interface NamespacedArn {
  readonly namespace: ArnNamespace;
  readonly arn: string;
}

/**
 * The namespaces IAM must cover for an ARN: the one of a concrete ARN, or
 * both for a token, each with the ARN rewritten into that namespace
 * (partition, region, account and resource id kept).
 */
export function arnsByNamespace(scope: Construct, arn: string): NamespacedArn[] {
  if (!Token.isUnresolved(arn)) {
    const parsed = parseCodeConnectionsArn(arn, 'connection') ?? parseCodeConnectionsArn(arn, 'host');
    if (parsed) {
      return [{ namespace: parsed.namespace, arn }];
    }
  }
  const parts = Stack.of(scope).splitArn(arn, ArnFormat.SLASH_RESOURCE_NAME);
  return ARN_NAMESPACES.map(namespace => ({
    namespace,
    arn: Arn.format({ ...parts, service: namespace, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
  }));
}

/**
 * Grants `<namespace>:<action>` on each namespaced ARN: one statement per
 * namespace, so no action is ever granted on an ARN of the other namespace.
 */
export function grantInNamespaces(
  grantee: iam.IGrantable,
  action: string,
  arns: NamespacedArn[],
  conditions?: Record<string, Record<string, unknown>>,
): iam.Grant {
  return arns
    .map(({ namespace, arn }) => iam.Grant.addToPrincipal({
      grantee,
      actions: [`${namespace}:${action}`],
      resourceArns: [arn],
      conditions,
    }))
    .reduce((a, b) => a.combine(b));
}
