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
