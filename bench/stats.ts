/** Small helpers shared by the benchmark scripts. */
import { execFileSync } from 'child_process';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Lowest and highest value, as `min-max`. */
export function spread(xs: number[], digits = 0): string {
  return `${fmt(Math.min(...xs), digits)}-${fmt(Math.max(...xs), digits)}`;
}

export function now(): number {
  return performance.now();
}

export function fmt(x: number, digits = 1): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/** Rows as a GitHub-flavoured Markdown table, columns padded. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map(r => r.map(String))];
  const widths = header.map((_, c) => Math.max(3, ...cells.map(r => r[c].length)));
  const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c])).join(' | ')} |`;
  return [line(cells[0]), `| ${widths.map(w => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

export function machine(): string {
  const cpus = os.cpus();
  return `node ${process.version}, nproc ${os.availableParallelism?.() ?? cpus.length} (${cpus[0]?.model?.trim() ?? 'unknown CPU'}), `
    + `${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.platform()} ${os.release()}, load average ${os.loadavg().map(l => l.toFixed(2)).join(' ')}`;
}

/** The commit measured, and whether src/ or assets/ differ from it. */
export function revision(): string {
  const root = path.resolve(__dirname, '..');
  try {
    const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    // Porcelain lines are `XY path`: two status columns and a space.
    const dirty = git('status', '--porcelain', '--', 'src', 'assets').split('\n').filter(Boolean).map(l => l.slice(3));
    return `commit ${git('rev-parse', '--short', 'HEAD').trim()}${dirty.length ? ` + uncommitted changes to ${dirty.join(', ')}` : ' (src/ and assets/ clean)'}`;
  } catch {
    return 'commit unknown (no git)';
  }
}

/**
 * Runs `fn` with process.stderr swallowed (aws-cdk-lib's template validation
 * prints a report on every synth that has findings) and returns its result
 * plus what was written.
 */
export function withStderrCaptured<T>(fn: () => T): { result: T; stderr: string } {
  const original = process.stderr.write;
  let captured = '';
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const callback = rest.find(r => typeof r === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stderr.write;
  try {
    return { result: fn(), stderr: captured };
  } finally {
    process.stderr.write = original;
  }
}

/** The distinct `WARNING`/`ERROR` finding lines of aws-cdk-lib's validation report. */
export function validationFindings(stderr: string): string[] {
  // eslint-disable-next-line no-control-regex
  const plain = stderr.replace(/\u001b\[[0-9;]*m/g, '');
  return [...new Set(plain.split('\n').map(l => l.trim()).filter(l => /^(WARNING|ERROR)\b/.test(l)))];
}
