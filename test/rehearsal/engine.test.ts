/**
 * The rehearsal itself: each rule of CloudFormation and Lambda it plays can
 * fail a deployment, so a scenario that passes means something. Templates
 * here are written by hand; the functions are test/rehearsal/fixtures.
 */
import * as path from 'path';
import { rehearse } from './harness';
import { resolve, ResolveContext, ResolveError } from './intrinsics';

jest.setTimeout(120_000);

const FIXTURES = path.join(__dirname, 'fixtures');
const ASSETS = { 'fixtures.zip': FIXTURES };

/** A template with one function running `handler` of fixtures/handlers.js, and `resources`. */
function template(handler: string, resources: Record<string, any>, outputs: Record<string, any> = {}, timeout = 30): any {
  return {
    Resources: {
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: {
          Code: { S3Bucket: 'assets', S3Key: 'fixtures.zip' },
          Handler: `handlers.${handler}`,
          Runtime: 'nodejs24.x',
          Role: { 'Fn::GetAtt': ['Role', 'Arn'] },
          Timeout: timeout,
        },
      },
      ...resources,
    },
    Outputs: outputs,
  };
}

const custom = (props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  Type: 'Custom::Test', Properties: { ServiceToken: { 'Fn::GetAtt': ['Fn', 'Arn'] }, ...props }, ...extra,
});

