/**
 * Checks what a release build (`npx projen release`) left in dist/:
 *
 * - the version it chose (dist/version.txt) is inside every package: the npm
 *   tarball's package.json, the wheel's METADATA and the sdist's PKG-INFO,
 *   the Maven jar's pom.properties, the Go module's version file, and the
 *   .NET project (the NuGet package where a .NET SDK built one, else the
 *   generated .csproj);
 * - every package carries the aws-cdk-lib and constructs floor of
 *   package.json's peer ranges: the npm peer ranges, the wheel's
 *   Requires-Dist, the Maven pom's version ranges, the Go module's require
 *   lines (Go takes a minimum version), the .NET PackageReferences;
 * - the changelog has that version's section;
 * - the npm tarball holds what Construct Hub and users need (lib/, both
 *   handler bundles, .jsii, README.md, API.md, LICENSE) and nothing else of
 *   the repository (sources of tests, integ apps, scripts, benches, CI,
 *   consumer apps, scratch folders, secrets), within a size budget; and
 *   prints its file list and size.
 *
 * Run: ts-node --transpile-only --project test/tsconfig.json scripts/check-release.ts [DIST]
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/**
 * Packed size budget of the npm tarball. 0.1.0 packed to 396 KB; with
 * trigger filters, LibraryFunctions, Service Catalog, Argo CD and the
 * compliance metadata it packs to 544 KB (557,176 bytes at ddb48b6):
 * lib/ 393 KB (two thirds of its JavaScript is the inline source maps and
 * sources jsii writes, which let a stack trace show src/), .jsii 51 KB,
 * API.md 30 KB, README.md 22 KB, the rosetta tablet 20 KB, docs 14 KB, the
 * two handler bundles 7 KB. The budget leaves about 15% for growth before
 * someone looks again.
 */
export const TARBALL_BUDGET_BYTES = 640 * 1024;

/** Files the tarball must hold. */
export const REQUIRED = [
  'package.json', 'README.md', 'API.md', 'LICENSE', '.jsii', 'lib/index.js', 'lib/index.d.ts',
  'assets/status-reporter/status-reporter.lambda/index.js',
  'assets/monitoring/health-publisher.lambda/index.js',
];

