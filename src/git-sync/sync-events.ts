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
import { validationError } from '../core/validation';

export const GIT_SYNC_EVENT_SOURCE = 'aws.codeconnections';
export const REPOSITORY_SYNC_DETAIL_TYPES = ['GitSync Repository Sync Status Change', 'Git Sync Repository Sync Status Change'];
export const RESOURCE_SYNC_DETAIL_TYPES = ['GitSync Resource Sync Status Change', 'Git Sync Resource Sync Status Change'];

/**
 * A rule for Git sync events matching `detail`, with the caller's options (as
 * `codecommit.Repository.onEvent`). The caller's `eventPattern` narrows the
 * rule by fields the method does not set. EventBridge matches any value of a
 * list, and aws-cdk-lib merges two patterns' lists into one, so a field the
 * method sets (the source, the detail-type, the link id, the stack, FAILED)
 * given again would widen the rule: refused.
 */
export function gitSyncRule(
  scope: Construct, id: string, method: string, options: events.OnEventOptions | undefined, detailType: string[], detail: Record<string, unknown>,
): events.Rule {
  const extra = options?.eventPattern;
  const taken = [
    ...(extra?.source !== undefined ? ['source'] : []),
    ...(extra?.detailType !== undefined ? ['detailType'] : []),
    ...Object.keys(extra?.detail ?? {}).filter(k => k in detail).map(k => `detail.${k}`),
  ];
  if (taken.length > 0) {
    throw validationError(scope, `${method}('${id}'): eventPattern ${taken.join(', ')} is set by ${method} itself; EventBridge matches any value of a list, so yours would be merged in and widen the rule to other events. Narrow it by other detail fields (branch, status, ...)${method === 'onSyncFailed' ? ', or use onSyncStatusChange with your own detail.status' : ''}.`);
  }
  const rule = new events.Rule(scope, id, options);
  rule.addEventPattern({ source: [GIT_SYNC_EVENT_SOURCE], detailType, detail });
  rule.addTarget(options?.target);
  return rule;
}