describe('custom resources', () => {
  test('a warm container keeps its module state; the first event starts it cold', async () => {
    // Real time: B is sent a virtual second after A's answer, and the
    // container must be back at /invocation/next by then to take it warm.
    await rehearse({ assets: ASSETS, timeScale: 1 }, async r => {
      const result = await r.deploy('S', template('counting', {
        A: custom(),
        B: custom({}, { DependsOn: 'A' }),
      }, { A: { Value: { 'Fn::GetAtt': ['A', 'Count'] } }, B: { Value: { 'Fn::GetAtt': ['B', 'Count'] } } }));
      expect(result.status).toBe('CREATE_COMPLETE');
      expect(result.outputs).toEqual({ A: '1', B: '2' });
      expect(r.lambda.invocations.map(i => i.cold)).toEqual([true, false]);
    });
  });

  test('Fn::GetAtt of an attribute the response Data lacks fails the deployment, as CloudFormation does', async () => {
    await rehearse({ assets: ASSETS, timeScale: 10 }, async r => {
      const result = await r.deploy('S', template('counting', { A: custom() }, { Missing: { Value: { 'Fn::GetAtt': ['A', 'Message'] } } }));
      expect(result.status).toBe('ROLLBACK_COMPLETE');
      expect(result.reason).toMatch(/CustomResourceAttributeError: Vendor response doesn't contain Message attribute/);
    });
  });

  test('ServiceTimeout is honoured: no answer fails the resource after that many seconds', async () => {
    await rehearse({ assets: ASSETS, timeScale: 60 }, async r => {
      const result = await r.deploy('S', template('silent', { A: custom({ ServiceTimeout: '90' }) }, {}, 20));
      expect(result.status).toBe('ROLLBACK_COMPLETE');
      expect(result.reason).toContain('did not receive a response from your Custom Resource within 90 seconds');
      const failed = result.events.find(e => e.logicalId === 'A' && e.status === 'CREATE_FAILED')!;
      const started = result.events.find(e => e.logicalId === 'A' && e.status === 'CREATE_IN_PROGRESS')!;
      expect(failed.at - started.at).toBeGreaterThanOrEqual(90_000);
      // The function timed out (20 s) and Lambda retried the asynchronous invocation.
      expect(r.lambda.invocations.map(i => i.outcome).slice(0, 2)).toEqual(['timeout', 'timeout']);
    });
  });

  test.each([
    ['huge', /Response is too long: \d+ bytes \(at most 4096\)/],
    ['wrongRequest', /Invalid response object: RequestId "not-the-request" does not match/],
  ])('a response CloudFormation rejects (%s) fails the resource', async (handler, reason) => {
    await rehearse({ assets: ASSETS, timeScale: 10 }, async r => {
      const result = await r.deploy('S', template(handler, { A: custom() }));
      expect(result.status).toBe('ROLLBACK_COMPLETE');
      expect(result.reason).toMatch(reason);
    });
  });

  test('a failed Create is followed by a Delete with the physical id the failure answered', async () => {
    await rehearse({ assets: ASSETS, timeScale: 10 }, async r => {
      const result = await r.deploy('S', template('failCreate', { A: custom() }));
      expect(result.status).toBe('ROLLBACK_COMPLETE');
      expect(result.reason).toContain('Message returned: create refused');
      const events = r.cloudFormation.customResources.exchanges.map(x => [x.event.RequestType, x.event.PhysicalResourceId]);
      expect(events).toEqual([['Create', undefined], ['Delete', 'failed-create-id']]);
    });
  });

  test('Update sends the old properties; a stack delete sends Delete with the current ones', async () => {
    await rehearse({ assets: ASSETS, timeScale: 10 }, async r => {
      await r.deploy('S', template('counting', { A: custom({ Size: 1 }) }));
      await r.deploy('S', template('counting', { A: custom({ Size: 2 }) }));
      await r.deleteStack('S');
      const events = r.cloudFormation.customResources.exchanges.map(x => x.event);
      expect(events.map(e => e.RequestType)).toEqual(['Create', 'Update', 'Delete']);
      // CloudFormation passes property values as strings.
      expect(events[0].ResourceProperties.Size).toBe('1');
      expect(events[1].OldResourceProperties!.Size).toBe('1');
      expect(events[1].ResourceProperties.Size).toBe('2');
      expect(events[2].ResourceProperties.Size).toBe('2');
    });
  });
});

describe('order and policies', () => {
  test('DependsOn and references order creation; independent resources are created at the same time', async () => {
    await rehearse({ timeScale: 10 }, async r => {
      const result = await r.deploy('S', {
        Resources: {
          A: { Type: 'AWS::SNS::Topic' },
          B: { Type: 'AWS::SNS::Topic' },
          C: { Type: 'AWS::SQS::Queue', DependsOn: ['A'], Properties: { QueueName: { 'Fn::Join': ['-', [{ 'Fn::GetAtt': ['B', 'TopicName'] }, 'q']] } } },
        },
      });
      const at = (id: string, status: string) => result.events.find(e => e.logicalId === id && e.status === status)!.at;
      expect(at('C', 'CREATE_IN_PROGRESS')).toBeGreaterThanOrEqual(Math.max(at('A', 'CREATE_COMPLETE'), at('B', 'CREATE_COMPLETE')));
      expect(at('B', 'CREATE_IN_PROGRESS')).toBeLessThan(at('A', 'CREATE_COMPLETE'));
    });
  });

  test('an attribute the schema does not declare fails the deployment', async () => {
    await rehearse({ timeScale: 10 }, async r => {
      const result = await r.deploy('S', {
        Resources: { A: { Type: 'AWS::SNS::Topic' }, B: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::GetAtt': ['A', 'Nope'] } } } },
      });
      expect(result.status).toBe('ROLLBACK_COMPLETE');
      expect(result.reason).toContain('does not support attribute type Nope');
    });
  });

  test.each([
    ['Retain', true, true],
    ['RetainExceptOnCreate', false, true],
    ['Delete', false, false],
  ])('DeletionPolicy %s: kept on rollback %s, kept on stack delete %s', async (policy, keptOnRollback, keptOnDelete) => {
    await rehearse({ timeScale: 10 }, async r => {
      const connection = { Type: 'AWS::CodeConnections::Connection', DeletionPolicy: policy, Properties: { ConnectionName: 'c', ProviderType: 'GitHub' } };
      const rolledBack = await r.deploy('S', { Resources: { C: connection, X: { Type: 'AWS::SNS::Topic', DependsOn: 'C' } } }, { failCreate: { X: 'boom' } });
      expect(rolledBack.status).toBe('ROLLBACK_COMPLETE');
      expect(r.codeConnections.connections.size).toBe(keptOnRollback ? 1 : 0);
      r.codeConnections.connections.clear();
      await r.deploy('S2', { Resources: { C: connection } });
      await r.deleteStack('S2');
      expect(r.codeConnections.connections.size).toBe(keptOnDelete ? 1 : 0);
    });
  });

  test('UpdateReplacePolicy Retain keeps the replaced resource; Delete deletes it', async () => {
    await rehearse({ timeScale: 10 }, async r => {
      for (const policy of ['Retain', 'Delete']) {
        r.codeConnections.connections.clear();
        const c = (name: string) => ({ Resources: { C: { Type: 'AWS::CodeConnections::Connection', UpdateReplacePolicy: policy, Properties: { ConnectionName: name, ProviderType: 'GitHub' } } } });
        await r.deploy(`S${policy}`, c('a'));
        const result = await r.deploy(`S${policy}`, c('b'));
        expect(result.status).toBe('UPDATE_COMPLETE');
        expect([...r.codeConnections.connections.values()].map(x => x.name).sort()).toEqual(policy === 'Retain' ? ['a', 'b'] : ['b']);
      }
    });
  });
});

describe('intrinsic functions', () => {
  const ctx: ResolveContext = {
    pseudo: { 'AWS::Region': 'eu-west-1', 'AWS::AccountId': '123456789012', 'AWS::Partition': 'aws' },
    parameters: { Env: 'prod' },
    conditions: { IsProd: true },
    ref: id => `${id}-physical`,
    getAtt: (id, attr) => `${id}.${attr}`,
    importValue: name => `imported:${name}`,
    availabilityZones: region => [`${region}a`, `${region}b`],
  };

  test.each([
    [{ 'Fn::Join': ['-', ['a', { Ref: 'Env' }, { Ref: 'AWS::Region' }]] }, 'a-prod-eu-west-1'],
    [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/${Bucket.Arn}/${!Literal}' }, 'arn:aws:s3:::Bucket-physical/Bucket.Arn/${Literal}'],
    [{ 'Fn::Sub': ['${X}-${Env}', { X: { Ref: 'Thing' } }] }, 'Thing-physical-prod'],
    [{ 'Fn::Select': [1, { 'Fn::Split': [':', 'arn:aws:codeconnections:eu-west-1'] }] }, 'aws'],
    [{ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }, 'eu-west-1a'],
    [{ 'Fn::If': ['IsProd', 'yes', 'no'] }, 'yes'],
    [{ 'Fn::ImportValue': 'Shared' }, 'imported:Shared'],
    [{ A: { Ref: 'AWS::NoValue' }, B: 1 }, { B: 1 }],
  ])('%j resolves to %j', (value, expected) => {
    expect(resolve(value, ctx, 'Test')).toEqual(expected);
  });

  test.each([
    [{ 'Fn::Cidr': ['10.0.0.0/16', 6, 5] }, /cannot resolve Fn::Cidr/],
    [{ Ref: 'AWS::Unknown' }, /unknown pseudo parameter AWS::Unknown/],
    [{ 'Fn::Select': [5, ['a']] }, /index 5 out of/],
    [{ 'Fn::If': ['Nope', 1, 2] }, /unknown condition Nope/],
  ])('%j fails: the rehearsal never guesses', (value, message) => {
    expect(() => resolve(value, ctx, 'Test')).toThrow(ResolveError);
    expect(() => resolve(value, ctx, 'Test')).toThrow(message);
  });

  test('a reference to a resource that is not in the template fails before anything is created', async () => {
    await rehearse({ timeScale: 10 }, async r => {
      await expect(r.deploy('S', { Resources: { A: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'Missing' } } } } }))
        .rejects.toThrow(/Unresolved resource dependencies \[Missing\]/);
    });
  });
});
