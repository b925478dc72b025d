import { checkProviderTypeName, requiresHost } from '../core/provider-types';

/**
 * A third-party source provider a connection links to.
 *
 * An enum-like class: AWS adds providers over time, and `ProviderType.of()`
 * lets you use one before this library names it.
 */
export class ProviderType {
  /** Bitbucket Cloud (bitbucket.org). */
  public static readonly BITBUCKET = new ProviderType('Bitbucket');
  /** GitHub.com, including GitHub Enterprise Cloud. */
  public static readonly GITHUB = new ProviderType('GitHub');
  /** GitHub Enterprise Server: an installed provider, the connection needs a `Host`. */
  public static readonly GITHUB_ENTERPRISE_SERVER = new ProviderType('GitHubEnterpriseServer');
  /** GitLab.com. */
  public static readonly GITLAB = new ProviderType('GitLab');
  /** GitLab self-managed: an installed provider, the connection needs a `Host`. */
  public static readonly GITLAB_SELF_MANAGED = new ProviderType('GitLabSelfManaged');
  /** Azure DevOps. */
  public static readonly AZURE_DEVOPS = new ProviderType('AzureDevOps');

  /**
   * A provider type by its CodeConnections API name (e.g. `GitHub`).
   *
   * Known names return the matching constant, so the host rules apply to
   * them; unknown names are passed through, with a synth warning that names
   * the closest known type.
   *
   * @param name the `ProviderType` value of the CodeConnections API
   */
  public static of(name: string): ProviderType {
    checkProviderTypeName('ProviderType.of()', name, "'GitHub' or 'GitLabSelfManaged'");
    return KNOWN_PROVIDER_TYPES.find(p => p.name === name) ?? new ProviderType(name);
  }

  /**
   * Whether connections of this type run against a `Host` (installed
   * providers). Undefined for a type this library does not know.
   */
  public readonly requiresHost?: boolean;

  /**
   * @param name the CodeConnections API value
   */
  private constructor(
    /** The CodeConnections API value, e.g. `GitHub`. */
    public readonly name: string,
  ) {
    this.requiresHost = requiresHost(name);
  }

  /** The API value. */
  public toString(): string {
    return this.name;
  }
}

const KNOWN_PROVIDER_TYPES = [
  ProviderType.BITBUCKET,
  ProviderType.GITHUB,
  ProviderType.GITHUB_ENTERPRISE_SERVER,
  ProviderType.GITLAB,
  ProviderType.GITLAB_SELF_MANAGED,
  ProviderType.AZURE_DEVOPS,
];

/**
 * The provider a host runs: an installed (self-hosted) provider.
 *
 * An enum-like class, so providers added later can be used through `of()`.
 */
export class HostProviderType {
  /** GitHub Enterprise Server. */
  public static readonly GITHUB_ENTERPRISE_SERVER = new HostProviderType(ProviderType.GITHUB_ENTERPRISE_SERVER.name);
  /** GitLab self-managed. */
  public static readonly GITLAB_SELF_MANAGED = new HostProviderType(ProviderType.GITLAB_SELF_MANAGED.name);

  /**
   * A host provider type by its CodeConnections API name.
   *
   * Cloud providers (GitHub, Bitbucket, GitLab, AzureDevOps) are rejected:
   * their connections need no host. Unknown names are passed through, with
   * a synth warning that names the closest known type.
   *
   * @param name the `ProviderType` value of the CodeConnections API
   */
  public static of(name: string): HostProviderType {
    checkProviderTypeName('HostProviderType.of()', name, "'GitHubEnterpriseServer'");
    return [HostProviderType.GITHUB_ENTERPRISE_SERVER, HostProviderType.GITLAB_SELF_MANAGED].find(p => p.name === name)
      ?? new HostProviderType(name);
  }

  /**
   * @param name the CodeConnections API value
   */
  private constructor(
    /** The CodeConnections API value, e.g. `GitHubEnterpriseServer`. */
    public readonly name: string,
  ) {}

  /** The API value. */
  public toString(): string {
    return this.name;
  }
}
