/**
 * Every resource in every committed integ snapshot, checked against the
 * CloudFormation resource specification (@aws-cdk/aws-service-spec): the type
 * exists, every property name exists, required properties are present, and
 * the same for nested structures (e.g. the host's VpcConfiguration).
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';
import { integApps, listFiles, snapshotDir } from '../scripts/integ-snapshots';

const db = loadAwsServiceSpecSync();

type Props = Record<string, { required?: boolean; type: any }>;

function problems(where: string, value: any, props: Props): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).some(k => k.startsWith('Fn::') || k === 'Ref')) {
    return []; // an intrinsic: its shape is checked by CloudFormation at deploy time
  }
  const found: string[] = [];
  for (const name of Object.keys(value)) {
    if (!(name in props)) {
      found.push(`${where}: unknown property ${name}`);
      continue;
    }
    const type = props[name].type;
    const ref = type?.type === 'ref' ? type.reference.$ref : undefined;
    if (ref) {
      found.push(...problems(`${where}.${name}`, value[name], db.get('typeDefinition', ref).properties as Props));
    }
  }
  for (const [name, prop] of Object.entries(props)) {
    if (prop.required && !(name in value)) {
      found.push(`${where}: required property ${name} is missing`);
    }
  }
  return found;
}

const templates = integApps().flatMap(app => listFiles(snapshotDir(app))
  .filter(f => f.endsWith('.template.json'))
  .map(f => path.join(snapshotDir(app), f)));

describe('CloudFormation resource specification', () => {
  test('there are templates to check, with the library\'s resource types in them', () => {
    const types = new Set(templates.flatMap(t => Object.values<any>(JSON.parse(fs.readFileSync(t, 'utf8')).Resources ?? {}).map(r => r.Type)));
    expect([...types]).toEqual(expect.arrayContaining([
      'AWS::CodeConnections::Connection', 'AWS::CodeConnections::Host', 'AWS::Lambda::Function', 'AWS::Logs::LogGroup',
      'AWS::CodeStarConnections::RepositoryLink', 'AWS::CodeStarConnections::SyncConfiguration', 'AWS::RAM::ResourceShare',
      'AWS::Events::Rule', 'AWS::CloudWatch::Alarm',
    ]));
  });

  test('the check itself catches unknown, missing and nested mistakes', () => {
    const host = db.lookup('resource', 'cloudFormationType', 'equals', 'AWS::CodeConnections::Host').only().properties as Props;
    expect(problems('H', { Name: 'h', ProviderType: 'GitHubEnterpriseServer', Endpoint: 'x', VpcConfiguration: { VpcId: 'vpc-1', SubnetIds: [] } }, host)).toEqual([
      'H: unknown property Endpoint',
      'H.VpcConfiguration: required property SecurityGroupIds is missing',
      'H: required property ProviderEndpoint is missing',
    ]);
  });

  test.each(templates.map(t => [path.relative(path.join(__dirname, '..'), t), t]))('%s', (_name, file) => {
    const template = JSON.parse(fs.readFileSync(file, 'utf8'));
    const found: string[] = [];
    for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
      if (resource.Type.startsWith('Custom::') || resource.Type === 'AWS::CloudFormation::CustomResource') {
        continue; // custom resources have no schema; the handler validates its properties
      }
      const spec = db.lookup('resource', 'cloudFormationType', 'equals', resource.Type);
      if (spec.length !== 1) {
        found.push(`${id}: type ${resource.Type} is not in the specification`);
        continue;
      }
      found.push(...problems(`${id} (${resource.Type})`, resource.Properties ?? {}, spec.only().properties as Props));
    }
    expect(found).toEqual([]);
  });
});
