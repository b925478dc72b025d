/** Synth-time rules of sharing a connection through AWS RAM. */
import { Annotations, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { parseCodeConnectionsArn } from '../core/arns';
import { knownPartition } from '../core/stack-links';
import { requireString, show, validationError } from '../core/validation';

/** What RAM takes as a principal for a connection: an account, an organization or an OU. */
const ACCOUNT = /^\d{12}$/;
const ORGANIZATION = /^arn:(aws(?:-[a-z]+)*):organizations::(\d{12}):organization\/o-[a-z0-9]{10,32}$/;
const ORGANIZATIONAL_UNIT = /^arn:(aws(?:-[a-z]+)*):organizations::(\d{12}):ou\/o-[a-z0-9]{10,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/;
const IAM_PRINCIPAL = /^arn:[^:]*:iam::\d{12}:(role|user)\//;

const PRINCIPAL_SHAPES = "an account id ('123456789012'), an organization ARN "
  + "('arn:aws:organizations::123456789012:organization/o-exampleorgid') or an OU ARN "
  + "('arn:aws:organizations::123456789012:ou/o-exampleorgid/ou-ab12-cd34ef56')";

/**
 * Checks the principals of one `shareWith()` call: each an account id, an
 * organization ARN or an OU ARN of the stack's partition, not the stack's
 * own account, none twice. Tokens pass.
 */
export function validateSharePrincipals(scope: IConstruct, principals: unknown): string[] {
  const where = `${scope.node.path}: shareWith()`;
  if (!Array.isArray(principals)) {
    throw new Error(`${where}: principals must be a list of ${PRINCIPAL_SHAPES}, got ${principals === null ? 'null' : typeof principals}`);
  }
  if (principals.length === 0) {
    throw validationError(scope, `shareWith: principals is empty, which would share with no one; list ${PRINCIPAL_SHAPES}`);
  }
  const stack = Stack.of(scope);
  const seen = new Set<string>();
  for (const principal of principals) {
    requireString(where, 'principals entry', principal, "'123456789012'");
    if (Token.isUnresolved(principal)) {
      continue;
    }
    if (seen.has(principal)) {
      throw validationError(scope, `shareWith: principal ${show(principal)} is listed twice`);
    }
    seen.add(principal);
    const problem = principalProblem(principal, stack);
    if (problem) {
      throw validationError(scope, `shareWith: principal ${show(principal)} ${problem}`);
    }
  }
  return principals;
}

function principalProblem(principal: string, stack: Stack): string | undefined {
  if (ACCOUNT.test(principal)) {
    if (!Token.isUnresolved(stack.account) && principal === stack.account) {
      return 'is the account this stack deploys to, which owns the connection already; list the other accounts';
    }
    return undefined;
  }
  const arn = ORGANIZATION.exec(principal) ?? ORGANIZATIONAL_UNIT.exec(principal);
  if (arn) {
    const partition = knownPartition(stack);
    if (partition !== undefined && arn[1] !== partition) {
      return `is in partition ${arn[1]}, but this stack deploys to ${partition}: RAM shares only within a partition`;
    }
    return undefined;
  }
  if (IAM_PRINCIPAL.test(principal)) {
    return `is an IAM role or user: RAM shares a connection with accounts, organizations and OUs only; list the account (${principal.split(':')[4]}) and grant the role there`;
  }
  return `must be ${PRINCIPAL_SHAPES}`;
}

/**
 * Checks that a connection can be shared from this stack: RAM shares only
 * `codeconnections` ARNs, and only the owner account can share. Checked when
 * the ARN (and, for the account, the stack's account) is known at synth.
 */
export function validateShareableConnection(scope: IConstruct, connectionArn: string): void {
  if (Token.isUnresolved(connectionArn)) {
    return;
  }
  const parsed = parseCodeConnectionsArn(connectionArn, 'connection');
  if (!parsed) {
    return; // the import already rejected it
  }
  if (parsed.namespace === 'codestar-connections') {
    throw validationError(scope, `shareWith: connection ${show(connectionArn)} has a codestar-connections ARN, and AWS RAM shares only connections with codeconnections ARNs (those created since July 2024); create a new connection to share it`);
  }
  const account = Stack.of(scope).account;
  if (!Token.isUnresolved(account) && account !== parsed.account) {
    throw validationError(scope, `shareWith: connection ${show(connectionArn)} belongs to account ${parsed.account}, but this stack deploys to ${account}: only the owner account can share a connection; call shareWith() in a stack of ${parsed.account}`);
  }
}

/** Warning id of a share created outside us-east-1. */
export const SHARE_REGION_WARNING = 'cdk-codeconnections:shareOutsideUsEast1';

/**
 * Connections are global resources, and AWS's connection-sharing page tells
 * to create shares of global resources in US East (N. Virginia). Whether RAM
 * refuses a connection share made elsewhere could not be checked without an
 * account, so this is a warning, given only when the region is known.
 */
export function warnIfShareOutsideUsEast1(scope: IConstruct): void {
  const stack = Stack.of(scope);
  if (knownPartition(stack) !== 'aws' || stack.region === 'us-east-1') {
    return;
  }
  Annotations.of(scope).addWarningV2(SHARE_REGION_WARNING,
    `this stack deploys the connection's resource share to ${stack.region}. Connections are global resources, and AWS's guide to sharing them `
    + '(https://docs.aws.amazon.com/dtconsole/latest/userguide/connections-share.html) says to create resource shares of global resources in '
    + 'US East (N. Virginia); RAM lists such shares only there. If the deploy fails to share it, call shareWith() in a stack of us-east-1 '
    + "on Connection.fromConnectionArn(this, 'Shared', '<the connection ARN>').");
}

