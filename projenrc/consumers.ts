import { awscdk } from 'projen';

/**
 * Tasks that prove the packages in every language the library ships to and
 * check every synthesized template with AWS's cfn-lint. Call from
 * .projenrc.ts: `addConsumerTasks(project);`
 *
 * - `consumers [LANG...]`: builds the npm, Python, Java and Go packages with
 *   projen's package:* tasks and synthesizes the same app with each
 *   (consumers/*), comparing every template with the TypeScript one.
 * - `cfn-lint [TEMPLATE...]`: cfn-lint (pinned, from PyPI) over the integ
 *   snapshots, the scale app and the consumer templates.
 *
 * It also keeps the scratch and consumer folders out of the npm tarball:
 * `.npmignore` is not `.gitignore`, and jsii-pacmak embeds that tarball in the
 * wheel, the jar and the Go module, so a `.tmp/` holding a Maven repository
 * and two venvs would otherwise ship in every package.
 */
export function addConsumerTasks(project: awscdk.AwsCdkConstructLibrary): void {
  project.npmignore?.exclude('/.tmp/', '/consumers/', '/dist-code/');

  project.addTask('consumers', {
    description: 'Build the npm, Python, Java and Go packages and synthesize the consumer app with each (args: languages)',
    steps: [{ exec: 'bash scripts/consumers.sh', receiveArgs: true }],
  });
  project.addTask('cfn-lint', {
    description: "Run AWS's cfn-lint over every synthesized template (integ snapshots, scale app, consumer apps)",
    steps: [{ exec: 'bash scripts/cfn-lint.sh', receiveArgs: true }],
  });
}
