/**
 * Synth time: this library vs the same app in raw L1 + aws-cdk-lib's
 * CodeStarConnectionsSourceAction (bench/apps.ts), N = 1, 50, 200
 * connections.
 *
 * One process, variants interleaved (library, l1, library, l1, ...) after
 * one warm-up run of each; each run times construct + `app.synth()` of a
 * fresh App (cloud assembly written to a temporary directory, removed after
 * the run, outside the timing). Prints medians; asserts nothing.
 *
 * A breakdown follows: the library with `statusReport: false` and every
 * variant with aws-cdk-lib's template validation off (CDK_VALIDATION=false),
 * plus the time spent in Names.uniqueResourceName and in the library's
 * tag validation.
 *
 * Run: ts-node --transpile-only --project bench/tsconfig.json bench/synth-time.ts
 */
import { Names } from 'aws-cdk-lib';
import { LibraryAppOptions, Variant, buildStack, freshApp, removeDir } from './apps';
import { fmt, machine, revision, median, now, spread, table, validationFindings, withStderrCaptured } from './stats';
import * as validation from '../src/core/validation';

const NS = [1, 50, 200];
/** Timed runs per variant (after one warm-up), by N. */
const RUNS: Record<number, number> = { 1: 31, 50: 13, 200: 11 };
/**
 * Interleaved runs of each variant at N = 50 before anything is timed: the
 * first synth of a process loads aws-cdk-lib's template validator (WASM) and
 * the first few are still being JIT-compiled.
 */
const PROCESS_WARMUP_RUNS = 3;
/** The targets: library median / L1 median. */
const TARGETS: Record<number, number> = { 1: 1.15, 200: 1.3 };
/** Breakdown runs per case, by N. */
const BREAKDOWN_RUNS: Record<number, number> = { 1: 15, 200: 7 };

interface Sample {
  readonly totalMs: number;
  readonly constructMs: number;
  readonly findings: string[];
}

function synthOnce(variant: Variant, n: number, options: LibraryAppOptions = {}): Sample {
  const { app, outdir } = freshApp();
  try {
    const { result, stderr } = withStderrCaptured(() => {
      const t0 = now();
      buildStack(variant, app, n, options);
      const t1 = now();
      app.synth();
      const t2 = now();
      return { totalMs: t2 - t0, constructMs: t1 - t0 };
    });
    return { ...result, findings: validationFindings(stderr) };
  } finally {
    removeDir(outdir);
  }
}

/** Interleaves the cases `runs` times after one warm-up each; returns the timed samples per case. */
function interleave(cases: Array<[string, () => Sample]>, runs: number): { warmup: Map<string, Sample>; samples: Map<string, Sample[]> } {
  const warmup = new Map<string, Sample>();
  const samples = new Map<string, Sample[]>(cases.map(([name]) => [name, []]));
  for (const [name, run] of cases) {
    warmup.set(name, run());
  }
  for (let r = 0; r < runs; r++) {
    for (const [name, run] of cases) {
      samples.get(name)!.push(run());
    }
  }
  return { warmup, samples };
}

const totals = (xs: Sample[]) => xs.map(s => s.totalMs);

