/**
 * The release checker's rules for the npm tarball (scripts/check-release.ts),
 * on file lists made up here: each rule can fail.
 */
import {
  FORBIDDEN, REQUIRED, TARBALL_BUDGET_BYTES, caretFloor, expectedFloors, floorProblems, goRequires, packageReferences, pomDependencies,
  requiresDist, tarballProblems,
} from '../../scripts/check-release';

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

describe('the aws-cdk-lib and constructs floors each language declares', () => {
  const want = expectedFloors({ cdk: '2.138.0', constructs: '10.0.0' });

  test('caret ranges give their floor; anything else is refused', () => {
    expect(caretFloor('^2.138.0')).toBe('2.138.0');
    expect(() => caretFloor('>=2.138.0')).toThrow(/not a caret range/);
  });

  test('each language in its own notation, read back by its parser', () => {
    const metadata = 'Metadata-Version: 2.1\nName: x\nRequires-Dist: aws-cdk-lib<3.0.0,>=2.138.0\nRequires-Dist: constructs<11.0.0,>=10.0.0\nRequires-Dist: jsii<2.0.0,>=1.140.0\n';
    expect(floorProblems('wheel', requiresDist(metadata), want.python)).toEqual([]);
    // pip's older spelling, with spaces and parentheses, reads the same.
    expect(requiresDist('Requires-Dist: aws-cdk-lib (>=2.138.0, <3.0.0)\n')['aws-cdk-lib']).toBe('<3.0.0,>=2.138.0');
    const pom = '<dependency>\n <groupId>software.amazon.awscdk</groupId>\n <artifactId>aws-cdk-lib</artifactId>\n <version>[2.138.0,3.0.0)</version>\n</dependency>'
      + '<dependency><groupId>software.constructs</groupId><artifactId>constructs</artifactId><version>[10.0.0,11.0.0)</version></dependency>';
    expect(floorProblems('pom', pomDependencies(pom), want.maven)).toEqual([]);
    const goMod = 'module x\n\ngo 1.25\n\nrequire (\n\tgithub.com/aws/jsii-runtime-go v1.140.0\n\tgithub.com/aws/aws-cdk-go/awscdk/v2 v2.138.0\n)\n';
    expect(floorProblems('go', goRequires(goMod), want.go)).toEqual([]);
    const csproj = '<PackageReference Include="Amazon.CDK.Lib" Version="[2.138.0,3.0.0)" />\n<PackageReference Include="Constructs" Version="[10.0.0,11.0.0)" />';
    expect(floorProblems('csproj', packageReferences(csproj), want.dotnet)).toEqual([]);
    expect(floorProblems('npm', { 'aws-cdk-lib': '^2.138.0', 'constructs': '^10.0.0' }, want.npm)).toEqual([]);
  });

  test('a package built against the old floor is refused, naming what it declares', () => {
    expect(floorProblems('Maven pom', { 'aws-cdk-lib': '[2.268.0,3.0.0)', 'constructs': '[10.0.0,11.0.0)' }, want.maven))
      .toEqual(['Maven pom declares aws-cdk-lib "[2.268.0,3.0.0)", not "[2.138.0,3.0.0)"']);
    expect(floorProblems('Go module', {}, want.go)).toEqual(['Go module declares github.com/aws/aws-cdk-go/awscdk/v2 (nothing), not "v2.138.0"']);
  });
});
