import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import type { Connection } from '../connection';

/** Warning id of a pipeline on a connection created PENDING in the same deploy. */
export const PENDING_CONNECTION_WARNING = 'cdk-codeconnections:pipelineOnPendingConnection';

/**
 * Warns that `user` reads through a connection created in this app that the
 * deploy does not wait for: CloudFormation creates it PENDING, so the first
 * run fails. Imported and looked-up connections exist already, and a
 * connection with `waitForAvailable` is waited for, so they get no warning.
 */
export function warnPendingConnection(scope: IConstruct, user: string, connection: Connection): void {
  Annotations.of(scope).addWarningV2(PENDING_CONNECTION_WARNING,
    `${user} uses connection ${connection.node.path}, which this deploy creates in PENDING: the first run will fail until a person finishes the handshake. `
    + 'Either create the connection with waitForAvailable (e.g. Duration.minutes(30)), so the pipeline is created only after the handshake, '
    + 'or finish the handshake before the first run: deploy the connection first, open the link in its NextStep output, then add the pipeline '
    + '(or, if the first run already failed, release a change after the handshake).');
}

/** Warning id of a CodeBuild webhook on a connection created PENDING in the same deploy. */
export const CODEBUILD_WEBHOOK_PENDING_WARNING = 'cdk-codeconnections:codeBuildWebhookOnPendingConnection';

/**
 * Warns that a CodeBuild project creates its webhook through a connection
 * created in this app that the deploy does not wait for: CodeBuild creates
 * the webhook with the project, through the connection, which is still
 * PENDING then, so the project's creation fails.
 */
export function warnPendingConnectionForWebhook(scope: IConstruct, connection: Connection): void {
  warnCreatedThroughPendingConnection(scope, CODEBUILD_WEBHOOK_PENDING_WARNING,
    `CodeBuild project ${scope.node.path} creates its webhook through connection ${connection.node.path}`,
    'CodeBuild creates the webhook when it creates the project, and fails while the connection is PENDING.',
    'the project', 'the project');
}

/** Warning id of a repository link on a connection created PENDING in the same deploy. */
export const REPOSITORY_LINK_PENDING_WARNING = 'cdk-codeconnections:repositoryLinkOnPendingConnection';

/**
 * Warns that a repository link (and the Git sync on it) goes through a
 * connection created in this app that the deploy does not wait for: Git sync
 * reads the repository through the connection, which is still PENDING then.
 */
export function warnPendingConnectionForRepositoryLink(scope: IConstruct, connection: Connection): void {
  warnCreatedThroughPendingConnection(scope, REPOSITORY_LINK_PENDING_WARNING,
    `repository link ${scope.node.path} reads the repository through connection ${connection.node.path}`,
    'Git sync cannot read the repository until a person finishes the handshake.',
    'the link', 'the link and its StackSync');
}

/**
 * A warning for a resource that AWS creates through a connection this deploy
 * creates PENDING: what happens, why it fails, and the two ways out.
 *
 * @param created what waitForAvailable would delay, e.g. `the project`
 * @param added what to add after the handshake, e.g. `the project`
 */
function warnCreatedThroughPendingConnection(scope: IConstruct, id: string, what: string, consequence: string, created: string, added: string): void {
  Annotations.of(scope).addWarningV2(id,
    `${what}, which this deploy creates in PENDING: ${consequence} `
    + `Either create the connection with waitForAvailable (e.g. Duration.minutes(30)), so ${created} is created only after the handshake, `
    + `or deploy the connection first, finish the handshake (open the link in its NextStep output), then add ${added}.`);
}
