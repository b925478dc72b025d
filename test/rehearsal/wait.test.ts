/**
 * Rehearsal: `waitForAvailable`. The deploy blocks on the connection's
 * status resource until a person finishes the handshake; what uses the
 * connection (a pipeline, a CodeBuild project with a webhook, a Git sync
 * repository link) is created only after that. Without a handshake the wait
 * fails with the link, and the rollback deletes what the deploy created.
 */
import { waitTemplate } from './apps';
import { OperationResult } from './cloudformation';
import { connectionPage, dependentsOf, eventTime, record, rehearse } from './harness';
import type { Rehearsal } from './rehearsal';

jest.setTimeout(120_000);

const STACK = 'Waiting';
/** The users of the connection that need it AVAILABLE. */
const USERS = ['AWS::CodePipeline::Pipeline', 'AWS::CodeBuild::Project', 'AWS::CodeStarConnections::RepositoryLink'];

function logicalId(template: any, type: string, prefix: string): string {
  const id = Object.keys(template.Resources).find(k => k.startsWith(prefix) && template.Resources[k].Type === type);
  if (!id) {
    throw new Error(`no ${type} ${prefix}*`);
  }
  return id;
}

/** Waits (virtual time) until the fake holds a connection named like `prefix`. */
async function connectionNamed(r: Rehearsal, prefix: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const found = [...r.codeConnections.connections.values()].find(c => c.name.startsWith(prefix));
    if (found) {
      return found.arn;
    }
    await r.clock.sleep(1_000);
  }
  throw new Error(`no connection ${prefix}* was created`);
}

describe('a handshake during the wait', () => {
  const template = waitTemplate();
  const connection = logicalId(template, 'AWS::CodeConnections::Connection', 'GitHub');
  const status = logicalId(template, 'Custom::CodeConnectionsConnectionStatus', 'GitHubStatus');
  let result: OperationResult;
  let handshakeAt: number;
  let waitStartedAt: number;
  let arn: string;
  /** The fake's GetConnection calls from the handshake to the end of the deploy. */
  let pollsAfterHandshake: number;

  beforeAll(async () => {
    await rehearse({ timeScale: 40 }, async r => {
      const deploying = r.deploy(STACK, template);
      arn = await connectionNamed(r, 'WaitingGitHub');
      // A person opens the link a minute after the deploy started waiting.
      while (!r.cloudFormation.requireStack(STACK).events.some(e => e.logicalId === status)) {
        await r.clock.sleep(1_000);
      }
      waitStartedAt = r.clock.now();
      await r.clock.sleep(60_000);
      const callsBefore = r.codeConnections.statsOf('GetConnection').calls;
      r.codeConnections.handshake(arn);
      handshakeAt = r.clock.now();
      result = await deploying;
      pollsAfterHandshake = r.codeConnections.statsOf('GetConnection').calls - callsBefore;
      record('wait-handshake', STACK, result, `handshake ${Math.round((handshakeAt - waitStartedAt) / 1000)} s into the wait; `
        + `status resource answered ${Math.round((eventTime(result, status, 'CREATE_COMPLETE') - handshakeAt) / 1000)} s later`);
    });
  });

  test('the deploy succeeds and the outputs say AVAILABLE', () => {
    expect(result.reason).toBeUndefined();
    expect(result.status).toBe('CREATE_COMPLETE');
    const nextStep = Object.keys(result.outputs).find(k => k.startsWith('GitHubNextStep'))!;
    expect(result.outputs[nextStep]).toMatch(/^AVAILABLE: connection WaitingGitHub\S* is ready to use$/);
  });

  test('the wait ends at the first poll after the handshake', () => {
    // Counted in polls, not seconds: at 40x a 100 ms stall of a loaded machine
    // is 4 virtual seconds. The time bound is loose for the same reason
    // (one 15 s poll interval, the response pickup, and room for stalls).
    expect(pollsAfterHandshake).toBe(1);
    const answered = eventTime(result, status, 'CREATE_COMPLETE');
    expect(answered).toBeGreaterThanOrEqual(handshakeAt);
    expect(answered - handshakeAt).toBeLessThan(15_000 + 15_000);
  });

  test.each(USERS)('every %s that uses the connection is created only after AVAILABLE', type => {
    const users = [...dependentsOf(template, connection)].filter(id => template.Resources[id].Type === type);
    expect(users.length).toBeGreaterThan(0);
    for (const id of users) {
      expect({ id, afterHandshake: eventTime(result, id, 'CREATE_IN_PROGRESS') >= handshakeAt }).toEqual({ id, afterHandshake: true });
    }
  });

  test('the connection that does not wait is not held back', () => {
    const other = logicalId(template, 'Custom::CodeConnectionsConnectionStatus', 'BitbucketStatus');
    expect(eventTime(result, other, 'CREATE_COMPLETE')).toBeLessThan(handshakeAt);
    expect(result.outputs[Object.keys(result.outputs).find(k => k.startsWith('BitbucketNextStep'))!]).toMatch(/^PENDING: open https:/);
  });
});

