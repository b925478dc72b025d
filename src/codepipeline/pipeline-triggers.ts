/**
 * Trigger filters of a connection source: a V2 pipeline starts on the pushes
 * and pull requests that match (CodePipeline's `GitConfiguration`).
 *
 * The library writes the trigger itself, into the pipeline's `Triggers`
 * after those aws-cdk-lib renders: at the floor (2.138) aws-cdk-lib's
 * `Trigger` takes tag filters only, and CDK Pipelines has no trigger option
 * at any version (aws/aws-cdk#35379), so a filter on the source is the one
 * way that works for both. Its rules are CodePipeline's (the API
 * reference's limits, the user guide's valid combinations and glob syntax),
 * checked at synth with the action's own path.
 */
import { CfnResource, IResolveContext, Lazy, Token } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { Construct, IConstruct } from 'constructs';
import { PullRequestEvent, PullRequestFilter, PushFilter } from './triggers';
import { show, validationError } from '../core/validation';

/** CodePipeline's limits (API reference: GitConfiguration, Git*FilterCriteria, GitPullRequestFilter). */
const TRIGGER_LIMITS = { filters: 3, patterns: 8, patternLength: 255, triggersPerPipeline: 50 };

type Criteria = 'branches' | 'filePaths' | 'tags';

/** A list as CloudFormation gets it: an empty list is left out (as aws-cdk-lib's Trigger does). */
function given<T>(list: T[] | undefined): T[] | undefined {
  return Array.isArray(list) && list.length === 0 ? undefined : list;
}

/** The filters' problems, each a sentence naming the filter, the value and the rule; empty when none. */
function triggerFilterProblems(push: PushFilter[] | undefined, pullRequest: PullRequestFilter[] | undefined): string[] {
  if (given(push) === undefined && given(pullRequest) === undefined) {
    return ['pushFilter and pullRequestFilter are both empty: give at least one filter, or leave both out for a push to the branch to start the pipeline'];
  }
  const problems: string[] = [];
  for (const [name, filters] of [['pushFilter', given(push)], ['pullRequestFilter', given(pullRequest)]] as const) {
    if (filters === undefined) {
      continue;
    }
    if (!Array.isArray(filters) || filters.length > TRIGGER_LIMITS.filters) {
      problems.push(`${name} must be a list of at most ${TRIGGER_LIMITS.filters} filters (CodePipeline's limit per trigger), got ${Array.isArray(filters) ? filters.length : typeof filters}; combine their patterns (a filter takes up to ${TRIGGER_LIMITS.patterns} per list)`);
      continue;
    }
    filters.forEach((f, i) => {
      if (typeof f !== 'object' || f === null) {
        problems.push(`${name}[${i}] must be a filter object, got ${JSON.stringify(f)}`);
        return;
      }
      problems.push(...filterProblems(`${name}[${i}]`, f as PushFilter & PullRequestFilter, name === 'pushFilter'));
    });
    const rendered = filters.map(f => JSON.stringify(f));
    rendered.forEach((r, i) => {
      if (rendered.indexOf(r) !== i) {
        problems.push(`${name}[${i}] is the same filter as ${name}[${rendered.indexOf(r)}] (CloudFormation requires unique filters)`);
      }
    });
  }
  return problems;
}

function filterProblems(where: string, f: PushFilter & PullRequestFilter, push: boolean): string[] {
  const problems: string[] = [];
  const has = (c: Criteria) => given(f[`${c}Includes`]) !== undefined || given(f[`${c}Excludes`]) !== undefined;
  for (const c of (push ? ['branches', 'filePaths', 'tags'] : ['branches', 'filePaths']) as Criteria[]) {
    for (const side of ['Includes', 'Excludes']) {
      problems.push(...patternProblems(`${where}.${c}${side}`, given((f as any)[`${c}${side}`])));
    }
  }
  if (!push && has('tags')) {
    problems.push(`${where}: a pull request filter has no tags (only branches, file paths and events)`);
  }
  if (push) {
    if (f.events !== undefined) {
      problems.push(`${where}: a push filter has no events (they belong to a pullRequestFilter)`);
    }
    if (has('tags') && (has('branches') || has('filePaths'))) {
      problems.push(`${where}: tags cannot be combined with branches or file paths in one push filter (CodePipeline's valid combinations: tags; branches; branches and file paths); put the tags in a filter of their own`);
    } else if (!has('tags') && !has('branches')) {
      problems.push(`${where}: a push filter needs branches or tags${has('filePaths') ? ' (file paths go with branches)' : ''}, e.g. { branchesIncludes: ['main'] }`);
    }
  } else {
    if (!has('branches')) {
      problems.push(`${where}: a pull request filter needs branches (the pull request's destination), e.g. { branchesIncludes: ['main'] }`);
    }
    const events = given(f.events as unknown[] | undefined);
    if (events !== undefined) {
      const valid = Object.values(PullRequestEvent) as string[];
      if (!Array.isArray(events)) {
        problems.push(`${where}.events must be a list of ${valid.join(', ')}; leave it out for all three`);
      } else {
        const bad = events.filter(e => !valid.includes(e as string));
        if (bad.length) {
          problems.push(`${where}.events: ${bad.map(e => (typeof e === 'string' ? `'${e}'` : JSON.stringify(e))).join(', ')} ${bad.length > 1 ? 'are' : 'is'} not a pull request event: use PullRequestEvent.OPEN, UPDATED or CLOSED`);
        }
      }
    }
  }
  return problems;
}

