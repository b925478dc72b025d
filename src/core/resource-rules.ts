/** What `Connection` and `Host` do alike with their L1 resource. */
import { CfnResource, ITaggableV2, RemovalPolicy } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { lengthProblem, validateTagsAtSynth, validationError } from './validation';

/** Checks a given name's length (tokens pass); a generated one always fits. */
export function validateName(scope: IConstruct, prop: string, name: string | undefined, maxLength: number): void {
  const problem = lengthProblem(prop, name, 1, maxLength);
  if (problem) {
    throw validationError(scope, `${problem}; pass a shorter name, or omit it to get a generated one`);
  }
}

/**
 * The removal policy of what a person sets up (connections, hosts, a host's
 * security group): `DeletionPolicy: RetainExceptOnCreate` and
 * `UpdateReplacePolicy: Retain`. Kept on stack delete and on replacement,
 * because a person finished its handshake; deleted when the deployment that
 * created it rolls back, because then nobody has, and a kept one would be an
 * orphan with the name the next deployment creates again.
 */
export const DEFAULT_REMOVAL_POLICY = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;

/**
 * Applies the removal policy (DEFAULT_REMOVAL_POLICY unless told otherwise:
 * see the `removalPolicy` docs of each construct) and checks the tags that
 * reach the resource at synth.
 */
export function configureL1(scope: IConstruct, resource: CfnResource & ITaggableV2, removalPolicy: RemovalPolicy | undefined): void {
  checkRemovalPolicy(scope, resource.cfnResourceType, removalPolicy);
  resource.applyRemovalPolicy(removalPolicy ?? DEFAULT_REMOVAL_POLICY);
  validateTagsAtSynth(scope, resource);
}

/**
 * A removal policy CloudFormation accepts for these types: SNAPSHOT is not
 * one (they have no snapshot), and aws-cdk-lib would only warn.
 */
function checkRemovalPolicy(scope: IConstruct, type: string, removalPolicy: RemovalPolicy | undefined): void {
  const ways = 'use RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE (the default: kept on delete and replacement, deleted by the rollback of the deploy that created it), RETAIN or DESTROY';
  if (removalPolicy === RemovalPolicy.SNAPSHOT) {
    throw validationError(scope, `removalPolicy: RemovalPolicy.SNAPSHOT is not supported by ${type}, which has no snapshot; ${ways}`);
  }
  if (removalPolicy !== undefined && !Object.values(RemovalPolicy).includes(removalPolicy)) {
    throw validationError(scope, `removalPolicy must be a RemovalPolicy, got ${typeof removalPolicy} ${JSON.stringify(removalPolicy)}; ${ways}`);
  }
}
