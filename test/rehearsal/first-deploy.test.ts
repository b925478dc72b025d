/**
 * Rehearsal: the first deploy, then the delete, of every integ app's
 * template (the committed snapshots, which CI keeps equal to a fresh synth),
 * with the shipped handler bundle in Lambda containers.
 */
import { OperationResult } from './cloudformation';
import {
  connectionPage, dependencyPairs, eventTime, libraryResources, record, rehearse, seedImports, settingsPage,
} from './harness';
import { INTEG_STACKS, integTemplate } from './rehearsal';

jest.setTimeout(120_000);

// Stacks that wait for a handshake deploy in a test of their own (regulated.test.ts), which does the handshake;
// stacks with none of the library's custom resources (a workload that imports a shared connection) in theirs
// (multi-account.test.ts).
const APPS = INTEG_STACKS.map(([app, stack, region, account]) => [app, stack, region, account ?? '123456789012'] as [string, string, string, string])
  .filter(([app, stack]) => !JSON.stringify(integTemplate(app, stack)).includes('WaitForAvailableSeconds'))
  .filter(([app, stack]) => libraryResources(integTemplate(app, stack)).length > 0);

describe.each(APPS)('%s (%s)', (app, stackName, region, account) => {
  const template = integTemplate(app, stackName);
  let created: OperationResult;
  let deleted: OperationResult;
  let calls: { create: number; delete: number };
  let resources: Map<string, { properties: any; physicalId: string }>;
  let exchanges: any[];
  let invocations: any[];

  beforeAll(async () => {
    await rehearse({ region, account, timeScale: 20 }, async r => {
      seedImports(r, template);
      created = await r.deploy(stackName, template);
      resources = new Map([...r.cloudFormation.requireStack(stackName).resources].map(([id, s]) => [id, s]));
      const reads = () => r.fake.calls().filter(c => c.credentialScope && c.headers.authorization?.includes('AKIACLOUDFORMATION') === false).length;
      calls = { create: reads(), delete: 0 };
      record(`first-deploy-${stackName}`, stackName, created);
      deleted = await r.deleteStack(stackName);
      calls.delete = reads() - calls.create;
      await r.lambda.idle();
      exchanges = r.cloudFormation.customResources.exchanges;
      invocations = r.lambda.invocations;
    });
  });

  test('creates the stack; every output resolves', () => {
    expect(created.reason).toBeUndefined();
    expect(created.status).toBe('CREATE_COMPLETE');
    expect(Object.keys(created.outputs).sort()).toEqual(Object.keys(template.Outputs ?? {}).sort());
  });

  test("each NextStep names the connection's own console page (a host: its region's settings page, Hosts tab)", () => {
    const nextSteps = Object.entries<any>(template.Outputs ?? {}).filter(([k]) => /NextStep/.test(k));
    expect(nextSteps.length).toBeGreaterThan(0);
    for (const [key, output] of nextSteps) {
      const [statusId, attribute] = output.Value['Fn::GetAtt'];
      expect(attribute).toBe('Message');
      const props = resources.get(statusId)!.properties;
      const message = created.outputs[key];
      if (props.ConnectionArn) {
        expect(message).toMatch(/^PENDING: /);
        expect(message).toContain(`open ${connectionPage(props.ConnectionArn)} and choose Update pending connection`);
      } else {
        expect(message).toMatch(/^PENDING: open .* open the Hosts tab, choose host \S+ and choose Set up host$/);
        expect(message).toContain(settingsPage(region));
      }
    }
  });

  test('every request to a library custom resource got exactly one answer, SUCCESS', () => {
    const ours = exchanges.filter(x => libraryResources(template).includes(x.event.LogicalResourceId));
    expect(ours.length).toBeGreaterThanOrEqual(2 * libraryResources(template).length);
    for (const x of ours) {
      expect({ id: x.event.LogicalResourceId, type: x.event.RequestType, status: x.response?.Status, extra: x.extraResponses })
        .toEqual({ id: x.event.LogicalResourceId, type: x.event.RequestType, status: 'SUCCESS', extra: 0 });
    }
    // None failed, timed out or crashed (the last may still be finishing when CloudFormation deletes the function).
    expect(invocations.filter(i => i.outcome !== 'response' && i.outcome !== 'deleted')).toEqual([]);
    expect(invocations[0].cold).toBe(true);
  });

  test('stack delete: dependents first, every Delete answered at once with no API call', () => {
    expect(deleted.status).toBe('DELETE_COMPLETE');
    for (const [a, b] of dependencyPairs(template)) {
      const aDone = deleted.events.find(e => e.logicalId === a && (e.status === 'DELETE_COMPLETE' || e.status === 'DELETE_SKIPPED'));
      const bStart = deleted.events.find(e => e.logicalId === b && (e.status === 'DELETE_IN_PROGRESS' || e.status === 'DELETE_SKIPPED'));
      expect({ a, b, ordered: aDone!.at <= bStart!.at }).toEqual({ a, b, ordered: true });
    }
    const deletes = exchanges.filter(x => x.event.RequestType === 'Delete' && libraryResources(template).includes(x.event.LogicalResourceId));
    expect(deletes).toHaveLength(libraryResources(template).length);
    for (const x of deletes) {
      expect(x.response.Status).toBe('SUCCESS');
      expect(x.response.PhysicalResourceId).toBe(x.event.PhysicalResourceId);
      expect(x.answeredAt - x.sentAt).toBeLessThan(15_000);
    }
    expect(calls.delete).toBe(0);
    // The pipeline app's artifact bucket and key are kept (aws-cdk-lib's RETAIN), as their policies say.
    expect(deleted.retained.map(r => r.deletionPolicy).every(p => p === 'Retain' || p === 'RetainExceptOnCreate')).toBe(true);
    expect(eventTime(deleted, libraryResources(template)[0], 'DELETE_COMPLETE')).toBeGreaterThan(0);
  });
});
