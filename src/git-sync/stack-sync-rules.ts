/** Synth-time rules of a StackSync: its texts, branch, deployment file, stack name, and which stack it may sync. */
import { Stack, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import type { StackSyncProps, TriggerResourceUpdateOn } from './stack-sync';
import { blankOrSpacedProblem, requireConstruct, requireOptionalType, show, validationError } from '../core/validation';

const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
/**
 * Stack names may be 128 characters long, but the resource schema of
 * AWS::CodeStarConnections::SyncConfiguration caps ResourceName at 100.
 */
const MAX_STACK_NAME_LENGTH = 100;

/** Non-empty, at most `max` characters, no whitespace or control characters (tokens pass). */
export function textProblem(prop: string, value: string, max?: number): string | undefined {
  if (Token.isUnresolved(value)) {
    return undefined;
  }
  const problem = max !== undefined && value.length > max ? `must be at most ${max} characters long` : blankOrSpacedProblem(value);
  return problem && `${prop}: ${show(value)} ${problem}`;
}

/** A path relative to the repository's root, inside it. */
export function configFileProblem(value: string): string | undefined {
  if (Token.isUnresolved(value)) {
    return undefined;
  }
  if (value.includes('\\')) {
    return `configFile: ${show(value)} must separate directories with '/', not '\\' (a path in the repository)`;
  }
  if (value.startsWith('/')) {
    return `configFile: ${show(value)} must be relative to the repository's root, without a leading '/'`;
  }
  if (value.split('/').includes('..')) {
    return `configFile: ${show(value)} must not contain '..': it names a file inside the repository`;
  }
  return undefined;
}

export function stackNameProblem(value: string): string | undefined {
  if (Token.isUnresolved(value)) {
    return undefined;
  }
  if (value.length < 1 || value.length > MAX_STACK_NAME_LENGTH || !STACK_NAME.test(value)) {
    return `stackName: ${show(value)} must be 1-${MAX_STACK_NAME_LENGTH} characters, start with a letter and contain only letters, digits and '-' (CloudFormation's stack name rule; the SyncConfiguration's ResourceName allows at most ${MAX_STACK_NAME_LENGTH} characters)`;
  }
  return undefined;
}

/** Plain JavaScript callers: optional props of the wrong type would be dropped or misread. */
export function checkOptionTypes(where: string, props: StackSyncProps): void {
  if (props.role !== undefined && props.role !== null) {
    requireConstruct(where, 'role', props.role, 'roleArn', 'an iam.IRole',
      "role: iam.Role.fromRoleArn(this, 'SyncRole', arn)");
  }
  requireOptionalType(where, 'publishDeploymentStatus', props.publishDeploymentStatus, 'boolean', 'true or false');
  const trigger = props.triggerResourceUpdateOn as unknown;
  if (trigger !== undefined && trigger !== null && typeof (trigger as TriggerResourceUpdateOn).value !== 'string') {
    throw new Error(`${where}: triggerResourceUpdateOn must be a TriggerResourceUpdateOn (e.g. TriggerResourceUpdateOn.FILE_CHANGE), got ${typeof trigger} ${JSON.stringify(trigger)}`);
  }
}

/** The synced stacks of each app, by environment and name, to find two syncs of one stack. */
const SYNCED_STACKS = new WeakMap<IConstruct, Map<string, string>>();

/**
 * A sync must not target the stack it is defined in (Git sync would replace
 * that stack's template, sync configuration included, with the
 * repository's), and one stack must not have two syncs (each would undo the
 * other's changes). Compared when the names (and, across stacks, account and
 * region) are known at synth.
 */
export function checkSyncTarget(sync: Construct, stackName: string): void {
  const stack = Stack.of(sync);
  if (Token.isUnresolved(stackName)) {
    return;
  }
  // A nested stack's name is a token; the stack Git sync would replace is then its parent (or the parent's parent).
  for (let owner: Stack | undefined = stack; owner; owner = owner.nestedStackParent) {
    if (!Token.isUnresolved(owner.stackName) && owner.stackName === stackName) {
      throw validationError(sync, `stackName: ${show(stackName)} is the stack this StackSync is defined in${owner === stack ? '' : ' (through nested stacks)'}: `
        + 'Git sync would replace its template, this sync configuration included, with the one in the repository; define the StackSync in another stack, or sync another stack');
    }
  }
  const envKnown = !Token.isUnresolved(stack.account) && !Token.isUnresolved(stack.region);
  const key = envKnown ? `${stack.account}/${stack.region}/${stackName}` : `${stack.node.path}//${stackName}`;
  const root = sync.node.root;
  const synced = SYNCED_STACKS.get(root) ?? new Map<string, string>();
  SYNCED_STACKS.set(root, synced);
  const other = synced.get(key);
  if (other !== undefined) {
    throw validationError(sync, `stackName: ${show(stackName)} is already synced by ${other}${envKnown ? ` in ${stack.account}/${stack.region}` : ''}: `
      + 'two sync configurations of one stack would undo each other; sync each stack from one branch and deployment file');
  }
  synced.set(key, sync.node.path);
}
