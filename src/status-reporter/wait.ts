/**
 * `waitForAvailable`, the construct side: limits, the seconds passed to the
 * reporter, the custom resource timeout, the synth-time message, and the
 * policy that lets the reporter hand a wait over to a new invocation of
 * itself. The handler side is handler/wait-for-available.ts.
 */
import { Annotations, CfnResource, Duration, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { allowSelfInvoke, statusServiceTimeout } from './reporter';
import { stackConnectionsListUrl } from '../core/stack-links';
import { validationError } from '../core/validation';

/** The longest `waitForAvailable`: CloudFormation's one hour, less margin. */
const MAX_WAIT = Duration.minutes(55);

/** What a waiting status resource gets. */
export interface WaitSettings {
  /** Extra custom resource properties. */
  readonly properties: Record<string, string>;
  /** The custom resource timeout, in seconds (the backstop if the Lambda were killed mid-wait). */
  readonly serviceTimeout: string;
}

/** Checks the wait and returns what its status resource gets. */
export function waitSettings(scope: Construct, wait: Duration): WaitSettings {
  if (typeof (wait as Partial<Duration>)?.toSeconds !== 'function') {
    throw validationError(scope, `waitForAvailable must be a Duration, e.g. Duration.minutes(30); got ${typeof wait} ${String(wait)}`);
  }
  const seconds = waitForAvailableSeconds(scope, wait);
  return {
    properties: { WaitForAvailableSeconds: Token.isUnresolved(seconds) ? Token.asString(seconds) : String(seconds) },
    // The waiting handler answers by itself before this; a wait given as a
    // token gets CloudFormation's hour.
    serviceTimeout: statusServiceTimeout(scope, wait.isUnresolved() ? Duration.hours(1) : wait),
  };
}

/**
 * Starts a wait on the status resource: it may re-invoke the reporter, and
 * synth tells the person which connection to update while `cdk deploy`
 * blocks.
 *
 * @param name the connection's name, or undefined when it is a token
 */
export function startWaiting(connection: Construct, status: CfnResource, name: string | undefined, wait: Duration): void {
  status.node.addDependency(allowSelfInvoke(connection));
  Annotations.of(connection).addInfo(waitMessage(connection, name, wait));
}

/**
 * The wait in seconds, checked against its limits when known. A wait given
 * as a token must be `Duration.seconds(token)` (the only unit aws-cdk-lib can
 * convert from a token); it is then not checked.
 */
function waitForAvailableSeconds(scope: Construct, wait: Duration): number {
  if (wait.isUnresolved()) {
    try {
      return wait.toSeconds();
    } catch {
      throw validationError(scope, 'waitForAvailable: a duration that is a token must be given as Duration.seconds(token)');
    }
  }
  let seconds: number;
  try {
    // aws-cdk-lib throws for fractions of a second (Duration.seconds(90.5), NaN, Infinity).
    seconds = wait.toSeconds();
  } catch {
    seconds = Number.NaN;
  }
  if (!Number.isInteger(seconds)) {
    throw validationError(scope, `waitForAvailable: ${wait.toHumanString()} must be a whole number of seconds between 1 minute and ${MAX_WAIT.toHumanString()}`);
  }
  if (seconds < 60 || seconds > MAX_WAIT.toSeconds()) {
    throw validationError(scope, `waitForAvailable: ${wait.toHumanString()} must be between 1 minute and ${MAX_WAIT.toHumanString()} (CloudFormation waits at most one hour for a custom resource)`);
  }
  return seconds;
}

/** What `cdk synth` prints for a connection the deploy will wait for. */
function waitMessage(connection: Construct, name: string | undefined, wait: Duration): string {
  const where = stackConnectionsListUrl(connection)
    || 'the CodeConnections console (Developer Tools > Settings > Connections) of the stack\'s region';
  const howLong = wait.isUnresolved() ? 'the time set by waitForAvailable' : wait.toHumanString();
  if (name === undefined) {
    // The console lists connections by name, which is only known at deploy.
    return `cdk deploy will wait up to ${howLong} for the connection of ${connection.node.path} to become AVAILABLE; `
      + `its name is a deploy-time value (connectionName is a token): while it deploys, open ${where}, choose the connection with that name and choose Update pending connection`;
  }
  return `cdk deploy will wait up to ${howLong} for connection '${name}' to become AVAILABLE: while it deploys, open ${where}, choose '${name}' and choose Update pending connection`;
}
