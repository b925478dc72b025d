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
 * Retains the resource unless told otherwise (a person set it up: see the
 * `removalPolicy` docs of each construct) and checks the tags that reach it
 * at synth.
 */
export function configureL1(scope: IConstruct, resource: CfnResource & ITaggableV2, removalPolicy: RemovalPolicy | undefined): void {
  resource.applyRemovalPolicy(removalPolicy ?? RemovalPolicy.RETAIN);
  validateTagsAtSynth(scope, resource);
}
