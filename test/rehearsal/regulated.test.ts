/**
 * Rehearsal: the regulated integ app (integ/integ.regulated.ts) deployed,
 * used and deleted. Its functions run in isolated subnets, log to a
 * KMS-encrypted log group and have reserved concurrency: Lambda checks the
 * network-interface permissions of each function's role when it creates it,
 * and CloudWatch Logs checks the key policy when it creates each log group
 * (test/rehearsal/resource-providers.ts plays both). A person finishes the
 * handshake during the wait; then the health schedule fires once.
 */
import { OperationResult } from './cloudformation';
import { deployWithHandshakes, record, rehearse } from './harness';
import { integTemplate } from './rehearsal';

jest.setTimeout(120_000);

const APP = 'integ.regulated.ts';
const STACK = 'CodeConnectionsRegulatedInteg';

function byType(template: any, type: string): string[] {
  return Object.keys(template.Resources).filter(id => template.Resources[id].Type === type);
}

describe('integ.regulated: deployed, used and deleted', () => {
  const template = integTemplate(APP, STACK);
  let created: OperationResult;
  let deleted: OperationResult;
  let functions: Array<{ properties: any }>;
  let logGroups: Array<{ properties: any }>;
  let healthRun: { outcome?: string; points: number };
  let peakReporterContainers = 0;

  beforeAll(async () => {
    await rehearse({ region: 'eu-west-1', timeScale: 20 }, async r => {
      const sampling = setInterval(() => {
        const running = r.lambda.containersOf(name => name.includes('StatusReporter'));
        peakReporterContainers = Math.max(peakReporterContainers, running);
      }, 50);
      try {
        created = await deployWithHandshakes(r, STACK, template);
      } finally {
        clearInterval(sampling);
      }
      record('regulated-deploy', STACK, created);
      const resources = r.cloudFormation.requireStack(STACK).resources;
      const of = (type: string) => [...resources.values()].filter(s => s.type === type);
      functions = of('AWS::Lambda::Function');
      logGroups = of('AWS::Logs::LogGroup');
      // The health schedule fires once, as EventBridge would.
      const [rule] = of('AWS::Events::Rule').map(s => s.properties).filter(p => p.ScheduleExpression);
      const before = r.lambda.invocations.length;
      for (const target of rule.Targets) {
        r.lambda.invokeAsync(target.Arn, JSON.parse(target.Input));
      }
      await r.lambda.idle();
      const runs = r.lambda.invocations.slice(before);
      healthRun = { outcome: runs[0]?.outcome, points: (r.lambda.logs().match(/"ConnectionAvailable":1/g) ?? []).length };
      deleted = await r.deleteStack(STACK);
    });
  });

  test('creates the stack, the wait ends with the handshake, and the output says AVAILABLE', () => {
    expect(created.reason).toBeUndefined();
    expect(created.status).toBe('CREATE_COMPLETE');
    const nextStep = Object.keys(created.outputs).find(k => k.startsWith('GitHubNextStep'))!;
    expect(created.outputs[nextStep]).toMatch(/^AVAILABLE: connection \S+ is ready to use$/);
  });

  test('both functions were created in the isolated subnets (Lambda found its network-interface permissions), with reserved concurrency', () => {
    expect(functions).toHaveLength(2);
    for (const fn of functions) {
      expect(fn.properties.VpcConfig.SubnetIds).toHaveLength(2);
      expect(fn.properties.VpcConfig.SubnetIds.every((id: string) => id.startsWith('subnet-'))).toBe(true);
      expect(fn.properties.ReservedConcurrentExecutions).toBe(3);
      expect(fn.properties.TracingConfig).toEqual({ Mode: 'Active' });
    }
  });

  test('the log groups were created with the key (CloudWatch Logs found the key policy\'s statement) and kept a year', () => {
    const functionLogs = logGroups.filter(g => g.properties.RetentionInDays === 365 && g.properties.KmsKeyId);
    expect(functionLogs.length).toBeGreaterThanOrEqual(2);
    for (const g of functionLogs) {
      expect(g.properties.KmsKeyId).toMatch(/^arn:aws:kms:eu-west-1:\d{12}:key\//);
    }
  });

  test('the status reporter never ran more containers than its reservation', () => {
    expect(peakReporterContainers).toBeLessThanOrEqual(3);
  });

  test('the health schedule ran the publisher, which answered and published the connection as AVAILABLE', () => {
    expect(healthRun.outcome).toBe('response');
    expect(healthRun.points).toBeGreaterThanOrEqual(1);
  });

  test('the stack deletes', () => {
    expect(deleted.reason).toBeUndefined();
    expect(deleted.status).toBe('DELETE_COMPLETE');
  });
});

describe('what Lambda and CloudWatch Logs check, on the regulated template', () => {
  const template = integTemplate(APP, STACK);

  /**
   * Deploys the template without the statement `sid` in the policy document
   * (`document` of the properties) of every resource of `type`, and returns
   * why the deploy failed.
   */
  async function deployWithout(type: string, document: 'PolicyDocument' | 'KeyPolicy', sid: string): Promise<string | undefined> {
    const broken = JSON.parse(JSON.stringify(template));
    for (const id of byType(broken, type)) {
      const doc = broken.Resources[id].Properties[document];
      doc.Statement = doc.Statement.filter((s: any) => s.Sid !== sid);
    }
    let reason: string | undefined;
    await rehearse({ region: 'eu-west-1', timeScale: 20 }, async r => {
      const result = await deployWithHandshakes(r, STACK, broken);
      expect(result.status).toBe('ROLLBACK_COMPLETE');
      reason = result.reason;
    });
    return reason;
  }

  test('without the network-interface statements, Lambda refuses to create the functions', async () => {
    expect(await deployWithout('AWS::IAM::ManagedPolicy', 'PolicyDocument', 'PlaceNetworkInterfaces'))
      .toMatch(/The provided execution role does not have permissions to call CreateNetworkInterface on EC2/);
  });

  test('without CloudWatch Logs in the key policy, the encrypted log groups fail to create', async () => {
    expect(await deployWithout('AWS::KMS::Key', 'KeyPolicy', 'CloudWatchLogsOfThisRegion'))
      .toMatch(/The specified KMS key does not exist or is not allowed to be used with Arn 'arn:aws:logs:eu-west-1:\d{12}:log-group:/);
  });
});
