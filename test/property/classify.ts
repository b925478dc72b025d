/**
 * Tells the library's own validation errors from crashes.
 *
 * The library's errors (src/core/validation.ts `validationError` and the throw
 * sites in src/*.ts) are plain `Error`s created in src/, whose message
 * - starts with the construct path of the scope (`Stack/Conn: ...`), or with
 *   the library API that rejected the value (`ProviderType.of(): ...`,
 *   `HostProviderType.of(): ...`, `ConnectionSource.of(): ...`), and
 * - names the property (or attribute) that is wrong.
 *
 * Everything else is a crash: a TypeError or RangeError anywhere, aws-cdk-lib's
 * or constructs' own errors (even a ValidationError: the library let a value
 * through that it should have rejected with its own message), and a plain
 * Error thrown from outside src/.
 */
import * as path from 'path';
import { IConstruct } from 'constructs';

const SRC_DIR = path.resolve(__dirname, '..', '..', 'src') + path.sep;

/** API prefixes of the library's static factories (no construct path). */
export const API_PREFIXES = ['ProviderType.of(): ', 'HostProviderType.of(): ', 'ConnectionSource.of(): ', 'ConnectionSourceAction: '];

export type Verdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly why: string };

export interface ClassifyContext {
  /** The app: every construct path in it may prefix a message. */
  readonly root: IConstruct;
  /**
   * Names one of which the message must contain: the props and attributes
   * the scenario sets or reads (`connectionName`, `repo`, ...).
   */
  readonly props: readonly string[];
}

/** The first stack frame of an error, e.g. `at validationError (/x/src/core/validation.ts:10:10)`. */
function throwSite(e: Error): string {
  return (e.stack ?? '').split('\n').find(l => /^\s+at /.test(l))?.trim() ?? '(no stack)';
}

export function classifyError(e: unknown, ctx: ClassifyContext): Verdict {
  if (!(e instanceof Error)) {
    return { ok: false, why: `threw a non-Error: ${String(e)}` };
  }
  const kind = e.constructor?.name ?? typeof e;
  if (Object.getPrototypeOf(e) !== Error.prototype) {
    return { ok: false, why: `threw a ${kind} (${e.name}), not the library's plain Error, from ${throwSite(e)}` };
  }
  const site = throwSite(e);
  const file = /\(?((?:\/|[A-Za-z]:\\)[^():]+):\d+:\d+\)?$/.exec(site)?.[1];
  if (!file || !file.startsWith(SRC_DIR)) {
    return { ok: false, why: `thrown from outside the library's src/: ${site}` };
  }
  const message = e.message;
  const api = API_PREFIXES.find(p => message.startsWith(p));
  const paths = ctx.root.node.findAll().map(c => c.node.path).filter(p => p !== '');
  const scopePath = paths.filter(p => message.startsWith(`${p}: `)).sort((a, b) => b.length - a.length)[0];
  if (!api && !scopePath) {
    return { ok: false, why: 'the message starts with neither a construct path nor a library API' };
  }
  const rest = api ? message.slice(api.length) : message.slice(scopePath!.length + 2);
  // The API name stands for its one argument (ProviderType.of() -> providerType).
  const named = api ? [api.slice(0, -2)] : ctx.props.filter(p => new RegExp(`\\b${p}\\b`).test(rest));
  if (named.length === 0) {
    return { ok: false, why: `the message names none of ${ctx.props.join(', ')}` };
  }
  return { ok: true };
}

/** Throws a readable failure unless `e` is a library validation error. */
export function expectValidationError(e: unknown, ctx: ClassifyContext): void {
  const verdict = classifyError(e, ctx);
  if (!verdict.ok) {
    const err = e as Error;
    throw new Error(`CRASH, not a library validation error: ${verdict.why}\n  ${err?.name}: ${String(err?.message).slice(0, 800)}\n${(err?.stack ?? '').split('\n').slice(1, 8).join('\n')}`);
  }
}
