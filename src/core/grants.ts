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
 * Grants `<namespace>:<action>` (each of `action`, when a list) on each
 * namespaced ARN: one statement per namespace, so no action is ever granted
 * on an ARN of the other namespace.
 */
export function grantInNamespaces(
  grantee: iam.IGrantable,
  action: string | string[],
  arns: NamespacedArn[],
  conditions?: (namespace: ArnNamespace) => Record<string, Record<string, unknown>> | undefined,
): iam.Grant {
  return arns
    .map(({ namespace, arn }) => iam.Grant.addToPrincipal({
      grantee,
      actions: (Array.isArray(action) ? action : [action]).map(a => `${namespace}:${a}`),
      resourceArns: [arn],
      conditions: conditions?.(namespace),
    }))
    .reduce((a, b) => a.combine(b));
}

/** Options that scope down `UseConnection`. */
export interface UseConnectionScope {
  readonly repositories?: string[];
  readonly readOnly?: boolean;
}

/**
 * Condition keys for `UseConnection`, named with the action's own prefix (IAM
 * reads `codeconnections:FullRepositoryId` only for `codeconnections:`
 * actions).
 *
 * - `FullRepositoryId` with StringEquals: the caller always sends it.
 * - `ProviderPermissionsRequired` with StringEqualsIfExists: it denies a
 *   read_write use when the caller declares one, without breaking callers
 *   that do not send the key.
 */
export function useConnectionConditions(scope: UseConnectionScope) {
  return (namespace: ArnNamespace): Record<string, Record<string, unknown>> | undefined => {
    const conditions: Record<string, Record<string, unknown>> = {};
    if (scope.repositories?.length) {
      conditions.StringEquals = {
        [`${namespace}:FullRepositoryId`]: scope.repositories.length === 1 ? scope.repositories[0] : scope.repositories,
      };
    }
    if (scope.readOnly) {
      conditions.StringEqualsIfExists = { [`${namespace}:ProviderPermissionsRequired`]: 'read_only' };
    }
    return Object.keys(conditions).length ? conditions : undefined;
  };
}

/** `owner/repo`, or `group/subgroup/.../repo` for GitLab. */
const FULL_REPOSITORY_ID = /^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/;

/** The rule a repository id breaks, or undefined (tokens pass). */
export function repositoryIdProblem(value: string): string | undefined {
  if (Token.isUnresolved(value) || FULL_REPOSITORY_ID.test(value)) {
    return undefined;
  }
  return 'must be owner/repo (GitLab: group/subgroup/repo), letters, digits, \'-\', \'_\' and \'.\' only';
}

/**
 * A grantee whose statements go into one policy: for grants whose roles are
 * known only later (the policy is attached to them then).
 */
export function policyGrantee(policy: iam.Policy | iam.ManagedPolicy): iam.IGrantable {
  const principal: iam.IPrincipal = {
    get grantPrincipal() {
      return principal;
    },
    assumeRoleAction: 'sts:AssumeRole',
    get policyFragment(): iam.PrincipalPolicyFragment {
      throw new Error(`${policy.node.path} is a policy, not a principal: it cannot be named in a resource policy`);
    },
    addToPrincipalPolicy: statement => {
      policy.addStatements(statement);
      return { statementAdded: true, policyDependable: policy };
    },
  };
  return principal;
}
