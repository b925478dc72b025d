/**
 * The compliance scan: every integ app synthesized the way a regulated user
 * checks one, with
 *   - cdk-nag's AwsSolutions, HIPAA Security, NIST 800-53 rev 5, PCI DSS
 *     3.2.1 and Serverless packs (those the installed cdk-nag has),
 *   - AWS Control Tower's proactive controls in cfn-guard, through
 *     @cdklabs/cdk-validator-cfnguard as a policy-validation plugin,
 *   - checkov (PyPI, pinned by scripts/compliance.sh) on each template;
 * then each finding is put on its resource: the library's own
 * (scripts/library-owned.ts) or the app's.
 *
 * The rules (scripts/compliance-expected.json):
 *   - an app listed as regulated has no finding on the library's resources;
 *   - elsewhere, a finding on the library's resources must be one the
 *     docs/compliance.md lists for the default configuration (scanner, rule, resource
 *     type), and every listed one must still occur (the list stays true).
 * The app's own findings are printed, never failed: they are the app's.
 *
 *   CHECKOV=path/to/checkov ts-node scripts/compliance.ts [OUTDIR]
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { integApps, INTEG_DIR, ROOT } from './integ-snapshots';
import { libraryParts } from './library-owned';
import { COMPLIANCE_ENV } from '../integ/integ-app';

export interface Finding {
  readonly app: string;
  readonly stack: string;
  /** cfn-validate: aws-cdk-lib's own CloudFormation schema check (2.27x and later), a plugin beside cfn-guard. */
  readonly scanner: 'cdk-nag' | 'cfn-guard' | 'cfn-validate' | 'checkov';
  readonly rule: string;
  readonly logicalId: string;
  readonly type: string;
  readonly library: boolean;
}

export interface ExpectedFinding {
  readonly scanner: string;
  readonly rule: string;
  readonly type: string;
  readonly reason: string;
}

export interface Expectations {
  readonly regulated: string[];
  readonly defaults: ExpectedFinding[];
}

/** The rows of a cdk-nag NagReport CSV that are findings (not compliant, not suppressed). */
export function nagReportFindings(csv: string): Array<{ rule: string; path: string }> {
  return csv.trim().split('\n').slice(1)
    .map(line => line.split('","').map(c => c.replace(/^"|"$/g, '')))
    .filter(([, , compliance]) => compliance === 'Non-Compliant')
    .map(([rule, resourcePath]) => ({ rule, path: resourcePath }));
}

/**
 * The violations of a policy-validation report: cfn-guard's as Control Tower
 * ids (`CT.LAMBDA.PR.3 lambda_inside_vpc_check`), and those of aws-cdk-lib's
 * own CloudFormation schema check (its plugin since 2.27x) as cfn-validate.
 */
export function guardFindings(report: any): Array<{ scanner: 'cfn-guard' | 'cfn-validate'; rule: string; logicalId: string; template: string }> {
  return (report.pluginReports ?? []).flatMap((plugin: any) => (plugin.violations ?? []).flatMap((v: any) => {
    const control = /\[(CT\.[A-Z0-9]+\.PR\.\d+)\]/.exec(v.description ?? '')?.[1];
    const scanner = plugin.summary?.pluginName === 'cdk-validator-cfnguard' ? 'cfn-guard' as const : 'cfn-validate' as const;
    return (v.violatingResources ?? []).map((r: any) => ({
      scanner,
      rule: control ? `${control} ${v.ruleName}` : v.ruleName,
      logicalId: r.resourceLogicalId,
      template: path.basename(r.templatePath ?? ''),
    }));
  }));
}

/** The failed checks of a checkov JSON report (one framework or a list of them). */
export function checkovFindings(report: any): Array<{ rule: string; logicalId: string }> {
  return [report].flat().flatMap((r: any) => r?.results?.failed_checks ?? [])
    .map((c: any) => ({ rule: c.check_id, logicalId: String(c.resource).split('.').slice(1).join('.') }));
}

/** Whether a finding on the library's resources is one the defaults list. */
export function expected(finding: Finding, defaults: ExpectedFinding[]): ExpectedFinding | undefined {
  return defaults.find(e => e.scanner === finding.scanner && e.rule === finding.rule && e.type === finding.type);
}

/** The cdk-nag packs the installed cdk-nag has (2.28 has no ServerlessChecks), by rule prefix. */
export function packsRun(): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nag = require('cdk-nag');
  const prefixes: Record<string, string> = {
    AwsSolutionsChecks: 'AwsSolutions-',
    HIPAASecurityChecks: 'HIPAA.Security-',
    NIST80053R5Checks: 'NIST.800.53.R5-',
    PCIDSS321Checks: 'PCI.DSS.321-',
    ServerlessChecks: 'Serverless-',
  };
  return Object.entries(prefixes).filter(([pack]) => typeof nag[pack] === 'function').map(([, prefix]) => prefix);
}

