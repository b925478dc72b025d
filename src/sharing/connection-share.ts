/** The AWS RAM resource share behind `connection.shareWith()`. */
import { Lazy, Names, Token, aws_ram as ram } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { ShareConnectionOptions } from './share-options';
import { validateShareableConnection, validateSharePrincipals, warnIfShareOutsideUsEast1 } from './share-rules';
import { lengthProblem, requireOptionalType, show, validationError } from '../core/validation';

/** RAM's limit on a resource share's name. */
const MAX_SHARE_NAME_LENGTH = 255;

/**
 * One resource share per connection: every `shareWith()` call adds its
 * principals, so a connection shared twice is still shared once, and its
 * principals can come from several places in the app.
 */
export class ConnectionShare extends Construct {
  public readonly resource: ram.CfnResourceShare;
  private readonly principals: string[] = [];
  /** A list token given as the principals (e.g. a CommaDelimitedList parameter): then the only ones. */
  private principalsToken?: string[];
  private readonly options: ShareConnectionOptions;

  constructor(connection: Construct, id: string, connectionArn: string, options: ShareConnectionOptions) {
    // Checked first: a refused connection leaves no half-made share behind for a later call to trip on.
    validateShareableConnection(connection, connectionArn);
    super(connection, id);
    this.options = normalize(connection, options);
    const name = this.options.resourceShareName;
    if (name !== undefined) {
      const problem = lengthProblem('resourceShareName', name, 1, MAX_SHARE_NAME_LENGTH);
      if (problem) {
        throw validationError(connection, `shareWith: ${problem}`);
      }
    }
    this.resource = new ram.CfnResourceShare(this, 'Resource', {
      name: name ?? Names.uniqueResourceName(this, { maxLength: 100 }),
      resourceArns: [connectionArn],
      principals: Lazy.list({ produce: () => this.principalsToken ?? this.principals }),
      allowExternalPrincipals: this.options.allowExternalPrincipals,
    });
    warnIfShareOutsideUsEast1(this);
  }

  /** The principals shared with so far; `undefined` stands for a list token (unknown at synth). */
  public principalList(): Array<string | undefined> {
    return this.principalsToken !== undefined ? [undefined] : this.principals.map(p => (Token.isUnresolved(p) ? undefined : p));
  }

  /** Adds principals; options of a later call must match the first call's. */
  public add(principals: string[], options: ShareConnectionOptions | undefined): ram.CfnResourceShare {
    const connection = this.node.scope as Construct;
    if (options !== undefined && options !== null) {
      const given = normalize(connection, options);
      if (given.resourceShareName !== this.options.resourceShareName || given.allowExternalPrincipals !== this.options.allowExternalPrincipals) {
        throw validationError(connection, `shareWith: options ${describe(given)} differ from those of the first shareWith() call (${describe(this.options)}): `
          + 'a connection has one resource share; pass its options once, or the same ones on every call');
      }
    }
    if (Array.isArray(principals) && Token.isUnresolved(principals)) {
      if (this.principalsToken !== undefined || this.principals.length > 0) {
        throw validationError(connection, 'shareWith: principals is a list token, which cannot be combined with the principals of another shareWith() call: '
          + 'CloudFormation cannot join a list token with other values; pass every principal in that one list, or only strings');
      }
      this.principalsToken = principals;
      return this.resource;
    }
    if (this.principalsToken !== undefined) {
      throw validationError(connection, 'shareWith: an earlier shareWith() call passed a list token as the principals, which cannot be combined with more: '
        + 'CloudFormation cannot join a list token with other values; pass every principal in that one list, or only strings');
    }
    for (const principal of validateSharePrincipals(connection, principals)) {
      if (!Token.isUnresolved(principal) && this.principals.includes(principal)) {
        throw validationError(connection, `shareWith: principal ${show(principal)} is already shared with by an earlier shareWith() call`);
      }
      this.principals.push(principal);
    }
    return this.resource;
  }
}

function normalize(connection: Construct, options: ShareConnectionOptions): ShareConnectionOptions {
  const where = `${connection.node.path}: shareWith()`;
  if (typeof options !== 'object') {
    throw new Error(`${where}: options must be an object ({ resourceShareName?, allowExternalPrincipals? }), got ${typeof options}`);
  }
  const { resourceShareName, allowExternalPrincipals } = options;
  requireOptionalType(where, 'resourceShareName', resourceShareName, 'string', 'a string');
  requireOptionalType(where, 'allowExternalPrincipals', allowExternalPrincipals, 'boolean', 'true or false');
  return { resourceShareName: resourceShareName ?? undefined, allowExternalPrincipals: allowExternalPrincipals ?? undefined };
}

function describe(options: ShareConnectionOptions): string {
  return `{ resourceShareName: ${options.resourceShareName === undefined ? 'not set' : show(options.resourceShareName)}, `
    + `allowExternalPrincipals: ${options.allowExternalPrincipals ?? 'not set'} }`;
}
