/**
 * The one table of provider types, shared by `ProviderType` and
 * `HostProviderType`: names, which are installed (need a host), the name
 * check of `of()`, and the synth warning for names the table lacks.
 */
import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { quote, requireString } from './validation';

interface ProviderTypeInfo {
  /** The CodeConnections API value. */
  readonly name: string;
  /** The constant's name in `ProviderType` (and `HostProviderType` for installed ones). */
  readonly constant: string;
  /** Installed providers run against a host. */
  readonly requiresHost: boolean;
}

const PROVIDER_TYPES: readonly ProviderTypeInfo[] = [
  { name: 'Bitbucket', constant: 'BITBUCKET', requiresHost: false },
  { name: 'GitHub', constant: 'GITHUB', requiresHost: false },
  { name: 'GitHubEnterpriseServer', constant: 'GITHUB_ENTERPRISE_SERVER', requiresHost: true },
  { name: 'GitLab', constant: 'GITLAB', requiresHost: false },
  { name: 'GitLabSelfManaged', constant: 'GITLAB_SELF_MANAGED', requiresHost: true },
  { name: 'AzureDevOps', constant: 'AZURE_DEVOPS', requiresHost: false },
];

/** Whether `name` is an installed provider; undefined for a name the table lacks. */
export function requiresHost(name: string): boolean | undefined {
  return PROVIDER_TYPES.find(p => p.name === name)?.requiresHost;
}

/** Known names with the code that names each, for connections or for hosts. */
export function knownProviderTypes(forHosts: boolean): ReadonlyArray<readonly [string, string]> {
  return PROVIDER_TYPES
    .filter(p => !forHosts || p.requiresHost)
    .map(p => [p.name, `${forHosts ? 'HostProviderType' : 'ProviderType'}.${p.constant}`] as const);
}

/** Checks the shape of a name given to `of()` (tokens pass). */
export function checkProviderTypeName(api: string, name: string, example: string): void {
  requireString(api, 'name', name, example);
  if (!Token.isUnresolved(name) && !/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name)) {
    throw new Error(`${api}: ${quote(name)} is not a provider type name; use the CodeConnections API value, letters and digits only, e.g. ${example}.`);
  }
  // Any case: 'Github' is no more a host provider than 'GitHub'.
  const cloud = PROVIDER_TYPES.find(p => !p.requiresHost && p.name.toLowerCase() === name.toLowerCase());
  if (api.startsWith('HostProviderType') && cloud) {
    throw new Error(`${api}: '${name}' is a cloud provider${cloud.name === name ? '' : ` (${cloud.name})`} and has no hosts; create a Connection with ProviderType.${cloud.constant} and no host.`);
  }
}

/** Warning id of an unknown provider type name (acknowledgeable). */
export const UNKNOWN_PROVIDER_TYPE_WARNING = 'cdk-codeconnections:unknownProviderType';

/**
 * Warns at synth about a provider type name the table lacks (e.g.
 * `Github`): it is passed through, because providers are added over time,
 * but a misspelt one fails only at deploy. Names the closest known one.
 */
export function warnIfUnknownProviderType(scope: IConstruct, prop: string, name: string, forHosts: boolean): void {
  const known = knownProviderTypes(forHosts);
  if (Token.isUnresolved(name) || known.some(([k]) => k === name)) {
    return;
  }
  const [closest, code] = known
    .map(([k, c]) => [k, c, editDistance(k.toLowerCase(), name.toLowerCase())] as const)
    .reduce((a, b) => (b[2] < a[2] ? b : a));
  Annotations.of(scope).addWarningV2(UNKNOWN_PROVIDER_TYPE_WARNING,
    `${prop} ${quote(name)} is not a provider type this library knows (${known.map(([k]) => k).join(', ')}); `
    + `did you mean '${closest}' (${code})? Unknown names are passed to CloudFormation as they are, for providers added after this release, `
    + 'and a wrong one fails only at deploy. Names are case-sensitive.');
}

/** Levenshtein distance: small strings, small lists. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
