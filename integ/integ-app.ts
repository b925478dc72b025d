import { App, Aspects, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag';

/**
 * The App of every integ app.
 *
 * - cdk-nag's AwsSolutions pack runs on every synth: an unsuppressed finding
 *   is an error annotation, which fails `cdk synth` (so the snapshot test and
 *   the example fail too). The library's own deliberate findings arrive
 *   acknowledged in its resources' metadata (src/core/nag.ts); the apps
 *   suppress only what aws-cdk-lib's constructs and the apps themselves add.
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