/** Paths that must not ship, with why. */
export const FORBIDDEN: Array<[RegExp, string]> = [
  [/^(test|integ|scripts|bench|consumers|rosetta|projenrc|\.ci|\.github|\.projen|\.tmp|dist-code|examples|coverage|test-reports)\//, 'a development folder'],
  [/^src\//, 'TypeScript sources (lib/ has the compiled code and its .d.ts)'],
  [/(^|\/)\.env(\.|$)|\.pem$|\.key$|id_rsa|\.npmrc$|credentials/i, 'looks like a secret'],
  [/\.test\.(js|ts|d\.ts)$/, 'a test'],
  [/^\.projenrc\.ts$|^tsconfig(\.dev)?\.json$|^\.eslintrc/, 'build configuration'],
];

interface Entry {
  readonly name: string;
  readonly size: number;
  readonly body?: Buffer;
}

/** The entries of a .tgz (ustar, as npm packs), with bodies of the files asked for. */
export function readTarball(file: string, keep: (name: string) => boolean = () => false): Entry[] {
  const tar = zlib.gunzipSync(fs.readFileSync(file));
  const entries: Entry[] = [];
  let longName: string | undefined;
  for (let off = 0; off + 512 <= tar.length;) {
    const header = tar.subarray(off, off + 512);
    if (header.every(b => b === 0)) {
      break;
    }
    const field = (start: number, len: number) => header.subarray(start, start + len).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = undefined;
    const body = tar.subarray(off + 512, off + 512 + size);
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
    } else if (type === '0' || type === '') {
      name = name.replace(/^package\//, '');
      entries.push({ name, size, body: keep(name) ? Buffer.from(body) : undefined });
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

/** Problems with a tarball's file list, each a sentence. */
export function tarballProblems(entries: readonly Entry[], packedBytes: number): string[] {
  const names = new Set(entries.map(e => e.name));
  const problems = REQUIRED.filter(r => !names.has(r)).map(r => `the npm tarball lacks ${r}`);
  for (const e of entries) {
    const hit = FORBIDDEN.find(([re]) => re.test(e.name));
    if (hit) {
      problems.push(`the npm tarball holds ${e.name}: ${hit[1]}`);
    }
  }
  if (packedBytes > TARBALL_BUDGET_BYTES) {
    problems.push(`the npm tarball is ${packedBytes} bytes, over its budget of ${TARBALL_BUDGET_BYTES}`);
  }
  return problems;
}

function unzipEntry(zip: string, pattern: string): string {
  // The wheel and the jar are zip files; python3 is on every build machine.
  return execFileSync('python3', ['-c', `
import sys, zipfile, fnmatch
z = zipfile.ZipFile(sys.argv[1])
names = [n for n in z.namelist() if fnmatch.fnmatch(n, sys.argv[2])]
if not names: sys.exit('no ' + sys.argv[2] + ' in ' + sys.argv[1])
sys.stdout.write(z.read(names[0]).decode())
`, zip, pattern], { encoding: 'utf8' });
}

function only(dir: string, re: RegExp): string {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => re.test(f)) : [];
  if (files.length !== 1) {
    throw new Error(`expected one ${re} in ${dir}, found ${files.length ? files.join(', ') : 'none'}`);
  }
  return path.join(dir, files[0]);
}

function findFile(dir: string, re: RegExp): string | undefined {
  if (!fs.existsSync(dir)) {
    return undefined;
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findFile(full, re);
      if (found) {
        return found;
      }
    } else if (re.test(entry.name)) {
      return full;
    }
  }
  return undefined;
}

/** The lowest version a caret range admits: `^2.138.0` -> `2.138.0`. */
export function caretFloor(range: string): string {
  const m = /^\^(\d+\.\d+\.\d+)$/.exec(range.trim());
  if (!m) {
    throw new Error(`peer range ${JSON.stringify(range)} is not a caret range (^X.Y.Z)`);
  }
  return m[1];
}

/** The floors a release's packages must carry, from the repository's package.json. */
export interface Floors {
  readonly cdk: string;
  readonly constructs: string;
}

/**
 * Problems with the floors one package declares, each a sentence.
 * `declared` maps a package (aws-cdk-lib, constructs) to what the package's
 * own language writes for it; `expected` gives, per package, what it must be.
 */
export function floorProblems(what: string, declared: Record<string, string | undefined>, expected: Record<string, string>): string[] {
  return Object.entries(expected)
    .filter(([dep, want]) => declared[dep] !== want)
    .map(([dep, want]) => `${what} declares ${dep} ${declared[dep] === undefined ? '(nothing)' : JSON.stringify(declared[dep])}, not ${JSON.stringify(want)}`);
}

/** Each language's way of writing the floors, as jsii-pacmak writes them. */
export function expectedFloors(floors: Floors) {
  const major = (v: string) => Number(v.split('.')[0]);
  const range = (v: string) => `[${v},${major(v) + 1}.0.0)`;
  return {
    npm: { 'aws-cdk-lib': `^${floors.cdk}`, 'constructs': `^${floors.constructs}` },
    python: { 'aws-cdk-lib': `<${major(floors.cdk) + 1}.0.0,>=${floors.cdk}`, 'constructs': `<${major(floors.constructs) + 1}.0.0,>=${floors.constructs}` },
    maven: { 'aws-cdk-lib': range(floors.cdk), 'constructs': range(floors.constructs) },
    dotnet: { 'Amazon.CDK.Lib': range(floors.cdk), 'Constructs': range(floors.constructs) },
    go: { 'github.com/aws/aws-cdk-go/awscdk/v2': `v${floors.cdk}` },
  };
}

/** `Requires-Dist` lines of a wheel's METADATA, by distribution (specifiers without spaces). */
export function requiresDist(metadata: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of metadata.matchAll(/^Requires-Dist: ([A-Za-z0-9_.-]+)\s*\(?([^;)\n]*)\)?/gm)) {
    out[m[1]] = m[2].replace(/\s+/g, '').split(',').sort().join(',');
  }
  return out;
}

/** Dependency versions of a Maven pom, by artifactId. */
export function pomDependencies(pom: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of pom.matchAll(/<dependency>\s*<groupId>[^<]+<\/groupId>\s*<artifactId>([^<]+)<\/artifactId>\s*<version>([^<]+)<\/version>/g)) {
    out[m[1]] = m[2];
  }
  return out;
}

