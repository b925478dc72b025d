/**
 * cdk-nag acknowledgements carried in the template: cdk-nag 2.x reads a
 * resource's `cdk_nag.rules_to_suppress` metadata (what its
 * `NagSuppressions.addResourceSuppressions` writes), so findings the
 * library makes on purpose arrive acknowledged, with their reason, and
 * users need no suppression of their own. Each names the exact findings
 * (`applies_to`), so a user's own findings of the same rule on other
 * resources, or other findings on these, are still reported. Nothing here
 * depends on cdk-nag: it is metadata, ignored by CloudFormation.
 */
import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

export interface NagAcknowledgement {
  /** The rule, e.g. `AwsSolutions-IAM5`. */
  readonly id: string;
  /** Why the finding is deliberate (cdk-nag requires at least 10 characters). */
  readonly reason: string;
  /**
   * The findings of the rule it covers: exact strings, or `{ regex }` in
   * cdk-nag's `/.../` form. Only for granular rules (IAM4, IAM5); left out,
   * the whole rule.
   */
  readonly appliesTo?: Array<string | { regex: string }>;
}

/**
 * The IAM5 findings of a policy that reads every connection and host of its
 * stack's account and region, in both namespaces, with the stack's env set
 * (`arn:<AWS::Partition>:codeconnections:eu-west-1:111111111111:connection/*`)
 * or not (`...:<AWS::Region>:<AWS::AccountId>:...`).
 */
export const ACCOUNT_WIDE_READ_FINDINGS = {
  regex: '/^Resource::arn:(<AWS::Partition>|aws[a-z-]*):(codeconnections|codestar-connections):(<AWS::Region>|[a-z0-9-]+):(<AWS::AccountId>|[0-9]{12}):(connection|host)\\/\\*$/',
};

/** Adds acknowledgements to the CloudFormation resource of `scope` (itself, or its default child). */
export function acknowledgeNagFindings(scope: IConstruct, acknowledgements: NagAcknowledgement[]): void {
  const resource = CfnResource.isCfnResource(scope) ? scope : scope.node.defaultChild;
  if (!resource || !CfnResource.isCfnResource(resource)) {
    throw new Error(`${scope.node.path} has no CloudFormation resource to carry cdk-nag metadata`);
  }
  const existing = resource.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
  resource.addMetadata('cdk_nag', {
    rules_to_suppress: [
      ...existing,
      ...acknowledgements.map(a => ({ id: a.id, reason: a.reason, ...(a.appliesTo ? { applies_to: a.appliesTo } : {}) })),
    ],
  });
}

/**
 * The runtime of the library's functions is pinned to the one its handlers
 * are tested on (nodejs24.x); aws-cdk-lib 2.277.0 and later know a newer
 * Node.js runtime, which cdk-nag's "latest runtime" rules compare with.
 */
export function acknowledgePinnedRuntime(fn: IConstruct): void {
  const reason = 'cdk-codeconnections pins its functions to nodejs24.x, the runtime its handlers are built and tested on '
    + '(Node.js 24 is in long-term support until April 2028); a newer runtime comes with a release of the library that tests it';
  acknowledgeNagFindings(fn, [
    { id: 'AwsSolutions-L1', reason },
    { id: 'Serverless-LambdaLatestVersion', reason },
  ]);
}
