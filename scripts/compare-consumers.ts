/**
 * Compares the template each consumer app synthesized with the TypeScript
 * one (the reference).
 *
 *   ts-node scripts/compare-consumers.ts OUTDIR [LANG...]
 *
 * OUTDIR holds one cloud assembly per language (OUTDIR/typescript,
 * OUTDIR/python, ...), as scripts/consumers.sh writes them. LANG defaults to
 * every other folder in OUTDIR.
 *
 * Checks, in order, and prints every difference found:
 * 1. the resource types and their counts;
 * 2. the IAM statements (every policy document: role trust policies, inline
 *    and managed policies, bucket and key policies);
 * 3. the outputs (logical ids and values);
 * 4. the whole template.
 * Before comparing, asset hashes are masked and each logical id is replaced
 * with the construct path it was derived from (`aws:cdk:path`), so ids that
 * differ only because a construct id differs still line up. Byte-identical
 * templates are reported as such. Exits 1 on any mismatch.
 */
import * as fs from 'fs';
import * as path from 'path';

const STACK = 'CodeConnectionsConsumer';
const REFERENCE = 'typescript';

type Json = any;

interface Synthesized {
  raw: string;
  template: Json;
  /** logical id -> construct path, from the assembly's metadata file */
  paths: Map<string, string>;
}

function load(outdir: string, lang: string): Synthesized {
  const file = path.join(outdir, lang, `${STACK}.template.json`);
  if (!fs.existsSync(file)) {
    throw new Error(`${lang}: no template at ${file}`);
  }
  const raw = fs.readFileSync(file, 'utf8');
  const paths = new Map<string, string>();
  const metadataFile = path.join(outdir, lang, `${STACK}.metadata.json`);
  if (fs.existsSync(metadataFile)) {
    for (const [constructPath, entries] of Object.entries<Json[]>(JSON.parse(fs.readFileSync(metadataFile, 'utf8')))) {
      for (const e of entries) {
        if (e.type === 'aws:cdk:logicalId') paths.set(e.data, constructPath);
      }
    }
  }
  return { raw, template: JSON.parse(raw), paths };
}

/** Masks asset hashes and renames logical ids to their construct paths. */
function normalize({ template, paths }: Synthesized): Json {
  const ids = [...Object.keys(template.Resources ?? {}), ...Object.keys(template.Outputs ?? {}), ...Object.keys(template.Conditions ?? {})];
  const names = new Map<string, string>();
  for (const id of ids) {
    const cdkPath = template.Resources?.[id]?.Metadata?.['aws:cdk:path'] ?? paths.get(id);
    names.set(id, cdkPath ? `<${cdkPath}>` : `<${id}>`);
  }
  let text = JSON.stringify(template);
  text = text.replace(/[0-9a-f]{64}/g, '<asset-hash>');
  // Longest first, so an id that prefixes another is not replaced inside it.
  for (const id of [...ids].sort((a, b) => b.length - a.length)) {
    text = text.replace(new RegExp(`(?<![A-Za-z0-9])${id}(?![A-Za-z0-9])`, 'g'), names.get(id)!.replace(/\$/g, '$$$$'));
  }
  return JSON.parse(text);
}

function typeCounts(template: Json): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of Object.values<Json>(template.Resources ?? {})) {
    counts[r.Type] = (counts[r.Type] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

const POLICY_PROPERTIES = ['AssumeRolePolicyDocument', 'PolicyDocument', 'KeyPolicy', 'Policies'];

/** Every policy document, keyed by the (normalized) resource and property it is in. */
function iamStatements(template: Json): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [id, r] of Object.entries<Json>(template.Resources ?? {})) {
    for (const prop of POLICY_PROPERTIES) {
      if (r.Properties?.[prop] !== undefined) {
        out[`${id} ${prop}`] = r.Properties[prop];
      }
    }
  }
  return out;
}

/** Paths at which a and b differ (at most `limit`). */
function diff(a: Json, b: Json, at = '', out: string[] = [], limit = 40): string[] {
  if (out.length >= limit) return out;
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || a === null || b === null || typeof a !== 'object') {
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push(`  ${at || '/'}:\n    ${REFERENCE}: ${show(a)}\n    other: ${show(b)}`);
    }
    return out;
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    diff(a[k], b[k], `${at}/${k}`, out, limit);
  }
  return out;
}

function show(v: Json): string {
  if (v === undefined) return '(missing)';
  const s = JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}...` : s;
}

function main() {
  const [outdir, ...langsArg] = process.argv.slice(2);
  if (!outdir) {
    console.error('usage: compare-consumers.ts OUTDIR [LANG...]');
    process.exit(2);
  }
  const langs = langsArg.length > 0 ? langsArg
    : fs.readdirSync(outdir).filter(d => d !== REFERENCE && fs.statSync(path.join(outdir, d)).isDirectory());
  if (langs.length === 0) {
    console.error(`no consumer templates in ${outdir} to compare with ${REFERENCE}`);
    process.exit(2);
  }

  const ref = load(outdir, REFERENCE);
  const refNorm = normalize(ref);
  console.log(`${REFERENCE}: ${Object.keys(ref.template.Resources).length} resources, ${Object.keys(ref.template.Outputs ?? {}).length} outputs, ${Buffer.byteLength(ref.raw)} bytes (reference)`);

  let failed = false;
  for (const lang of langs) {
    const other = load(outdir, lang);
    if (other.raw === ref.raw) {
      console.log(`${lang}: byte-identical to ${REFERENCE}`);
      continue;
    }
    const norm = normalize(other);
    const problems: string[] = [];
    const checks: Array<[string, Json, Json]> = [
      ['resource types and counts', typeCounts(refNorm), typeCounts(norm)],
      ['IAM statements', iamStatements(refNorm), iamStatements(norm)],
      ['outputs', refNorm.Outputs ?? {}, norm.Outputs ?? {}],
      ['whole template (logical ids normalized, asset hashes masked)', refNorm, norm],
    ];
    for (const [what, a, b] of checks) {
      const d = diff(a, b);
      if (d.length > 0) {
        problems.push(`${what} differ:\n${d.join('\n')}`);
      }
    }
    if (problems.length === 0) {
      console.log(`${lang}: same as ${REFERENCE} once asset hashes and logical ids are normalized (not byte-identical)`);
    } else {
      failed = true;
      console.log(`${lang}: DIFFERS from ${REFERENCE}\n${problems.join('\n')}`);
    }
  }
  if (failed) {
    process.exit(1);
  }
}

main();
