/**
 * Integ app: a GitHub Enterprise Server host in a new VPC with a TLS
 * certificate, a connection on it, and the provider's security group
 * accepting the host on 443.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { integApp, suppressStatusReporterWildcards } from './integ-app';
import { Host, HostProviderType } from '../src';

/** Self-signed certificate of the (imaginary) GitHub Enterprise Server. */
const PROVIDER_CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIDGzCCAgOgAwIBAgIUdH0+3KxKbAMe3Cls1iGnl+GmHjEwDQYJKoZIhvcNAQEL
BQAwHTEbMBkGA1UEAwwSZ2l0aHViLmV4YW1wbGUuY29tMB4XDTI2MTEyMzA0MTY1
MloXDTM2MTEyMDA0MTY1MlowHTEbMBkGA1UEAwwSZ2l0aHViLmV4YW1wbGUuY29t
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAv/R51sMbbTH6ZzJYbIQT
sP1nu1EcbKNdMGVR9bm4NDvWae9VTdzpdVv0dLNVGSD2MXtO9bCR21VF35noi56b
KfKlB0+8d4STHdV7yHnHxTm+o8tZui2SShUlzXOtgiYjGlB4RLfVOk3gLXalI0Cf
oNTkRYYlfurdflBsk0UVTdsO+pJS7lRPyPvSCKtyocS2wHdPLov3qOHjvJCrKkr7
gKmtsJUQx7Z97ZgVQCsVloCSuNvksBaOc+cPmFOQ50O0qBCychoQdvGeH0cndtMo
ZUy4y+5TvmQOV0G7fg/2cT2AYlXH0WtQe1P4hQypsqa09wfRysUNLXZWnn/2ty91
AwIDAQABo1MwUTAdBgNVHQ4EFgQUBE66DN4mLPm7SfYTPIzALf6GgQ0wHwYDVR0j
BBgwFoAUBE66DN4mLPm7SfYTPIzALf6GgQ0wDwYDVR0TAQH/BAUwAwEB/zANBgkq
hkiG9w0BAQsFAAOCAQEAOeQ4SLptGHDslfO+DrEH43+VrnPsMLE7g2VfPAvlSb/c
uKsi8JYGXRIegfMS0u9I9Etj4fbLz9C4y+Cp86vpHSUEVJyfZB2IsOpkjCpriv6U
liQr1K1XRBsWcD1S3xKbDbM6hfDRxc2n8zp3ZB5/dLPXDpNjDDN2JJeS+PNu9LQ3
DIwsQzK2PH/QoQpj2zIjeQXHFTp21S3alwtqnvqiQ0yDZKu1mRyssbYZh07wl/l7
bM+xiXrCuBDXFW+//M0vf8kHl6SmUbOyaYXg/QBHYnvgmIrVgb9H0h+/O+aFWVbQ
feneyNuI7/Lv0YVKI6TAQHt3fDeHl5wgv3t0FZfL1Q==
-----END CERTIFICATE-----
`;

const app = integApp();
const stack = new Stack(app, 'CodeConnectionsHostInteg');

suppressStatusReporterWildcards(stack);

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
