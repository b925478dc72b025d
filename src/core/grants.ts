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
 * The namespaces IAM must cover for an ARN: the one of a concrete ARN, the
 * one known for a token (a connection or host this app creates:
 * `knownNamespace`), or else both, each with the ARN rewritten into that
 * namespace (partition, region, account and resource id kept).
 */
export function arnsByNamespace(scope: Construct, arn: string, knownNamespace?: ArnNamespace): NamespacedArn[] {
  if (!Token.isUnresolved(arn)) {
    const parsed = parseCodeConnectionsArn(arn, 'connection') ?? parseCodeConnectionsArn(arn, 'host');
    if (parsed) {
      return [{ namespace: parsed.namespace, arn }];
    }
  }
  if (knownNamespace) {
    return [{ namespace: knownNamespace, arn }];
  }
  const parts = Stack.of(scope).splitArn(arn, ArnFormat.SLASH_RESOURCE_NAME);
  return ARN_NAMESPACES.map(namespace => ({
    namespace,
    arn: Arn.format({ ...parts, service: namespace, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
  }));
}

/**
 * Grants `<namespace>:<action>` (each of `action`, when a list) on each
 * namespaced ARN.
 *
 * Without conditions, one statement names every namespace's actions and
 * ARNs: IAM matches an action's prefix against the resource's service, so a
 * `codeconnections:` action never applies to a `codestar-connections` ARN,
 * and one statement is half the policy size of two. With conditions, one
 * statement per namespace: condition keys carry the prefix
 * (`codeconnections:FullRepositoryId`), and one statement would require the
 * keys of both prefixes, which no request sends.
 */
export function grantInNamespaces(
  grantee: iam.IGrantable,
  action: string | string[],
  arns: NamespacedArn[],
  conditions?: (namespace: ArnNamespace) => Record<string, Record<string, unknown>> | undefined,
): iam.Grant {
  const actions = (namespace: ArnNamespace) => (Array.isArray(action) ? action : [action]).map(a => `${namespace}:${a}`);
  if (arns.length > 1 && arns.every(a => conditions?.(a.namespace) === undefined)) {
    return iam.Grant.addToPrincipal({ grantee, actions: arns.flatMap(a => actions(a.namespace)), resourceArns: arns.map(a => a.arn) });
  }
  return arns
    .map(({ namespace, arn }) => iam.Grant.addToPrincipal({
      grantee,
      actions: actions(namespace),
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
 * The namespace of a connection's or host's ARN when it is a token the
 * library knows the namespace of: `AWS::CodeConnections::Connection` and
 * `AWS::CodeConnections::Host` are created through the codeconnections API,
 * whose resources carry `codeconnections` ARNs ("Creating a resource under
 * the new service prefix will use codeconnections in the resource ARN",
 * Developer Tools console guide, "Service prefix rename").
 */
export function knownArnNamespace(resource: unknown): ArnNamespace | undefined {
  return (resource as { _arnNamespace?: ArnNamespace } | undefined)?._arnNamespace;
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

/**
 * Providers whose repository owner is one name: a GitHub or GitHub
 * Enterprise Server user or organization, a Bitbucket workspace. GitLab's
 * owners are group paths (`group/subgroup`); Azure DevOps is not checked
 * (how its FullRepositoryId is made is not documented where this library
 * could check it).
 */
const SINGLE_NAME_OWNERS: Record<string, string> = {
  GitHub: 'a GitHub user or organization',
  GitHubEnterpriseServer: 'a GitHub Enterprise Server user or organization',
  Bitbucket: 'a Bitbucket workspace',
};

/** The provider type of a connection, when the library knows it (a connection of this app). */
export function providerTypeName(connection: unknown): string | undefined {
  const type = (connection as { providerType?: { name?: unknown } } | undefined)?.providerType?.name;
  return typeof type === 'string' ? type : undefined;
}

/**
 * The rule an owner breaks for a provider (tokens pass): a GitHub or
 * Bitbucket owner holds no '/', so `owner: 'my-org/my-app'` with
 * `repo: 'my-app'` would make FullRepositoryId `my-org/my-app/my-app`.
 */
export function ownerProblem(providerType: string | undefined, owner: string, repo?: string): string | undefined {
  const kind = providerType === undefined ? undefined : SINGLE_NAME_OWNERS[providerType];
  if (kind === undefined || Token.isUnresolved(owner) || !owner.includes('/')) {
    return undefined;
  }
  const [first, ...rest] = owner.split('/');
  const hint = repo !== undefined && rest.join('/') === repo
    ? `; it ends with the repository: pass owner: '${first}' and repo: '${repo}'`
    : `; pass owner: '${first}' (the repository goes in repo)`;
  return `holds a '/', but the owner of a ${providerType} repository is one name (${kind}); only GitLab owners are group/subgroup paths${hint}`;
}

/** The same rule for an `owner/repo` id (`grantUse({ repositories })`, `ConnectionSource.of()`). */
export function repositoryOwnerProblem(providerType: string | undefined, fullRepositoryId: string): string | undefined {
  if (Token.isUnresolved(fullRepositoryId)) {
    return undefined;
  }
  const parts = fullRepositoryId.split('/');
  return parts.length > 2 ? ownerProblem(providerType, parts.slice(0, -1).join('/'), parts[parts.length - 1]) : undefined;
}

/**
 * The rule an `owner/repo` id used with a connection breaks, or undefined
 * (tokens pass): its shape, then the owner rule of the connection's provider.
 */
export function connectionRepositoryProblem(connection: unknown, fullRepositoryId: string): string | undefined {
  return repositoryIdProblem(fullRepositoryId) ?? repositoryOwnerProblem(providerTypeName(connection), fullRepositoryId);
}
