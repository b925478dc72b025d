/**
 * Synthesizes the scale app of test/scale.test.ts (200 connections, every
 * 10th on one of 4 hosts, a V2 pipeline on the first) into a cloud assembly,
 * so cfn-lint can check the largest template the project makes.
 *
 *   ts-node scripts/synth-scale.ts OUTDIR
 */
import { App } from 'aws-cdk-lib';
import { scaleStack } from '../test/fixtures/scale-app';

const outdir = process.argv[2];
if (!outdir) {
  console.error('usage: synth-scale.ts OUTDIR');
  process.exit(2);
}
const app = new App({ outdir, analyticsReporting: false });
scaleStack(app, 200);
app.synth();
