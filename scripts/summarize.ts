/**
 * Prints what a synthesized cloud assembly creates: per stack, resources by
 * type, Lambda functions, and outputs (the console link a person clicks).
 *
 *   ts-node scripts/summarize.ts CDK_OUT_DIR [STACK...]
 */
import * as fs from 'fs';
import * as path from 'path';

interface Template {
  Resources?: Record<string, { Type: string }>;
  Outputs?: Record<string, { Value: unknown; Description?: string }>;
}

export function summarize(outdir: string, stacks?: string[]): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  const lines: string[] = [];
  for (const [name, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact.type !== 'aws:cloudformation:stack' || (stacks?.length && !stacks.includes(name))) {
      continue;
    }
    const file = path.join(outdir, artifact.properties.templateFile);
    const template: Template = JSON.parse(fs.readFileSync(file, 'utf8'));
    const counts = new Map<string, number>();
    for (const r of Object.values(template.Resources ?? {})) {
      counts.set(r.Type, (counts.get(r.Type) ?? 0) + 1);
    }
    lines.push(`Stack ${name}: ${Object.keys(template.Resources ?? {}).length} resources`);
    for (const [type, n] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`  ${String(n).padStart(4)}  ${type}`);
    }
    const outputs = Object.entries(template.Outputs ?? {});
    lines.push(`  Outputs (${outputs.length}), printed by 'cdk deploy':`);
    for (const [key, out] of outputs) {
      lines.push(`    ${key} = ${JSON.stringify(out.Value)}${out.Description ? `  # ${out.Description}` : ''}`);
    }
  }
  return lines.join('\n');
}

if (require.main === module) {
  const [outdir, ...stacks] = process.argv.slice(2);
  if (!outdir) {
    console.error('usage: summarize.ts CDK_OUT_DIR [STACK...]');
    process.exit(2);
  }
  console.log(summarize(outdir, stacks));
}
