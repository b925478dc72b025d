import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Connection, RepositoryLink, StackSync } from '../../src';

const CONNECTION_ARN = 'arn:aws:codeconnections:us-east-1:123456789012:connection/66666666-7777-4888-9999-000000000000';
const LINK_ID = '11111111-2222-4333-8444-555555555555';
// Both spellings AWS's pages give (EventBridge's reference; CloudFormation's Git sync guide).
const REPOSITORY_SYNC = ['GitSync Repository Sync Status Change', 'Git Sync Repository Sync Status Change'];
const RESOURCE_SYNC = ['GitSync Resource Sync Status Change', 'Git Sync Resource Sync Status Change'];

const newStack = () => new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });

/** A stack sync of stack `my-app` through an imported link. */
function newSync(stack: Stack): StackSync {
  return new StackSync(stack, 'Sync', {
    repositoryLink: RepositoryLink.fromRepositoryLinkAttributes(stack, 'Link', { repositoryLinkId: LINK_ID }),
    branch: 'main',
    configFile: 'deployment/app.yaml',
    stackName: 'my-app',
  });
}

function rules(stack: Stack): any[] {
  return Object.values<any>(Template.fromStack(stack).findResources('AWS::Events::Rule')).map(r => r.Properties);
}

describe('Git sync events', () => {
  test('repositoryLink.onSyncStatusChange: repository sync events of this link, by repositoryLinkId', () => {
    const stack = newStack();
    const link = new RepositoryLink(stack, 'Link', {
      connection: Connection.fromConnectionArn(stack, 'C', CONNECTION_ARN), owner: 'my-org', repositoryName: 'my-infra',
    });
    const topic = new sns.Topic(stack, 'Topic');
    link.onSyncStatusChange('Synced', { target: new targets.SnsTopic(topic), description: 'repository syncs' });
    const [rule] = rules(stack);
    expect(rule.EventPattern).toEqual({
      'source': ['aws.codeconnections'],
      'detail-type': REPOSITORY_SYNC,
      'detail': { repositoryLinkId: [{ 'Fn::GetAtt': [expect.stringMatching(/^Link/), 'RepositoryLinkId'] }] },
    });
    expect(rule.Description).toBe('repository syncs');
    expect(rule.Targets).toEqual([expect.objectContaining({ Arn: { Ref: expect.stringMatching(/^Topic/) } })]);
  });

  test('an imported link filters on its id', () => {
    const stack = newStack();
    RepositoryLink.fromRepositoryLinkAttributes(stack, 'Link', { repositoryLinkId: LINK_ID }).onSyncStatusChange('Synced');
    expect(rules(stack)[0].EventPattern.detail).toEqual({ repositoryLinkId: [LINK_ID] });
  });

  test('stackSync.onSyncStatusChange and onSyncFailed: resource sync events of the synced stack, by syncTarget; FAILED only for the second', () => {
    const stack = newStack();
    const sync = newSync(stack);
    sync.onSyncStatusChange('Any');
    sync.onSyncFailed('Failed', { ruleName: 'my-app-sync-failed' });
    const [any, failed] = rules(stack);
    expect(any.EventPattern).toEqual({ 'source': ['aws.codeconnections'], 'detail-type': RESOURCE_SYNC, 'detail': { syncTarget: ['my-app'] } });
    expect(failed.EventPattern).toEqual({ 'source': ['aws.codeconnections'], 'detail-type': RESOURCE_SYNC, 'detail': { syncTarget: ['my-app'], status: ['FAILED'] } });
    expect(failed.Name).toBe('my-app-sync-failed');
  });

  test("a caller's own event pattern is merged in, as with codecommit's onEvent", () => {
    const stack = newStack();
    const sync = newSync(stack);
    sync.onSyncStatusChange('Main', { eventPattern: { detail: { branch: ['main'] } } });
    expect(rules(stack)[0].EventPattern.detail).toEqual({ branch: ['main'], syncTarget: ['my-app'] });
  });

  test.each([
    ['onSyncFailed', { detail: { status: ['SUCCEEDED'] } }, "onSyncFailed('X'): eventPattern detail.status is set by onSyncFailed itself", 'or use onSyncStatusChange with your own detail.status'],
    ['onSyncStatusChange', { detail: { syncTarget: ['other-stack'] } }, "onSyncStatusChange('X'): eventPattern detail.syncTarget is set by onSyncStatusChange itself", 'widen the rule'],
    ['onSyncStatusChange', { source: ['aws.other'], detailType: ['Something'] }, 'eventPattern source, detailType is set by onSyncStatusChange itself', 'Narrow it by other detail fields'],
  ] as const)('%s with %j: refused, because EventBridge would match either value (it widens, not narrows)', (method, eventPattern, message, hint) => {
    const stack = newStack();
    const sync = newSync(stack);
    expect(() => sync[method]('X', { eventPattern: eventPattern as any })).toThrow(message);
    expect(() => sync[method]('Y', { eventPattern: eventPattern as any })).toThrow(hint);
    expect(rules(stack)).toEqual([]);
  });

  test('a link rule refuses another repositoryLinkId in the extra pattern', () => {
    const stack = newStack();
    const link = RepositoryLink.fromRepositoryLinkAttributes(stack, 'Link', { repositoryLinkId: LINK_ID });
    expect(() => link.onSyncStatusChange('X', { eventPattern: { detail: { repositoryLinkId: ['other'] } } }))
      .toThrow("Stack/Link: onSyncStatusChange('X'): eventPattern detail.repositoryLinkId is set by onSyncStatusChange itself");
  });
});
