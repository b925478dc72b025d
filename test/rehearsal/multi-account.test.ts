/**
 * Rehearsal: the multi-account integ app deployed in order, one account at a
 * time, as `cdk deploy` runs it against each account: the tools account
 * creates and shares the connection; then each workload account deploys,
 * with the shared connection existing in CodeConnections (the rehearsal
 * plays CodeConnections per account, so the shared connection is seeded
 * there, as RAM would make it visible).
 */
import { OperationResult } from './cloudformation';
import { record, rehearse, seedImports } from './harness';
import { integTemplate } from './rehearsal';

jest.setTimeout(120_000);

const APP = 'integ.multi-account.ts';
const ORDER = [
  ['CodeConnectionsToolsInteg', 'us-east-1', '111111111111'],
  ['CodeConnectionsWorkloadAInteg', 'us-east-1', '222222222222'],
  ['CodeConnectionsWorkloadBInteg', 'eu-west-1', '333333333333'],
] as const;

describe('integ.multi-account: tools, then the workloads', () => {
  const results: Record<string, OperationResult> = {};
  const resources: Record<string, Map<string, { type: string; properties: any }>> = {};
  let sharedArn: string;

  beforeAll(async () => {
    for (const [stack, region, account] of ORDER) {
      const template = integTemplate(APP, stack);
      await rehearse({ region, account, timeScale: 20 }, async r => {
        [sharedArn = sharedArn] = seedImports(r, template);
        results[stack] = await r.deploy(stack, template);
        record(`multi-account-${stack}`, stack, results[stack]);
        const deployed = r.cloudFormation.requireStack(stack).resources;
        resources[stack] = new Map([...deployed].map(([id, s]) => [id, { type: s.type, properties: s.properties }]));
      });
    }
  });

  test('each stack deploys, in order', () => {
    for (const [stack] of ORDER) {
      expect(results[stack].reason).toBeUndefined();
      expect(results[stack].status).toBe('CREATE_COMPLETE');
    }
  });

  test('the tools account creates the connection and shares it with both workload accounts', () => {
    const tools = [...resources.CodeConnectionsToolsInteg.values()];
    const [connection] = tools.filter(r => r.type === 'AWS::CodeConnections::Connection');
    const [share] = tools.filter(r => r.type === 'AWS::RAM::ResourceShare');
    expect(connection.properties.ProviderType).toBe('GitHub');
    expect(share.properties.Principals).toEqual(['222222222222', '333333333333']);
    expect(share.properties.ResourceArns[0]).toMatch(/^arn:aws:codeconnections:us-east-1:111111111111:connection\//);
  });

  test('each workload grants its roles the shared ARN, with the codeconnections prefix its ARN needs, scoped to the repository', () => {
    expect(sharedArn).toMatch(/^arn:aws:codeconnections:us-east-1:111111111111:connection\//);
    for (const stack of ['CodeConnectionsWorkloadAInteg', 'CodeConnectionsWorkloadBInteg']) {
      const statements = [...resources[stack].values()]
        .filter(r => r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy')
        .flatMap(r => r.properties.PolicyDocument.Statement)
        .filter((s: any) => JSON.stringify(s.Action).includes('UseConnection'));
      expect(statements.length).toBeGreaterThan(0);
      for (const s of statements) {
        expect(s.Action).toBe('codeconnections:UseConnection');
        expect(s.Resource).toBe(sharedArn);
        expect(s.Condition.StringEquals['codeconnections:FullRepositoryId']).toBe('my-org/my-app');
      }
    }
  });

  test('workload A\'s pipeline and build read the shared connection; workload B, in another Region, builds from it', () => {
    const pipeline = [...resources.CodeConnectionsWorkloadAInteg.values()].find(r => r.type === 'AWS::CodePipeline::Pipeline')!;
    expect(JSON.stringify(pipeline.properties.Stages)).toContain(`"ConnectionArn":"${sharedArn}"`);
    const projectB = [...resources.CodeConnectionsWorkloadBInteg.values()].find(r => r.type === 'AWS::CodeBuild::Project')!;
    expect(projectB.properties.Source.Auth).toEqual({ Type: 'CODECONNECTIONS', Resource: sharedArn });
  });
});
