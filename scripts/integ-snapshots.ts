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
  ], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' } });
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

/** Differences between a synthesized assembly and the committed snapshot; empty when equal. */
export function compareWithSnapshot(app: string, outdir: string): string[] {
  const expected = snapshotDir(app);
  if (!fs.existsSync(expected)) {
    return [`no snapshot for ${app}: run 'npx projen integ:update' and commit ${path.relative(ROOT, expected)}`];
  }
  return compareDirectories(expected, outdir);
}

/** Files that differ between two directories (byte by byte); empty when identical. */
export function compareDirectories(expected: string, outdir: string): string[] {
  const want = listFiles(expected);
  const got = listFiles(outdir);
  const problems: string[] = [];
  for (const f of new Set([...want, ...got])) {
    if (!want.includes(f)) {
      problems.push(`${f}: new file, not in ${path.relative(ROOT, expected)}`);
    } else if (!got.includes(f)) {
      problems.push(`${f}: in ${path.relative(ROOT, expected)}, not synthesized`);
    } else if (!fs.readFileSync(path.join(expected, f)).equals(fs.readFileSync(path.join(outdir, f)))) {
      problems.push(`${f}: differs from ${path.relative(ROOT, expected)}`);
    }
  }
  return problems;
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
