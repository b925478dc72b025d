/**
 * How a CodeBuild project gets the use of a connection: a policy of its own,
 * created before the project (aws-cdk issue 38504), and the checks that need
 * the project.
 */
import { CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import type { Connection } from '../connection/connection';

/** Warning id of a project whose role cannot be granted the connection. */
export const ROLE_NOT_UPDATED_WARNING = 'cdk-codeconnections:codeBuildRoleNotUpdated';

/**
 * Ids of the project's policy that holds the grants of every connection
 * source: a customer-managed policy on a role of this app (compliance packs
 * report every inline policy), an inline one on an imported role (a managed
 * policy would be attached to a role imported with `mutable: false` too).
 */
const CONNECTION_POLICY_ID = 'CodeConnectionsManagedPolicy';
const IMPORTED_ROLE_POLICY_ID = 'CodeConnectionsPolicy';

/**
 * Where the grants go: a policy of their own on the project's role, not the
 * role's default policy. The project must be created after the policy that
 * lets it read the connection, and the default policy refers to the project
 * (its log group and report groups are named after it): a DependsOn on the
 * default policy would be a cycle. A project without a role (a custom
 * IProject) gets the grant the usual way.
 */
export function connectionPolicyGrantee(project: codebuild.IProject): iam.IGrantable {
  const role = project.role;
  if (!role) {
    return project;
  }
  if (role instanceof iam.Role) {
    // One per role, not per project: a role shared by many projects would
    // otherwise outgrow IAM's 10 managed policies per role.
    const policy = role.node.tryFindChild(CONNECTION_POLICY_ID) as iam.ManagedPolicy | undefined
      ?? new iam.ManagedPolicy(role, CONNECTION_POLICY_ID, {
        description: 'cdk-codeconnections: what the CodeBuild projects of this role need of their connections',
        roles: [role],
      });
    return { grantPrincipal: new PolicyPrincipal(role, policy) };
  }
  let policy = project.node.tryFindChild(IMPORTED_ROLE_POLICY_ID) as iam.Policy | undefined;
  if (!policy) {
    policy = new iam.Policy(project, IMPORTED_ROLE_POLICY_ID);
    // Through the role, so a role imported with mutable: false stays
    // untouched (the policy is then not attached, and not synthesized).
    role.attachInlinePolicy(policy);
  }
  return { grantPrincipal: new PolicyPrincipal(role, policy) };
}

/** The project's role, with statements added to one given policy. */
class PolicyPrincipal implements iam.IPrincipal {
  public readonly grantPrincipal: iam.IPrincipal = this;

  constructor(private readonly role: iam.IRole, private readonly policy: iam.Policy | iam.ManagedPolicy) {}

  public get assumeRoleAction(): string {
    return this.role.assumeRoleAction;
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return this.role.policyFragment;
  }

  public get principalAccount(): string | undefined {
    return this.role.principalAccount;
  }

  public addToPolicy(statement: iam.PolicyStatement): boolean {
    return this.addToPrincipalPolicy(statement).statementAdded;
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (this.policy instanceof iam.Policy) {
      const roles = Stack.of(this.policy).resolve((this.policy.node.defaultChild as iam.CfnPolicy).roles);
      if (!roles?.length) {
        // An immutable role: as aws-cdk-lib's own grants on it, add nothing.
        return { statementAdded: false };
      }
    }
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this.policy };
  }
}

/** aws-cdk-lib drops the triggers of a secondary source: say so at synth instead. */
export function checkPrimaryOnly(project: codebuild.IProject, triggers: codebuild.CfnProject.ProjectTriggersProperty): void {
  project.node.addValidation({
    validate: () => {
      const cfn = project.node.defaultChild as codebuild.CfnProject | undefined;
      return cfn && cfn.triggers !== triggers
        ? ['CodeBuildSource.fromConnection(): webhook options on a secondary source have no effect (CodeBuild webhooks belong to the primary source); move webhook, webhookFilters and webhookScope to the project\'s primary source']
        : [];
    },
  });
}

/**
 * Orders the project's creation after the grant's policy (aws-cdk#38504:
 * CreateProject checks the connection with the role, and fails with
 * OAuthProviderException when the policy is not attached yet), and after the
 * handshake of a connection that waits for AVAILABLE. An aspect, because the
 * project's CloudFormation resource does not exist yet when the source is
 * bound.
 */
export class OrderProjectCreation implements IAspect {
  private done = false;

  constructor(private readonly project: codebuild.IProject, private readonly grant: iam.Grant, private readonly waitFor?: Connection) {}

  public visit(node: IConstruct): void {
    if (this.done || node !== this.project) {
      return;
    }
    this.done = true;
    const cfn = this.project.node.defaultChild;
    if (!CfnResource.isCfnResource(cfn)) {
      return;
    }
    this.grant.applyBefore(cfn);
    if (this.waitFor) {
      cfn.node.addDependency(this.waitFor.connectionAvailable);
    }
  }
}
