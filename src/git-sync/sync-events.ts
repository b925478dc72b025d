/**
 * Git sync's EventBridge events (source `aws.codeconnections`, best effort).
 *
 * AWS's pages spell the detail-types two ways: the EventBridge event
 * reference writes `GitSync Repository Sync Status Change` and `GitSync
 * Resource Sync Status Change`; CloudFormation's Git sync guide ("Repository
 * Sync Status Change event detail", "Resource Sync Status Change event
 * detail") writes `Git Sync ...`, with a space. The rules match both.
 *
 * The detail fields filtered on are those pages' own: `repositoryLinkId` of
 * repository sync events, `syncTarget` (the stack) and `status` (FAILED |
 * INITIATED | IN_PROGRESS | SUCCEEDED) of resource sync events.
 */
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

export const GIT_SYNC_EVENT_SOURCE = 'aws.codeconnections';
export const REPOSITORY_SYNC_DETAIL_TYPES = ['GitSync Repository Sync Status Change', 'Git Sync Repository Sync Status Change'];
export const RESOURCE_SYNC_DETAIL_TYPES = ['GitSync Resource Sync Status Change', 'Git Sync Resource Sync Status Change'];

/** A rule for Git sync events matching `detail`, with the caller's options (as `codecommit.Repository.onEvent`). */
export function gitSyncRule(
  scope: Construct, id: string, options: events.OnEventOptions | undefined, detailType: string[], detail: Record<string, unknown>,
): events.Rule {
  const rule = new events.Rule(scope, id, options);
  rule.addEventPattern({ source: [GIT_SYNC_EVENT_SOURCE], detailType, detail });
  rule.addTarget(options?.target);
  return rule;
}
