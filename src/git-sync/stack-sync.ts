import { Annotations, ArnFormat, Resource, Stack, Token, aws_codestarconnections as codestarconnections } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { IRepositoryLink } from './repository-link';
import { checkOptionTypes, checkSyncTarget, configFileProblem, stackNameProblem, textProblem } from './stack-sync-rules';
import { gitSyncRule, RESOURCE_SYNC_DETAIL_TYPES } from './sync-events';
import { acknowledgeScannerFindings, nagArnPrefix } from '../core/nag';
import { branchProblem, requireConstruct, requireString, requireValue, show, validationError } from '../core/validation';

/**
 * When Git sync updates the stack.
 *
 * An enum-like class: `TriggerResourceUpdateOn.of()` takes a value this
 * library does not name yet.
 */
export class TriggerResourceUpdateOn {
  /** On every change to the branch. */
  public static readonly ANY_CHANGE = new TriggerResourceUpdateOn('ANY_CHANGE');
  /** Only when the deployment file (or the files it names) changes. */
  public static readonly FILE_CHANGE = new TriggerResourceUpdateOn('FILE_CHANGE');

  /**
   * A value by its CloudFormation name.
   *
   * @param value the `TriggerResourceUpdateOn` value, e.g. `ANY_CHANGE`
   */
  public static of(value: string): TriggerResourceUpdateOn {
    return new TriggerResourceUpdateOn(value);
  }

  /**
   * @param value the CloudFormation value
   */
  private constructor(
    /** The CloudFormation value, e.g. `ANY_CHANGE`. */
    public readonly value: string,
  ) {}
}

/**
 * Properties of a `StackSync`.
 */
export interface StackSyncProps {
  /** The repository link to sync from. */
  readonly repositoryLink: IRepositoryLink;

  /** The branch whose commits update the stack. */
  readonly branch: string;

  /**
   * The stack deployment file, relative to the repository's root, e.g.
   * `deployment/my-stack.yaml`. It names the template
   * (`template-file-path`), and optionally `parameters` and `tags`.
   */
  readonly configFile: string;

  /**
   * The name of the CloudFormation stack Git sync creates and updates:
   * a letter, then letters, digits and '-', at most 100 characters (the
   * sync configuration's `ResourceName` limit; stack names may be longer).
   */
  readonly stackName: string;

  /**
   * The role Git sync uses to deploy the stack; used as is. It must trust
   * `cloudformation.sync.codeconnections.amazonaws.com` and carry the
   * permissions of CloudFormation's Git sync prerequisites.
   *
   * @default - a role with those permissions, scoped to this stack
   */
  readonly role?: iam.IRole;

  /**
   * Whether Git sync publishes the deployment status to the provider (e.g.
   * as commit checks).
   *
   * @default - not set: CodeConnections' default applies
   */
  readonly publishDeploymentStatus?: boolean;

  /**
   * When Git sync updates the stack.
   *
   * @default - not set: CodeConnections' default applies
   */
  readonly triggerResourceUpdateOn?: TriggerResourceUpdateOn;
}

/** The TriggerResourceUpdateOn values of the CodeConnections API. */
const KNOWN_TRIGGERS = ['ANY_CHANGE', 'FILE_CHANGE'];
const UNKNOWN_TRIGGER_WARNING = 'cdk-codeconnections:unknownTriggerResourceUpdateOn';

/** The service principal Git sync assumes its role with. */
const GIT_SYNC_PRINCIPAL = 'cloudformation.sync.codeconnections.amazonaws.com';


/**
 * A CloudFormation stack kept in step with a file in a Git repository (Git
 * sync): `AWS::CodeStarConnections::SyncConfiguration` with `SyncType`
 * `CFN_STACK_SYNC`.
 *
 * Git sync reads the deployment file named by `configFile` on `branch`, and
 * creates or updates the stack `stackName` from the template it names.
 *
 * The connection behind the repository link must be AVAILABLE before the
 * first sync: a new connection is PENDING until someone completes the
 * handshake in the console. Create the `Connection` with
 * `waitForAvailable` so the link (and this sync) is created only then, or
 * complete the handshake before deploying.
 *
 * @resource AWS::CodeStarConnections::SyncConfiguration
 */
export class StackSync extends Resource {
  /** The role Git sync deploys the stack with. */
  public readonly role: iam.IRole;

  /** The name of the synced stack. */
  public readonly stackName: string;

  constructor(scope: Construct, id: string, props: StackSyncProps) {
    const where = `${scope?.node?.path}/${id}`;
    requireValue(where, 'props', props, '{ repositoryLink, branch, configFile, stackName }');
    requireConstruct(where, 'repositoryLink', props.repositoryLink, 'repositoryLinkId', 'an IRepositoryLink', 'repositoryLink: new RepositoryLink(this, \'Link\', { ... })');
    requireString(where, 'branch', props.branch, "branch: 'main'");
    requireString(where, 'configFile', props.configFile, "configFile: 'deployment/my-stack.yaml'");
    requireString(where, 'stackName', props.stackName, "stackName: 'my-stack'");
    checkOptionTypes(where, props);
    super(scope, id);

    const problems = [
      textProblem('branch', props.branch, 255) ?? branchProblem(props.branch),
      textProblem('configFile', props.configFile) ?? configFileProblem(props.configFile),
      stackNameProblem(props.stackName),
    ].filter((p): p is string => p !== undefined);
    if (problems.length > 0) {
      throw validationError(this, problems.join('; '));
    }
    checkSyncTarget(this, props.stackName);
    const trigger = props.triggerResourceUpdateOn?.value;
    if (trigger !== undefined && !Token.isUnresolved(trigger) && !KNOWN_TRIGGERS.includes(trigger)) {
      Annotations.of(this).addWarningV2(UNKNOWN_TRIGGER_WARNING,
        `triggerResourceUpdateOn: ${show(trigger)} is not a value this library knows (${KNOWN_TRIGGERS.join(', ')}); `
        + 'CloudFormation will reject it unless CodeConnections added it after this release. Check the spelling, or acknowledge this warning.');
    }
    this.stackName = props.stackName;
    this.role = props.role ?? this.createRole(props.stackName);

    new codestarconnections.CfnSyncConfiguration(this, 'Resource', {
      syncType: 'CFN_STACK_SYNC',
      repositoryLinkId: props.repositoryLink.repositoryLinkId,
      branch: props.branch,
      configFile: props.configFile,
      resourceName: props.stackName,
      roleArn: this.role.roleArn,
      publishDeploymentStatus: props.publishDeploymentStatus === undefined || props.publishDeploymentStatus === null ? undefined : (props.publishDeploymentStatus ? 'ENABLED' : 'DISABLED'),
      triggerResourceUpdateOn: props.triggerResourceUpdateOn?.value,
    });
  }

