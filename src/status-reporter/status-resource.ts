import { CfnOutput, CfnResource, Names, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { OutputBudget } from './output-budget';
import { STATUS_REFRESH_CONTEXT, statusReporter, statusServiceTimeout } from './reporter';
import { libraryCustomResource } from '../core/cdk-compat';
import { validationError } from '../core/validation';

/** Options for one status resource. */
export interface StatusResourceOptions {
  /** `Custom::...`, one of ./resource-types. */
  readonly resourceType: string;
  readonly properties: Record<string, string>;
  /** Description of the stack output; must be a literal. */
  readonly outputDescription: string;
  /** Seconds. @default statusServiceTimeout() */
  readonly serviceTimeout?: string;
}

/**
 * The status report of one connection or host: a custom resource (id
 * `Status`) backed by the stack's reporter, and a `NextStep` output that
 * prints its message after `cdk deploy`. Serves the status attributes of
 * both `Connection` and `Host`, including the clear error when the report is
 * off.
 */
export class StatusReport {
  /**
   * Adds the report under `owner`, or returns one that is off (whose
   * attributes fail clearly) when `enabled` is false.
   */
  public static of(owner: Construct, kind: 'connection' | 'host', enabled: boolean, options: StatusResourceOptions): StatusReport {
    return new StatusReport(owner, kind, enabled ? addStatusResource(owner, options) : undefined);
  }

  private constructor(
    private readonly owner: Construct,
    private readonly kind: string,
    /** The custom resource; undefined when the report is off. */
    public readonly resource: CfnResource | undefined,
  ) {}

  /** The status the reporter read, or `fallback` (CloudFormation's own attribute) when the report is off. */
  public status(fallback: string): string {
    return this.resource ? Token.asString(this.resource.getAtt('Status')) : fallback;
  }

  /** The console page where a person acts. */
  public get consoleUrl(): string {
    return Token.asString(this.require('consoleUrl').getAtt('ConsoleUrl'));
  }

  /** What a person should do next (also the stack output). */
  public get nextStep(): string {
    return Token.asString(this.require('nextStep').getAtt('Message'));
  }

  /** The custom resource, or a clear error naming the attribute that needs it. */
  public require(attribute: string): CfnResource {
    if (!this.resource) {
      throw validationError(this.owner, `${attribute} comes from the status report, which is off for this ${this.kind}; remove 'statusReport: false' to use it`);
    }
    return this.resource;
  }
}

/**
 * Adds a status custom resource under `scope` (ids `Status` and
 * `NextStep`), backed by the stack's reporter.
 */
function addStatusResource(scope: Construct, options: StatusResourceOptions): CfnResource {
  const refresh = scope.node.tryGetContext(STATUS_REFRESH_CONTEXT);
  const resource = libraryCustomResource(scope, 'Status', {
    serviceToken: statusReporter(scope).functionArn,
    resourceType: options.resourceType,
    properties: {
      ...options.properties,
      ...(refresh !== undefined ? { Refresh: String(refresh) } : {}),
    },
    serviceTimeout: options.serviceTimeout ?? statusServiceTimeout(scope),
  });
  // `cdk deploy` prints the outputs of the stacks it deploys, never those of
  // a nested stack: there the output goes to the top-level stack, which
  // reads the message through the nested stack's outputs.
  const root = rootStack(Stack.of(scope));
  const output = root === Stack.of(scope)
    ? new CfnOutput(scope, 'NextStep', { value: Token.asString(resource.getAtt('Message')), description: options.outputDescription })
    : new CfnOutput(root, `${Names.uniqueId(scope)}NextStep`, { value: Token.asString(resource.getAtt('Message')), description: options.outputDescription });
  OutputBudget.of(root).register(output);
  return resource;
}

/** The top-level stack that holds `stack` (itself unless it is nested). */
function rootStack(stack: Stack): Stack {
  let current = stack;
  while (current.nestedStackParent) {
    current = current.nestedStackParent;
  }
  return current;
}
