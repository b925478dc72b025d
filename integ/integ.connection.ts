/**
 * Integ app: connections for cloud providers, their status report, grants
 * and imports in both ARN namespaces. Also the example app the README's
 * first command synthesizes.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { CfnOutput, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { integApp } from './integ-app';
import { Connection, ProviderType } from '../src';

const app = integApp();
const stack = new Stack(app, 'CodeConnectionsConnectionInteg');
Tags.of(stack).add('project', 'cdk-codeconnections-integ');

const github = new Connection(stack, 'GitHub', {
  providerType: ProviderType.GITHUB,
  removalPolicy: RemovalPolicy.DESTROY,
});
const bitbucket = new Connection(stack, 'Bitbucket', {
  connectionName: 'integ-bitbucket',
  providerType: ProviderType.BITBUCKET,
  removalPolicy: RemovalPolicy.DESTROY,
});
new Connection(stack, 'GitLab', {
  providerType: ProviderType.GITLAB,
  removalPolicy: RemovalPolicy.DESTROY,
  statusReport: false,
});

// A build role that may use the owned connection and two imported ones,
// one per ARN namespace.
const role = new iam.Role(stack, 'BuildRole', {
  assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com'),
});
github.grantUse(role);
Connection.fromConnectionArn(stack, 'ImportedCodeConnections',
  'arn:aws:codeconnections:us-east-1:123456789012:connection/11111111-2222-4333-8444-555555555555').grantUse(role);
Connection.fromConnectionArn(stack, 'ImportedCodeStar',
  'arn:aws:codestar-connections:us-east-1:123456789012:connection/66666666-7777-4888-9999-000000000000').grantUse(role);

// Lookup by name of the connection this stack creates: the lookup must run
// after it exists.
const byName = Connection.fromConnectionName(stack, 'BitbucketByName', 'integ-bitbucket');
byName.node.addDependency(bitbucket);
byName.grantUse(role, { repositories: ['my-team/my-repo'], readOnly: true });

new CfnOutput(stack, 'GitHubConnectionArn', { value: github.connectionArn });
new CfnOutput(stack, 'BitbucketArnByName', { value: byName.connectionArn });
new CfnOutput(stack, 'GitHubConnectionStatus', { value: github.connectionStatus });
new CfnOutput(stack, 'GitHubConsoleUrl', { value: github.consoleUrl });

const integ = new IntegTest(app, 'ConnectionInteg', { testCases: [stack] });
// After deploy, nobody has done the handshake: the connection must be
// PENDING, and the reporter must agree with the service.
integ.assertions
  .awsApiCall('CodeStarConnections', 'getConnection', { ConnectionArn: github.connectionArn })
  .expect(ExpectedResult.objectLike({ Connection: { ConnectionStatus: 'PENDING' } }));
// The lookup by name found the connection the stack created.
integ.assertions
  .awsApiCall('CodeStarConnections', 'getConnection', { ConnectionArn: byName.connectionArn })
  .expect(ExpectedResult.objectLike({ Connection: { ConnectionName: 'integ-bitbucket' } }));