/** A criteria list: at most 8 distinct patterns of 1-255 characters, each a well-formed glob (tokens pass). */
function patternProblems(where: string, patterns: unknown): string[] {
  if (patterns === undefined) {
    return [];
  }
  if (!Array.isArray(patterns) || patterns.length > TRIGGER_LIMITS.patterns) {
    return [`${where} must list at most ${TRIGGER_LIMITS.patterns} patterns (CodePipeline's limit), got ${Array.isArray(patterns) ? patterns.length : typeof patterns}; a glob such as 'release/*' or '{a,b}/**' covers several`];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const p of patterns) {
    if (typeof p !== 'string') {
      problems.push(`${where}: ${JSON.stringify(p)} is not a string`);
      continue;
    }
    if (Token.isUnresolved(p)) {
      continue;
    }
    if (seen.has(p)) {
      problems.push(`${where} lists ${show(p)} twice (CloudFormation requires unique items): remove one`);
    }
    seen.add(p);
    const glob = globProblem(p);
    if (glob) {
      problems.push(`${where}: pattern ${show(p)} ${glob} (CodePipeline's glob syntax; a '\\' before a character matches it literally)`);
    }
  }
  return problems;
}

/**
 * The rule a glob pattern breaks (CodePipeline user guide, "Working with
 * glob patterns in syntax"): 1-255 characters; a `\` escapes the next
 * character, so it cannot end the pattern; `[...]` closed and not empty
 * (inside it `*`, `?` and `\` are themselves); `{...}` closed, not empty and
 * not nested ("groups cannot be nested"); no white space at either end (no
 * branch, tag or path has it there, so such a pattern never matches).
 */
export function globProblem(pattern: string): string | undefined {
  if (pattern.length < 1 || pattern.length > TRIGGER_LIMITS.patternLength) {
    return `must be 1-${TRIGGER_LIMITS.patternLength} characters long`;
  }
  if (pattern !== pattern.trim()) {
    return 'has white space at an end, which no branch, tag or path has: the pattern would never match';
  }
  let bracketStart = -1;
  let groupOpen = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (bracketStart >= 0) {
      if (c === ']') {
        if (i === bracketStart + 1) {
          return "has an empty '[]', which matches nothing";
        }
        bracketStart = -1;
      }
      continue;
    }
    if (c === '\\') {
      if (i === pattern.length - 1) {
        return "ends with '\\', which escapes nothing";
      }
      i++;
    } else if (c === '[') {
      bracketStart = i;
    } else if (c === '{') {
      if (groupOpen) {
        return "nests a '{' group in another, which CodePipeline's glob syntax does not allow";
      }
      groupOpen = true;
      if (pattern[i + 1] === '}') {
        return "has an empty '{}'";
      }
    } else if (c === '}') {
      if (!groupOpen) {
        return "closes a '}' it never opened";
      }
      groupOpen = false;
    }
  }
  if (bracketStart >= 0) {
    return "opens a '[' it never closes";
  }
  if (groupOpen) {
    return "opens a '{' it never closes";
  }
  return undefined;
}

/**
 * CloudFormation's GitConfiguration of one source action, as the L1 takes it
 * (camelCase). As aws-cdk-lib's `Trigger` renders it: empty lists are left
 * out, and a pull request filter without events lists all three, each once.
 */
function renderGitConfiguration(
  actionName: string, push: PushFilter[] | undefined, pullRequest: PullRequestFilter[] | undefined,
): codepipeline.CfnPipeline.GitConfigurationProperty {
  const criteria = (includes?: string[], excludes?: string[]) =>
    (given(includes) || given(excludes) ? { includes: given(includes), excludes: given(excludes) } : undefined);
  const allEvents = Object.values(PullRequestEvent);
  return {
    sourceActionName: actionName,
    push: given(push)?.map(f => ({
      branches: criteria(f.branchesIncludes, f.branchesExcludes),
      filePaths: criteria(f.filePathsIncludes, f.filePathsExcludes),
      tags: criteria(f.tagsIncludes, f.tagsExcludes),
    })),
    pullRequest: given(pullRequest)?.map(f => ({
      branches: criteria(f.branchesIncludes, f.branchesExcludes),
      filePaths: criteria(f.filePathsIncludes, f.filePathsExcludes),
      events: [...new Set(given(f.events) ?? allEvents)],
    })),
  };
}

