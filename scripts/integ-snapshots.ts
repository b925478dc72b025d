/**
 * Integ snapshots without integ-runner.
 *
 * integ-runner cannot read the cloud assembly schema of the aws-cdk-lib this
 * project builds with, so each `integ/integ.*.ts` app is synthesized with the
 * aws-cdk CLI and compared with its committed `integ/<app>.snapshot/`
 * directory. Bundled asset directories are left out of snapshots: their
 * content hash is already part of the templates.
 *
 *   ts-node scripts/integ-snapshots.ts            compare every app
 *   ts-node scripts/integ-snapshots.ts --update   rewrite the snapshots
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareEnds } from './library-owned';

export const ROOT = path.resolve(__dirname, '..');
export const INTEG_DIR = path.join(ROOT, 'integ');

/** The integ apps, sorted. */
export function integApps(): string[] {
  return fs.readdirSync(INTEG_DIR).filter(f => /^integ\..+\.ts$/.test(f) && !f.endsWith('.d.ts')).sort();
}

export function snapshotDir(app: string): string {
  return path.join(INTEG_DIR, `${app}.snapshot`);
}

/** Synthesizes one integ app with the CDK CLI into a fresh directory and returns it. */
export function synthIntegApp(app: string, outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'integ-'))): string {
  const cdk = path.join(ROOT, 'node_modules', '.bin', 'cdk');
  const tsNode = path.join(ROOT, 'node_modules', '.bin', 'ts-node');
  execFileSync(cdk, [
    'synth', '--quiet',
    '--app', `${tsNode} --transpile-only --require ${path.join(ROOT, 'scripts', 'fixed-clock.js')} --project ${path.join(ROOT, 'test', 'tsconfig.json')} ${path.join(INTEG_DIR, app)}`,
    '--output', outdir,
    // What integ-runner turns off, so the snapshot holds only what deploys.
    '--no-version-reporting', '--no-path-metadata', '--no-asset-metadata',
    '--no-notices', '--no-color',
  ], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    // JSII_DEPRECATED=fail: an aws-cdk-lib API that the installed release
    // deprecates fails the synth, naming it. Users would otherwise see its
    // [WARNING] on every synth (the newest-aws-cdk-lib run finds these).
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', JSII_DEPRECATED: 'fail' },
  });
  for (const entry of fs.readdirSync(outdir)) {
    // aws-cdk-lib writes performance-counters.json only when a stack's synth
    // takes over 10 s (a loaded machine): timing, not output, so never part
    // of a snapshot.
    if (entry.startsWith('asset.') || entry === 'performance-counters.json') {
      fs.rmSync(path.join(outdir, entry), { recursive: true, force: true });
    }
  }
  return outdir;
}

/** Files of a directory, relative, sorted. */
export function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap(e => (e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))]))
    .sort();
}

/**
 * What the snapshot comparison covers: every file (the default), or with
 * CODECONNECTIONS_SNAPSHOT_SCOPE=library what the library owns in each
 * template (scripts/library-owned.ts). The snapshots are synthesized at the
 * aws-cdk-lib floor; a run against another aws-cdk-lib (.ci/run's
 * newest-aws-cdk-lib run) compares the library's resources byte for byte,
 * and names, without failing, what aws-cdk-lib's own constructs write
 * differently (in .tmp/ends/APP.txt). The manifests, tree, metadata and
 * asset manifests carry the aws-cdk-lib version and are not compared then.
 */
export function snapshotScope(): 'all' | 'library' {
  const scope = process.env.CODECONNECTIONS_SNAPSHOT_SCOPE ?? 'all';
  if (scope !== 'all' && scope !== 'library') {
    throw new Error(`CODECONNECTIONS_SNAPSHOT_SCOPE must be 'all' or 'library', not '${scope}'`);
  }
  return scope;
}

/** Where the library-scope comparison writes what differs outside the library (one file per app). */
export const ENDS_REPORT_DIR = path.join(ROOT, '.tmp', 'ends');

