/**
 * Every IAM policy of every integ template, with its intrinsic functions
 * resolved: each template is deployed in the deployment rehearsal
 * (test/rehearsal/, CloudFormation's part played on 127.0.0.1, the same
 * engine as the rehearsal tests), so `Ref`, `Fn::GetAtt`, `Fn::Join` and
 * `Fn::Sub` hold what CloudFormation would put there: ARNs shaped by each
 * resource type's schema, the stack's account and region, the partition.
 * Nothing is guessed; an intrinsic the rehearsal cannot resolve fails it.
 *
 * integ-tests-alpha's assertion stacks (*DeployAssert*), whose policies hold
 * no intrinsic, are read as they are.
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

/** Policies of a template that has no intrinsic function in them (read as they are); any intrinsic fails. */
function literalPolicies(stackName: string, template: any): ResolvedPolicy[] {
  const found: ResolvedPolicy[] = [];
  for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
    const p = resource.Properties ?? {};
    const docs: Array<[string, unknown, string[]]> = [];
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      docs.push([p.PolicyName ?? p.ManagedPolicyName ?? logicalId, p.PolicyDocument, roleIds(template, p.Roles)]);
    } else if (resource.Type === 'AWS::IAM::Role') {
      for (const inline of p.Policies ?? []) {
        docs.push([inline.PolicyName, inline.PolicyDocument, [logicalId]]);
      }
    }
    for (const [policyName, document, roles] of docs) {
      if (/"(Ref|Fn::[A-Za-z]+)":/.test(JSON.stringify(document))) {
        throw new Error(`${stackName}/${logicalId}: a policy with intrinsic functions in a template the rehearsal does not deploy; add the stack to INTEG_STACKS`);
      }
      found.push({ stack: stackName, logicalId, type: resource.Type === 'AWS::IAM::Role' ? 'AWS::IAM::Role (inline)' : resource.Type, roles, policyName, document });
    }
  }
  return found;
}

async function main(): Promise<void> {
  const out = path.resolve(process.argv[2] ?? '.tmp/iam-lint');
  fs.mkdirSync(out, { recursive: true });
  // Every template of every integ snapshot: the integ stacks are deployed in
  // the rehearsal; integ-tests-alpha's assertion stacks (*DeployAssert*),
  // which hold no intrinsic in their policies, are read as they are.
  const integDir = path.join(__dirname, '..', 'integ');
  const deployed = new Set(INTEG_STACKS.map(([, stack]) => stack));
  for (const snapshot of fs.readdirSync(integDir).filter(d => d.endsWith('.snapshot')).sort()) {
    for (const file of fs.readdirSync(path.join(integDir, snapshot)).filter(f => f.endsWith('.template.json')).sort()) {
      const stackName = file.replace(/\.template\.json$/, '');
      if (deployed.has(stackName)) {
        continue;
      }
      if (!/DeployAssert/.test(stackName)) {
        throw new Error(`integ/${snapshot}/${file}: not in INTEG_STACKS (test/rehearsal/rehearsal.ts), so its policies would not be linted`);
      }
      const policies = literalPolicies(stackName, JSON.parse(fs.readFileSync(path.join(integDir, snapshot, file), 'utf8')));
      fs.writeFileSync(path.join(out, `${stackName}.policies.json`), `${JSON.stringify(policies, undefined, 2)}\n`);
      console.log(`${stackName}: ${policies.length} policies (read as they are)`);
    }
  }
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
