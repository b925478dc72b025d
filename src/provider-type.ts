import { Token } from 'aws-cdk-lib';
import { escapeControlCharacters } from './validation';

/**
 * A third-party source provider a connection links to.
 *
 * An enum-like class: AWS adds providers over time, and `ProviderType.of()`
 * lets you use one before this library names it.
 */
export class ProviderType {
  /** Bitbucket Cloud (bitbucket.org). */
  public static readonly BITBUCKET = new ProviderType('Bitbucket', false);
  /** GitHub.com, including GitHub Enterprise Cloud. */
  public static readonly GITHUB = new ProviderType('GitHub', false);
  /** GitHub Enterprise Server: an installed provider, the connection needs a `Host`. */
  public static readonly GITHUB_ENTERPRISE_SERVER = new ProviderType('GitHubEnterpriseServer', true);
  /** GitLab.com. */
  public static readonly GITLAB = new ProviderType('GitLab', false);
  /** GitLab self-managed: an installed provider, the connection needs a `Host`. */
  public static readonly GITLAB_SELF_MANAGED = new ProviderType('GitLabSelfManaged', true);
  /** Azure DevOps. */
  public static readonly AZURE_DEVOPS = new ProviderType('AzureDevOps', false);

  /**
   * A provider type by its CodeConnections API name (e.g. `GitHub`).
   *
   * Known names return the matching constant, so the host rules apply to
   * them; unknown names are passed through unchecked.
   *
   * @param name the `ProviderType` value of the CodeConnections API
   */
  public static of(name: string): ProviderType {
    if (!Token.isUnresolved(name) && !/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name)) {
      throw new Error(`ProviderType.of(): '${escapeControlCharacters(name)}' is not a provider type name; use the CodeConnections API value, letters and digits only, e.g. 'GitHub' or 'GitLabSelfManaged'.`);
    }
    return KNOWN.find(p => p.name === name) ?? new ProviderType(name, undefined);
  }

  /**
   * Whether connections of this type run against a `Host` (installed
   * providers). Undefined for a type this library does not know.
   */
  public readonly requiresHost?: boolean;

  /**
   * @param name the CodeConnections API value
   * @param requiresHost whether the provider is installed and needs a host
   */
  private constructor(
    /** The CodeConnections API value, e.g. `GitHub`. */
    public readonly name: string,
    requiresHost: boolean | undefined,
  ) {
    this.requiresHost = requiresHost;
  }

  /** The API value. */
  public toString(): string {
    return this.name;
  }
}

const KNOWN = [
  ProviderType.BITBUCKET,
  ProviderType.GITHUB,
  ProviderType.GITHUB_ENTERPRISE_SERVER,
  ProviderType.GITLAB,
  ProviderType.GITLAB_SELF_MANAGED,
  ProviderType.AZURE_DEVOPS,
];
