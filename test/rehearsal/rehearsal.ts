/**
 * A deployment rehearsal: CloudFormation (cloudformation.ts), Lambda
 * (lambda-service.ts) and CodeConnections (codeconnections-service.ts) on
 * 127.0.0.1, sharing one virtual clock, with the shipped status-reporter
 * bundle as the code of the reporter function.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FileSystem } from 'aws-cdk-lib';
import { Clock } from './clock';
import { CloudFormation, DeployOptions, OperationResult } from './cloudformation';
import { CodeConnectionsService, ThrottleSettings } from './codeconnections-service';
import { LambdaService } from './lambda-service';
import { CLOUDFORMATION_ACCESS_KEY, loadSchemas } from './resource-providers';
import { FakeCodeStar, LAMBDA_INVOKE_ROUTE, awsError, ok, respond } from '../wire/fake-codestar';
import { ensureBundle, HEALTH_BUNDLE, PROJECT_ROOT, SHIPPED_BUNDLE } from '../wire/run-handler';

export interface RehearsalOptions {
  /** @default '123456789012' */
  readonly account?: string;
  /** @default 'eu-west-1' */
  readonly region?: string;
  /** Virtual seconds per wall-clock second. @default 1 */
  readonly timeScale?: number;
  /** @default DEFAULT_THROTTLE */
  readonly throttle?: ThrottleSettings | false;
  /** Lambda concurrent executions of the account. @default 1000 */
  readonly concurrency?: number;
  /**
   * Whether CloudFormation's own calls (CreateConnection, its reads) are
   * throttled like the handler's. Off, the connections are created within
   * seconds and all their status resources start at once. @default true
   */
  readonly throttleCloudFormation?: boolean;
  /** @default true */
  readonly uniqueConnectionNames?: boolean;
  /** More function code: S3 key -> folder (the shipped bundle is always there). */
  readonly assets?: Record<string, string>;
}

export class Rehearsal {
  public static async start(options: RehearsalOptions = {}): Promise<Rehearsal> {
    ensureBundle();
    // The schema database loads for most of a second and blocks the fake's
    // answers: load it before anything runs.
    loadSchemas();
    const fake = await FakeCodeStar.start();
    const rehearsal = new Rehearsal(fake, options);
    await rehearsal.lambda.start();
    return rehearsal;
  }

  public readonly clock: Clock;
  public readonly codeConnections: CodeConnectionsService;
  public readonly lambda: LambdaService;
  public readonly cloudFormation: CloudFormation;
  public readonly account: string;
  public readonly region: string;

  private constructor(public readonly fake: FakeCodeStar, options: RehearsalOptions) {
    this.account = options.account ?? '123456789012';
    this.region = options.region ?? 'eu-west-1';
    this.clock = new Clock(options.timeScale ?? 1);
    this.codeConnections = new CodeConnectionsService(fake, {
      account: this.account,
      region: this.region,
      clock: this.clock,
      throttle: options.throttle,
      uniqueConnectionNames: options.uniqueConnectionNames,
      unthrottledAccessKeys: options.throttleCloudFormation === false ? [CLOUDFORMATION_ACCESS_KEY] : [],
    });
    this.lambda = new LambdaService({
      clock: this.clock, region: this.region, endpoint: fake.endpoint, concurrency: options.concurrency,
    });
    // Lambda Invoke, for the reporter's hand-over of a wait: asynchronous only.
    fake.route('Lambda.Invoke', LAMBDA_INVOKE_ROUTE);
    fake.always('Lambda.Invoke', respond(request => {
      if (request.headers['x-amz-invocation-type'] !== 'Event') {
        return awsError(400, 'InvalidParameterValueException', 'the rehearsal serves asynchronous invocations only');
      }
      const name = decodeURIComponent(request.path.split('/')[3]);
      try {
        this.lambda.invokeAsync(name, JSON.parse(request.rawBody));
      } catch (e) {
        return awsError(404, 'ResourceNotFoundException', (e as Error).message);
      }
      return ok({}, 202);
    }));
    this.cloudFormation = new CloudFormation({
      account: this.account,
      region: this.region,
      clock: this.clock,
      fake,
      codeConnections: this.codeConnections,
      lambda: this.lambda,
      assets: { ...shippedAssets(), ...options.assets },
      ssmParameters: { '/cdk-bootstrap/hnb659fds/version': '30' },
    });
  }