describe('no handshake: the wait runs out', () => {
  const template = waitTemplate();
  const status = logicalId(template, 'Custom::CodeConnectionsConnectionStatus', 'GitHubStatus');
  let result: OperationResult;
  let r0: { connections: number; created: string[]; invocations: any[]; exchanges: any[] };

  beforeAll(async () => {
    await rehearse({ timeScale: 40 }, async r => {
      result = await r.deploy(STACK, template);
      await r.lambda.idle();
      r0 = {
        connections: r.codeConnections.connections.size,
        created: r.codeConnections.created,
        invocations: r.lambda.invocations,
        exchanges: r.cloudFormation.customResources.exchanges,
      };
      record('wait-no-handshake', STACK, result);
    });
  });

  test('the wait fails after 5 minutes with the connection\'s own page, and the stack rolls back', () => {
    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(result.reason).toContain(status);
    const arn = r0.created.find(a => r0.exchanges.some(x => x.event.LogicalResourceId === status && x.event.ResourceProperties.ConnectionArn === a))!;
    expect(result.reason).toContain(`was still PENDING after waiting 5 minutes for the handshake. PENDING: open ${connectionPage(arn)} and choose Update pending connection, then deploy again`);
    const failed = result.events.find(e => e.logicalId === status && e.status === 'CREATE_FAILED')!;
    const started = eventTime(result, status, 'CREATE_IN_PROGRESS');
    expect(failed.at - started).toBeGreaterThanOrEqual(300_000);
    // The 5 minutes start when the handler first runs: the container's cold
    // start before it (a few virtual seconds here, more on a loaded machine)
    // is not part of the wait.
    const firstRun = r0.invocations.find(i => i.event.LogicalResourceId === status && i.event.RequestType === 'Create')!;
    expect(failed.at - firstRun.startedAt!).toBeLessThan(300_000 + 30_000);
  });

  test('the wait outlasted one Lambda invocation: it was handed over, and the next invocation answered', () => {
    const waits = r0.invocations.filter(i => i.event.LogicalResourceId === status && i.event.RequestType === 'Create');
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits[0].event.CdkCodeConnectionsWaitDeadline).toBeUndefined();
    expect(waits[1].event.CdkCodeConnectionsWaitDeadline).toEqual(expect.any(Number));
    expect(waits.every(i => i.outcome === 'response')).toBe(true);
  });

  test('the rollback deletes the connections it created (RetainExceptOnCreate) and answers every Delete', () => {
    expect(r0.created.length).toBe(2);
    expect(r0.connections).toBe(0);
    const deletes = r0.exchanges.filter(x => x.event.RequestType === 'Delete');
    expect(deletes.map(x => x.event.LogicalResourceId).sort()).toEqual(
      r0.exchanges.filter(x => x.event.RequestType === 'Create').map(x => x.event.LogicalResourceId).sort());
    expect(deletes.every(x => x.response?.Status === 'SUCCESS')).toBe(true);
    // Only aws-cdk-lib's pipeline artifact bucket (RemovalPolicy.RETAIN) is kept.
    expect(result.retained.map(x => x.type)).toEqual(['AWS::S3::Bucket']);
  });

  test('nothing that uses the connection was created', () => {
    const connection = logicalId(template, 'AWS::CodeConnections::Connection', 'GitHub');
    const users = [...dependentsOf(template, connection)].filter(id => USERS.includes(template.Resources[id].Type));
    expect(users.length).toBe(3);
    expect(result.events.filter(e => users.includes(e.logicalId))).toEqual([]);
  });
});
