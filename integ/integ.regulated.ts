/**
 * Integ app: a regulated account, where Control Tower's proactive controls,
 * HIPAA, NIST 800-53 and PCI DSS packs and checkov run on every template.
 *
 * The library's functions run in isolated subnets (no NAT) with the VPC
 * endpoints they call, log to KMS-encrypted log groups kept a year, with
 * reserved concurrency and X-Ray tracing. A connection waits for its
 * handshake (a status read, a wait and its hand-over), and its health is
 * published on a schedule with an alarm on it.
 *
 * The compliance scan (scripts/compliance.ts) must find nothing on the
 * library's resources here, in any pack.
 */
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { integApp, suppress } from './integ-app';
import { Connection, LibraryFunctions, ProviderType } from '../src';

const app = integApp();
const stack = new Stack(app, 'CodeConnectionsRegulatedInteg');

// The account's network: isolated subnets only, and its own flow logs.
const vpc = new ec2.Vpc(stack, 'Vpc', {
  natGateways: 0,
  maxAzs: 2,
  subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }],
});
const logKey = new kms.Key(stack, 'LogKey', {
  description: 'Encrypts the log groups of the cdk-codeconnections functions',
  enableKeyRotation: true,
  removalPolicy: RemovalPolicy.DESTROY,
});
vpc.addFlowLog('FlowLog', {
  destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(stack, 'FlowLogs', {
    retention: logs.RetentionDays.ONE_YEAR,
    encryptionKey: logKey,
    removalPolicy: RemovalPolicy.DESTROY,
  })),
});

const functions = LibraryFunctions.of(stack);
functions.configure({
  vpc,
  vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
  logEncryptionKey: logKey,
  logRetention: logs.RetentionDays.ONE_YEAR,
  // One execution for the wait below, one for every other status read, and
  // room for the health publisher's runs.
  reservedConcurrentExecutions: 3,
  tracing: lambda.Tracing.ACTIVE,
});
functions.addVpcEndpoints();

const github = new Connection(stack, 'GitHub', {
  providerType: ProviderType.GITHUB,
  waitForAvailable: Duration.minutes(10),
  removalPolicy: RemovalPolicy.DESTROY,
});
new cloudwatch.Alarm(stack, 'GitHubNotAvailable', {
  metric: github.metricAvailable(),
  threshold: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
  evaluationPeriods: 2,
  treatMissingData: cloudwatch.TreatMissingData.BREACHING,
});

// Findings of the app's own network (aws-cdk-lib's VPC), not of the library.
suppress(stack, 'AwsSolutions-IAM5', 'The flow log role aws-cdk-lib creates writes only to its own log group\'s streams.',
  ['Resource::<FlowLogsB8B8A7F2.Arn>:*']);

const integ = new IntegTest(app, 'RegulatedInteg', { testCases: [stack] });
// After deploy: the connection waited for its handshake, so it is AVAILABLE.
integ.assertions
  .awsApiCall('CodeStarConnections', 'getConnection', { ConnectionArn: github.connectionArn })
  .expect(ExpectedResult.objectLike({ Connection: { ConnectionStatus: 'AVAILABLE' } }));
