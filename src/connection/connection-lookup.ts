/**
 * `Connection.fromConnectionName`: a connection found by name at deploy time
 * by the status reporter (`Custom::CodeConnectionsConnectionLookup`).
 */
import { Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ConnectionBase, IConnection } from './connection-base';
import { noteRegion } from './connection-rules';
import { libraryCustomResource } from '../core/cdk-compat';
import { lengthProblem, requireString, show, validationError } from '../core/validation';
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

    constructor() {
      super(scope, id);
      const lookup = libraryCustomResource(this, 'Lookup', {
        serviceToken: statusReporter(this).functionArn,
        resourceType: CONNECTION_LOOKUP_RESOURCE_TYPE,
        properties: { ConnectionName: connectionName },
        serviceTimeout: statusServiceTimeout(this),
      });
      lookup.node.addDependency(allowLookup(this));
      this.connectionArn = Token.asString(lookup.getAtt('ConnectionArn'));
    }
  }
  const lookup = new Lookup();
  noteRegion(lookup, Stack.of(lookup).region);
  return lookup;
}
