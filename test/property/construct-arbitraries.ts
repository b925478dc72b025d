/**
 * fast-check arbitraries for construct props, as plain data ("specs") that
 * print readably in a counterexample, and the functions that turn a spec
 * into the real value inside a stack (tokens need a scope).
 *
 * Every string prop may be a literal (short unicode, control characters,
 * lone surrogates, huge) or a token: `Token.asString(...)`, `Lazy.string`,
 * a CfnParameter value, or a literal with a token inside. Durations may be
 * literal (any unit, any non-negative amount incl. NaN and Infinity) or
 * built from `Lazy.number` / `Token.asNumber` / a CfnParameter number.
 */
import { Aws, CfnParameter, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as fc from 'fast-check';
import { Repeated, codeConnectionsArn, materialize } from './handler-arbitraries';

// ---------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------

export type StrSpec =
  | { readonly lit: string | Repeated }
  | { readonly token: 'param' | 'lazy' | 'asString' | 'embedded'; readonly value: string };

const NASTY = [
  '\u0000', '\u0001', '\n', '\r', '\t', '\u2028', '\ufeff', '\ud83d', '😀', 'é', '中', '"', '\'', '\\', '/', ':', ' ',
  '$', '{', '}', '*', '.', '-', '_', 'a', 'Z', '0', '9',
];

/** Literal strings of every kind: unicode, control characters, lone surrogates, huge. */
export function literal(): fc.Arbitrary<StrSpec> {
  const lits: Array<fc.Arbitrary<string | Repeated>> = [
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: fc.constantFrom(...NASTY), maxLength: 70 }),
    fc.stringMatching(/^[A-Za-z0-9_.-]{0,70}$/),
    fc.record({ repeat: fc.constantFrom('a', '😀', '\u0001', '-'), times: fc.integer({ min: 100, max: 20_000 }) }),
  ];
  return fc.oneof(...lits).map(lit => ({ lit }));
}

/** A token standing for a string (its resolved value, when there is one, is `value`). */
export const tokenStr: fc.Arbitrary<StrSpec> = fc.record({
  token: fc.constantFrom('param' as const, 'lazy' as const, 'asString' as const, 'embedded' as const),
  value: fc.oneof(fc.constantFrom('x', 'my-org', 'main', ''), fc.string({ maxLength: 10 })),
});

/**
 * Any string spec. Mostly a value the prop accepts (`valid`), so that runs
 * get past the first check and reach the others and synthesis; then near
 * misses (`invalid`), random literals and tokens.
 */
export function str(valid: readonly string[], invalid: readonly string[] = []): fc.Arbitrary<StrSpec> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...valid).map(lit => ({ lit })) },
    { weight: invalid.length ? 1 : 0, arbitrary: fc.constantFrom(...(invalid.length ? invalid : [''])).map(lit => ({ lit })) },
    { weight: 2, arbitrary: literal() },
    { weight: 1, arbitrary: tokenStr },
  );
}

/** Creates the string of a spec in `stack`. */
export function makeStr(stack: Stack, spec: StrSpec): string {
  if ('lit' in spec) {
    return materialize(spec.lit) as string;
  }
  switch (spec.token) {
    case 'param':
      return new CfnParameter(stack, nextId(stack, 'StrParam'), { type: 'String' }).valueAsString;
    case 'lazy':
      return Lazy.string({ produce: () => spec.value });
    case 'asString':
      return Token.asString({ 'Fn::ImportValue': spec.value || 'export' });
    case 'embedded':
      return `${spec.value}${Aws.ACCOUNT_ID}${spec.value}`;
  }
}

const counters = new WeakMap<Stack, number>();
function nextId(stack: Stack, prefix: string): string {
  const n = (counters.get(stack) ?? 0) + 1;
  counters.set(stack, n);
  return `${prefix}${n}`;
}

// ---------------------------------------------------------------------------
// Numbers and durations
// ---------------------------------------------------------------------------

