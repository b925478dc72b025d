/**
 * `Connection.fromConnectionName`: a connection found by name at deploy time
 * by the status reporter (`Custom::CodeConnectionsConnectionLookup`).
 */
import { Annotations, CfnResource, Stack, Token } from 'aws-cdk-lib';
import * as ram from 'aws-cdk-lib/aws-ram';
import { Construct } from 'constructs';
import { ConnectionBase, IConnection } from './connection-base';
import { noteRegion } from './connection-rules';
import { libraryCustomResource } from '../core/cdk-compat';
import { knownArnNamespace } from '../core/grants';
import { lengthProblem, requireString, show, validationError } from '../core/validation';
import type { ShareConnectionOptions } from '../sharing/share-options';
import { allowLookup, statusReporter, statusServiceTimeout } from '../status-reporter/reporter';
import { CONNECTION_LOOKUP_RESOURCE_TYPE } from '../status-reporter/resource-types';

/** Checks the name and adds the lookup under `scope` (construct id `id`, child `Lookup`). */
export function lookUpConnection(scope: Construct, id: string, connectionName: string): IConnection {
  requireString(`${scope?.node?.path}: Connection '${id}'`, 'connectionName', connectionName, "'team-github'");
  if (!Token.isUnresolved(connectionName) && /^arn:/.test(connectionName)) {
    throw validationError(scope, `Connection '${id}': connectionName ${show(connectionName)} is an ARN, not a name; `
      + `import a connection by ARN with Connection.fromConnectionArn(scope, '${id}', arn)`);
  }
  const problem = lengthProblem('connectionName', connectionName, 1, 32);
  if (problem) {
    throw validationError(scope, `Connection '${id}': ${problem}`);
  }
  class Lookup extends ConnectionBase {
    public readonly connectionName = connectionName;
    public readonly connectionArn: string;

    private readonly lookupResource: CfnResource;

    constructor() {
      super(scope, id);
      const lookup = libraryCustomResource(this, 'Lookup', {
        serviceToken: statusReporter(this).functionArn,
        resourceType: CONNECTION_LOOKUP_RESOURCE_TYPE,
        properties: { ConnectionName: connectionName },
        serviceTimeout: statusServiceTimeout(this),
      });
      lookup.node.addDependency(allowLookup(this));
      this.lookupResource = lookup;
      this.connectionArn = Token.asString(lookup.getAtt('ConnectionArn'));
    }

    /**
     * As every connection's, and: the ARN is found at deploy time, and AWS
     * RAM shares only `codeconnections` ARNs, so the lookup is told to fail
     * the deploy, with a message, if the connection it finds has a
     * `codestar-connections` one (the share would fail later, less clearly).
     */
    public shareWith(principals: string[], options?: ShareConnectionOptions): ram.CfnResourceShare {
      const share = super.shareWith(principals, options);
      this.lookupResource.addPropertyOverride('RequireArnNamespace', 'codeconnections');
      Annotations.of(this).addInfo(`connection '${connectionName}' is found at deploy time, and AWS RAM shares only connections with codeconnections ARNs: `
        + `the deploy fails at the lookup if the connection named '${connectionName}' has a codestar-connections ARN (created before July 2024)`);
      return share;
    }
  }
  const lookup = new Lookup();
  noteRegion(lookup, Stack.of(lookup).region);
  warnIfNamedInAnotherAccount(lookup, connectionName);
  return lookup;
}

/** Warning id of a lookup by name in one account of a connection this app creates in another. */
export const LOOKUP_IN_ANOTHER_ACCOUNT_WARNING = 'cdk-codeconnections:lookupOfConnectionOfAnotherAccount';

/**
 * The lookup lists the connections of its own stack's account: when the app
 * creates a connection of that name in a stack of another account, the
 * lookup will not find it (a shared connection is imported by ARN).
 */
function warnIfNamedInAnotherAccount(lookup: ConnectionBase, connectionName: string): void {
  const account = Stack.of(lookup).account;
  if (Token.isUnresolved(account) || Token.isUnresolved(connectionName)) {
    return;
  }
  lookup.node.addValidation({
    validate: () => {
      const elsewhere = lookup.node.root.node.findAll()
        // A connection of this app (its L1 holds the name as given).
        .filter(c => knownArnNamespace(c) === 'codeconnections'
          && (c.node.defaultChild as { connectionName?: string } | undefined)?.connectionName === connectionName)
        .map(c => [c, Stack.of(c).account] as const)
        .filter(([, a]) => !Token.isUnresolved(a) && a !== account);
      for (const [c, a] of elsewhere) {
        Annotations.of(lookup).addWarningV2(LOOKUP_IN_ANOTHER_ACCOUNT_WARNING,
          `fromConnectionName('${connectionName}') looks in account ${account} (and this stack's Region), but this app creates the connection `
          + `named '${connectionName}' (${c.node.path}) in account ${a}: the lookup will not find it there. Share that connection with ${account} `
          + `(shareWith(['${account}'])) and import it here by ARN with Connection.fromConnectionArn`);
      }
      return [];
    },
  });
}
