/**
 * Template footprint of the library app vs the L1 app (bench/apps.ts) for
 * N = 1, 50, 200 connections: resources, template bytes, Lambda functions,
 * the status reporter's IAM policy bytes and outputs, next to
 * CloudFormation's quotas. Prints figures; asserts nothing.
 *
 * Run: ts-node --transpile-only --project bench/tsconfig.json bench/footprint.ts
 */
import * as fs from 'fs';
import { STACK_NAME, VARIANTS, Variant, buildStack, freshApp, removeDir } from './apps';
import { fmt, machine, revision, table, validationFindings, withStderrCaptured } from './stats';

const NS = [1, 50, 200];
/** CloudFormation quotas a stack template must fit. */
const QUOTAS = { resources: 500, outputs: 200, templateBodyBytes: 51_200, templateS3Bytes: 1_000_000 };
const REPORTER_ID_PREFIX = 'CodeConnectionsStatusReporter';

interface Footprint {
  readonly resources: number;
  readonly customResources: number;
  readonly jsonBytes: number;
  readonly fileBytes: number;
  readonly lambdas: number;
  readonly reporterPolicies: number;
  readonly reporterStatements: number;
  readonly reporterPolicyBytes: number;
  readonly outputs: number;
  readonly findings: string[];
}

type Template = { Resources?: Record<string, { Type: string; Properties?: any }>; Outputs?: Record<string, unknown> };

function measure(variant: Variant, n: number): Footprint {
  const { app, outdir } = freshApp();
  try {
    const { result: artifact, stderr } = withStderrCaptured(() => {
      buildStack(variant, app, n);
      return app.synth().getStackByName(STACK_NAME);
    });
    const template = artifact.template as Template;
    const resources = Object.entries(template.Resources ?? {});
    // The status reporter: its function, its role, and every AWS::IAM::Policy attached to that role.
    const reporter = resources.find(([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(REPORTER_ID_PREFIX));
    const roleId = reporter?.[1].Properties?.Role?.['Fn::GetAtt']?.[0] as string | undefined;
    const policies = roleId === undefined ? [] : resources
      .filter(([, r]) => r.Type === 'AWS::IAM::Policy' && (r.Properties?.Roles ?? []).some((ref: any) => ref?.Ref === roleId))
      .map(([, r]) => r.Properties.PolicyDocument);
    return {
      resources: resources.length,
      customResources: resources.filter(([, r]) => r.Type.startsWith('Custom::') || r.Type === 'AWS::CloudFormation::CustomResource').length,
      jsonBytes: Buffer.byteLength(JSON.stringify(template)),
      fileBytes: fs.statSync(artifact.templateFullPath).size,
      lambdas: resources.filter(([, r]) => r.Type === 'AWS::Lambda::Function').length,
      reporterPolicies: policies.length,
      reporterStatements: policies.reduce((k, p) => k + (p.Statement?.length ?? 0), 0),
      reporterPolicyBytes: policies.reduce((k, p) => k + Buffer.byteLength(JSON.stringify(p)), 0),
      outputs: Object.keys(template.Outputs ?? {}).length,
      findings: validationFindings(stderr),
    };
  } finally {
    removeDir(outdir);
  }
}

function over(value: number, quota: number): string {
  return value > quota ? ` (OVER ${quota})` : '';
}

function main(): void {
  console.log('# template footprint: library vs L1');
  console.log(`machine: ${machine()}`);
  console.log(`measured: ${revision()}`);
  console.log('');
  const results = new Map<string, Footprint>();
  const rows: Array<Array<string | number>> = [];
  for (const n of NS) {
    for (const v of VARIANTS) {
      const f = measure(v, n);
      results.set(`${v}/${n}`, f);
      rows.push([
        n,
        v,
        `${f.resources}${over(f.resources, QUOTAS.resources)}`,
        f.customResources,
        f.jsonBytes,
        `${f.fileBytes}${over(f.fileBytes, QUOTAS.templateS3Bytes)}`,
        f.lambdas,
        f.reporterPolicies ? `${f.reporterPolicyBytes} (${f.reporterPolicies} policy, ${f.reporterStatements} statements)` : '-',
        `${f.outputs}${over(f.outputs, QUOTAS.outputs)}`,
      ]);
    }
  }
  console.log(table(['N', 'app', 'resources', 'custom resources', 'template bytes (JSON.stringify)', 'template file bytes (cdk.out)',
    'Lambda functions', 'status-reporter IAM policy bytes', 'outputs'], rows));
  console.log('');
  console.log(`CloudFormation quotas: ${QUOTAS.resources} resources, ${QUOTAS.outputs} outputs, template body ${QUOTAS.templateBodyBytes} bytes inline / ${QUOTAS.templateS3Bytes} bytes from S3 (cdk deploy uploads templates over ${QUOTAS.templateBodyBytes} bytes to the bootstrap bucket).`);

  const perConnection = (v: Variant, key: 'resources' | 'jsonBytes' | 'outputs') =>
    (results.get(`${v}/200`)![key] - results.get(`${v}/50`)![key]) / 150;
  console.log('');
  console.log('per extra connection (50 -> 200):');
  console.log(table(['app', 'resources', 'template bytes', 'outputs'], VARIANTS.map(v => [
    v, fmt(perConnection(v, 'resources'), 2), fmt(perConnection(v, 'jsonBytes'), 0), fmt(perConnection(v, 'outputs'), 2),
  ])));
  const lib = (n: number) => results.get(`library/${n}`)!;
  const fixed = lib(1);
  console.log(`library: the status reporter's IAM policy stays ${fixed.reporterPolicyBytes} bytes at N=1 and ${lib(200).reporterPolicyBytes} bytes at N=200 (wildcard resources, written once per stack).`);
  /** N at which the variant's resources reach the quota, extrapolating 50 -> 200 linearly. */
  const resourceQuotaAt = (v: Variant) => {
    const slope = perConnection(v, 'resources');
    return Math.floor((QUOTAS.resources - (results.get(`${v}/50`)!.resources - 50 * slope)) / slope);
  };
  const outputSlope = (lib(50).outputs - lib(1).outputs) / 49;
  console.log(`library: outputs grow by ${fmt(outputSlope, 2)} per connection from N=1 to N=50; at N=200 the template has ${lib(200).outputs} outputs (quota ${QUOTAS.outputs}).`);
  console.log(`library: at ${fmt(perConnection('library', 'resources'), 0)} resources per connection this app reaches CloudFormation's ${QUOTAS.resources}-resource quota at N=${resourceQuotaAt('library')};`
    + ` the L1 app (${fmt(perConnection('l1', 'resources'), 0)} per connection) at N=${resourceQuotaAt('l1')}.`);

  const findings = [...results].flatMap(([k, f]) => f.findings.map(x => `${k.replace('/', ' N=')}: ${x}`));
  if (findings.length) {
    console.log('');
    console.log('aws-cdk-lib template validation findings:');
    findings.forEach(f => console.log(`  ${f}`));
  }
}

main();
