import { App, Aspects, Stack, Token } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';

/**
 * The App of every integ app.
 *
 * - cdk-nag's AwsSolutions pack runs on every synth: an unsuppressed finding
 *   is an error annotation, which fails `cdk synth` (so the snapshot test and
 *   the example fail too).
 * - Creation stack traces hold absolute paths of the checkout, which would
 *   make snapshots differ between clones; the CLI refuses `aws:`-prefixed
 *   context, so the app turns them off itself.
 */
export function integApp(): App {
  const app = new App({
    stackTraces: false,
    context: { 'aws:cdk:disable-creation-stack-traces': true },
  });
  Aspects.of(app).add(new AwsSolutionsChecks());
  return app;
}

/**
 * Suppresses one cdk-nag rule in a stack, for the listed findings only
 * (`appliesTo`), with a reason that says why.
 */
export function suppress(stack: Stack, id: string, reason: string, appliesTo?: string[]): void {
  NagSuppressions.addStackSuppressions(stack, [{ id, reason, appliesTo }]);
}

/**
 * The status reporter's deliberate wildcards: `connection/*` and `host/*` of
 * the stack's own account and region, in both ARN namespaces.
 */
export function suppressStatusReporterWildcards(stack: Stack): void {
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  suppress(stack, 'AwsSolutions-IAM5',
    'The status reporter may only read (GetConnection, GetHost) connections and hosts of this account and region. One constant policy serves every connection of the stack (there may be hundreds); listing each ARN would grow the policy past IAM size limits.',
    ['codeconnections', 'codestar-connections'].flatMap(ns => ['connection', 'host'].map(type =>
      `Resource::arn:<AWS::Partition>:${ns}:${region}:<AWS::AccountId>:${type}/*`)));
}
