/**
 * Policy size: what one grant of a connection adds to a role's policy, and
 * how many connections one role can be granted before IAM's limit.
 *
 * IAM limits the inline policies of a role to 10,240 characters in all, and
 * a customer-managed policy to 6,144, counting the policy as CloudFormation
 * sends it (intrinsics resolved, whitespace not counted). The template
 * carries the intrinsics themselves: its size per grant is what a template
 * (1 MB) pays. Both are printed, per kind of grant:
 *
 * - `action`: what ConnectionSourceAction and grantUse({ repositories })
 *   write (UseConnection, FullRepositoryId condition);
 * - `plain`: grantUse() without conditions;
 * - `codebuild`: what CodeBuildSource.fromConnection() writes (GetConnection,
 *   GetConnectionToken, UseConnection for the repository);
 * for a connection this app creates (an ARN token), one imported by ARN,
 * and one found by name (a token of unknown namespace).
 *
 * Run: ts-node --transpile-only --project bench/tsconfig.json bench/policy-size.ts
 */
import { App, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CodeBuildSource, Connection, IConnection, ProviderType } from '../src';
import { resolve, ResolveContext } from '../test/rehearsal/intrinsics';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const INLINE_LIMIT = 10_240;
const MANAGED_LIMIT = 6_144;

type Kind = 'action' | 'plain' | 'codebuild';
type Source = 'created' | 'imported' | 'looked up';

function connection(stack: Stack, source: Source, i: number): IConnection {
  switch (source) {
    case 'created': return new Connection(stack, `C${i}`, { providerType: ProviderType.GITHUB });
    case 'imported': return Connection.fromConnectionArn(stack, `C${i}`, `arn:aws:codeconnections:${REGION}:${ACCOUNT}:connection/00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    case 'looked up': return Connection.fromConnectionName(stack, `C${i}`, `conn-${i}`);
  }
}

/** The policy documents on the grant's role (inline or managed), as the template has them. */
function policyDocuments(template: any): Array<{ type: string; document: unknown }> {
  return Object.values<any>(template.Resources)
    .filter(r => (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') && JSON.stringify(r.Properties.Roles ?? []).includes('Grantee'))
    .map(r => ({ type: r.Type, document: r.Properties.PolicyDocument }));
}

/** Resolves a document's intrinsics as CloudFormation would (ARNs of this account and region). */
function resolved(document: unknown): unknown {
  const ctx: ResolveContext = {
    pseudo: { 'AWS::Partition': 'aws', 'AWS::Region': REGION, 'AWS::AccountId': ACCOUNT, 'AWS::URLSuffix': 'amazonaws.com' },
    parameters: {},
    conditions: {},
    ref: id => `${id}-physical`,
    getAtt: (id, attribute) => (attribute.endsWith('ConnectionArn') || attribute === 'ConnectionArn'
      ? `arn:aws:codeconnections:${REGION}:${ACCOUNT}:connection/${'0'.repeat(8)}-0000-4000-8000-${id.slice(-12).padStart(12, '0')}`
      : `arn:aws:iam::${ACCOUNT}:role/${id}`),
    importValue: name => name,
    availabilityZones: () => [`${REGION}a`],
  };
  return resolve(document, ctx, 'policy');
}

function measure(kind: Kind, source: Source, n: number): { template: number; iam: number; type: string } {
  const app = new App();
  const stack = new Stack(app, 'Bench', { env: { account: ACCOUNT, region: REGION } });
  const role = new iam.Role(stack, 'Grantee', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
  for (let i = 0; i < n; i++) {
    const c = connection(stack, source, i);
    if (kind === 'action') {
      c.grantUse(role, { repositories: [`my-org/repo-${i}`], readOnly: true });
    } else if (kind === 'plain') {
      c.grantUse(role);
    } else {
      new codebuild.Project(stack, `P${i}`, {
        role,
        source: CodeBuildSource.fromConnection(c, { owner: 'my-org', repo: `repo-${i}`, providerType: ProviderType.GITHUB }),
      });
    }
  }
  // The statements the grants wrote (those naming a CodeConnections action;
  // aws-cdk-lib's own statements of a CodeBuild project are not the grant's).
  const docs = policyDocuments(app.synth().getStackByName('Bench').template)
    .map(d => ({ ...d, statements: ((d.document as any).Statement as any[]).filter(st => /"(codeconnections|codestar-connections):/.test(JSON.stringify(st.Action))) }))
    .filter(d => d.statements.length);
  const template = docs.reduce((sum, d) => sum + JSON.stringify(d.statements).length, 0);
  const iamSize = docs.reduce((sum, d) => sum + JSON.stringify(resolved(d.statements)).length, 0);
  return { template, iam: iamSize, type: [...new Set(docs.map(d => d.type.replace('AWS::IAM::', '')))].join('+') };
}

function main(): void {
  console.log('characters per grant (the difference between 11 and 1 grants, divided by 10), and connections before the limit');
  console.log(`IAM counts the resolved policy: inline policies of a role ${INLINE_LIMIT} in all, a managed policy ${MANAGED_LIMIT}\n`);
  console.log(`${'grant'.padEnd(10)} ${'connection'.padEnd(11)} ${'policy'.padEnd(14)} ${'template/grant'.padStart(14)} ${'IAM/grant'.padStart(10)} ${'per role'.padStart(9)}`);
  for (const kind of ['action', 'plain', 'codebuild'] as Kind[]) {
    for (const source of ['created', 'imported', 'looked up'] as Source[]) {
      const one = measure(kind, source, 1);
      const eleven = measure(kind, source, 11);
      const templatePer = (eleven.template - one.template) / 10;
      const iamPer = (eleven.iam - one.iam) / 10;
      const base = one.iam - iamPer;
      // Grants to a role of this app go to one customer-managed policy (6,144);
      // the others to its default policy (inline, 10,240 in all).
      const limit = eleven.type === 'ManagedPolicy' ? MANAGED_LIMIT : INLINE_LIMIT;
      const perRole = String(Math.floor((limit - base) / iamPer));
      console.log(`${kind.padEnd(10)} ${source.padEnd(11)} ${eleven.type.padEnd(14)} ${templatePer.toFixed(0).padStart(14)} ${iamPer.toFixed(0).padStart(10)} ${perRole.padStart(9)}`);
    }
  }
}

main();