/** Differences between a synthesized assembly and the committed snapshot; empty when equal. */
export function compareWithSnapshot(app: string, outdir: string, scope = snapshotScope()): string[] {
  const expected = snapshotDir(app);
  if (!fs.existsSync(expected)) {
    return [`no snapshot for ${app}: run 'npx projen integ:update' and commit ${path.relative(ROOT, expected)}`];
  }
  if (scope === 'all') {
    return compareDirectories(expected, outdir);
  }
  const isTemplate = (f: string) => f.endsWith('.template.json');
  const want = listFiles(expected).filter(isTemplate);
  const got = listFiles(outdir).filter(isTemplate);
  const problems: string[] = [];
  const report: string[] = [];
  for (const f of new Set([...want, ...got])) {
    if (!want.includes(f) || !got.includes(f)) {
      problems.push(`${f}: ${want.includes(f) ? 'not synthesized' : `new file, not in ${path.relative(ROOT, expected)}`}`);
      continue;
    }
    const { library, others } = compareEnds(
      JSON.parse(fs.readFileSync(path.join(expected, f), 'utf8')),
      JSON.parse(fs.readFileSync(path.join(outdir, f), 'utf8')));
    problems.push(...library.map(d => `${f}: library-owned ${d}`));
    report.push(...(others.length ? [`${f}: ${others.length} difference(s) outside the library`, ...others.map(o => `  ${o}`)] : [`${f}: identical outside the library too`]));
  }
  fs.mkdirSync(ENDS_REPORT_DIR, { recursive: true });
  fs.writeFileSync(path.join(ENDS_REPORT_DIR, `${app}.txt`), `${app} (floor snapshot vs this aws-cdk-lib)\n${[...problems.map(p => `LIBRARY: ${p}`), ...report].join('\n')}\n`);
  return problems;
}

/** Files that differ between two directories (byte by byte); empty when identical. A template's difference names its resources. */
export function compareDirectories(expected: string, outdir: string, include: (file: string) => boolean = () => true): string[] {
  const want = listFiles(expected).filter(include);
  const got = listFiles(outdir).filter(include);
  const problems: string[] = [];
  for (const f of new Set([...want, ...got])) {
    if (!want.includes(f)) {
      problems.push(`${f}: new file, not in ${path.relative(ROOT, expected)}`);
    } else if (!got.includes(f)) {
      problems.push(`${f}: in ${path.relative(ROOT, expected)}, not synthesized`);
    } else if (!fs.readFileSync(path.join(expected, f)).equals(fs.readFileSync(path.join(outdir, f)))) {
      problems.push(`${f}: differs from ${path.relative(ROOT, expected)}${f.endsWith('.template.json') ? templateDifference(path.join(expected, f), path.join(outdir, f)) : ''}`);
    }
  }
  return problems;
}

/** Which top-level sections and resources of two templates differ, and how (for a failure to explain itself). */
function templateDifference(expectedFile: string, actualFile: string): string {
  const a = JSON.parse(fs.readFileSync(expectedFile, 'utf8'));
  const b = JSON.parse(fs.readFileSync(actualFile, 'utf8'));
  const parts: string[] = [];
  for (const section of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (section === 'Resources') {
      continue;
    }
    if (JSON.stringify(a[section]) !== JSON.stringify(b[section])) {
      parts.push(`${section} differs`);
    }
  }
  const ra = a.Resources ?? {};
  const rb = b.Resources ?? {};
  for (const id of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (!(id in ra)) {
      parts.push(`+ ${id} (${rb[id].Type})`);
    } else if (!(id in rb)) {
      parts.push(`- ${id} (${ra[id].Type})`);
    } else if (JSON.stringify(ra[id]) !== JSON.stringify(rb[id])) {
      const keys = [...new Set([...Object.keys(ra[id].Properties ?? {}), ...Object.keys(rb[id].Properties ?? {})])]
        .filter(k => JSON.stringify(ra[id].Properties?.[k]) !== JSON.stringify(rb[id].Properties?.[k]));
      const other = ['Type', 'DependsOn', 'Metadata', 'DeletionPolicy', 'UpdateReplacePolicy', 'Condition']
        .filter(k => JSON.stringify(ra[id][k]) !== JSON.stringify(rb[id][k]));
      parts.push(`~ ${id} (${ra[id].Type}): ${[...keys.map(k => `Properties.${k}`), ...other].join(', ')}`);
    }
  }
  return parts.length ? `:\n    ${parts.join('\n    ')}` : ' (whitespace or key order only)';
}

function main(): void {
  const update = process.argv.includes('--update');
  let failed = 0;
  for (const app of integApps()) {
    const outdir = synthIntegApp(app);
    if (update) {
      fs.rmSync(snapshotDir(app), { recursive: true, force: true });
      fs.cpSync(outdir, snapshotDir(app), { recursive: true });
      console.log(`${app}: snapshot written`);
    } else {
      const problems = compareWithSnapshot(app, outdir);
      failed += problems.length ? 1 : 0;
      console.log(problems.length ? `${app}: DIFFERS\n  ${problems.join('\n  ')}` : `${app}: matches its snapshot`);
    }
    fs.rmSync(outdir, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

if (require.main === module) {
  main();
}
