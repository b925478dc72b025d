import { requireString } from '../core/validation';

/**
 * The scope of an organization-, enterprise- or group-wide webhook
 * (CodeBuild's `ScopeConfiguration`): one project gets the events of every
 * repository in the scope, e.g. the `WORKFLOW_JOB_QUEUED` events of
 * CodeBuild-hosted GitHub Actions runners.
 */
export class WebhookScope {
  /**
   * Every repository of a GitHub (or GitHub Enterprise Server) organization
   * (`GITHUB_ORGANIZATION`).
   *
   * @param name the organization
   */
  public static organization(name: string): WebhookScope {
    return new WebhookScope('GITHUB_ORGANIZATION', requireString('WebhookScope.organization()', 'name', name, "'my-org'"), 'github');
  }

  /**
   * Every repository of a GitHub enterprise (`GITHUB_GLOBAL`). CodeBuild
   * does not create global webhooks itself: create the webhook in GitHub by
   * hand (CodeBuild's "manual webhook").
   *
   * @param name the enterprise
   */
  public static enterprise(name: string): WebhookScope {
    return new WebhookScope('GITHUB_GLOBAL', requireString('WebhookScope.enterprise()', 'name', name, "'my-enterprise'"), 'github');
  }

  /**
   * Every repository of a GitLab (or GitLab self-managed) group
   * (`GITLAB_GROUP`).
   *
   * @param name the group
   */
  public static gitLabGroup(name: string): WebhookScope {
    return new WebhookScope('GITLAB_GROUP', requireString('WebhookScope.gitLabGroup()', 'name', name, "'my-group'"), 'gitlab');
  }

  private constructor(
    /** CodeBuild's scope type, e.g. `GITHUB_ORGANIZATION`. */
    public readonly scope: string,
    /** The organization, enterprise or group. */
    public readonly name: string,
    private readonly family: string,
  ) {}

  /**
   * Whether the scope fits a provider family (github, gitlab, bitbucket).
   *
   * @internal
   */
  public _fits(providerFamily: string): boolean {
    return this.family === providerFamily;
  }
}