export type DurationSpec =
  | { readonly unit: 'millis' | 'seconds' | 'minutes' | 'hours' | 'days'; readonly amount: number }
  | { readonly unit: 'millis' | 'seconds' | 'minutes' | 'hours' | 'days'; readonly token: 'lazy' | 'asNumber' | 'param'; readonly value: number };

const amount = fc.oneof(
  fc.constantFrom(0, 1, 59, 59.999, 60, 61, 300, 3300, 3300.001, 3301, 3600, NaN, Infinity, Number.MAX_VALUE, Number.MIN_VALUE, 1e21),
  fc.double({ min: 0, max: 1e7, noNaN: true }),
  fc.integer({ min: 0, max: 200_000 }),
);

export const duration: fc.Arbitrary<DurationSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ unit: fc.constantFrom('millis' as const, 'seconds' as const, 'minutes' as const, 'hours' as const, 'days' as const), amount }) },
  {
    weight: 1,
    arbitrary: fc.record({
      unit: fc.constantFrom('seconds' as const, 'seconds' as const, 'minutes' as const, 'millis' as const),
      token: fc.constantFrom('lazy' as const, 'asNumber' as const, 'param' as const),
      value: fc.oneof(fc.constantFrom(300, 0, -1, NaN), fc.integer()),
    }),
  },
);

/** Creates the Duration of a spec in `stack`. */
export function makeDuration(stack: Stack, spec: DurationSpec): Duration {
  let n: number;
  if ('amount' in spec) {
    n = spec.amount;
  } else if (spec.token === 'lazy') {
    n = Lazy.number({ produce: () => spec.value });
  } else if (spec.token === 'asNumber') {
    n = Token.asNumber({ 'Fn::ImportValue': `n${spec.value}` });
  } else {
    n = new CfnParameter(stack, nextId(stack, 'NumParam'), { type: 'Number' }).valueAsNumber;
  }
  return Duration[spec.unit](n);
}

// ---------------------------------------------------------------------------
// Other props
// ---------------------------------------------------------------------------

export const removalPolicy = fc.constantFrom('RETAIN', 'DESTROY', 'SNAPSHOT', 'RETAIN_ON_UPDATE_OR_DELETE') as fc.Arbitrary<keyof typeof RemovalPolicy>;

export const PROVIDER_TYPES = ['GitHub', 'Bitbucket', 'GitLab', 'AzureDevOps', 'GitHubEnterpriseServer', 'GitLabSelfManaged'];

/** An ARN spec of a connection or host: right, of the other type, mangled, random or a token. */
export function arnSpec(type: 'connection' | 'host'): fc.Arbitrary<StrSpec> {
  return fc.oneof(
    { weight: 5, arbitrary: codeConnectionsArn(type).map(lit => ({ lit })) },
    { weight: 1, arbitrary: codeConnectionsArn().map(lit => ({ lit })) },
    { weight: 1, arbitrary: fc.tuple(codeConnectionsArn(type), fc.nat(), fc.constantFrom('', ' ', '\n', ':', '/', 'é')).map(([a, i, c]) => ({ lit: a.slice(0, i % a.length) + c + a.slice(i % a.length) })) },
    { weight: 1, arbitrary: literal() },
    { weight: 1, arbitrary: tokenStr },
    { weight: 1, arbitrary: fc.constantFrom('codeconnections', 'codestar-connections').map(ns => ({ token: 'embedded' as const, value: `arn:aws:${ns}:eu-west-1:` })) },
  );
}

/** Stack environments: agnostic, every partition, and a region aws-cdk-lib does not know. */
export const stackEnv = fc.constantFrom(
  {}, { region: 'eu-west-1', account: '123456789012' }, { region: 'cn-north-1', account: '123456789012' },
  { region: 'us-gov-west-1', account: '123456789012' }, { region: 'us-isob-east-1', account: '123456789012' },
  { region: 'xx-moon-1', account: '123456789012' }, { region: 'eu-west-1' },
);

/** Values of the status refresh context (cdk-codeconnections:statusRefresh), any JSON. */
export const refreshContext = fc.option(
  fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant({ a: 1 }), fc.constant(null)),
  { nil: undefined },
);
