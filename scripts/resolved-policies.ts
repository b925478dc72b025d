/**
 * Every IAM policy of every integ template, with its intrinsic functions
 * resolved: each template is deployed in the deployment rehearsal
 * (test/rehearsal/, CloudFormation's part played on 127.0.0.1, the same
 * engine as the rehearsal tests), so `Ref`, `Fn::GetAtt`, `Fn::Join` and
 * `Fn::Sub` hold what CloudFormation would put there: ARNs shaped by each
 * resource type's schema, the stack's account and region, the partition.
 * Nothing is guessed; an intrinsic the rehearsal cannot resolve fails it.
 *
 * Writes one JSON file per stack to the output folder:
 *   [{ stack, logicalId, type, role, policyName, document }]
 * for AWS::IAM::Policy, AWS::IAM::ManagedPolicy and the inline policies of
 * AWS::IAM::Role. scripts/iam-lint.py lints them.
 *
 * Run: ts-node --transpile-only --project test/tsconfig.json scripts/resolved-policies.ts OUTDIR
 */
import * as fs from 'fs';
import * as path from 'path';
import { rehearse, seedImports } from '../test/rehearsal/harness';
import { INTEG_STACKS, integTemplate } from '../test/rehearsal/rehearsal';


interface ResolvedPolicy {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  /** Logical ids of the roles it is attached to (the role itself for an inline policy). */
  readonly roles: string[];
  readonly policyName: string;
  readonly document: unknown;
}

function roleIds(template: any, refs: unknown): string[] {
  return (Array.isArray(refs) ? refs : []).flatMap((r: any) => (r && typeof r === 'object' && typeof r.Ref === 'string' ? [r.Ref] : []))
    .filter(id => template.Resources[id]?.Type === 'AWS::IAM::Role');
}

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? '.tmp/iam-lint');
  fs.mkdirSync(out, { recursive: true });
  for (const [app, stackName, region] of INTEG_STACKS) {
    const template = integTemplate(app, stackName);
    const policies: ResolvedPolicy[] = await rehearse({ region, timeScale: 20, throttle: false }, async r => {
      seedImports(r, template);
      const result = await r.deploy(stackName, template);
      if (result.status !== 'CREATE_COMPLETE') {
        throw new Error(`${stackName}: ${result.status}: ${result.reason}`);
      }
      const found: ResolvedPolicy[] = [];
      for (const [logicalId, state] of r.cloudFormation.requireStack(stackName).resources) {
        const p = state.properties ?? {};
        const roles = roleIds(template, template.Resources[logicalId]?.Properties?.Roles);
        if (state.type === 'AWS::IAM::Policy' || state.type === 'AWS::IAM::ManagedPolicy') {
          const policyName = p.PolicyName ?? p.ManagedPolicyName ?? logicalId;
          found.push({ stack: stackName, logicalId, type: state.type, roles, policyName, document: p.PolicyDocument });
        } else if (state.type === 'AWS::IAM::Role') {
          for (const inline of p.Policies ?? []) {
            found.push({ stack: stackName, logicalId, type: 'AWS::IAM::Role (inline)', roles: [logicalId], policyName: inline.PolicyName, document: inline.PolicyDocument });
          }
        }
      }
      return found;
    });
    fs.writeFileSync(path.join(out, `${stackName}.policies.json`), `${JSON.stringify(policies, undefined, 2)}\n`);
    console.log(`${stackName}: ${policies.length} policies`);
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