  /**
   * The role of CloudFormation's Git sync prerequisites, "Required permissions
   * for Git sync service role":
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/git-sync-prereq.html
   * The page's example grants on `*`; here the actions IAM scopes to a stack
   * get this stack's ARN, and the EventBridge actions the rules of this
   * account and region, managed by Git sync. The policy is a customer-managed
   * one (compliance packs report every inline policy), attached through the
   * role's ManagedPolicyArns, so it exists when the sync configuration is
   * created.
   */
  private createRole(stackName: string): iam.IRole {
    const stack = Stack.of(this);
    const stackArn = stack.formatArn({
      service: 'cloudformation',
      resource: 'stack',
      resourceName: `${stackName}/*`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const ruleArn = stack.formatArn({
      service: 'events',
      resource: 'rule',
      resourceName: '*',
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const policy = new iam.ManagedPolicy(this, 'RolePolicy', {
      description: `What Git sync needs to deploy the stack ${stackName}`,
      document: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'SyncToCloudFormation',
            actions: [
              'cloudformation:CreateChangeSet',
              'cloudformation:DeleteChangeSet',
              'cloudformation:DescribeChangeSet',
              'cloudformation:DescribeStackEvents',
              'cloudformation:DescribeStacks',
              'cloudformation:ExecuteChangeSet',
              'cloudformation:GetTemplate',
              'cloudformation:ListChangeSets',
            ],
            resources: [stackArn],
          }),
          new iam.PolicyStatement({
            sid: 'NoResourceLevelPermissions',
            // IAM supports no resource for these two.
            actions: ['cloudformation:ListStacks', 'cloudformation:ValidateTemplate'],
            resources: ['*'],
          }),
          // As AWS's example role: rule changes only for rules Git sync
          // manages; describing needs no condition (and DescribeRule is
          // kept out of the conditioned statement).
          new iam.PolicyStatement({
            sid: 'PolicyForManagedRules',
            actions: ['events:PutRule', 'events:PutTargets'],
            resources: [ruleArn],
            conditions: { StringEquals: { 'events:ManagedBy': GIT_SYNC_PRINCIPAL } },
          }),
          new iam.PolicyStatement({
            sid: 'PolicyForDescribingRule',
            actions: ['events:DescribeRule'],
            resources: [ruleArn],
          }),
        ],
      }),
    });
    const findings = [
      `${nagArnPrefix(stack, 'cloudformation')}stack/${stackName}/*`,
      `${nagArnPrefix(stack, 'events')}rule/*`,
      'Resource::*',
    ];
    acknowledgeScannerFindings(policy, [{
      id: 'AwsSolutions-IAM5',
      reason: `Git sync of the stack ${stackName} changes and describes any change set of that one stack (stack/NAME/*: the stack id follows the name), `
        + 'manages EventBridge rules whose names it chooses (rule/*, conditioned on events:ManagedBy for changes), and needs ListStacks and ValidateTemplate, '
        + 'which take no resource ARN (CloudFormation\'s Git sync prerequisites)',
      appliesTo: Token.isUnresolved(stackName) ? [{ regex: '/^Resource::arn:<AWS::Partition>:cloudformation:.*:stack\\/.*\\/\\*$/' }, ...findings.slice(1)] : findings,
      exactFindings: findings,
    }]);
    return new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal(GIT_SYNC_PRINCIPAL),
      description: `Git sync of the stack ${stackName}`,
      managedPolicies: [policy],
    });
  }

  /**
   * An EventBridge rule for the resource sync events of the synced stack
   * (Git sync's `Resource Sync Status Change`, matched by `syncTarget`, in
   * both spellings AWS's pages give the detail-type): every status,
   * INITIATED, IN_PROGRESS, SUCCEEDED and FAILED.
   *
   * @param id the rule's construct id
   * @param options target, rule name, description, an extra event pattern
   */
  public onSyncStatusChange(id: string, options?: events.OnEventOptions): events.Rule {
    return gitSyncRule(this, id, 'onSyncStatusChange', options, RESOURCE_SYNC_DETAIL_TYPES, { syncTarget: [this.stackName] });
  }

  /**
   * An EventBridge rule for the failed syncs of the synced stack (resource
   * sync events with `status` FAILED).
   *
   * @param id the rule's construct id
   * @param options target, rule name, description, an extra event pattern
   */
  public onSyncFailed(id: string, options?: events.OnEventOptions): events.Rule {
    return gitSyncRule(this, id, 'onSyncFailed', options, RESOURCE_SYNC_DETAIL_TYPES, { syncTarget: [this.stackName], status: ['FAILED'] });
  }
}
