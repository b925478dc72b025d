/** Synth-time rules of a connection: provider type vs host, host region, the generated name. */
import { createHash } from 'crypto';
import { Annotations, Names, Resource, Stack, Token } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import type { ConnectionProps } from './connection';
import { ProviderType } from './provider-type';
import { CfnHostResource } from '../core/cdk-compat';
import { warnIfUnknownProviderType } from '../core/provider-types';
import { regionNote } from '../core/regions';
import { validationError } from '../core/validation';
import type { IHost } from '../host/host-base';

/** Checks the providerType/host rules and returns the connection's provider type. */
export function providerTypeOf(scope: Construct, props: ConnectionProps): ProviderType | undefined {
  const { providerType, host } = props;
  if (providerType !== undefined && typeof providerType?.name !== 'string') {
    throw validationError(scope, `providerType must be a ProviderType (e.g. ProviderType.GITHUB or ProviderType.of('GitHub')), got ${typeof providerType} ${JSON.stringify(providerType)}`);
  }
  if (providerType && host) {
    if (providerType.requiresHost === false) {
      throw validationError(scope, `providerType ${providerType.name} is a cloud provider and cannot use a host; remove host (hosts are for GitHubEnterpriseServer and GitLabSelfManaged)`);
    }
    throw validationError(scope, `pass either providerType or host, not both: a connection on a host takes its provider type from the host (got providerType ${providerType.name} and host ${host.node.path})`);
  }
  if (host) {
    return host.providerType && ProviderType.of(host.providerType.name);
  }
  if (!providerType) {
    throw validationError(scope, 'one of providerType or host is required: pass e.g. providerType: ProviderType.GITHUB, or host for GitHub Enterprise Server and GitLab self-managed');
  }
  warnIfUnknownProviderType(scope, 'providerType', providerType.name, false);
  if (providerType.requiresHost) {
    throw validationError(scope, `providerType ${providerType.name} is an installed provider and needs a host: create a Host (new Host(this, 'Host', { providerType: HostProviderType.of('${providerType.name}'), providerEndpoint })) and use host.addConnection(), or pass host instead of providerType`);
  }
  return providerType;
}

/**
 * The generated name of a connection: from the construct path, plus the
 * region when it is known. Connections are global, so the same stack
 * deployed to two regions would otherwise create two connections with one
 * name (and `fromConnectionName` would find both). At most 32 characters.
 *
 * The name's hash covers what replaces the connection besides its name
 * (the provider type, or the host and the host's own create-only
 * properties). Names are unique in an account, and CloudFormation creates
 * the replacement before the old connection is deleted (or kept, by
 * `UpdateReplacePolicy: Retain`): with the same name, the replacement's
 * CreateConnection would fail and the update roll back.
 */
export function defaultConnectionName(connection: Construct, providerType: ProviderType | undefined, host: IHost | undefined): string {
  const region = Stack.of(connection).region;
  const suffix = Token.isUnresolved(region) ? '' : `-${region}`;
  const base = Names.uniqueResourceName(connection, { maxLength: 32 - suffix.length });
  const key = replacementKey(providerType, host);
  const hash = createHash('md5').update(`${base}\n${key}`).digest('hex').slice(0, 8).toUpperCase();
  // uniqueResourceName ends with an 8-character hash of the path: this hash replaces it.
  return `${/[0-9A-F]{8}$/.test(base) ? base.slice(0, -8) : base.slice(0, Math.max(base.length - 8, 0))}${hash}${suffix}`;
}

/** What replaces a connection, besides its name (CloudFormation: ProviderType and HostArn are create-only). */
function replacementKey(providerType: ProviderType | undefined, host: IHost | undefined): string {
  if (!host) {
    return `providerType=${providerType?.name}`;
  }
  const cfnHost = host.node.defaultChild;
  if (cfnHost instanceof CfnHostResource) {
    // A host of this app: a change of its name or provider type replaces it, and so its connections.
    const stack = Stack.of(cfnHost);
    return `host=${host.node.path}|${JSON.stringify(stack.resolve(cfnHost.props.name))}|${JSON.stringify(stack.resolve(cfnHost.props.providerType))}`;
  }
  return `host=${Token.isUnresolved(host.hostArn) ? host.node.path : host.hostArn}`;
}

/**
 * Hosts are regional: a connection must use a host of its own region.
 * Checked when both regions are known at synth time (an owned host's stack,
 * an imported host's ARN).
 */
export function checkHostRegion(connection: Resource, host: IHost): void {
  const hostRegion = host.env.region;
  const region = connection.env.region;
  if (Token.isUnresolved(hostRegion) || Token.isUnresolved(region) || hostRegion === region) {
    return;
  }
  throw validationError(connection, `host: host ${host.node.path} is in ${hostRegion}, but this connection is in ${region}. `
    + `Hosts are regional and serve only connections of their own region: create the connection in a stack of ${hostRegion} `
    + `(for a host created in this app, host.addConnection() does), or use a host in ${region}`);
}

/** Warning id of a connection on a host of another account. */
export const HOST_OF_ANOTHER_ACCOUNT_WARNING = 'cdk-codeconnections:hostOfAnotherAccount';

/**
 * A connection is created in its stack's account, on a host of that account:
 * AWS RAM shares connections, not hosts, so a host of another account (both
 * accounts known at synth) is warned about (not refused: whether
 * CreateConnection accepts a host shared some other way is not known here).
 */
export function checkHostAccount(connection: Resource, host: IHost): void {
  const hostAccount = host.env.account;
  const account = connection.env.account;
  if (Token.isUnresolved(hostAccount) || Token.isUnresolved(account) || hostAccount === account) {
    return;
  }
  Annotations.of(connection).addWarningV2(HOST_OF_ANOTHER_ACCOUNT_WARNING,
    `host: host ${host.node.path} is of account ${hostAccount}, but this connection is created in account ${account}. `
    + 'A connection on a host is created in the host\'s account (AWS RAM shares connections, not hosts): create the connection in a stack of '
    + `${hostAccount} (host.addConnection() does) and share it with ${account} (connection.shareWith(['${account}']))`);
}

/**
 * Says, at synth, what a connection of a Region needs besides the handshake
 * (Europe (Milan): its own provider app), when the region is known.
 */
export function noteRegion(connection: IConstruct, region: string): void {
  const note = Token.isUnresolved(region) ? undefined : regionNote(region);
  if (note) {
    Annotations.of(connection).addInfo(`connection ${connection.node.path} is in ${region}: ${note}`);
  }
}
