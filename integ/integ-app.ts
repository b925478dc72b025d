import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as nag from 'cdk-nag';

/**
 * Set by the compliance scan (scripts/compliance.ts): every compliance pack
 * of the installed cdk-nag reports (findings are recorded, not failed), and
 * Control Tower's cfn-guard rules run as a policy-validation plugin.
 */
export const COMPLIANCE_ENV = 'CODECONNECTIONS_COMPLIANCE_SCAN';

/** The packs the compliance scan runs, where the installed cdk-nag has them (cdk-nag 2.28 has no ServerlessChecks). */
export const COMPLIANCE_PACKS = ['HIPAASecurityChecks', 'NIST80053R5Checks', 'PCIDSS321Checks', 'ServerlessChecks'] as const;

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
 * - In the compliance scan, as above, and the synth writes path metadata
 *   (to tell the library's resources from the app's) and the policy
 *   validation report as JSON.
 */
export function integApp(): App {
  const scan = process.env[COMPLIANCE_ENV] === '1';
  const app = new App({
    stackTraces: false,
    context: {
      'aws:cdk:disable-creation-stack-traces': true,
      ...(scan ? {
        'aws:cdk:enable-path-metadata': true,
        '@aws-cdk/core:validationReportJson': true,
        '@aws-cdk/core:failSynthOnValidationErrors': false,
      } : {}),
    },
    ...(scan ? { policyValidationBeta1: [cfnGuardValidator()] } : {}),
  });
  Aspects.of(app).add(new nag.AwsSolutionsChecks());
  if (scan) {
    for (const pack of COMPLIANCE_PACKS) {
      const Pack = (nag as unknown as Record<string, (new () => nag.NagPack) | undefined>)[pack];
      if (Pack) {
        Aspects.of(app).add(new Pack());
      }
    }
  }
  return app;
}

/** Control Tower's proactive-control rules, as cfn-guard runs them (the package ships both). */
function cfnGuardValidator() {
  // Loaded only for the scan: the integ apps' snapshot synth does not need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CfnGuardValidator } = require('@cdklabs/cdk-validator-cfnguard');
  return new CfnGuardValidator({ controlTowerRulesEnabled: true });
}

/**
 * The IAM5 findings of aws-cdk-lib's own pipeline constructs (not the
 * library's): the actions it grants on an artifact bucket's objects and its
 * KMS key, and a CodeBuild project's own log streams and report groups.
 */
export const PIPELINE_ARTIFACT_ACTIONS = ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];
export function codeBuildScopedFindings(projectId: string): string[] {
  return [
    `Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/codebuild/<${projectId}>:*`,
    `Resource::arn:<AWS::Partition>:codebuild:<AWS::Region>:<AWS::AccountId>:report-group/<${projectId}>-*`,
  ];
}

/**
 * Suppresses one cdk-nag rule in a stack, for the listed findings only
 * (`appliesTo`), with a reason that says why.
 */
export function suppress(stack: Stack, id: string, reason: string, appliesTo?: string[]): void {
  nag.NagSuppressions.addStackSuppressions(stack, [{ id, reason, appliesTo }]);
}

/**
 * The V2 pipeline a CDK Pipeline runs on, with CDK Pipelines' own defaults:
 * its `pipelineType` prop ships in aws-cdk-lib 2.189.0, above the library's
 * floor, so the integ apps bring a pipeline of their own.
 */
export function cdkPipelinesV2Pipeline(scope: Stack, id: string): codepipeline.Pipeline {
  return new codepipeline.Pipeline(scope, id, {
    pipelineType: codepipeline.PipelineType.V2,
    restartExecutionOnUpdate: true,
    crossAccountKeys: false, // CDK Pipelines' own default
  });
}
