/**
 * The release checker's rules for the npm tarball (scripts/check-release.ts),
 * on file lists made up here: each rule can fail.
 */
import { FORBIDDEN, REQUIRED, TARBALL_BUDGET_BYTES, tarballProblems } from '../../scripts/check-release';

const complete = REQUIRED.map(name => ({ name, size: 100 }));

test('a tarball with every required file, within budget, has no problem', () => {
  expect(tarballProblems(complete, 1000)).toEqual([]);
});

test.each(REQUIRED)('a tarball without %s is refused', (missing) => {
  expect(tarballProblems(complete.filter(e => e.name !== missing), 1000)).toEqual([`the npm tarball lacks ${missing}`]);
});

test.each([
  ['test/connection/connection.test.ts', 'a development folder'],
  ['integ/integ.connection.ts', 'a development folder'],
  ['.tmp/venv-cfn-lint/bin/python', 'a development folder'],
  ['src/connection/connection.ts', 'TypeScript sources'],
  ['.env', 'looks like a secret'],
  ['config/.npmrc', 'looks like a secret'],
  ['lib/foo.test.js', 'a test'],
  ['.projenrc.ts', 'build configuration'],
])('%s in the tarball is refused (%s)', (name, why) => {
  const problems = tarballProblems([...complete, { name, size: 1 }], 1000);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain(`holds ${name}: ${why}`);
});

test('over the size budget is refused, naming both sizes', () => {
  expect(tarballProblems(complete, TARBALL_BUDGET_BYTES + 1)).toEqual([`the npm tarball is ${TARBALL_BUDGET_BYTES + 1} bytes, over its budget of ${TARBALL_BUDGET_BYTES}`]);
});

test('the rules themselves: every forbidden pattern has a reason', () => {
  for (const [re, why] of FORBIDDEN) {
    expect(re).toBeInstanceOf(RegExp);
    expect(why.length).toBeGreaterThan(5);
  }
});
