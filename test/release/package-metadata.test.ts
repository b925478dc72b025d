/**
 * What Construct Hub and the registries read from package.json, and the
 * names the README's Install section gives for each language: they must
 * agree, or a user installs something else than what is published.
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const install = readme.slice(readme.indexOf('\n## Install'), readme.indexOf('\n## ', readme.indexOf('\n## Install') + 1));

test("Construct Hub's fields: the awscdk keyword, stability, repository, license, description", () => {
  expect(pkg.keywords).toEqual(expect.arrayContaining(['awscdk', 'cdk', 'codeconnections', 'codestar-connections']));
  expect(pkg.stability).toBe('experimental');
  expect(pkg.repository).toEqual({ type: 'git', url: 'https://github.com/cdk-codeconnections/cdk-codeconnections.git' });
  expect(pkg.license).toBe('Apache-2.0');
  expect(pkg.description.length).toBeGreaterThan(40);
  expect(pkg.peerDependencies).toEqual({ 'aws-cdk-lib': '^2.138.0', 'constructs': '^10.0.0' });
  expect(pkg.engines).toEqual({ node: '>= 22.0.0' });
});

test("each language's package name in the README's Install section is the one jsii publishes", () => {
  const { java, python, dotnet, go } = pkg.jsii.targets;
  expect(install).toContain(`npm install ${pkg.name}@`);
  expect(install).toContain(`pip install "${python.distName}`);
  expect(install).toContain(`module ${python.module}`);
  expect(install).toContain(`\`${java.maven.groupId}:${java.maven.artifactId}\``);
  expect(install).toContain(`package \`${java.package}\``);
  expect(install).toContain(`NuGet \`${dotnet.packageId}\``);
  expect(install).toContain(`namespace \`${dotnet.namespace}\``);
  expect(install).toContain(`go get ${go.moduleName}/`);
});

test('the README names the minimum aws-cdk-lib the peer dependency allows', () => {
  expect(install).toContain(`≥ ${pkg.peerDependencies['aws-cdk-lib'].replace('^', '')}`);
});