/** `require` lines of a go.mod, by module. */
export function goRequires(goMod: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of goMod.matchAll(/^\s*(?:require\s+)?([\w.\/-]+\/[\w.\/-]+)\s+(v[\w.+-]+)/gm)) {
    out[m[1]] = m[2];
  }
  return out;
}

/** PackageReference versions of a .csproj or .nuspec, by package id. */
export function packageReferences(project: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of project.matchAll(/<(?:PackageReference Include|dependency id)="([^"]+)" Version="([^"]+)"/g)) {
    out[m[1]] = m[2];
  }
  return out;
}

function main(): void {
  const dist = path.resolve(process.argv[2] ?? 'dist');
  const version = fs.readFileSync(path.join(dist, 'version.txt'), 'utf8').trim();
  const problems: string[] = [];
  const seen: Array<[string, string, string]> = [];
  const expect = (what: string, file: string, found: string | undefined) => {
    seen.push([what, path.relative(dist, file), found ?? '(none)']);
    if (found !== version) {
      problems.push(`${what} (${path.relative(dist, file)}) has version ${found ?? '(none)'}, not ${version}`);
    }
  };

  // npm
  const tgz = only(path.join(dist, 'js'), /\.tgz$/);
  const entries = readTarball(tgz, n => n === 'package.json');
  const pkg = JSON.parse(entries.find(e => e.name === 'package.json')!.body!.toString('utf8'));
  expect('npm package', tgz, pkg.version);
  const packed = fs.statSync(tgz).size;
  problems.push(...tarballProblems(entries, packed));
  const repo = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  const floors: Floors = { cdk: caretFloor(repo.peerDependencies['aws-cdk-lib']), constructs: caretFloor(repo.peerDependencies.constructs) };
  const want = expectedFloors(floors);
  const floorSeen: Array<[string, string]> = [];
  const checkFloors = (what: string, declared: Record<string, string | undefined>, expected: Record<string, string>) => {
    floorSeen.push([what, Object.keys(expected).map(k => `${k} ${declared[k] ?? '(none)'}`).join(', ')]);
    problems.push(...floorProblems(what, declared, expected));
  };
  checkFloors('npm package', pkg.peerDependencies ?? {}, want.npm);

  // Python: wheel and sdist
  const wheel = only(path.join(dist, 'python'), /\.whl$/);
  const wheelMetadata = unzipEntry(wheel, '*.dist-info/METADATA');
  expect('Python wheel', wheel, /^Version: (.+)$/m.exec(wheelMetadata)?.[1]);
  checkFloors('Python wheel', requiresDist(wheelMetadata), want.python);
  const sdist = only(path.join(dist, 'python'), /\.tar\.gz$/);
  const pkgInfo = readTarball(sdist, n => /^[^/]+\/PKG-INFO$/.test(n)).find(e => /^[^/]+\/PKG-INFO$/.test(e.name));
  expect('Python sdist', sdist, /^Version: (.+)$/m.exec(pkgInfo?.body?.toString('utf8') ?? '')?.[1]);

  // Java
  const jar = findFile(path.join(dist, 'java'), /^cdk-codeconnections-[\d.]+\.jar$/);
  if (!jar) {
    problems.push('no Maven jar under dist/java');
  } else {
    expect('Maven jar', jar, /^version=(.+)$/m.exec(unzipEntry(jar, 'META-INF/maven/*/pom.properties'))?.[1]);
    checkFloors('Maven pom', pomDependencies(unzipEntry(jar, 'META-INF/maven/*/pom.xml')), want.maven);
  }

  // Go: jsii-pacmak writes the module's version into a `version` file.
  const goVersion = findFile(path.join(dist, 'go'), /^version$/);
  expect('Go module', goVersion ?? path.join(dist, 'go'), goVersion ? fs.readFileSync(goVersion, 'utf8').trim() : undefined);
  const goMod = findFile(path.join(dist, 'go'), /^go\.mod$/);
  checkFloors('Go module', goMod ? goRequires(fs.readFileSync(goMod, 'utf8')) : {}, want.go);

  // .NET: the package where an SDK built it, else the generated project.
  const nupkg = findFile(path.join(dist, 'dotnet'), /\.nupkg$/);
  if (nupkg) {
    expect('NuGet package', nupkg, /\.(\d+\.\d+\.\d+(?:-[\w.]+)?)\.nupkg$/.exec(nupkg)?.[1]);
    checkFloors('NuGet package', packageReferences(unzipEntry(nupkg, '*.nuspec')), want.dotnet);
  } else {
    const csproj = findFile(path.join(dist, 'dotnet-code'), /\.csproj$/);
    expect('.NET project (code only: no .NET SDK here)', csproj ?? path.join(dist, 'dotnet-code'),
      csproj ? /<PackageVersion>([^<]+)<\/PackageVersion>/.exec(fs.readFileSync(csproj, 'utf8'))?.[1] : undefined);
    checkFloors('.NET project', csproj ? packageReferences(fs.readFileSync(csproj, 'utf8')) : {}, want.dotnet);
  }

  // Changelog
  const changelog = fs.readFileSync(path.join(dist, 'changelog.md'), 'utf8');
  if (!new RegExp(`^##? \\[?${version.replace(/\./g, '\\.')}\\]?`, 'm').test(changelog)) {
    problems.push(`dist/changelog.md has no section for ${version}`);
  }

  console.log(`release ${version} (tag ${fs.readFileSync(path.join(dist, 'releasetag.txt'), 'utf8').trim()})`);
  for (const [what, file, found] of seen) {
    console.log(`  ${what.padEnd(44)} ${found.padEnd(10)} ${file}`);
  }
  console.log(`npm tarball: ${path.basename(tgz)}, ${packed} bytes packed (budget ${TARBALL_BUDGET_BYTES}), `
    + `${entries.reduce((n, e) => n + e.size, 0)} bytes unpacked, ${entries.length} files:`);
  for (const e of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
    console.log(`  ${String(e.size).padStart(8)}  ${e.name}`);
  }
  console.log(`aws-cdk-lib floor ${floors.cdk}, constructs floor ${floors.constructs} (package.json peer ranges), as each package declares them:`);
  for (const [what, found] of floorSeen) {
    console.log(`  ${what.padEnd(44)} ${found}`);
  }
  if (!/^\s*[*-] /m.test(changelog)) {
    // commit-and-tag-version lists only conventional commits (feat:, fix:, ...).
    console.log('note: the changelog has no entries: no conventional commit (feat:, fix:, ...) since the last release');
  }
  console.log(`changelog (dist/changelog.md):\n${changelog.split('\n').slice(0, 12).map(l => `  ${l}`).join('\n')}`);
  if (problems.length > 0) {
    console.error(`\n${problems.length} problem(s):\n${problems.map(p => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log('release packages: OK');
}

if (require.main === module) {
  main();
}
