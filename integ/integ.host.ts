/**
 * Integ app: a GitHub Enterprise Server host in a new VPC with a TLS
 * certificate, a connection on it, and the provider's security group
 * accepting the host on 443.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { integApp } from './integ-app';
import { Host, HostProviderType } from '../src';
import { TEST_CERTIFICATE as PROVIDER_CERTIFICATE } from '../test/fixtures/certificate';


const app = integApp();
const stack = new Stack(app, 'CodeConnectionsHostInteg');


const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 2,
  natGateways: 1,
  flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
});

const host = new Host(stack, 'GitHubEnterprise', {
  providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER,
  providerEndpoint: 'https://github.example.com',
  vpc,
  tlsCertificate: PROVIDER_CERTIFICATE,
  removalPolicy: RemovalPolicy.DESTROY,
});

// The provider's instances would use this group: let the host in on 443.
const provider = new ec2.SecurityGroup(stack, 'ProviderSecurityGroup', {
  vpc,
  description: 'GitHub Enterprise Server instances',
});
provider.connections.allowFrom(host, ec2.Port.tcp(443), 'CodeConnections host');

const connection = host.addConnection('Connection', {
  removalPolicy: RemovalPolicy.DESTROY,
});

new CfnOutput(stack, 'HostArn', { value: host.hostArn });
new CfnOutput(stack, 'ConnectionArn', { value: connection.connectionArn });

const integ = new IntegTest(app, 'HostInteg', { testCases: [stack] });
// The host exists with the endpoint and provider given; its status depends
// on the VPC setup (VPC_CONFIG_INITIALIZING, then PENDING until set up).
integ.assertions
  .awsApiCall('CodeStarConnections', 'getHost', { HostArn: host.hostArn })
  .expect(ExpectedResult.objectLike({ ProviderType: 'GitHubEnterpriseServer', ProviderEndpoint: 'https://github.example.com' }));