/** What breaks the rules, each a sentence; and the listed defaults never seen (of the packs that ran). */
export function problems(findings: Finding[], expectations: Expectations, nagPrefixes: string[] = packsRun()): string[] {
  const out: string[] = [];
  const library = findings.filter(f => f.library);
  for (const f of library) {
    if (expectations.regulated.includes(f.app)) {
      out.push(`${f.app} ${f.stack}: ${f.scanner} ${f.rule} on the library's ${f.logicalId} (${f.type}): the regulated configuration must leave none`);
    } else if (!expected(f, expectations.defaults)) {
      out.push(`${f.app} ${f.stack}: ${f.scanner} ${f.rule} on the library's ${f.logicalId} (${f.type}) is not among the default findings docs/compliance.md lists `
        + '(scripts/compliance-expected.json): fix the default, acknowledge it with a reason, or list it');
    }
  }
  for (const e of expectations.defaults) {
    if (e.scanner === 'cdk-nag' && !nagPrefixes.some(p => e.rule.startsWith(p))) {
      continue; // its pack is not in the installed cdk-nag
    }
    if (!library.some(f => !expectations.regulated.includes(f.app) && f.scanner === e.scanner && f.rule === e.rule && f.type === e.type)) {
      out.push(`the listed default finding ${e.scanner} ${e.rule} on ${e.type} occurs in no integ app: remove it from scripts/compliance-expected.json and docs/compliance.md`);
    }
  }
  return out;
}

function scanApp(app: string, outdir: string, checkov: string): Finding[] {
  fs.rmSync(outdir, { recursive: true, force: true });
  const run = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'ts-node'),
    ['--transpile-only', '--project', path.join(ROOT, 'test', 'tsconfig.json'), path.join(INTEG_DIR, app)],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK_OUTDIR: outdir, [COMPLIANCE_ENV]: '1' } });
  // Failed policy validations set exit code 1 (aws-cdk-lib before 2.27x) and still write the assembly.
  const templates = fs.existsSync(outdir) ? fs.readdirSync(outdir).filter(f => f.endsWith('.template.json') && !/DeployAssert/.test(f)) : [];
  if (!templates.length) {
    throw new Error(`${app}: the synth wrote no template (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  const reportFile = path.join(outdir, 'policy-validation-report.json');
  const guard = fs.existsSync(reportFile) ? guardFindings(JSON.parse(fs.readFileSync(reportFile, 'utf8'))) : [];
  const findings: Finding[] = [];
  for (const file of templates) {
    const stack = file.replace(/\.template\.json$/, '');
    const template = JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf8'));
    const resources: Record<string, any> = template.Resources ?? {};
    const owned = new Set([...libraryParts(template).entries()].filter(([, p]) => p.what === 'the whole resource')
      .map(([key]) => /^resource (\S+) /.exec(key)?.[1]).filter((x): x is string => !!x));
    const byPath = new Map(Object.entries(resources).map(([id, r]) => [r.Metadata?.['aws:cdk:path'], id]));
    const add = (scanner: Finding['scanner'], rule: string, logicalId: string) => findings.push({
      app, stack, scanner, rule, logicalId, type: resources[logicalId]?.Type ?? '(not a resource)', library: owned.has(logicalId),
    });
    for (const report of fs.readdirSync(outdir).filter(f => f.endsWith(`-${stack}-NagReport.csv`))) {
      for (const row of nagReportFindings(fs.readFileSync(path.join(outdir, report), 'utf8'))) {
        add('cdk-nag', row.rule, byPath.get(row.path) ?? row.path);
      }
    }
    for (const g of guard.filter(x => x.template === file)) {
      add(g.scanner, g.rule, g.logicalId);
    }
    const scan = spawnSync(checkov, ['-f', path.join(outdir, file), '--framework', 'cloudformation', '-o', 'json', '--skip-download', '--quiet', '--compact'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (scan.status !== 0 && scan.status !== 1) {
      throw new Error(`checkov failed on ${file} (exit ${scan.status}): ${scan.stderr}`);
    }
    for (const c of checkovFindings(scan.stdout.trim() ? JSON.parse(scan.stdout) : [])) {
      add('checkov', c.rule, c.logicalId);
    }
  }
  return findings;
}

function main(): void {
  const checkov = process.env.CHECKOV;
  if (!checkov) {
    throw new Error('CHECKOV must name the checkov executable (scripts/compliance.sh installs it)');
  }
  const out = path.resolve(process.argv[2] ?? path.join(ROOT, '.tmp', 'compliance'));
  const expectations: Expectations = JSON.parse(fs.readFileSync(path.join(__dirname, 'compliance-expected.json'), 'utf8'));
  const findings = integApps().flatMap(app => scanApp(app, path.join(out, app), checkov));
  const lines: string[] = [];
  for (const app of integApps()) {
    const mine = findings.filter(f => f.app === app);
    const library = mine.filter(f => f.library);
    lines.push(`${app}${expectations.regulated.includes(app) ? ' (regulated configuration)' : ''}: `
      + `${library.length} finding(s) on the library's resources, ${mine.length - library.length} on the app's own`);
    for (const scanner of ['cdk-nag', 'cfn-guard', 'cfn-validate', 'checkov'] as const) {
      const rules = [...new Set(library.filter(f => f.scanner === scanner).map(f => `${f.rule} (${f.type})`))].sort();
      lines.push(`  ${scanner.padEnd(12)} ${library.filter(f => f.scanner === scanner).length} on the library's: ${rules.join(', ') || '-'}`);
    }
  }
  const broken = problems(findings, expectations);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'findings.json'), JSON.stringify(findings, undefined, 1));
  fs.writeFileSync(path.join(out, 'summary.txt'), `${lines.join('\n')}\n`);
  console.log(lines.join('\n'));
  if (broken.length) {
    console.error(`\n${broken.length} problem(s):\n${broken.map(p => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log(`compliance scan: OK (${findings.filter(f => f.library).length} findings on the library's resources, each one docs/compliance.md lists; none in the regulated app)`);
}

if (require.main === module) {
  main();
}