function main(): void {
  console.log('# synth time: library vs L1');
  console.log(`machine: ${machine()}`);
  console.log(`measured: ${revision()}`);
  console.log(`aws-cdk-lib template validation: ${process.env.CDK_VALIDATION === 'false' ? 'OFF (CDK_VALIDATION=false)' : 'on (default)'}`);
  console.log('');

  const first: string[] = [];
  for (let r = 0; r < PROCESS_WARMUP_RUNS; r++) {
    for (const v of ['library', 'l1'] as const) {
      first.push(`${v} ${fmt(synthOnce(v, 50).totalMs, 0)}`);
    }
  }
  console.log(`process warm-up, N=50, ms (the first includes aws-cdk-lib's one-time load of its template validator): ${first.join(', ')}`);
  console.log('');

  const medians = new Map<string, number>();
  const minimums = new Map<string, number>();
  const rows: Array<Array<string | number>> = [];
  const findings = new Set<string>();
  const warmups: string[] = [];
  for (const n of NS) {
    const { warmup, samples } = interleave([
      ['library', () => synthOnce('library', n)],
      ['l1', () => synthOnce('l1', n)],
    ], RUNS[n]);
    for (const [name, s] of warmup) {
      warmups.push(`${name} N=${n}: ${fmt(s.totalMs, 0)} ms`);
    }
    const lib = samples.get('library')!;
    const l1 = samples.get('l1')!;
    for (const s of [...lib, ...l1]) s.findings.forEach(f => findings.add(`N=${n}: ${f}`));
    const libMs = median(totals(lib));
    const l1Ms = median(totals(l1));
    medians.set(`library/${n}`, libMs);
    medians.set(`l1/${n}`, l1Ms);
    minimums.set(`library/${n}`, Math.min(...totals(lib)));
    minimums.set(`l1/${n}`, Math.min(...totals(l1)));
    const ratio = libMs / l1Ms;
    const target = TARGETS[n];
    rows.push([
      n,
      `${fmt(libMs)} (${spread(totals(lib))})`,
      `${fmt(l1Ms)} (${spread(totals(l1))})`,
      fmt(ratio, 2),
      fmt(Math.min(...totals(lib)) / Math.min(...totals(l1)), 2),
      target ? `<= ${target}` : '-',
      target ? (ratio <= target ? 'yes' : `NO (+${fmt((ratio / target - 1) * 100, 0)}% over)`) : '-',
      fmt(median(lib.map(s => s.constructMs))),
      fmt(median(l1.map(s => s.constructMs))),
      `${lib.length}+${l1.length}`,
    ]);
  }
  console.log('## construct + app.synth(), median ms (min-max)');
  console.log(table(['N', 'library ms', 'L1 ms', 'ratio', 'ratio of minimums', 'target', 'meets target', 'library construct ms', 'L1 construct ms', 'runs'], rows));
  console.log('');
  console.log('(ratio = library median / L1 median, the figure the targets apply to; the ratio of minimums is less sensitive to other load on the machine)');
  console.log(`per-N warm-up runs (not in the medians): ${warmups.join(', ')}`);
  if (findings.size) {
    console.log('aws-cdk-lib template validation findings during the timed runs:');
    [...findings].forEach(f => console.log(`  ${f}`));
  }
  console.log('');

  console.log('## linearity in N');
  const linRows: Array<Array<string | number>> = [];
  for (const v of ['library', 'l1'] as const) {
    const m = (n: number) => medians.get(`${v}/${n}`)!;
    const lo = (n: number) => minimums.get(`${v}/${n}`)!;
    const slopes = (f: (n: number) => number) => [(f(50) - f(1)) / 49, (f(200) - f(50)) / 150];
    const [slopeLow, slopeHigh] = slopes(m);
    const [minLow, minHigh] = slopes(lo);
    const r = slopeHigh / slopeLow;
    linRows.push([
      v,
      fmt(m(50) / 50, 2),
      fmt(m(200) / 200, 2),
      fmt(slopeLow, 2),
      fmt(slopeHigh, 2),
      fmt(r, 2),
      fmt(minHigh / minLow, 2),
      r > 1.3 ? 'superlinear' : r < 0.75 ? 'sublinear' : 'linear',
    ]);
  }
  console.log(table(['variant', 'ms/conn at 50', 'ms/conn at 200', 'marginal ms/conn 1->50', 'marginal ms/conn 50->200', 'marginal ratio',
    'marginal ratio (minimums)', 'looks (medians)'], linRows));
  console.log('(ms/conn = median / N, includes the fixed pipeline cost; marginal = extra ms per extra connection between two N; "linear" when the two marginal costs'
    + ' are within 0.75-1.3x of each other. Compare the library with L1: what both show comes from aws-cdk-lib.)');
  console.log('');

  breakdown();
}

