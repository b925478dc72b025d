/**
 * Integ app: Amazon EKS's managed Argo CD reading a GitOps repository
 * through a connection.
 *
 * The Argo CD capability of an existing cluster (`AWS::EKS::Capability`, as
 * a CfnResource: aws-cdk-lib's CfnCapability ships in 2.231.0, above the
 * library's floor) runs with a role trusted by
 * `capabilities.eks.amazonaws.com`; the library grants that role the
 * connection for the one repository, and gives the repoURL in the EKS user
 * guide's form, here in an Application manifest a team applies.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { CfnOutput, CfnParameter, CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { integApp } from './integ-app';
import { ArgoCdRepository, Connection, ProviderType } from '../src';

const app = integApp();
const stack = new Stack(app, 'CodeConnectionsArgoCdInteg');

const clusterName = new CfnParameter(stack, 'ClusterName', {
  description: 'The EKS cluster that gets the Argo CD capability (in this stack\'s Region, as the connection)',
  default: 'platform',
});
const identityCenter = new CfnParameter(stack, 'IdcInstanceArn', {
  description: 'The IAM Identity Center instance Argo CD signs users in with',
  default: 'arn:aws:sso:::instance/ssoins-0123456789abcdef',
});

const connection = new Connection(stack, 'GitHub', {
  providerType: ProviderType.GITHUB,
  waitForAvailable: Duration.minutes(30),
  removalPolicy: RemovalPolicy.DESTROY,
});

// EKS capabilities assume their role with session tags (EKS user guide,
// "Capability IAM role": sts:AssumeRole and sts:TagSession).
const capabilityRole = new iam.Role(stack, 'ArgoCdCapabilityRole', {
  assumedBy: new iam.ServicePrincipal('capabilities.eks.amazonaws.com').withSessionTags(),
  description: 'The role of the cluster\'s managed Argo CD',
});

const gitops = ArgoCdRepository.of(connection, 'my-org/gitops');
const grant = gitops.grantRead(capabilityRole);

const capability = new CfnResource(stack, 'ArgoCd', {
  type: 'AWS::EKS::Capability',
  properties: {
    ClusterName: clusterName.valueAsString,
    CapabilityName: 'argocd',
    Type: 'ARGOCD',
    RoleArn: capabilityRole.roleArn,
    DeletePropagationPolicy: 'RETAIN',
    Configuration: { ArgoCd: { Namespace: 'argocd', AwsIdc: { IdcInstanceArn: identityCenter.valueAsString } } },
  },
});
// Argo CD reads the repository as soon as an Application names it: after
// the handshake, with the grant in place.
capability.node.addDependency(connection.connectionAvailable);
grant.applyBefore(capability);

new CfnOutput(stack, 'GitOpsRepositoryUrl', { value: gitops.url, description: 'repoURL of the Applications that deploy from my-org/gitops' });
new CfnOutput(stack, 'GuestbookApplication', {
  description: 'An Argo CD Application on the repository (kubectl apply -f)',
  value: stack.toJsonString({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'guestbook', namespace: 'argocd' },
    spec: {
      project: 'default',
      source: { repoURL: gitops.url, targetRevision: 'main', path: 'apps/guestbook' },
      destination: { name: 'in-cluster', namespace: 'guestbook' },
      syncPolicy: { automated: {} },
    },
  }),
});

const integ = new IntegTest(app, 'ArgoCdInteg', { testCases: [stack] });
// IAM allows the capability role to read the repository through the connection.
integ.assertions
  .awsApiCall('IAM', 'simulatePrincipalPolicy', {
    PolicySourceArn: capabilityRole.roleArn,
    ActionNames: ['codeconnections:UseConnection', 'codeconnections:GetConnection'],
    ResourceArns: [connection.connectionArn],
    ContextEntries: [{ ContextKeyName: 'codeconnections:FullRepositoryId', ContextKeyValues: ['my-org/gitops'], ContextKeyType: 'string' }],
  })
  .expect(ExpectedResult.objectLike({
    EvaluationResults: [{ EvalDecision: 'allowed' }, { EvalDecision: 'allowed' }],
  }));
