/**
 * CloudFormation's intrinsic functions, for the ones the library's
 * templates use (and the few condition functions around them). Anything
 * else is an error: the rehearsal never guesses a value.
 *
 * Considered and not used: cfn-resolver-lib (npm, 1.1.8). It evaluates a
 * whole template in one pass, so it cannot see attributes that exist only
 * once a resource is created, and where it cannot resolve a value it warns
 * and leaves the expression in place, which is the guessing this must not
 * do.
 */

/** A value that failed to resolve: names the function and where it was. */
export class ResolveError extends Error {}

/** `Ref: AWS::NoValue`: the property is removed. */
export const NO_VALUE = Symbol('AWS::NoValue');

export interface ResolveContext {
  /** AWS::Region, AWS::AccountId, ... */
  readonly pseudo: Record<string, unknown>;
  readonly parameters: Record<string, unknown>;
  readonly conditions: Record<string, boolean>;
  readonly mappings?: Record<string, any>;
  /** The physical id (Ref) of a resource; throws when it does not exist (yet). */
  ref(logicalId: string): unknown;
  /** An attribute of a resource; throws when the resource or attribute does not exist. */
  getAtt(logicalId: string, attribute: string): unknown;
  importValue(name: string): unknown;
  availabilityZones(region: string): string[];
}

const SUPPORTED = new Set([
  'Ref', 'Fn::GetAtt', 'Fn::Join', 'Fn::Sub', 'Fn::Select', 'Fn::Split', 'Fn::GetAZs', 'Fn::ImportValue',
  'Fn::If', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Condition', 'Fn::Base64', 'Fn::FindInMap', 'Fn::Contains',
]);

/** The single key of an intrinsic function object, or undefined for plain objects. */
export function intrinsicName(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return undefined;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition')) {
    return keys[0];
  }
  return undefined;
}

/**
 * Resolves every intrinsic in `value`. `where` names the place (resource
 * and property) for error messages. `Condition` is only a function inside
 * condition expressions (`conditionContext`); elsewhere it is a plain key
 * (IAM policy conditions).
 */
