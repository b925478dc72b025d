/**
 * projen's nextVersionCommand (scripts/next-version.sh): "minor" for the
 * first release (0.0.0 -> 0.1.0), nothing once a release tag exists (the
 * conventional commits decide), and a refusal in a shallow clone, where the
 * tags cannot be seen and every release would look like the first.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const SCRIPT = path.resolve(__dirname, '..', '..', 'scripts', 'next-version.sh');
let dir: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, encoding: 'utf8' });
}

function nextVersion(cwd: string): { code: number | null; stdout: string; stderr: string } {
  const run = spawnSync('bash', [SCRIPT], { cwd, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'next-version-'));
  const repo = path.join(dir, 'repo');
  fs.mkdirSync(repo);
  git(repo, 'init', '--quiet');
  git(repo, 'commit', '--quiet', '--allow-empty', '-m', 'feat: first');
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('without a release tag the first release is a minor bump (0.1.0)', () => {
  expect(nextVersion(path.join(dir, 'repo'))).toEqual({ code: 0, stdout: 'minor\n', stderr: '' });
});

test('with a release tag it prints nothing: the commits since decide', () => {
  const repo = path.join(dir, 'repo');
  git(repo, 'tag', 'v0.1.0');
  git(repo, 'commit', '--quiet', '--allow-empty', '-m', 'fix: second');
  expect(nextVersion(repo)).toEqual({ code: 0, stdout: '', stderr: '' });
});

test('a shallow clone is refused, not released as if it were the first', () => {
  const shallow = path.join(dir, 'shallow');
  execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${path.join(dir, 'repo')}`, shallow]);
  const run = nextVersion(shallow);
  expect(run.code).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain('this clone is shallow');
});
