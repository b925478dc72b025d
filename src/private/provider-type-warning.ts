import { Annotations, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { escapeControlCharacters } from '../validation';

/** Warning id of an unknown provider type name (acknowledgeable). */
export const UNKNOWN_PROVIDER_TYPE_WARNING = 'cdk-codeconnections:unknownProviderType';

/**
 * Warns at synth about a provider type name this library does not know
 * (e.g. `Github`): it is passed through, because providers are added over
 * time, but a misspelt one fails only at deploy. Names the closest known one.
 *
 * @param scope the construct that uses the name
 * @param prop the property it was given as
 * @param name the name given
 * @param known the known names with the code that gives them
 */
export function warnIfUnknownProviderType(scope: IConstruct, prop: string, name: string, known: ReadonlyArray<readonly [string, string]>): void {
  if (Token.isUnresolved(name) || known.some(([k]) => k === name)) {
    return;
  }
  const [closest, code] = known
    .map(([k, c]) => [k, c, editDistance(k.toLowerCase(), name.toLowerCase())] as const)
    .reduce((a, b) => (b[2] < a[2] ? b : a));
  Annotations.of(scope).addWarningV2(UNKNOWN_PROVIDER_TYPE_WARNING,
    `${prop} '${escapeControlCharacters(name)}' is not a provider type this library knows (${known.map(([k]) => k).join(', ')}); `
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

/** Known connection provider types and the code that names each. */
export const KNOWN_PROVIDER_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['Bitbucket', 'ProviderType.BITBUCKET'],
  ['GitHub', 'ProviderType.GITHUB'],
  ['GitHubEnterpriseServer', 'ProviderType.GITHUB_ENTERPRISE_SERVER'],
  ['GitLab', 'ProviderType.GITLAB'],
  ['GitLabSelfManaged', 'ProviderType.GITLAB_SELF_MANAGED'],
  ['AzureDevOps', 'ProviderType.AZURE_DEVOPS'],
];
