/**
 * What the rehearsal plays of CodePipeline: the checks it makes of a
 * pipeline's Triggers when CloudFormation creates or updates it, and which
 * pipelines a Git event starts, with the branch each run reads.
 *
 * Written from AWS's documentation, never from src/:
 * - API reference (PipelineTriggerDeclaration, GitConfiguration,
 *   GitPushFilter, GitPullRequestFilter): a trigger names a source action of
 *   the pipeline, one trigger per source action, CodeStarSourceConnection
 *   only.
 * - User guide, "Automate starting pipelines using triggers and filtering"
 *   and "Filter triggers on code push or pull requests": filters of a
 *   trigger are OR'ed, criteria inside a filter AND'ed; excludes take
 *   precedence over includes (history, March 2026); a push run reads the
 *   pushed (destination) branch, a pull request run the pull request's
 *   source branch; a source without a trigger starts on pushes to its
 *   BranchName unless DetectChanges is false.
 * - "Working with glob patterns in syntax": `*` within a path segment, `**`
 *   across segments, `?` one character, `[...]` (with `!` to negate), `{a,b}`,
 *   `\` escapes.
 *
 * The guide does not say how several changed files meet a file path
 * filter; the rehearsal reads it as most CI systems do: the filter matches
 * when at least one changed file is included and not excluded.
 */

/** A Git event in the repository, as the provider reports it to CodePipeline. */
export type GitEvent =
  | { readonly kind: 'push'; readonly repository: string; readonly branch: string; readonly files: string[] }
  | { readonly kind: 'tag'; readonly repository: string; readonly tag: string }
  | {
    readonly kind: 'pullRequest';
    readonly repository: string;
    readonly event: 'OPEN' | 'UPDATED' | 'CLOSED';
    readonly sourceBranch: string;
    readonly destinationBranch: string;
    readonly files: string[];
  };

/** A run a Git event starts: the pipeline, its source action, and the branch the run reads (none for a tag). */
export interface StartedRun {
  readonly pipeline: string;
  readonly action: string;
  readonly branch?: string;
}

/** CodePipeline's glob: `*` stays in a segment, `**` crosses them; groups do not nest. */
export function codePipelineGlob(pattern: string, value: string): boolean {
  let re = '';
  let group = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      re += escapeRegex(pattern[++i] ?? '');
    } else if (c === '*') {
      const across = pattern[i + 1] === '*';
      re += across ? '.*' : '[^/]*';
      i += across ? 1 : 0;
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        throw new Error(`CodePipeline glob ${pattern}: '[' not closed`);
      }
      const set = pattern.slice(i + 1, end);
      const negate = set.startsWith('!');
      re += `[${negate ? '^' : ''}${(negate ? set.slice(1) : set).replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{' && !group) {
      re += '(?:';
      group = true;
    } else if (c === '}' && group) {
      re += ')';
      group = false;
    } else if (c === ',' && group) {
      re += '|';
    } else {
      re += escapeRegex(c);
    }
  }
  if (group) {
    throw new Error(`CodePipeline glob ${pattern}: '{' not closed`);
  }
  return new RegExp(`^${re}$`).test(value);
}

function escapeRegex(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

interface Criteria {
  readonly Includes?: string[];
  readonly Excludes?: string[];
}

/** One value against include/exclude patterns: excludes win; no includes means any. */
function passes(criteria: Criteria | undefined, value: string): boolean {
  if (!criteria) {
    return true;
  }
  if ((criteria.Excludes ?? []).some(p => codePipelineGlob(p, value))) {
    return false;
  }
  return criteria.Includes === undefined || criteria.Includes.some(p => codePipelineGlob(p, value));
}

/** Changed files against a file path criteria: at least one file included and not excluded. */
function filesPass(criteria: Criteria | undefined, files: string[]): boolean {
  return criteria === undefined || files.some(f => passes(criteria, f));
}

/**
 * The checks CodePipeline makes of a pipeline's Triggers on create and
 * update, as the reasons CloudFormation would show (texts are the
 * rehearsal's; the exception name is the API's).
 */
export function triggerProblems(properties: Record<string, any>): string[] {
  const problems: string[] = [];
  const sources = (properties.Stages?.[0]?.Actions ?? []) as any[];
  const seen = new Set<string>();
  for (const trigger of (properties.Triggers ?? []) as any[]) {
    const name = trigger.GitConfiguration?.SourceActionName;
    const action = sources.find(a => a.Name === name);
    if (trigger.ProviderType !== 'CodeStarSourceConnection') {
      problems.push(`InvalidStructureException: trigger provider ${trigger.ProviderType} is not CodeStarSourceConnection`);
    } else if (!action) {
      problems.push(`InvalidStructureException: trigger source action ${name} is not a source action of the pipeline`);
    } else if (action.ActionTypeId?.Provider !== 'CodeStarSourceConnection') {
      problems.push(`InvalidStructureException: trigger source action ${name} is a ${action.ActionTypeId?.Provider} action, not CodeStarSourceConnection`);
    }
    if (seen.has(name)) {
      problems.push(`InvalidStructureException: more than one trigger for source action ${name}`);
    }
    seen.add(name);
  }
  return problems;
}

/**
 * The runs an event starts across the deployed pipelines (logical id ->
 * properties, resolved): per source action of the event's repository, its
 * trigger's filters, or without a trigger, a push to its BranchName.
 */
export function runsStartedBy(pipelines: ReadonlyMap<string, Record<string, any>>, event: GitEvent): StartedRun[] {
  const runs: StartedRun[] = [];
  for (const [pipeline, p] of pipelines) {
    for (const action of (p.Stages?.[0]?.Actions ?? []) as any[]) {
      const config = action.Configuration ?? {};
      if (action.ActionTypeId?.Provider !== 'CodeStarSourceConnection' || config.FullRepositoryId !== event.repository) {
        continue;
      }
      const trigger = ((p.Triggers ?? []) as any[]).find(t => t.GitConfiguration?.SourceActionName === action.Name);
      const git = trigger?.GitConfiguration;
      let branch: string | undefined | null = null; // null: not started
      if (!git) {
        if (event.kind === 'push' && config.DetectChanges !== false && config.DetectChanges !== 'false' && event.branch === config.BranchName) {
          branch = event.branch;
        }
      } else if (event.kind === 'push') {
        const match = ((git.Push ?? []) as any[])
          .some(f => !f.Tags && f.Branches && passes(f.Branches, event.branch) && filesPass(f.FilePaths, event.files));
        branch = match ? event.branch : null;
      } else if (event.kind === 'tag') {
        const match = ((git.Push ?? []) as any[]).some(f => f.Tags && passes(f.Tags, event.tag));
        branch = match ? undefined : null;
      } else {
        const match = ((git.PullRequest ?? []) as any[]).some(f =>
          (f.Events ?? ['OPEN', 'UPDATED', 'CLOSED']).includes(event.event)
          && passes(f.Branches, event.destinationBranch) && filesPass(f.FilePaths, event.files));
        branch = match ? event.sourceBranch : null;
      }
      if (branch !== null) {
        runs.push({ pipeline, action: action.Name, branch });
      }
    }
  }
  return runs;
}
