import { ITaggableV2, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { arnShape, CodeConnectionsResourceType, parseCodeConnectionsArn } from './arns';

/**
 * An error for bad input found at synth time. The message names the
 * construct path, the property, the value and the rule, and says what to do.
 */
export function validationError(scope: IConstruct, message: string): Error {
  return new Error(`${scope.node.path}: ${message}`);
}

/** Quotes a value for an error message, keeping long values readable. */
export function show(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  // One line per error: show line breaks as escapes.
  return `'${shown.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}' (${value.length} characters)`;
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
          errors.push(`tags: key '${key}' uses the reserved prefix 'aws:'; choose another key`);
        }
        if (!Token.isUnresolved(value) && value.length > TAG_LIMITS.maxValueLength) {
          errors.push(`tags: value of '${key}' ${show(value)} must be at most ${TAG_LIMITS.maxValueLength} characters long`);
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
  if (!Token.isUnresolved(attrs.arn) && !parseCodeConnectionsArn(attrs.arn, attrs.resourceType)) {
    throw validationError(scope, `${attrs.kind} '${id}': ${arnProp} ${show(attrs.arn)} is not a ${attrs.resourceType} ARN; expected ${arnShape(attrs.resourceType)}`);
  }
  const problem = lengthProblem(`${attrs.resourceType}Name`, attrs.name, 1, attrs.maxNameLength);
  if (problem) {
    throw validationError(scope, `${attrs.kind} '${id}': ${problem}`);
  }
}
