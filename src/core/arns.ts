/**
 * Parsing and rewriting of CodeConnections ARNs.
 *
 * Connections and hosts have ARNs in two service namespaces:
 * `codestar-connections` (the original name) and `codeconnections` (resources
 * created since the July 2024 rename). IAM matches the action prefix against
 * the ARN's namespace, so the library must know (or cover) both.
 *
 * Pure string work, shared by the constructs and the Lambda handler.
 */

/** The two service namespaces a CodeConnections ARN can carry. */
export const ARN_NAMESPACES = ['codeconnections', 'codestar-connections'] as const;
export type ArnNamespace = typeof ARN_NAMESPACES[number];

/** The resource types of CodeConnections ARNs. */
export type CodeConnectionsResourceType = 'connection' | 'host';

/** The parts of a concrete CodeConnections ARN. */
export interface ParsedCodeConnectionsArn {
  readonly partition: string;
  readonly namespace: ArnNamespace;
  readonly region: string;
  readonly account: string;
  readonly resourceType: CodeConnectionsResourceType;
  readonly resourceId: string;
}

const ARN_PATTERN = /^arn:(aws(?:-[a-z]+)*):(codeconnections|codestar-connections):([a-z]{2,4}(?:-[a-z]+)+-\d+):(\d{12}):(connection|host)\/([A-Za-z0-9][A-Za-z0-9_.-]*)$/;

/** A human-readable statement of the ARN shape, for error messages. */
export function arnShape(resourceType: CodeConnectionsResourceType): string {
  const id = resourceType === 'connection' ? 'CONNECTION_ID' : 'HOST_ID';
  return `arn:PARTITION:codeconnections|codestar-connections:REGION:ACCOUNT:${resourceType}/${id}`;
}

/** A connection's id: the UUID CodeConnections gives it. */
const CONNECTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which part of a would-be CodeConnections ARN is wrong, as a sentence
 * naming the part and its value; undefined when the ARN is well formed.
 */
export function arnProblem(arn: string, resourceType: CodeConnectionsResourceType): string | undefined {
  const parts = arn.split(':');
  if (parts[0] !== 'arn') {
    return 'it does not start with \'arn:\'';
  }
  if (parts.length !== 6) {
    return `it has ${parts.length} ':'-separated parts, not 6 (arn, partition, service, region, account, ${resourceType}/ID)`;
  }
  const [, partition, service, region, account, resource] = parts;
  if (!/^aws(-[a-z]+)*$/.test(partition)) {
    return `its partition '${partition}' is not an AWS partition (aws, aws-cn, aws-us-gov)`;
  }
  if (service !== 'codeconnections' && service !== 'codestar-connections') {
    return `its service '${service}' is neither codeconnections nor codestar-connections`;
  }
  if (!/^[a-z]{2,4}(-[a-z]+)+-\d+$/.test(region)) {
    return `its region '${region}' is not a Region such as eu-west-1${region === '' ? ' (connections and hosts are regional resources: their ARNs name the Region)' : ''}`;
  }
  if (!/^\d{12}$/.test(account)) {
    return `its account '${account}' is not 12 digits`;
  }
  const slash = resource.indexOf('/');
  const type = slash < 0 ? resource : resource.slice(0, slash);
  const id = slash < 0 ? '' : resource.slice(slash + 1);
  if (type !== resourceType) {
    return `its resource '${resource}' is not ${resourceType}/ID${type === 'connection' || type === 'host' ? ` (that is a ${type} ARN)` : ''}`;
  }
  if (resourceType === 'connection' ? !CONNECTION_ID.test(id) : !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(id)) {
    return `its ${resourceType} id '${id}' is not ${resourceType === 'connection' ? 'a UUID (8-4-4-4-12 hexadecimal digits), as CodeConnections gives connections' : 'a host id (letters, digits, \'-\', \'_\', \'.\')'}`;
  }
  return undefined;
}

/**
 * Parses a concrete ARN, or returns undefined when it is not a
 * CodeConnections ARN of the given resource type.
 */
export function parseCodeConnectionsArn(arn: string, resourceType: CodeConnectionsResourceType): ParsedCodeConnectionsArn | undefined {
  const m = ARN_PATTERN.exec(arn);
  if (!m || m[5] !== resourceType) {
    return undefined;
  }
  return {
    partition: m[1],
    namespace: m[2] as ArnNamespace,
    region: m[3],
    account: m[4],
    resourceType,
    resourceId: m[6],
  };
}
