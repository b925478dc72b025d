/**
 * The text every warning shares about a resource that AWS creates through a
 * connection this deploy creates PENDING. Each capability words its own
 * warning (codebuild/codebuild-rules.ts, git-sync/repository-link.ts).
 */
import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * A warning for a resource that AWS creates through a connection this deploy
 * creates PENDING: what happens, why it fails, and the two ways out.
 *
 * @param created what waitForAvailable would delay, e.g. `the project`
 * @param added what to add after the handshake, e.g. `the project`
 */
export function warnCreatedThroughPendingConnection(
  scope: IConstruct, id: string, what: string, consequence: string, created: string, added: string,
): void {
  Annotations.of(scope).addWarningV2(id,
    `${what}, which this deploy creates in PENDING: ${consequence} `
    + `Either create the connection with waitForAvailable (e.g. Duration.minutes(30)), so ${created} is created only after the handshake, `
    + `or deploy the connection first, finish the handshake (open the link in its NextStep output), then add ${added}.`);
}
