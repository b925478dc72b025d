/**
 * The README's Python example is consumers/python/app.py, the Python consumer
 * app that scripts/consumers.sh runs against the built wheel: the README's
 * ```python block must equal the lines between `# README:begin` and
 * `# README:end` in that file, so the example cannot rot.
 *
 *   ts-node scripts/check-readme-python.ts           # check; exit 1 with a diff if they differ
 *   ts-node scripts/check-readme-python.ts --print   # print the block the README must contain
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..');
const APP = 'consumers/python/app.py';
const README = 'README.md';
const BEGIN = '# README:begin';
const END = '# README:end';

function region(): string {
  const lines = fs.readFileSync(path.join(ROOT, APP), 'utf8').split('\n');
  const b = lines.findIndex(l => l.trim() === BEGIN);
  const e = lines.findIndex(l => l.trim() === END);
  if (b < 0 || e < b) {
    throw new Error(`${APP}: no '${BEGIN}' ... '${END}' region`);
  }
  return lines.slice(b + 1, e).join('\n');
}

function pythonBlocks(): string[] {
  const text = fs.readFileSync(path.join(ROOT, README), 'utf8');
  return [...text.matchAll(/^```python[ \t]*\n([\s\S]*?)^```[ \t]*$/gm)].map(m => m[1].replace(/\n$/, ''));
}

function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] !== y[i]) {
      return `first difference at line ${i + 1} of the block:\n  ${APP}: ${JSON.stringify(x[i] ?? '(end)')}\n  ${README}: ${JSON.stringify(y[i] ?? '(end)')}`;
    }
  }
  return 'no difference';
}

const expected = region();
if (process.argv.includes('--print')) {
  console.log('```python');
  console.log(expected);
  console.log('```');
  process.exit(0);
}
const blocks = pythonBlocks();
if (blocks.length === 0) {
  console.error(`${README} has no \`\`\`python block; it must show ${APP} (between '${BEGIN}' and '${END}')`);
  process.exit(1);
}
if (blocks.length > 1) {
  console.error(`${README} has ${blocks.length} \`\`\`python blocks; only the one from ${APP} is checked, so there must be exactly one`);
  process.exit(1);
}
if (blocks[0] !== expected) {
  console.error(`${README}'s \`\`\`python block differs from ${APP} (between '${BEGIN}' and '${END}'); ${firstDifference(expected, blocks[0])}`);
  console.error('Print the block to paste with: ts-node scripts/check-readme-python.ts --print');
  process.exit(1);
}
console.log(`${README}'s Python example is ${APP} (${expected.split('\n').length} lines)`);