  public deploy(stackName: string, template: any, options?: DeployOptions): Promise<OperationResult> {
    return this.cloudFormation.deploy(stackName, template, options);
  }

  public deleteStack(stackName: string): Promise<OperationResult> {
    return this.cloudFormation.deleteStack(stackName);
  }

  public async stop(): Promise<void> {
    await this.lambda.stop();
    await this.fake.stop();
  }
}

/**
 * The asset the templates name for the reporter's code -> the shipped
 * bundle's folder. The key is the bundle's fingerprint, as the CDK computes
 * it, so a template synthesized from other code names another key and its
 * function fails to create. REHEARSAL_BUNDLE_DIR deploys another build of
 * the handler in the shipped bundle's place (to try old or new code against
 * the same templates).
 */
function shippedAssets(): Record<string, string> {
  const shipped = path.dirname(SHIPPED_BUNDLE);
  const replacement = process.env.REHEARSAL_BUNDLE_DIR ? path.resolve(PROJECT_ROOT, process.env.REHEARSAL_BUNDLE_DIR) : shipped;
  if (!fs.existsSync(path.join(replacement, 'index.js'))) {
    throw new Error(`no index.js in ${replacement}`);
  }
  const health = path.dirname(HEALTH_BUNDLE);
  return {
    [`${FileSystem.fingerprint(shipped)}.zip`]: replacement,
    [`${FileSystem.fingerprint(replacement)}.zip`]: replacement,
    [`${FileSystem.fingerprint(health)}.zip`]: health,
  };
}

/**
 * Every stack of the integ apps (not integ-tests-alpha's assertion stacks),
 * with the region (and, for stacks of a given account, the account) the
 * rehearsal deploys it in: [app, stack, region, account?].
 */
export const INTEG_STACKS: ReadonlyArray<readonly [string, string, string, string?]> = [
  ['integ.connection.ts', 'CodeConnectionsConnectionInteg', 'eu-west-1'],
  ['integ.host.ts', 'CodeConnectionsHostInteg', 'eu-west-1'],
  ['integ.pipeline.ts', 'CodeConnectionsPipelineInteg', 'eu-west-1'],
  ['integ.pipeline.ts', 'CodeConnectionsCdkPipelinesInteg', 'eu-west-1'],
  ['integ.codebuild.ts', 'CodeConnectionsCodeBuildInteg', 'us-east-1'],
  ['integ.git-sync.ts', 'CodeConnectionsGitSyncInteg', 'us-east-1'],
  ['integ.monitoring.ts', 'CodeConnectionsMonitoringInteg', 'us-east-1'],
  ['integ.regulated.ts', 'CodeConnectionsRegulatedInteg', 'eu-west-1'],
  ['integ.monorepo.ts', 'CodeConnectionsMonorepoInteg', 'eu-west-1'],
  ['integ.service-catalog.ts', 'CodeConnectionsServiceCatalogInteg', 'eu-west-1'],
  ['integ.argocd.ts', 'CodeConnectionsArgoCdInteg', 'eu-west-1'],
  ['integ.multi-account.ts', 'CodeConnectionsToolsInteg', 'us-east-1', '111111111111'],
  ['integ.multi-account.ts', 'CodeConnectionsWorkloadAInteg', 'us-east-1', '222222222222'],
  ['integ.multi-account.ts', 'CodeConnectionsWorkloadBInteg', 'eu-west-1', '333333333333'],
];

/** A committed integ snapshot's template: what `cdk synth` gives for that integ app. */
export function integTemplate(app: string, stack: string): any {
  return JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'integ', `${app}.snapshot`, `${stack}.template.json`), 'utf8'));
}
