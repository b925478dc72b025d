/**
 * Acknowledgements of the findings the library makes on purpose, carried on
 * its own resources where each scanner regulated users run reads them, each
 * with its reason, so users need no suppression of their own:
 *
 * - cdk-nag 2.x reads the resource's `cdk_nag.rules_to_suppress` metadata
 *   (what its `NagSuppressions.addResourceSuppressions` writes), with
 *   `applies_to` for granular rules (IAM4, IAM5);
 * - cdk-nag 3.x reads construct-tree metadata `aws:cdk:acknowledged-rules`
 *   (what aws-cdk-lib's `Validations.of(x).acknowledge()` writes), matching
 *   a granular finding exactly, `RULE[FINDING]`;
 * - checkov reads the resource's `checkov.skip` metadata.
 *
 * Each names the exact findings, so a user's own findings of the same rule
 * on other resources, or other findings on these, are still reported.
 * Nothing here depends on a scanner: it is metadata, ignored by
 * CloudFormation. Control Tower's cfn-guard rules read no metadata (README
 * "Regulated accounts").
 */
import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** The construct-tree metadata key of aws-cdk-lib's `Validations.acknowledge()`, which cdk-nag 3.x reads. */
export const ACKNOWLEDGED_RULES_METADATA = 'aws:cdk:acknowledged-rules';

export interface ScannerAcknowledgement {
  /** A cdk-nag rule (`AwsSolutions-IAM5`) or a checkov check (`CKV_AWS_116`). */
  readonly id: string;
  /** Why the finding is deliberate (cdk-nag requires at least 10 characters). */
  readonly reason: string;
  /**
   * The findings of a granular cdk-nag rule it covers: exact strings, or
   * `{ regex }` in cdk-nag 2.x's `/.../` form. Left out, the whole rule.
   */
  readonly appliesTo?: Array<string | { regex: string }>;
  /**
   * The exact findings for cdk-nag 3.x, which matches no regex.
   *
   * @default - the strings of appliesTo
   */
  readonly exactFindings?: string[];
}

/** Adds acknowledgements to the CloudFormation resource of `scope` (itself, or its default child). */
export function acknowledgeScannerFindings(scope: IConstruct, acknowledgements: ScannerAcknowledgement[]): void {
  const resource = CfnResource.isCfnResource(scope) ? scope : scope.node.defaultChild;
  if (!resource || !CfnResource.isCfnResource(resource)) {
    throw new Error(`${scope.node.path} has no CloudFormation resource to carry scanner metadata`);
  }
  const checkov = acknowledgements.filter(a => a.id.startsWith('CKV'));
  const nag = acknowledgements.filter(a => !a.id.startsWith('CKV'));
  if (checkov.length) {
    const existing = resource.getMetadata('checkov')?.skip ?? [];
    resource.addMetadata('checkov', { skip: [...existing, ...checkov.map(a => ({ id: a.id, comment: a.reason }))] });
  }
  if (nag.length) {
    const existing = resource.getMetadata('cdk_nag')?.rules_to_suppress ?? [];
    resource.addMetadata('cdk_nag', {
      rules_to_suppress: [
        ...existing,
        ...nag.map(a => ({ id: a.id, reason: a.reason, ...(a.appliesTo ? { applies_to: a.appliesTo } : {}) })),
      ],
    });
    const acknowledged: Record<string, string> = {};
    for (const a of nag) {
      const exact = a.exactFindings ?? a.appliesTo?.filter((f): f is string => typeof f === 'string');
      if (exact === undefined) {
        acknowledged[a.id] = a.reason;
      } else {
        exact.forEach(f => { acknowledged[`${a.id}[${f}]`] = a.reason; });
      }
    }
    resource.node.addMetadata(ACKNOWLEDGED_RULES_METADATA, acknowledged);
  }
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

/**
 * What every function of the library carries: the runtime it is pinned to,
 * and the dead-letter queue it has no use for.
 */
export function acknowledgeFunctionDefaults(fn: IConstruct, what: string, why: string): void {
  const runtime = `${what} is pinned to nodejs24.x, the runtime its handler is built and tested on `
    + '(Node.js 24 is in long-term support until April 2028); a newer runtime comes with a release of the library that tests it';
  const dlq = `${what} needs no dead-letter queue: ${why}`;
  acknowledgeScannerFindings(fn, [
    { id: 'AwsSolutions-L1', reason: runtime },
    { id: 'Serverless-LambdaLatestVersion', reason: runtime },
    { id: 'HIPAA.Security-LambdaDLQ', reason: dlq },
    { id: 'NIST.800.53.R5-LambdaDLQ', reason: dlq },
    { id: 'Serverless-LambdaDLQ', reason: dlq },
    { id: 'CKV_AWS_116', reason: dlq },
  ]);
}

/**
 * The start of an ARN of the stack's Region and account as cdk-nag prints
 * it in a finding (`Resource::arn:<AWS::Partition>:SERVICE:REGION:ACCOUNT:`):
 * the partition is a token at every env, the Region and account where the
 * stack leaves them to the deploy.
 */
export function nagArnPrefix(stack: Stack, service: string): string {
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  return `Resource::arn:<AWS::Partition>:${service}:${region}:${account}:`;
}
