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
import { deployWithHandshakes, rehearse, seedImports } from '../test/rehearsal/harness';
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

/**
 * The policies of a template's IAM resources, with the properties
 * `propertiesOf` gives (the rehearsal's resolved ones, or the template's
 * own); the roles they attach to are read from the template (its `Ref`s).
 */
function policiesOf(stackName: string, template: any, propertiesOf: (logicalId: string) => any): ResolvedPolicy[] {
  const found: ResolvedPolicy[] = [];
  for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
    const p = propertiesOf(logicalId) ?? {};
    if (resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') {
      const policyName = p.PolicyName ?? p.ManagedPolicyName ?? logicalId;
      const roles = roleIds(template, resource.Properties?.Roles);
      found.push({ stack: stackName, logicalId, type: resource.Type, roles, policyName, document: p.PolicyDocument });
    } else if (resource.Type === 'AWS::IAM::Role') {
      for (const inline of p.Policies ?? []) {
        found.push({ stack: stackName, logicalId, type: 'AWS::IAM::Role (inline)', roles: [logicalId], policyName: inline.PolicyName, document: inline.PolicyDocument });
      }
    }
  }
  return found;
}

/** Policies of a template the rehearsal does not deploy, read as they are: any intrinsic in them fails. */
function literalPolicies(stackName: string, template: any): ResolvedPolicy[] {
  const policies = policiesOf(stackName, template, id => template.Resources[id].Properties);
  for (const policy of policies) {
    if (/"(Ref|Fn::[A-Za-z]+)":/.test(JSON.stringify(policy.document))) {
      throw new Error(`${stackName}/${policy.logicalId}: a policy with intrinsic functions in a template the rehearsal does not deploy; add the stack to INTEG_STACKS`);
    }
  }
  return policies;
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
  for (const [app, stackName, region, account] of INTEG_STACKS) {
    const template = integTemplate(app, stackName);
    const policies: ResolvedPolicy[] = await rehearse({ region, account, timeScale: 20, throttle: false }, async r => {
      seedImports(r, template);
      // A stack whose connections wait for AVAILABLE deploys once a person has done the handshake.
      const result = await deployWithHandshakes(r, stackName, template);
      if (result.status !== 'CREATE_COMPLETE') {
        throw new Error(`${stackName}: ${result.status}: ${result.reason}`);
      }
      const resources = r.cloudFormation.requireStack(stackName).resources;
      return policiesOf(stackName, template, id => resources.get(id)?.properties);
    });
    fs.writeFileSync(path.join(out, `${stackName}.policies.json`), `${JSON.stringify(policies, undefined, 2)}\n`);
    console.log(`${stackName}: ${policies.length} policies`);
  }
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
