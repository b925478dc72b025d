/**
 * Rehearsal: the README's Quick start app (examples/quick-start/main.ts, or
 * the template of a scratch app written from the README alone, given as
 * QUICK_START_TEMPLATE=path/to/QuickStart.template.json) deployed while a
 * person finishes the handshake: the deploy waits for the connection, the
 * pipeline is created after it, and the NextStep output says AVAILABLE.
 */
import * as fs from 'fs';
import * as path from 'path';
import { OperationResult } from './cloudformation';
import { connectionPage, deployWithHandshakes, record, rehearse } from './harness';
import { synthQuickStart } from '../fixtures/quick-start';

jest.setTimeout(120_000);

const STACK = 'QuickStart';

/** The Quick start's template, synthesized as the CDK CLI runs the app (test/fixtures/quick-start.ts). */
function quickStartTemplate(): any {
  if (process.env.QUICK_START_TEMPLATE) {
    return JSON.parse(fs.readFileSync(process.env.QUICK_START_TEMPLATE, 'utf8'));
  }
  const outdir = synthQuickStart();
  return JSON.parse(fs.readFileSync(path.join(outdir, `${STACK}.template.json`), 'utf8'));
}

describe('the README\'s Quick start: deployed with the handshake', () => {
  const template = quickStartTemplate();
  let created: OperationResult;
  let statusBeforeHandshake: string | undefined;
  let connectionArn: string;

  beforeAll(async () => {
    await rehearse({ region: 'us-east-1', timeScale: 20 }, async r => {
      // What the person sees while the deploy waits: the connection's own
      // status message, read before the handshake.
      const watch = setInterval(() => {
        const connection = [...r.codeConnections.connections.values()][0];
        if (connection && !statusBeforeHandshake) {
          connectionArn = connection.arn;
          statusBeforeHandshake = `${connection.status}`;
        }
      }, 10);
      try {
        created = await deployWithHandshakes(r, STACK, template);
      } finally {
        clearInterval(watch);
      }
      connectionArn = [...r.codeConnections.connections.values()][0]?.arn;
      record('quick-start-deploy', STACK, created, connectionArn ? `connection page: ${connectionPage(connectionArn)}` : '');
    });
  });

  test('the deploy completes; the connection was PENDING until the handshake, and the pipeline came after it', () => {
    expect(created.reason).toBeUndefined();
    expect(Object.values<any>(template.Resources).some(r => r.Type === 'AWS::CDK::Metadata')).toBe(true);
    expect(created.status).toBe('CREATE_COMPLETE');
    expect(statusBeforeHandshake).toBe('PENDING');
    const completed = created.events.filter(e => e.status === 'CREATE_COMPLETE').map(e => e.logicalId);
    const [status] = Object.keys(template.Resources).filter(id => template.Resources[id].Type === 'Custom::CodeConnectionsConnectionStatus');
    const [pipeline] = Object.keys(template.Resources).filter(id => template.Resources[id].Type === 'AWS::CodePipeline::Pipeline');
    expect(completed.indexOf(pipeline)).toBeGreaterThan(completed.indexOf(status));
  });

  test('the NextStep output says the connection is AVAILABLE', () => {
    const [key] = Object.keys(created.outputs).filter(k => k.startsWith('GitHubNextStep'));
    expect(created.outputs[key]).toMatch(/^AVAILABLE: connection QuickSttGitHub[0-9A-F]{8}-us-east-1 is ready to use$/);
    expect(connectionPage(connectionArn)).toMatch(/^https:\/\/us-east-1\.console\.aws\.amazon\.com\/codesuite\/settings\/\d{12}\/us-east-1\/codeconnections\/connections\/[0-9a-f-]{36}$/);
  });
});