/** Where the library's extra time goes. */
function breakdown(): void {
  console.log('## breakdown (construct + synth, median ms)');
  // Time spent in Names.uniqueResourceName (generated connection/host names).
  let nameMs = 0;
  let nameCalls = 0;
  const uniqueResourceName = Names.uniqueResourceName;
  (Names as { uniqueResourceName: typeof uniqueResourceName }).uniqueResourceName = (construct, options) => {
    const t = now();
    try {
      return uniqueResourceName.call(Names, construct, options);
    } finally {
      nameMs += now() - t;
      nameCalls++;
    }
  };
  // Time spent in the library's synth-time tag validation (one per connection and host).
  let tagMs = 0;
  let tagCalls = 0;
  const mod = validation as { validateTagsAtSynth: typeof validation.validateTagsAtSynth };
  const validateTagsAtSynth = mod.validateTagsAtSynth;
  mod.validateTagsAtSynth = (scope, resource) => {
    const node = scope.node as { addValidation: typeof scope.node.addValidation };
    node.addValidation = v => Object.getPrototypeOf(scope.node).addValidation.call(scope.node, {
      validate: () => {
        const t = now();
        try {
          return v.validate();
        } finally {
          tagMs += now() - t;
          tagCalls++;
        }
      },
    });
    try {
      validateTagsAtSynth(scope, resource);
    } finally {
      delete (node as Partial<typeof node>).addValidation;
    }
  };

  const validationWas = process.env.CDK_VALIDATION;
  const withValidation = (on: boolean, run: () => Sample) => () => {
    process.env.CDK_VALIDATION = on ? 'true' : 'false';
    try {
      return run();
    } finally {
      if (validationWas === undefined) delete process.env.CDK_VALIDATION; else process.env.CDK_VALIDATION = validationWas;
    }
  };

  try {
    for (const n of Object.keys(BREAKDOWN_RUNS).map(Number)) {
      const variants: Array<[string, () => Sample]> = [
        ['library', () => synthOnce('library', n)],
        ['library, statusReport: false', () => synthOnce('library', n, { statusReport: false })],
        ['L1', () => synthOnce('l1', n)],
      ];
      const cases: Array<[string, () => Sample]> = [];
      for (const [name, run] of variants) {
        cases.push([`${name}|on`, withValidation(true, run)]);
        cases.push([`${name}|off`, withValidation(false, run)]);
      }
      nameMs = nameCalls = tagMs = tagCalls = 0;
      const { samples } = interleave(cases, BREAKDOWN_RUNS[n]);
      const libraryRuns = (BREAKDOWN_RUNS[n] + 1) * 4; // warm-ups included: 2 library variants x 2 validation settings
      const m = (name: string) => median(totals(samples.get(name)!));
      const l1On = m('L1|on');
      const l1Off = m('L1|off');
      console.log(`### N = ${n} (${BREAKDOWN_RUNS[n]} runs each)`);
      console.log(table(
        ['variant', 'validation on (default)', 'validation off', 'validation share', 'vs L1 (on)', 'vs L1 (off)'],
        variants.map(([name]) => {
          const on = m(`${name}|on`);
          const off = m(`${name}|off`);
          return [name, fmt(on), fmt(off), `${fmt((1 - off / on) * 100, 0)}%`, `${fmt(on / l1On, 2)}x`, `${fmt(off / l1Off, 2)}x`];
        }),
      ));
      const lib = m('library|on');
      const noStatus = m('library, statusReport: false|on');
      const extra = lib - l1On;
      console.log(`library - L1 = ${fmt(extra)} ms; of it, the status report (a Custom resource + output per connection/host, the reporter Lambda, role, policy, asset) = ${fmt(lib - noStatus)} ms`
        + ` (${fmt(((lib - noStatus) / extra) * 100, 0)}%); with validation off: library - L1 = ${fmt(m('library|off') - l1Off)} ms, status report = ${fmt(m('library|off') - m('library, statusReport: false|off'))} ms`);
      console.log(`Names.uniqueResourceName: ${fmt(nameCalls / libraryRuns, 0)} calls, ${fmt(nameMs / libraryRuns, 2)} ms per library app; `
        + `tag validation: ${fmt(tagCalls / libraryRuns, 0)} calls, ${fmt(tagMs / libraryRuns, 2)} ms per library app (averaged over ${libraryRuns} library synths)`);
      console.log('');
    }
  } finally {
    (Names as { uniqueResourceName: typeof uniqueResourceName }).uniqueResourceName = uniqueResourceName;
    mod.validateTagsAtSynth = validateTagsAtSynth;
  }
}

main();
