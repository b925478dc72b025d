import * as fs from 'fs';
import { compareWithSnapshot, integApps, synthIntegApp } from '../scripts/integ-snapshots';

// Each app is synthesized by the aws-cdk CLI in a child process.
jest.setTimeout(180_000);

describe('integ snapshots', () => {
  test('there are integ apps to check', () => {
    expect(integApps()).toEqual(expect.arrayContaining(['integ.connection.ts']));
  });

  test.each(integApps())('%s synthesizes to its committed snapshot', (app) => {
    const outdir = synthIntegApp(app);
    try {
      expect(compareWithSnapshot(app, outdir)).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
