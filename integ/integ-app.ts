import { App } from 'aws-cdk-lib';

/**
 * The App of every integ app. Creation stack traces hold absolute paths of
 * the checkout, which would make snapshots differ between clones; the CLI
 * refuses `aws:`-prefixed context, so the app turns them off itself.
 */
export function integApp(): App {
  return new App({
    stackTraces: false,
    context: { 'aws:cdk:disable-creation-stack-traces': true },
  });
}
