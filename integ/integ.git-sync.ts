/**
 * Integ app: Git sync and sharing.
 *
 * - A repository link through an imported `codeconnections` connection (Git
 *   sync needs an AVAILABLE connection, which a deploy cannot make: a person
 *   finishes the handshake), encrypted with a customer managed key.
 * - A stack sync with the role the library creates, and one with a role of
 *   the user's own.
 * - A connection this stack owns, shared through AWS RAM with an account and
 *   an OU, in us-east-1 (where shares of global resources are made).
 * - In the same app, as the other account would: the shared connection
 *   imported by ARN, with UseConnection and PassConnection granted.
 *
 * Account ids, the OU and the imported ARNs are placeholders: a real deploy
 * needs an AVAILABLE connection of the test account, and accounts or an OU of
 * its organization (the share refuses external principals).
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { integApp, suppress } from './integ-app';
import { Connection, ProviderType, RepositoryLink, StackSync, TriggerResourceUpdateOn } from '../src';

const app = integApp();
const stack = new Stack(app, 'CodeConnectionsGitSyncInteg', { env: { region: 'us-east-1' } });

// --- Git sync through an existing (AVAILABLE) connection -------------------
const available = Connection.fromConnectionArn(stack, 'AvailableGitHub',
  'arn:aws:codeconnections:us-east-1:123456789012:connection/33333333-4444-4555-8666-777777777777');
const key = new kms.Key(stack, 'LinkKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
const link = new RepositoryLink(stack, 'Link', {
  connection: available,
  owner: 'my-org',
  repositoryName: 'my-infra',
  encryptionKey: key,
});

new StackSync(stack, 'AppSync', {
  repositoryLink: link,
  branch: 'main',
  configFile: 'deployment/my-app.yaml',
  stackName: 'my-app',
  publishDeploymentStatus: true,
  triggerResourceUpdateOn: TriggerResourceUpdateOn.FILE_CHANGE,
});

// A role of the user's own is used as is.
const ownRole = new iam.Role(stack, 'OwnSyncRole', {
  assumedBy: new iam.ServicePrincipal('cloudformation.sync.codeconnections.amazonaws.com'),
  managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('ReadOnlyAccess')],
});
new StackSync(stack, 'DocsSync', {
  repositoryLink: link,
  branch: 'release/v2',
  configFile: 'deployment/docs.yaml',
  stackName: 'my-docs',
  role: ownRole,
});

// --- Sharing a connection this stack owns ---------------------------------
const owned = new Connection(stack, 'SharedGitHub', {
  providerType: ProviderType.GITHUB,
  removalPolicy: RemovalPolicy.DESTROY,
});
owned.shareWith(['210987654321'], { resourceShareName: 'shared-github', allowExternalPrincipals: false });
owned.shareWith(['arn:aws:organizations::123456789012:ou/o-a1b2c3d4e5/ou-ab12-cd34ef56']);

// --- What an account it was shared with does ------------------------------
const imported = Connection.fromConnectionArn(stack, 'FromOwner',
  'arn:aws:codeconnections:us-east-1:111111111111:connection/44444444-5555-4666-8777-888888888888');
const consumerRole = new iam.Role(stack, 'ConsumerRole', { assumedBy: new iam.AccountRootPrincipal() });
imported.grantUse(consumerRole, { repositories: ['my-org/my-app'], readOnly: true });
imported.grantPassConnection(consumerRole, 'codepipeline.amazonaws.com');

suppress(stack, 'AwsSolutions-IAM4', 'The user\'s own Git sync role of this app shows that a given role is used as is; ReadOnlyAccess stands for whatever the user attaches.',
  ['Policy::arn:<AWS::Partition>:iam::aws:policy/ReadOnlyAccess']);

const integ = new IntegTest(app, 'GitSyncInteg', { testCases: [stack] });
// The deployed share holds the owned connection.
integ.assertions
  .awsApiCall('RAM', 'getResourceShares', { resourceOwner: 'SELF', name: 'shared-github' })
  .expect(ExpectedResult.objectLike({
    resourceShares: Match.arrayWith([Match.objectLike({ name: 'shared-github', allowExternalPrincipals: false })]),
  }));
