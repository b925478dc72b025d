/**
 * Trigger filters of a connection source: the pushes and pull requests that
 * start a V2 pipeline (CodePipeline's `GitConfiguration`). The library
 * writes and checks the trigger: see pipeline-triggers.ts.
 */
/** A pull request event a trigger starts on. */
export enum PullRequestEvent {
  /** A pull request is opened. */
  OPEN = 'OPEN',
  /** A pull request is updated (a push to its source branch). */
  UPDATED = 'UPDATED',
  /** A pull request is closed (merged). */
  CLOSED = 'CLOSED',
}

/**
 * Pushes that start the pipeline: one of tags, branches, or branches and
 * file paths (CodePipeline's valid combinations). Within a filter every
 * criterion must match; the filters of a source start the pipeline when any
 * matches. Patterns are globs (`*`, `**`, `?`, `[...]`, `{a,b}`); excludes
 * win over includes.
 */
export interface PushFilter {
  /**
   * Branches to start on.
   *
   * @default - any branch (with branchesExcludes), or none: a push filter needs branches or tags
   */
  readonly branchesIncludes?: string[];

  /**
   * Branches never to start on.
   *
   * @default - none excluded
   */
  readonly branchesExcludes?: string[];

  /**
   * Changed file paths to start on (with branches only).
   *
   * @default - any path
   */
  readonly filePathsIncludes?: string[];

  /**
   * Changed file paths never to start on (with branches only).
   *
   * @default - none excluded
   */
  readonly filePathsExcludes?: string[];

  /**
   * Tags to start on (without branches or file paths).
   *
   * @default - no tag filter
   */
  readonly tagsIncludes?: string[];

  /**
   * Tags never to start on (without branches or file paths).
   *
   * @default - none excluded
   */
  readonly tagsExcludes?: string[];
}

/**
 * Pull requests that start the pipeline: branches (the pull request's
 * destination), and optionally file paths and events.
 */
export interface PullRequestFilter {
  /**
   * The events to start on.
   *
   * @default - all three: OPEN, UPDATED and CLOSED
   */
  readonly events?: PullRequestEvent[];

  /**
   * Destination branches to start on.
   *
   * @default - any branch (with branchesExcludes); a pull request filter needs branches
   */
  readonly branchesIncludes?: string[];

  /**
   * Destination branches never to start on.
   *
   * @default - none excluded
   */
  readonly branchesExcludes?: string[];

  /**
   * Changed file paths to start on.
   *
   * @default - any path
   */
  readonly filePathsIncludes?: string[];

  /**
   * Changed file paths never to start on.
   *
   * @default - none excluded
   */
  readonly filePathsExcludes?: string[];
}

