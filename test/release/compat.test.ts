/**
 * The API compatibility check (`npx projen compat`, scripts/compat.sh) on a
 * local release tag: a repository holding this commit's files, tagged
 * v0.1.0, whose public API then changes. jsii compiles each side (about 10 s each), so this suite
 * takes about a minute.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

jest.setTimeout(300_000);

const ROOT = path.resolve(__dirname, '..', '..');
let repo: string;

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=compat test', '-c', 'user.email=compat@example.com', ...args], { cwd: repo, encoding: 'utf8' });
}

function compile(): void {
  execFileSync('npx', ['jsii', '--silence-warnings=reserved-word'], { cwd: repo, stdio: 'pipe' });
}

function compat(): { code: number | null; output: string } {
  const run = spawnSync('bash', ['scripts/compat.sh'], { cwd: repo, encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

beforeAll(() => {
  repo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'compat-')), 'repo');
  // A repository of its own holding this commit's files (git archive works in
  // shallow clones too, and brings no tags): its history is what the test makes.
  fs.mkdirSync(repo);
  execFileSync('bash', ['-c', `git -C "${ROOT}" archive HEAD | tar -x -C "${repo}"`]);
  // The scripts under test as they are in the working tree, edited or not.
  for (const script of ['compat.sh', 'release-tag.sh']) {
    fs.copyFileSync(path.join(ROOT, 'scripts', script), path.join(repo, 'scripts', script));
  }
  git('init', '--quiet');
  git('add', '--all');
  git('commit', '--quiet', '-m', 'chore: the library as committed');
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'));
});

afterAll(() => {
  fs.rmSync(path.dirname(repo), { recursive: true, force: true });
});

test('without a release tag there is nothing to compare', () => {
  expect(compat()).toEqual({ code: 0, output: expect.stringContaining('no release tag (v*) yet') });
});

test('the same API as the tag passes', () => {
  git('tag', 'v0.1.0');
  compile();
  const run = compat();
  expect(run.output).toContain('no breaking change since v0.1.0');
  expect(run.code).toBe(0);
});

test('a renamed public method fails, naming it, until a commit says BREAKING CHANGE', () => {
  const file = path.join(repo, 'src/connection/connection-base.ts');
  const source = fs.readFileSync(file, 'utf8');
  expect(source).toContain('metricAvailable(');
  fs.writeFileSync(file, source.replace(/metricAvailable\(/g, 'metricIsAvailable('));
  git('commit', '--quiet', '-am', 'feat: a clearer name for the health metric');
  compile();

  const refused = compat();
  if (process.env.COMPAT_TEST_PRINT) {
    console.log(refused.output);
  }
  expect(refused.code).toBe(1);
  expect(refused.output).toMatch(/IConnection.*metricAvailable|metricAvailable.*IConnection/);
  expect(refused.output).toContain('no commit since says BREAKING CHANGE');

  // A long history behind the announcement, as a real release line has: the
  // check must read the log whole (grep -q on a pipe of more than the 64 KiB
  // pipe buffer made git log die of SIGPIPE, which pipefail reported as a failure).
  const body = '0'.repeat(8_000);
  for (let i = 1; i <= 150; i++) {
    git('commit', '--quiet', '--allow-empty', '-m', `chore: step ${i}`, '-m', body);
  }
  git('commit', '--quiet', '--allow-empty', '-m', 'feat!: metricIsAvailable\n\nBREAKING CHANGE: IConnection.metricAvailable() is now metricIsAvailable().');
  const announced = compat();
  expect(announced.output).toContain('announced by a BREAKING CHANGE commit: allowed');
  expect(announced.code).toBe(0);
});