export function resolve(value: unknown, ctx: ResolveContext, where: string, conditionContext = false): unknown {
  if (Array.isArray(value)) {
    return value.map((v, i) => resolve(v, ctx, `${where}[${i}]`, conditionContext)).filter(v => v !== NO_VALUE);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const fn = intrinsicName(value);
  if (fn && (fn !== 'Condition' || conditionContext)) {
    return call(fn, (value as any)[fn], ctx, `${where}.${fn}`);
  }
  if (!fn) {
    const unsupported = Object.keys(value).find(k => k.startsWith('Fn::'));
    if (unsupported) {
      throw new ResolveError(`${where}: ${unsupported} next to other keys is not an intrinsic function CloudFormation accepts`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const resolved = resolve(v, ctx, `${where}.${k}`, conditionContext);
    if (resolved !== NO_VALUE) {
      out[k] = resolved;
    }
  }
  return out;
}

function call(fn: string, arg: unknown, ctx: ResolveContext, where: string): unknown {
  if (!SUPPORTED.has(fn)) {
    throw new ResolveError(`${where}: the rehearsal cannot resolve ${fn}`);
  }
  const r = (v: unknown, suffix = '') => resolve(v, ctx, `${where}${suffix}`, fn === 'Fn::If' || fn === 'Fn::Equals' || fn === 'Fn::Not' || fn === 'Fn::And' || fn === 'Fn::Or');
  switch (fn) {
    case 'Ref': {
      const name = expectString(arg, where);
      if (name === 'AWS::NoValue') {
        return NO_VALUE;
      }
      if (name.startsWith('AWS::')) {
        if (!(name in ctx.pseudo)) {
          throw new ResolveError(`${where}: unknown pseudo parameter ${name}`);
        }
        return ctx.pseudo[name];
      }
      if (name in ctx.parameters) {
        return ctx.parameters[name];
      }
      return ctx.ref(name);
    }
    case 'Fn::GetAtt': {
      const [logicalId, attribute] = getAttArgs(arg, where);
      return ctx.getAtt(logicalId, attribute);
    }
    case 'Fn::Join': {
      const [sep, list] = expectArray(arg, where, 2);
      const items = r(list, '[1]');
      if (!Array.isArray(items)) {
        throw new ResolveError(`${where}: the list to join resolved to ${JSON.stringify(items)}`);
      }
      return items.map(i => expectString(i, `${where}[1]`)).join(expectString(sep, where));
    }
    case 'Fn::Sub': {
      const [template, vars] = typeof arg === 'string' ? [arg, {}] : expectArray(arg, where, 2) as [unknown, Record<string, unknown>];
      const variables = Object.fromEntries(Object.entries(vars ?? {}).map(([k, v]) => [k, r(v, `.${k}`)]));
      return expectString(template, where).replace(/\$\{([^}!][^}]*)\}/g, (_m, name: string) => {
        if (name in variables) {
          return stringOf(variables[name], where);
        }
        if (name.includes('.') && !name.startsWith('AWS::')) {
          const [logicalId, ...attribute] = name.split('.');
          return stringOf(ctx.getAtt(logicalId, attribute.join('.')), where);
        }
        return stringOf(call('Ref', name, ctx, where), where);
      }).replace(/\$\{!/g, '${');
    }
    case 'Fn::Select': {
      const [index, list] = expectArray(arg, where, 2);
      const items = r(list, '[1]');
      const i = Number(r(index, '[0]'));
      if (!Array.isArray(items) || !Number.isInteger(i) || i < 0 || i >= items.length) {
        throw new ResolveError(`${where}: index ${i} out of ${JSON.stringify(items)}`);
      }
      return items[i];
    }
    case 'Fn::Split': {
      const [sep, source] = expectArray(arg, where, 2);
      return expectString(r(source, '[1]'), where).split(expectString(sep, where));
    }
    case 'Fn::GetAZs': {
      const region = r(arg);
      return ctx.availabilityZones(region === '' ? String(ctx.pseudo['AWS::Region']) : expectString(region, where));
    }
    case 'Fn::ImportValue':
      return ctx.importValue(expectString(r(arg), where));
    case 'Fn::If': {
      const [condition, whenTrue, whenFalse] = expectArray(arg, where, 3);
      const name = expectString(condition, where);
      if (!(name in ctx.conditions)) {
        throw new ResolveError(`${where}: unknown condition ${name}`);
      }
      return ctx.conditions[name] ? r(whenTrue, '[1]') : r(whenFalse, '[2]');
    }
    case 'Condition': {
      const name = expectString(arg, where);
      if (!(name in ctx.conditions)) {
        throw new ResolveError(`${where}: unknown condition ${name}`);
      }
      return ctx.conditions[name];
    }
    case 'Fn::Equals': {
      const [a, b] = expectArray(arg, where, 2);
      return JSON.stringify(r(a, '[0]')) === JSON.stringify(r(b, '[1]'));
    }
    case 'Fn::Not': {
      const [a] = expectArray(arg, where, 1);
      return !expectBoolean(r(a, '[0]'), where);
    }
    case 'Fn::And':
      return expectArray(arg, where).every((c, i) => expectBoolean(r(c, `[${i}]`), where));
    case 'Fn::Or':
      return expectArray(arg, where).some((c, i) => expectBoolean(r(c, `[${i}]`), where));
    case 'Fn::Contains': {
      const [list, item] = expectArray(arg, where, 2);
      const items = r(list, '[0]');
      const wanted = r(item, '[1]');
      return Array.isArray(items) && items.some(i => String(i) === String(wanted));
    }
    case 'Fn::Base64':
      return Buffer.from(expectString(r(arg), where)).toString('base64');
    case 'Fn::FindInMap': {
      const [map, top, second] = expectArray(arg, where, 3).map((v, i) => expectString(r(v, `[${i}]`), where));
      const found = ctx.mappings?.[map]?.[top]?.[second];
      if (found === undefined) {
        throw new ResolveError(`${where}: no mapping ${map}.${top}.${second}`);
      }
      return found;
    }
  }
  throw new ResolveError(`${where}: the rehearsal cannot resolve ${fn}`);
}

/**
 * The logical ids a value refers to (Ref, Fn::GetAtt, and the names in
 * Fn::Sub strings), parameters and pseudo parameters excluded. Both
 * branches of Fn::If count, as CloudFormation orders by the template.
 */
export function references(value: unknown, parameters: ReadonlySet<string>, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach(v => references(v, parameters, out));
    return out;
  }
  if (value === null || typeof value !== 'object') {
    return out;
  }
  const fn = intrinsicName(value);
  const arg = fn ? (value as any)[fn] : undefined;
  if (fn === 'Ref' && typeof arg === 'string') {
    if (!arg.startsWith('AWS::') && !parameters.has(arg)) {
      out.add(arg);
    }
    return out;
  }
  if (fn === 'Fn::GetAtt') {
    out.add(getAttArgs(arg, 'Fn::GetAtt')[0]);
    return out;
  }
  if (fn === 'Fn::Sub') {
    const [template, vars] = typeof arg === 'string' ? [arg, {}] : arg;
    const local = new Set(Object.keys(vars ?? {}));
    for (const m of String(template).matchAll(/\$\{([^}!][^}]*)\}/g)) {
      const name = m[1].split('.')[0];
      if (!local.has(m[1]) && !name.startsWith('AWS::') && !parameters.has(name)) {
        out.add(name);
      }
    }
    references(vars, parameters, out);
    return out;
  }
  for (const v of Object.values(value)) {
    references(v, parameters, out);
  }
  return out;
}

function getAttArgs(arg: unknown, where: string): [string, string] {
  if (typeof arg === 'string') {
    const [logicalId, ...rest] = arg.split('.');
    return [logicalId, rest.join('.')];
  }
  const [logicalId, attribute] = expectArray(arg, where, 2);
  return [expectString(logicalId, where), expectString(attribute, where)];
}

function expectArray(value: unknown, where: string, length?: number): unknown[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    throw new ResolveError(`${where}: expected ${length ?? 'a list of'} arguments, got ${JSON.stringify(value)}`);
  }
  return value;
}

function expectString(value: unknown, where: string): string {
  if (typeof value !== 'string') {
    throw new ResolveError(`${where}: expected a string, got ${JSON.stringify(value)}`);
  }
  return value;
}

function expectBoolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') {
    throw new ResolveError(`${where}: expected a condition, got ${JSON.stringify(value)}`);
  }
  return value;
}

function stringOf(value: unknown, where: string): string {
  if (typeof value === 'string' || typeof value === 'number') {
    return String(value);
  }
  throw new ResolveError(`${where}: Fn::Sub needs a string, got ${JSON.stringify(value)}`);
}
