/**
 * What of a synthesized template the library owns, and the comparison of
 * two templates of one app synthesized with different aws-cdk-lib versions
 * (the floor the snapshots are written with, and the newest the registry
 * serves): what the library owns must be byte-identical; what aws-cdk-lib's
 * own constructs (and the app) write may differ, and each difference is
 * named.
 *
 * The library owns, in a template:
 * - every resource of a type only it creates: connections, hosts, its
 *   custom resources (`Custom::CodeConnections*`), resource shares,
 *   repository links, sync configurations, CodeBuild source credentials;
 * - everything under its per-stack singletons (logical ids starting with
 *   `CodeConnectionsStatusReporter`, `CodeConnectionsHealthPublisher` or
 *   `CodeConnectionsFunctions`): the functions, their roles, policies, log
 *   groups, schedule rules, permissions and security groups;
 * - the VPC endpoints `LibraryFunctions.addVpcEndpoints()` adds, but their
 *   tags (newer aws-cdk-lib releases copy the VPC's onto them);
 * - the security groups a host's VPC configuration names;
 * - the roles that only CloudFormation Git sync assumes (a StackSync's role);
 * - the event rules on CodeConnections' own events (`aws.codeconnections`);
 * - IAM policies named `...CodeConnectionsPolicy...` (a CodeBuild source's
 *   own policy), whole;
 * - in any other IAM policy or role, the statements that name a
 *   `codeconnections:` or `codestar-connections:` action;
 * - in an alarm, the metric when its namespace is the library's;
 * - the outputs it describes as `cdk-codeconnections: ...`.
 */
import { HEALTH_NAMESPACE } from '../src/monitoring/health-names';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Template = { Resources?: Record<string, any>; Outputs?: Record<string, any> };

const LIBRARY_TYPES = [
  'AWS::CodeConnections::Connection',
  'AWS::CodeConnections::Host',
  'AWS::RAM::ResourceShare',
  'AWS::CodeStarConnections::RepositoryLink',
  'AWS::CodeStarConnections::SyncConfiguration',
  'AWS::CodeBuild::SourceCredential',
];
const LIBRARY_ID_PREFIXES = ['CodeConnectionsStatusReporter', 'CodeConnectionsHealthPublisher', 'CodeConnectionsFunctions'];
/** The VPC endpoints LibraryFunctions.addVpcEndpoints() adds (under the VPC). */
const LIBRARY_ENDPOINT = /CodeConnections(Api|Lambda|S3)Endpoint[0-9A-F]{8}$/;
const SYNC_PRINCIPAL = 'cloudformation.sync.codeconnections.amazonaws.com';
const CONNECTION_ACTION = /^(codeconnections|codestar-connections):/;

/** The library's part of one resource, or undefined when it has none. */
export type Part = { readonly what: string; readonly value: unknown };

/** The parts of a template the library owns, keyed by a name that says where each is. */
export function libraryParts(template: Template): Map<string, Part> {
  const resources = template.Resources ?? {};
  const parts = new Map<string, Part>();
  const hostSecurityGroups = new Set<string>();
  for (const resource of Object.values(resources)) {
    if (resource.Type === 'AWS::CodeConnections::Host') {
      for (const sg of resource.Properties?.VpcConfiguration?.SecurityGroupIds ?? []) {
        const id = sg?.['Fn::GetAtt']?.[0] ?? sg?.Ref;
        if (typeof id === 'string') {
          hostSecurityGroups.add(id);
        }
      }
    }
  }
  for (const [id, resource] of Object.entries(resources)) {
    const type: string = resource.Type;
    const whole = LIBRARY_TYPES.includes(type)
      || type.startsWith('Custom::CodeConnections')
      || LIBRARY_ID_PREFIXES.some(p => id.startsWith(p))
      || hostSecurityGroups.has(id)
      || (type === 'AWS::IAM::Role' && syncOnlyRole(resource))
      || (type === 'AWS::Events::Rule' && JSON.stringify(resource.Properties?.EventPattern?.source ?? []).includes('aws.codeconnections'))
      || (type === 'AWS::IAM::Policy' && /CodeConnections(Policy|Clone)/.test(id));
    if (whole) {
      parts.set(`resource ${id} (${type})`, { what: 'the whole resource', value: resource });
      continue;
    }
    if (type === 'AWS::EC2::VPCEndpoint' && LIBRARY_ENDPOINT.test(id)) {
      // Newer aws-cdk-lib releases copy the VPC's tags onto its endpoints:
      // the tags are aws-cdk-lib's, the rest of the endpoint the library's.
      const { Tags: _tags, ...properties } = resource.Properties ?? {};
      parts.set(`resource ${id} (${type})`, { what: 'its properties other than Tags (the VPC\'s, which newer aws-cdk-lib copies)', value: { ...resource, Properties: properties } });
      continue;
    }
    if (type === 'AWS::IAM::Policy' || type === 'AWS::IAM::Role' || type === 'AWS::IAM::ManagedPolicy') {
      const statements = connectionStatements(resource);
      if (statements.length) {
        parts.set(`resource ${id} (${type})`, { what: 'its CodeConnections statements', value: statements });
      }
    } else if (type === 'AWS::CloudWatch::Alarm') {
      const metric = libraryMetric(resource.Properties ?? {});
      if (metric) {
        parts.set(`resource ${id} (${type})`, { what: 'its metric', value: metric });
      }
    }
  }
  for (const [id, output] of Object.entries(template.Outputs ?? {})) {
    if (typeof output.Description === 'string' && output.Description.startsWith('cdk-codeconnections')) {
      parts.set(`output ${id}`, { what: 'the whole output', value: output });
    }
  }
  return parts;
}

