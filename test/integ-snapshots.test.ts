import * as fs from 'fs';
import * as path from 'path';
import { compareDirectories, compareWithSnapshot, integApps, listFiles, synthIntegApp } from '../scripts/integ-snapshots';

// Each app is synthesized twice by the aws-cdk CLI in a child process.
jest.setTimeout(300_000);

/**
 * cdk-nag findings left in an assembly: AwsSolutions errors or warnings in
 * the metadata, and rows of the NagReport CSVs that are neither Compliant
 * nor Suppressed. Also checks that every suppression carries a reason.
 */
function nagFindings(outdir: string): string[] {
  const files = listFiles(outdir);
  const reports = files.filter(f => /^AwsSolutions-.*-NagReport\.csv$/.test(f));
  const annotations = files
    .filter(f => f.endsWith('.metadata.json') || f === 'manifest.json')
    .flatMap(f => {
      const text = fs.readFileSync(path.join(outdir, f), 'utf8');
      return [...text.matchAll(/"type": "aws:cdk:(error|warning)",\s*"data": "([^"]*AwsSolutions-[^"]*)"/g)].map(m => `${f}: ${m[1]}: ${m[2]}`);
    });
  const rows = reports.flatMap(f => fs.readFileSync(path.join(outdir, f), 'utf8').trim().split('\n').slice(1)
    .map(line => line.split('","').map(c => c.replace(/^"|"$/g, '')))
    .filter(([, , compliance, reason]) => !(compliance === 'Compliant' || (compliance === 'Suppressed' && reason.length > 20)))
    .map(([rule, resource, compliance]) => `${f}: ${rule} ${resource} ${compliance}`));
  return [...(reports.length ? [] : ['no NagReport: cdk-nag did not run']), ...annotations, ...rows];
}

describe('integ apps', () => {
  test('there are integ apps to check', () => {
    expect(integApps()).toEqual(['integ.argocd.ts', 'integ.codebuild.ts', 'integ.connection.ts', 'integ.git-sync.ts', 'integ.host.ts', 'integ.monitoring.ts', 'integ.monorepo.ts', 'integ.multi-account.ts', 'integ.pipeline.ts', 'integ.regulated.ts', 'integ.service-catalog.ts']);
  });

  test.each(integApps())('%s: matches its committed snapshot, synthesizes byte-identically twice, and has no cdk-nag finding', (app) => {
    const first = synthIntegApp(app);
    const second = synthIntegApp(app);
    try {
      expect(compareWithSnapshot(app, first)).toEqual([]);
      expect(compareDirectories(first, second)).toEqual([]);
      // cdk-nag's AwsSolutions pack runs in every integ app (integ/integ-app.ts):
      // errors would already have failed `cdk synth`; warnings must not remain either.
      expect(nagFindings(first)).toEqual([]);
    } finally {
      fs.rmSync(first, { recursive: true, force: true });
      fs.rmSync(second, { recursive: true, force: true });
    }
  });
});
