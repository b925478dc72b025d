/**
 * Runs every benchmark in sequence, each in its own node process (so one
 * benchmark's warm-up, JIT state and heap do not leak into the next), and
 * prints their figures. Asserts nothing; exits non-zero only if a benchmark
 * crashes.
 *
 * Run: ts-node --transpile-only --project bench/tsconfig.json bench/run-all.ts
 * One benchmark: ts-node --transpile-only --project bench/tsconfig.json bench/<name>.ts
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { machine } from './stats';

const BENCHMARKS = ['synth-time.ts', 'footprint.ts', 'policy-size.ts', 'handler.ts', 'burst.ts', 'health.ts'];
const ROOT = path.resolve(__dirname, '..');

function run(script: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only', { paths: [ROOT] }), path.join(__dirname, script)], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_PROJECT: path.join(__dirname, 'tsconfig.json') },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('close', code => resolve(code ?? 1));
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(`cdk-codeconnections benchmarks; ${machine()}`);
  const failed: string[] = [];
  for (const script of BENCHMARKS) {
    const t = Date.now();
    console.log(`\n======== bench/${script} ========\n`);
    const code = await run(script);
    console.log(`\n(bench/${script}: ${((Date.now() - t) / 1000).toFixed(1)} s${code ? `, exit ${code}` : ''})`);
    if (code) failed.push(script);
  }
  console.log(`\nall benchmarks: ${((Date.now() - started) / 1000).toFixed(1)} s${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}`);
  if (failed.length) process.exitCode = 1;
}

main().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