function syncOnlyRole(role: any): boolean {
  const principals = (role.Properties?.AssumeRolePolicyDocument?.Statement ?? []).flatMap((s: any) => [s.Principal?.Service ?? []].flat());
  return principals.length > 0 && principals.every((p: unknown) => p === SYNC_PRINCIPAL);
}

/** Statements of a policy or role that name a CodeConnections action, in order. */
function connectionStatements(resource: any): unknown[] {
  const documents = resource.Type === 'AWS::IAM::Role'
    ? (resource.Properties?.Policies ?? []).map((p: any) => p.PolicyDocument)
    : [resource.Properties?.PolicyDocument];
  return documents.flatMap((d: any) => d?.Statement ?? [])
    .filter((s: any) => [s.Action ?? []].flat().some((a: unknown) => typeof a === 'string' && CONNECTION_ACTION.test(a)));
}

function libraryMetric(props: any): unknown {
  const pick = (m: any) => ({ Namespace: m.Namespace, MetricName: m.MetricName, Dimensions: m.Dimensions, Period: m.Period, Statistic: m.Statistic });
  if (props.Namespace === HEALTH_NAMESPACE) {
    return pick(props);
  }
  const query = (props.Metrics ?? []).find((m: any) => m.MetricStat?.Metric?.Namespace === HEALTH_NAMESPACE);
  return query && { ...pick(query.MetricStat.Metric), Period: query.MetricStat.Period, Statistic: query.MetricStat.Stat };
}

/** How two templates of one app differ: what the library owns (a failure) and what it does not (named, not a failure). */
export interface EndsDifference {
  readonly library: string[];
  readonly others: string[];
}

/** Compares the template synthesized at one end (`expected`) with the one of the other end (`actual`). */
export function compareEnds(expected: Template, actual: Template): EndsDifference {
  const want = libraryParts(expected);
  const got = libraryParts(actual);
  const library: string[] = [];
  for (const key of new Set([...want.keys(), ...got.keys()])) {
    const a = want.get(key);
    const b = got.get(key);
    if (!a || !b) {
      library.push(`${key}: ${a ? 'missing' : 'new'}`);
    } else if (a.what !== b.what || JSON.stringify(a.value) !== JSON.stringify(b.value)) {
      library.push(`${key}: ${a.what} differ${a.what.startsWith('the whole') ? 's' : ''}${describe(a.value, b.value)}`);
    }
  }
  const others: string[] = [];
  const ra = expected.Resources ?? {};
  const rb = actual.Resources ?? {};
  for (const id of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    const key = `resource ${id} (${(ra[id] ?? rb[id]).Type})`;
    if (JSON.stringify(ra[id]) === JSON.stringify(rb[id])) {
      continue;
    }
    const owned = want.get(key) ?? got.get(key);
    if (owned?.what === 'the whole resource') {
      continue; // reported above
    }
    const note = owned ? ` (its ${owned.what.replace(/^its /, '')} are the same)` : '';
    others.push(`${key}: ${!ra[id] ? 'new' : !rb[id] ? 'missing' : `differs${describe(ra[id], rb[id])}`}${note}`);
  }
  for (const [section, a, b] of [['Outputs', expected.Outputs, actual.Outputs]] as const) {
    for (const id of new Set([...Object.keys(a ?? {}), ...Object.keys(b ?? {})])) {
      if (!want.has(`output ${id}`) && JSON.stringify(a?.[id]) !== JSON.stringify(b?.[id])) {
        others.push(`${section.slice(0, -1).toLowerCase()} ${id}: ${!a?.[id] ? 'new' : !b?.[id] ? 'missing' : 'differs'}`);
      }
    }
  }
  return { library, others };
}

/** The top-level keys (and property names) where two values differ. */
function describe(a: any, b: any): string {
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b || Array.isArray(a) || Array.isArray(b)) {
    return '';
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(k => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  const detail = keys.map(k => (k === 'Properties' && a.Properties && b.Properties
    ? [...new Set([...Object.keys(a.Properties), ...Object.keys(b.Properties)])]
      .filter(p => JSON.stringify(a.Properties[p]) !== JSON.stringify(b.Properties[p])).map(p => `Properties.${p}`).join(', ')
    : k));
  return detail.length ? ` in ${detail.join(', ')}` : ' in key order only';
}
