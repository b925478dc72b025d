/**
 * Rehearsal: what happens to connections and hosts over a stack's life.
 * A handshake and a status refresh; a rollback after connections were
 * created; prop changes that replace a connection or a host; the stack
 * delete. Default removal policies unless a test says otherwise.
 */
import { App, RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { changingTemplate } from './apps';
import { connectionPage, record, rehearse } from './harness';
import { ProviderType } from '../../src';
import { scaleStack } from '../fixtures/scale-app';

jest.setTimeout(120_000);

const STACK = 'Changing';

function idOf(template: any, type: string, prefix: string): string {
  const id = Object.keys(template.Resources).find(k => k.startsWith(prefix) && template.Resources[k].Type === type);
  if (!id) {
    throw new Error(`no ${type} ${prefix}*`);
  }
  return id;
}

function output(outputs: Record<string, string>, prefix: string): string {
  const key = Object.keys(outputs).find(k => k.startsWith(prefix));
  if (!key) {
    throw new Error(`no output ${prefix}* in ${Object.keys(outputs).join(', ')}`);
  }
  return outputs[key];
}

describe('a person finishes the handshake, then a deploy with statusRefresh', () => {
  test('the Update re-reads the status: the outputs say AVAILABLE; nothing is replaced', async () => {
    await rehearse({ timeScale: 20 }, async r => {
      const first = await r.deploy(STACK, changingTemplate());
      expect(first.status).toBe('CREATE_COMPLETE');
      const stack = r.cloudFormation.requireStack(STACK);
      const repoArn = stack.resources.get(idOf(changingTemplate(), 'AWS::CodeConnections::Connection', 'Repo'))!.physicalId;
      const hostArn = [...r.codeConnections.hosts.keys()][0];
      const onHostArn = [...r.codeConnections.connections.values()].find(c => c.hostArn)!.arn;
      expect(output(first.outputs, 'RepoNextStep')).toBe(`PENDING: open ${connectionPage(repoArn)} and choose Update pending connection`);

      // The person sets up the host, then updates both pending connections.
      r.codeConnections.setUpHost(hostArn);
      r.codeConnections.handshake(repoArn);
      r.codeConnections.handshake(onHostArn);

      // Without a refresh nothing changed in the template: CloudFormation does not ask again.
      const unchanged = await r.deploy(STACK, changingTemplate());
      expect(unchanged.status).toBe('UPDATE_COMPLETE');
      expect(unchanged.events).toEqual([]);
      expect(output(unchanged.outputs, 'RepoNextStep')).toMatch(/^PENDING/);

      const exchangesBefore = r.cloudFormation.customResources.exchanges.length;
      const refreshed = await r.deploy(STACK, changingTemplate({ statusRefresh: '1764547200' }));
      record('handshake-then-status-refresh', STACK, refreshed);
      expect(refreshed.status).toBe('UPDATE_COMPLETE');
      expect(output(refreshed.outputs, 'RepoNextStep')).toMatch(/^AVAILABLE: connection ChangingRepo\S+ is ready to use$/);
      expect(output(refreshed.outputs, 'EnterpriseOnHostNextStep')).toMatch(/^AVAILABLE: /);
      expect(output(refreshed.outputs, 'EnterpriseNextStep')).toMatch(/^AVAILABLE: host \S+ is set up/);

      const updates = r.cloudFormation.customResources.exchanges.slice(exchangesBefore);
      expect(updates.map(x => x.event.RequestType)).toEqual(['Update', 'Update', 'Update']);
      for (const x of updates) {
        expect(x.event.OldResourceProperties!.Refresh).toBeUndefined();
        expect(x.event.ResourceProperties.Refresh).toBe('1764547200');
        expect(x.event.PhysicalResourceId).toBe(x.response.PhysicalResourceId);
      }
      // Only the status resources changed; the connections and the host are the same.
      expect(refreshed.events.filter(e => e.status === 'UPDATE_COMPLETE').map(e => e.type).sort()).toEqual([
        'Custom::CodeConnectionsConnectionStatus', 'Custom::CodeConnectionsConnectionStatus', 'Custom::CodeConnectionsHostStatus',
      ]);
      expect(r.codeConnections.created).toHaveLength(2);
    });
  });
});

describe('rollback of a first deploy after connections were created', () => {
  // The scale app with 20 connections (2 on hosts): its pipeline's build project fails.
  const template = Template.fromStack(scaleStack(new App(), 20)).toJSON();
  const failing = idOf(template, 'AWS::CodeBuild::Project', 'Project');

  test('deletes every connection and host it created (RetainExceptOnCreate), answers every Delete, leaves nothing in progress', async () => {
    await rehearse({ timeScale: 20 }, async r => {
      const result = await r.deploy('Scale', template, { failCreate: { [failing]: 'Resource handler returned message: "Access denied" (HandlerErrorCode: AccessDenied)' } });
      await r.lambda.idle();
      record('rollback-after-created-connections', 'Scale', result,
        `created ${r.codeConnections.created.length} connections and 4 hosts before the failure; left ${r.codeConnections.connections.size} connections and ${r.codeConnections.hosts.size} hosts`);
      expect(result.status).toBe('ROLLBACK_COMPLETE');
      expect(result.reason).toContain(failing);
      // CloudFormation starts nothing new after the failure: how many of the
      // 20 were created by then depends on timing, but some were.
      expect(r.codeConnections.created.length).toBeGreaterThan(0);
      expect(r.codeConnections.connections.size).toBe(0);
      expect(r.codeConnections.hosts.size).toBe(0);
      expect(r.cloudFormation.orphans.filter(o => o.type.startsWith('AWS::CodeConnections'))).toEqual([]);

      const exchanges = r.cloudFormation.customResources.exchanges;
      const created = exchanges.filter(x => x.event.RequestType === 'Create').map(x => x.event.LogicalResourceId).sort();
      const deleted = exchanges.filter(x => x.event.RequestType === 'Delete').map(x => x.event.LogicalResourceId).sort();
      expect(deleted).toEqual(created);
      expect(exchanges.every(x => x.response?.Status === 'SUCCESS' && x.extraResponses === 0)).toBe(true);
      expect(r.lambda.invocations.filter(i => i.outcome !== 'response' && i.outcome !== 'deleted')).toEqual([]);
      // Every resource is either gone or was never made: nothing left in progress.
      expect(r.cloudFormation.requireStack('Scale').resources.size).toBe(0);

      // The next deploy creates them again, under the same names.
      const again = await r.deploy('Scale', template);
      expect(again.status).toBe('CREATE_COMPLETE');
      expect(r.codeConnections.connections.size).toBe(20);
    });
  });

  test('with an explicit RemovalPolicy.RETAIN the rollback keeps a PENDING orphan, and the next deploy meets its name', async () => {
    await rehearse({ timeScale: 20 }, async r => {
      const retained = changingTemplate({ connectionName: 'my-github', removalPolicy: RemovalPolicy.RETAIN });
      const failing2 = idOf(retained, 'Custom::CodeConnectionsHostStatus', 'EnterpriseStatus');
      const result = await r.deploy(STACK, retained, { failCreate: { [failing2]: 'injected failure' } });
      expect(result.status).toBe('ROLLBACK_COMPLETE');
      expect(r.codeConnections.connectionsNamed('my-github').map(c => c.status)).toEqual(['PENDING']);
      expect(result.retained.map(x => x.type).sort()).toEqual(
        ['AWS::CodeConnections::Connection', 'AWS::CodeConnections::Connection', 'AWS::CodeConnections::Host']);

      // Names are unique in an account (the API Reference): the next deploy fails on the orphan.
      const next = await r.deploy(STACK, retained);
      record('retain-orphan-next-deploy', STACK, next);
      expect(next.status).toBe('ROLLBACK_COMPLETE');
      expect(next.reason).toContain('A connection named my-github already exists');
    });
  });
});

describe('prop changes that replace a connection or a host', () => {
  test('providerType: a new connection (new ARN, new handshake), the status resource updated with old and new properties, the old one kept', async () => {
    await rehearse({ timeScale: 20 }, async r => {
      const before = changingTemplate();
      await r.deploy(STACK, before);
      const repo = idOf(before, 'AWS::CodeConnections::Connection', 'Repo');
      const status = idOf(before, 'Custom::CodeConnectionsConnectionStatus', 'RepoStatus');
      const oldArn = r.cloudFormation.requireStack(STACK).resources.get(repo)!.physicalId;
      r.codeConnections.handshake(oldArn);

      const exchangesBefore = r.cloudFormation.customResources.exchanges.length;
      const after = changingTemplate({ providerType: ProviderType.BITBUCKET });
      const result = await r.deploy(STACK, after);
      record('replace-connection-provider-type', STACK, result);
      expect(result.reason).toBeUndefined();
      expect(result.status).toBe('UPDATE_COMPLETE');

      const newArn = r.cloudFormation.requireStack(STACK).resources.get(repo)!.physicalId;
      expect(newArn).not.toBe(oldArn);
      expect(r.codeConnections.connection(newArn)).toMatchObject({ providerType: 'Bitbucket', status: 'PENDING' });
      expect(output(result.outputs, 'RepoNextStep')).toBe(`PENDING: open ${connectionPage(newArn)} and choose Update pending connection`);

      const [update, cleanup] = r.cloudFormation.customResources.exchanges.slice(exchangesBefore).filter(x => x.event.LogicalResourceId === status);
      expect(update.event.RequestType).toBe('Update');
      expect(update.event.OldResourceProperties!.ConnectionArn).toBe(oldArn);
      expect(update.event.ResourceProperties.ConnectionArn).toBe(newArn);
      expect(update.event.PhysicalResourceId).toBe(oldArn);
      expect(update.response.PhysicalResourceId).toBe(newArn);
      // A new physical id: CloudFormation deletes the old status resource in the cleanup phase.
      expect(cleanup.event.RequestType).toBe('Delete');
      expect(cleanup.event.PhysicalResourceId).toBe(oldArn);
      expect(cleanup.response.Status).toBe('SUCCESS');

      // UpdateReplacePolicy Retain: the old, AVAILABLE connection is kept, under another name.
      expect(r.codeConnections.connection(oldArn)).toMatchObject({ status: 'AVAILABLE' });
      expect(result.retained.map(x => x.physicalId)).toEqual([oldArn]);
      expect(r.codeConnections.connection(oldArn)!.name).not.toBe(r.codeConnections.connection(newArn)!.name);
    });
  });

  test('host name: a new host, and its connection replaced with it; the old ones kept', async () => {
    await rehearse({ timeScale: 20 }, async r => {
      await r.deploy(STACK, changingTemplate({ hostName: 'ghes-a' }));
      const oldHosts = [...r.codeConnections.hosts.keys()];
      const result = await r.deploy(STACK, changingTemplate({ hostName: 'ghes-b' }));
      record('replace-host-name', STACK, result);
      expect(result.reason).toBeUndefined();
      expect(result.status).toBe('UPDATE_COMPLETE');
      expect([...r.codeConnections.hosts.values()].map(h => h.name).sort()).toEqual(['ghes-a', 'ghes-b']);
      expect(result.retained.map(x => x.type).sort()).toEqual(['AWS::CodeConnections::Connection', 'AWS::CodeConnections::Host']);
      expect(result.retained.find(x => x.type === 'AWS::CodeConnections::Host')!.physicalId).toBe(oldHosts[0]);
      expect(output(result.outputs, 'EnterpriseNextStep')).toContain('choose host ghes-b and choose Set up host');
    });
  });

  test('host endpoint: updated in place (UpdateHost), same ARN, nothing replaced', async () => {
    await rehearse({ timeScale: 20 }, async r => {
      await r.deploy(STACK, changingTemplate());
      const [hostArn] = [...r.codeConnections.hosts.keys()];
      const result = await r.deploy(STACK, changingTemplate({ providerEndpoint: 'https://git.example.com' }));
      expect(result.status).toBe('UPDATE_COMPLETE');
      expect(r.codeConnections.host(hostArn)!.providerEndpoint).toBe('https://git.example.com');
      expect(result.retained).toEqual([]);
      expect(result.events.filter(e => e.status.startsWith('CREATE'))).toEqual([]);
      expect(r.fake.calls('UpdateHost')).toHaveLength(1);
    });
  });

  test('a tag: updated in place (TagResource), same ARN', async () => {
    await rehearse({ timeScale: 20 }, async r => {
      await r.deploy(STACK, changingTemplate());
      const result = await r.deploy(STACK, changingTemplate({ tag: 'ci' }));
      expect(result.status).toBe('UPDATE_COMPLETE');
      expect(result.events.filter(e => e.status.startsWith('CREATE'))).toEqual([]);
      expect([...r.codeConnections.connections.values()].find(c => c.name.startsWith('ChangingRepo'))!.tags).toEqual({ purpose: 'ci' });
    });
  });

  test('an explicit connectionName and a new providerType: the new connection cannot take the name, and the update rolls back untouched', async () => {
    await rehearse({ timeScale: 20 }, async r => {
      await r.deploy(STACK, changingTemplate({ connectionName: 'my-github' }));
      const [before] = r.codeConnections.connectionsNamed('my-github');
      const result = await r.deploy(STACK, changingTemplate({ connectionName: 'my-github', providerType: ProviderType.BITBUCKET }));
      record('replace-named-connection', STACK, result);
      expect(result.status).toBe('UPDATE_ROLLBACK_COMPLETE');
      expect(result.reason).toContain('A connection named my-github already exists');
      expect(r.codeConnections.connectionsNamed('my-github')).toEqual([before]);
      expect(r.cloudFormation.requireStack(STACK).resources.get(idOf(changingTemplate(), 'AWS::CodeConnections::Connection', 'Repo'))!.physicalId).toBe(before.arn);
    });
  });
});

describe('stack delete with the default removal policy', () => {
  test('keeps connections, hosts and the host security group; deletes the rest; every Delete answered', async () => {
    await rehearse({ timeScale: 20 }, async r => {
      await r.deploy(STACK, changingTemplate());
      const result = await r.deleteStack(STACK);
      record('stack-delete', STACK, result, result.retained.map(x => `kept ${x.type} ${x.physicalId}`).join('\n'));
      expect(result.status).toBe('DELETE_COMPLETE');
      expect(result.retained.map(x => x.type).sort()).toEqual(
        ['AWS::CodeConnections::Connection', 'AWS::CodeConnections::Connection', 'AWS::CodeConnections::Host']);
      expect(r.codeConnections.connections.size).toBe(2);
      const deletes = r.cloudFormation.customResources.exchanges.filter(x => x.event.RequestType === 'Delete');
      expect(deletes).toHaveLength(3);
      expect(deletes.every(x => x.response.Status === 'SUCCESS')).toBe(true);
    });
  });
});
