/**
 * Keeps the README honest where a test can: the Quick start is the example
 * app `npx projen example` synthesizes, and what the README says it prints
 * is what it prints; sample outputs name outputs that exist; the version
 * line is package.json's; every warning id of the library is in the
 * Troubleshooting index (and every id there is one); every link resolves.
 */
import * as fs from 'fs';
import * as path from 'path';
import { QUICK_START, synthQuickStart } from './fixtures/quick-start';
import { summarize } from '../scripts/summarize';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
/** The newest-aws-cdk-lib run: what aws-cdk-lib's own constructs write may differ there. */
const LIBRARY_SCOPE = process.env.CODECONNECTIONS_SNAPSHOT_SCOPE === 'library';

/** The README's section under `## title`, up to the next `## `. */
function section(title: string): string {
  const start = README.indexOf(`\n## ${title}\n`);
  expect({ section: title, found: start >= 0 }).toEqual({ section: title, found: true });
  const rest = README.slice(start + title.length + 5);
  const end = rest.search(/\n## /);
  return end < 0 ? rest : rest.slice(0, end);
}

/** The fenced blocks of a text, with their info strings. */
function blocks(text: string): Array<{ info: string; body: string }> {
  return [...text.matchAll(/^```([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm)].map(m => ({ info: m[1].trim(), body: m[2].replace(/\n$/, '') }));
}

/**
 * The Quick start, synthesized once for the tests that read it, as the CDK
 * CLI without AWS credentials runs it (us-east-1, no account).
 */
let quickStartOut: string | undefined;
function quickStartAssembly(): string {
  quickStartOut ??= synthQuickStart({ CDK_DEFAULT_REGION: 'us-east-1' });
  return quickStartOut;
}

describe('Quick start', () => {
  const quickStart = section('Quick start');

  test('its TypeScript block is examples/quick-start/main.ts, the app `npx projen example` synthesizes', () => {
    const [app] = blocks(quickStart).filter(b => b.info.startsWith('ts'));
    expect(app.body).toEqual(fs.readFileSync(path.join(ROOT, QUICK_START), 'utf8').replace(/\n$/, ''));
    const projenrc = fs.readFileSync(path.join(ROOT, '.projenrc.ts'), 'utf8');
    expect(projenrc).toContain(`const EXAMPLE_APP = '${QUICK_START}';`);
  });

  test('the summary it says `npx projen example` prints is what the example prints (CDK CLI without AWS credentials: us-east-1, no account)', () => {
    const printed = blocks(quickStart).filter(b => b.info === 'text').find(b => b.body.startsWith('Stack QuickStart'))!.body;
    const actual = summarize(quickStartAssembly(), ['QuickStart']);
    if (LIBRARY_SCOPE) {
      // The newest aws-cdk-lib: the library's lines only.
      const library = (text: string) => text.split('\n').filter(l => /CodeConnections|NextStep/.test(l));
      expect(library(printed)).toEqual(library(actual));
    } else {
      expect(printed).toEqual(actual);
    }
  });

  test('the message it says `cdk synth` prints is the library\'s, with the console link of the stack\'s Region', () => {
    const printed = blocks(quickStart).filter(b => b.info === 'text').find(b => b.body.startsWith('INFO'))!.body.split('\n')[0]
      .replace(/ \(Construct Annotations\)$/, '');
    const outdir = quickStartAssembly();
    const artifact = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8')).artifacts.QuickStart;
    // Newer aws-cdk-lib writes a stack's metadata to a file of its own (additionalMetadataFile).
    const metadata = artifact.metadata ?? JSON.parse(fs.readFileSync(path.join(outdir, artifact.additionalMetadataFile), 'utf8'));
    const infos = (metadata['/QuickStart/GitHub'] as any[]).filter(e => e.type === 'aws:cdk:info').map(e => `INFO ${e.data}`);
    expect(infos).toEqual([printed]);
    expect(printed).toContain('https://us-east-1.console.aws.amazon.com/codesuite/settings/connections?region=us-east-1');
  });
});

describe('README facts from the repository', () => {
  test('the supported versions are package.json\'s', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const floor = (range: string) => /(\d+\.\d+\.\d+)/.exec(range)![1];
    const supports = README.split('\n').find(l => l.startsWith('- **Supports:**'))!;
    expect(supports).toContain(`aws-cdk-lib ≥ ${floor(pkg.peerDependencies['aws-cdk-lib'])}`);
    expect(README).toContain(`constructs ≥ ${floor(pkg.peerDependencies.constructs)}`);
    expect(README).toContain(`Node.js ≥ ${floor(pkg.engines.node).split('.')[0]}`);
  });

  test('every stack output the README shows exists in an integ snapshot or the Quick start app', () => {
    const names = new Set<string>();
    for (const dir of fs.readdirSync(path.join(ROOT, 'integ')).filter(d => d.endsWith('.snapshot'))) {
      for (const file of fs.readdirSync(path.join(ROOT, 'integ', dir)).filter(f => f.endsWith('.template.json'))) {
        const stack = file.replace(/\.template\.json$/, '');
        Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'integ', dir, file), 'utf8')).Outputs ?? {}).forEach(o => names.add(`${stack}.${o}`));
      }
    }
    names.add('QuickStart.GitHubNextStepF7BE5200');
    const shown = [...README.matchAll(/^([A-Za-z0-9]+\.[A-Za-z0-9]+NextStep[A-Za-z0-9]*) = /gm)].map(m => m[1]);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter(o => !names.has(o))).toEqual([]);
  });

  test('every warning id of the library is in the Troubleshooting index, and every id there is one', () => {
    const ids = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          walk(file);
        } else if (entry.name.endsWith('.ts')) {
          for (const m of fs.readFileSync(file, 'utf8').matchAll(/'cdk-codeconnections:([A-Za-z0-9]+)'/g)) {
            ids.add(m[1]);
          }
        }
      }
    };
    walk(path.join(ROOT, 'src'));
    ids.delete('statusRefresh'); // a context key, not a warning
    const index = new Set([...section('Troubleshooting').matchAll(/^\| `cdk-codeconnections:([A-Za-z0-9]+)` \|/gm)].map(m => m[1]));
    expect({ missingFromIndex: [...ids].filter(i => !index.has(i)).sort(), notAWarning: [...index].filter(i => !ids.has(i)).sort() })
      .toEqual({ missingFromIndex: [], notAWarning: [] });
    expect(index.size).toBeGreaterThan(10);
  });

  test('every link to a file of the repository and every anchor resolves', () => {
    const slug = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
    const anchors = new Set([...README.matchAll(/^#{2,3} (.*)$/gm)].map(m => slug(m[1])));
    const links = [...README.matchAll(/\]\(([^)\s]+)\)/g)].map(m => m[1]).filter(l => !/^https?:/.test(l));
    const broken = links.filter(l => (l.startsWith('#') ? !anchors.has(l.slice(1)) : !fs.existsSync(path.join(ROOT, l.split('#')[0]))));
    expect(broken).toEqual([]);
  });

  test('one list of what is not verified: sections point to it instead of keeping their own', () => {
    const list = section('Not verified without an AWS account');
    expect(list.split('\n').filter(l => l.startsWith('- **')).length).toBeGreaterThanOrEqual(6);
    const elsewhere = README.replace(list, '').match(/^Not verified (without|against) AWS/gm) ?? [];
    expect(elsewhere).toEqual([]);
  });

  test('no inline app of another language: the Other languages table links the consumer apps CI runs', () => {
    expect(blocks(README).filter(b => /^(python|java|go|csharp)\b/.test(b.info))).toEqual([]);
    const table = section('Other languages');
    for (const app of ['consumers/typescript/app.ts', 'consumers/python/app.py', 'consumers/go/main.go']) {
      expect(table).toContain(`(${app})`);
    }
  });
});