/** Construct id, under the pipeline, of the library's triggers (no resource). */
const TRIGGERS_ID = 'CodeConnectionsTriggers';

/**
 * The library's triggers of one pipeline, written into the L1's `Triggers`
 * after aws-cdk-lib's own (read at synth, so actions added later count).
 */
class PipelineTriggers extends Construct {
  public static of(pipeline: codepipeline.IPipeline): PipelineTriggers {
    return pipeline.node.tryFindChild(TRIGGERS_ID) as PipelineTriggers ?? new PipelineTriggers(pipeline, TRIGGERS_ID);
  }

  private readonly triggers: Array<{ actionScope: IConstruct; configuration: codepipeline.CfnPipeline.GitConfigurationProperty }> = [];

  private constructor(private readonly pipeline: codepipeline.IPipeline, id: string) {
    super(pipeline, id);
    const cfn = pipeline.node.defaultChild as codepipeline.CfnPipeline;
    const theirs = cfn.triggers;
    // Uncached, with the resolve context: theirs is resolved inside ours,
    // and actions may still be added after the first resolution.
    cfn.triggers = Lazy.uncachedAny({
      produce: (context: IResolveContext) => {
        const rendered = (theirs === undefined ? undefined : context.resolve(theirs)) as unknown[] | undefined;
        const ours = this.triggers.map(t => ({ providerType: 'CodeStarSourceConnection', gitConfiguration: t.configuration }));
        const all = [...(rendered ?? []), ...ours];
        return all.length ? all : undefined;
      },
    });
    pipeline.node.addValidation({ validate: () => this.problems(cfn, theirs) });
  }

  public add(actionScope: IConstruct, configuration: codepipeline.CfnPipeline.GitConfigurationProperty): void {
    this.triggers.push({ actionScope, configuration });
  }

  /** What needs the complete pipeline: its type, one trigger per action, the number of triggers. */
  private problems(cfn: codepipeline.CfnPipeline, theirs: unknown): string[] {
    const errors: string[] = [];
    const type = (cfn as CfnResource & { pipelineType?: string }).pipelineType;
    if (!Token.isUnresolved(type) && type !== 'V2') {
      for (const t of this.triggers) {
        errors.push(`${t.actionScope.node.path}: ConnectionSourceAction '${t.configuration.sourceActionName}': trigger filters need a V2 pipeline, and ${this.pipeline.node.path} is ${type ?? 'V1 (the default)'}. `
          + 'Pass pipelineType: codepipeline.PipelineType.V2 (CDK Pipelines before aws-cdk-lib 2.189: codePipeline: new codepipeline.Pipeline(this, \'Pipeline\', { pipelineType: codepipeline.PipelineType.V2 }))');
      }
    }
    const stack = this.pipeline.stack;
    const rendered = (theirs === undefined ? [] : (stack.resolve(theirs) ?? [])) as Array<{ gitConfiguration?: { sourceActionName?: string } }>;
    for (const t of this.triggers) {
      if (rendered.some(r => r.gitConfiguration?.sourceActionName === t.configuration.sourceActionName)) {
        errors.push(`${t.actionScope.node.path}: ConnectionSourceAction '${t.configuration.sourceActionName}' has trigger filters, and the pipeline has a trigger of its own for this action `
          + '(pipeline.addTrigger() or the triggers prop): CodePipeline allows one trigger per source action; give the filters to one of them');
      }
    }
    if (rendered.length + this.triggers.length > TRIGGER_LIMITS.triggersPerPipeline) {
      errors.push(`${rendered.length + this.triggers.length} triggers; CodePipeline allows at most ${TRIGGER_LIMITS.triggersPerPipeline} per pipeline: split the sources across pipelines`);
    }
    return errors;
  }
}

/**
 * Adds the trigger of a source action to its pipeline, after checking the
 * filters (errors name the action's own path).
 */
export function addTrigger(actionScope: IConstruct, pipeline: codepipeline.IPipeline, actionName: string,
  push: PushFilter[] | undefined, pullRequest: PullRequestFilter[] | undefined): void {
  const problems = triggerFilterProblems(push, pullRequest);
  if (problems.length) {
    throw validationError(actionScope, `ConnectionSourceAction '${actionName}': ${problems.join('; ')}`);
  }
  if (!(pipeline.node.defaultChild instanceof codepipeline.CfnPipeline)) {
    throw validationError(actionScope, `ConnectionSourceAction '${actionName}': trigger filters need a pipeline of this app (codepipeline.Pipeline), whose Triggers the library can write`);
  }
  PipelineTriggers.of(pipeline).add(actionScope, renderGitConfiguration(actionName, push, pullRequest));
}
