import { ITaggableV2, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { arnProblem, arnShape, CodeConnectionsResourceType, parseCodeConnectionsArn } from './arns';
import { knownPartition } from './stack-links';

/**
 * An error for bad input found at synth time. The message names the
 * construct path, the property, the value and the rule, and says what to do.
 */
export function validationError(scope: IConstruct, message: string): Error {
  return new Error(`${scope.node.path}: ${message}`);
}

/**
 * Longest value shown whole in an error message. Well above an ARN's length
 * (about 100 characters), so the part that is wrong (a resource id, a
 * trailing newline) is never cut off; longer values (certificates) are cut.
 */
const MAX_SHOWN_LENGTH = 400;

/**
 * Quotes a value for an error message: control characters escaped (one line
 * per error, and a stray newline becomes visible), cut only past
 * MAX_SHOWN_LENGTH.
 */
export function show(value: string): string {
  const escaped = escapeControlCharacters(value);
  const shown = escaped.length > MAX_SHOWN_LENGTH ? `${escaped.slice(0, MAX_SHOWN_LENGTH - 3)}...` : escaped;
  return `'${shown}' (${value.length} character${value.length === 1 ? '' : 's'})`;
}

/** A value in quotes, escaped and cut like `show()`, without its length. */
export function quote(value: string): string {
  const escaped = escapeControlCharacters(value);
  return `'${escaped.length > MAX_SHOWN_LENGTH ? `${escaped.slice(0, MAX_SHOWN_LENGTH - 3)}...` : escaped}'`;
}

/** `\n`, `\r`, `\t` and `\uXXXX` for the C0/C1 controls and line separators. */
export function escapeControlCharacters(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, c => {
    switch (c) {
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
}

/**
 * Checks a string's length unless it is a token; returns the error text or
 * undefined.
 */
export function lengthProblem(prop: string, value: string | undefined, min: number, max: number): string | undefined {
  if (value === undefined || Token.isUnresolved(value)) {
    return undefined;
  }
  if (value.length < min || value.length > max) {
    return `${prop}: ${show(value)} must be ${min}-${max} characters long`;
  }
  return undefined;
}

/** Limits CodeConnections puts on tags (connections and hosts alike). */
export const TAG_LIMITS = { maxTags: 200, maxKeyLength: 128, maxValueLength: 256 };

/**
 * Registers a synth-time check of the tags that reach a resource. Tags are
 * added by `Tags.of()` aspects after construction, so this cannot run in the
 * constructor.
 */
export function validateTagsAtSynth(scope: IConstruct, resource: ITaggableV2): void {
  scope.node.addValidation({
    validate: () => {
      const tags = (resource.cdkTagManager.renderTags() ?? []) as Array<{ key: string; value: string }>;
      const errors: string[] = [];
      if (tags.length > TAG_LIMITS.maxTags) {
        errors.push(`tags: ${tags.length} tags reach this resource; CodeConnections allows at most ${TAG_LIMITS.maxTags}. Remove tags or apply them to fewer scopes.`);
      }
      for (const { key, value } of tags) {
        if (Token.isUnresolved(key)) {
          continue;
        }
        if (key.length < 1 || key.length > TAG_LIMITS.maxKeyLength) {
          errors.push(`tags: key ${show(key)} must be 1-${TAG_LIMITS.maxKeyLength} characters long`);
        } else if (key.toLowerCase().startsWith('aws:')) {
          errors.push(`tags: key ${quote(key)} uses the reserved prefix 'aws:'; choose another key`);
        }
        if (!Token.isUnresolved(value) && value.length > TAG_LIMITS.maxValueLength) {
          errors.push(`tags: value of ${quote(key)} ${show(value)} must be at most ${TAG_LIMITS.maxValueLength} characters long`);
        }
      }
      return errors;
    },
  });
}

/** What an import by attributes is checked for. */
export interface ImportedAttributes {
  /** 'Connection' or 'Host', for the message. */
  readonly kind: string;
  readonly resourceType: CodeConnectionsResourceType;
  readonly arn: string;
  readonly name?: string;
  readonly maxNameLength: number;
}

/** Checks an imported ARN and name (tokens pass), naming the import by its id. */
export function validateImport(scope: IConstruct, id: string, attrs: ImportedAttributes): void {
  const arnProp = `${attrs.resourceType}Arn`;
  const parsed = Token.isUnresolved(attrs.arn) ? undefined : parseCodeConnectionsArn(attrs.arn, attrs.resourceType);
  // Stricter than the parse the handler shares: a connection id is a UUID.
  const arnIssue = Token.isUnresolved(attrs.arn) ? undefined
    : arnProblem(attrs.arn, attrs.resourceType) ?? (parsed ? undefined : 'it is malformed');
  if (arnIssue) {
    throw validationError(scope, `${attrs.kind} '${id}': ${arnProp} ${show(attrs.arn)} is not a ${attrs.resourceType} ARN: `
      + `${arnIssue}; expected ${arnShape(attrs.resourceType)}`);
  }
  const partition = knownPartition(scope);
  if (parsed && partition !== undefined && parsed.partition !== partition) {
    throw validationError(scope, `${attrs.kind} '${id}': ${arnProp} ${show(attrs.arn)} is in partition ${parsed.partition}, but this stack deploys to ${partition}; `
      + `AWS partitions do not share ${attrs.resourceType}s: import one of ${partition}`);
  }
  const problem = lengthProblem(`${attrs.resourceType}Name`, attrs.name, 1, attrs.maxNameLength);
  if (problem) {
    throw validationError(scope, `${attrs.kind} '${id}': ${problem}`);
  }
}

/**
 * Checks that a required value was given. TypeScript and the jsii languages
 * catch a missing one at compile time; plain JavaScript callers would
 * otherwise get a TypeError from deep inside the construct.
 *
 * @param where the construct path or API the value was passed to
 * @param prop the property name
 * @param value the value given
 * @param example what to pass, e.g. `branch: 'main'`
 */
export function requireValue<T>(where: string, prop: string, value: T | undefined | null, example: string): T {
  where = shortened(where);
  if (value === undefined || value === null) {
    throw new Error(`${where}: ${prop} is required; pass e.g. ${example}`);
  }
  return value;
}

/**
 * Checks that a required string was given and is a string (tokens are
 * strings too, so they pass).
 */
export function requireString(where: string, prop: string, value: unknown, example: string): string {
  requireValue(where, prop, value, example);
  if (typeof value !== 'string') {
    throw new Error(`${shortened(where)}: ${prop} must be a string, got ${typeof value} ${safeJson(value)}; pass e.g. ${example}`);
  }
  return value;
}

/**
 * Checks an optional value's type (undefined and null pass): plain JavaScript
 * callers pass `'false'` for a boolean or `'1'` for a number, which would
 * otherwise be misread or dropped.
 *
 * @param expected the rule, e.g. `true or false`, `a number`
 */
export function requireOptionalType(where: string, prop: string, value: unknown, type: 'boolean' | 'number' | 'string', expected: string): void {
  if (value !== undefined && value !== null && typeof value !== type) {
    throw new Error(`${where}: ${prop} must be ${expected}, got ${typeof value} ${safeJson(value)}`);
  }
}

/**
 * Checks that a value is a construct of the expected kind (has `member`):
 * plain JavaScript callers pass ARN strings where an `IConnection` goes.
 */
export function requireConstruct<T>(where: string, prop: string, value: T | undefined | null, member: string, kind: string, example: string): T {
  requireValue(where, prop, value, example);
  if (typeof value !== 'object' || typeof (value as Record<string, unknown>)[member] === 'undefined') {
    throw new Error(`${shortened(where)}: ${prop} must be ${kind}, e.g. ${example.replace(/^[A-Za-z.]+: /, '')}, got ${typeof value} ${safeJson(value)}`);
  }
  return value as T;
}

/**
 * Checks a required connection: plain JavaScript callers pass ARN strings
 * where an `IConnection` goes.
 *
 * @param positional the connection is a positional argument, not a prop
 */
export function requireConnection<T>(where: string, value: T | undefined | null, positional = false): T {
  return requireConstruct(where, 'connection', value, 'grantUse', 'an IConnection',
    `${positional ? '' : 'connection: '}Connection.fromConnectionArn(this, 'Connection', arn)`);
}

/** A prefix built from user input (e.g. an action name), kept to one short line. */
function shortened(where: string): string {
  const escaped = escapeControlCharacters(where);
  return escaped.length > 120 ? `${escaped.slice(0, 117)}...` : escaped;
}

function safeJson(value: unknown): string {
  try {
    return escapeControlCharacters(String(JSON.stringify(value))).slice(0, MAX_SHOWN_LENGTH);
  } catch {
    return '(unprintable)';
  }
}

/** Git's branch name rules, as `branch: 'value' <rule>` (tokens pass). */
export function branchProblem(value: string): string | undefined {
  const problem = gitRefProblem(value, 'branch');
  return problem && `branch: ${show(value)} ${problem}`;
}

/**
 * The rule a Git branch or ref breaks, or undefined (tokens pass).
 *
 * - `loose`: what any ref CodeBuild takes (a branch, a tag, a commit, `pr/25`)
 *   must satisfy: no whitespace or control characters, no `..`.
 * - `branch`: git's own rules for a branch name (`git check-ref-format`).
 */
export function gitRefProblem(value: string, rules: 'loose' | 'branch' = 'loose'): string | undefined {
  if (Token.isUnresolved(value)) {
    return undefined;
  }
  const blank = blankOrSpacedProblem(value);
  if (blank) {
    return blank;
  }
  if (value.includes('..')) {
    return "must not contain '..' (git refuses it in a ref name)";
  }
  if (rules === 'branch') {
    const special = /[~^:?*[\\]|@\{/.exec(value);
    if (special) {
      return `must not contain '${special[0]}' (git refuses ~ ^ : ? * [ \\ and @{ in a branch name)`;
    }
    if (value === '@' || value.startsWith('-') || value.startsWith('/') || value.endsWith('/') || value.includes('//')
      || value.endsWith('.') || value.endsWith('.lock') || value.split('/').some(part => part.startsWith('.'))) {
      return "is not a valid git branch name (it must not be '@', start with '-' or '/', end with '/', '.' or '.lock', "
        + "contain '//', or have a part starting with '.')";
    }
  }
  return undefined;
}

/**
 * Empty, or with an ASCII space or control character: what git refuses in a
 * ref name, and what a path in a repository may not have here (other Unicode
 * spaces are allowed, as git allows them).
 */
export function blankOrSpacedProblem(value: string): string | undefined {
  if (value.length === 0) {
    return 'must not be empty';
  }
  const bad = /[\u0000-\u0020\u007f]/.exec(value);
  return bad ? `must not contain whitespace or control characters (found '${escapeControlCharacters(bad[0])}' at ${bad.index})` : undefined;
}
