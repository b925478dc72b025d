/**
 * Integ app: after the handshake.
 *
 * - Health metrics of a connection and a host this stack owns, and of a
 *   connection imported by ARN; an alarm on the connection that fires when
 *   it is not AVAILABLE for two periods or when the metric stops arriving,
 *   notifying an SNS topic.
 * - Git sync events: a repository link's sync status, a stack sync's status
 *   and its failures, each to the topic.
 *
 * The imported ARN and account are placeholders: a real deploy needs an
 * AVAILABLE connection of the test account.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatch_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { integApp, suppress } from './integ-app';
import { Connection, Host, HostProviderType, ProviderType, RepositoryLink, StackSync } from '../src';

const app = integApp();
const stack = new Stack(app, 'CodeConnectionsMonitoringInteg');

const topic = new sns.Topic(stack, 'Alerts', { enforceSSL: true });

// --- Health of a connection, a host, and an imported connection -----------
const github = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB, removalPolicy: RemovalPolicy.DESTROY });
const host = new Host(stack, 'GitLab', {
  providerType: HostProviderType.GITLAB_SELF_MANAGED,
  providerEndpoint: 'https://gitlab.example.com',
  removalPolicy: RemovalPolicy.DESTROY,
});
const available = Connection.fromConnectionArn(stack, 'AvailableGitHub',
  'arn:aws:codeconnections:us-east-1:123456789012:connection/33333333-4444-4555-8666-777777777777');

const alarm = new cloudwatch.Alarm(stack, 'GitHubNotAvailable', {
  alarmDescription: 'The GitHub connection is not AVAILABLE, or its health is not being published',
  metric: github.metricAvailable(),
  threshold: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
  evaluationPeriods: 2,
  treatMissingData: cloudwatch.TreatMissingData.BREACHING,
});
alarm.addAlarmAction(new cloudwatch_actions.SnsAction(topic));
new cloudwatch.Alarm(stack, 'GitLabHostNotAvailable', {
  metric: host.metricAvailable(),
  threshold: 1,
  comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
  evaluationPeriods: 2,
  treatMissingData: cloudwatch.TreatMissingData.BREACHING,
});
available.metricAvailable();

// --- Git sync events ------------------------------------------------------
const link = new RepositoryLink(stack, 'Link', { connection: available, owner: 'my-org', repositoryName: 'my-infra' });
link.onSyncStatusChange('LinkSyncStatus', { target: new targets.SnsTopic(topic) });
const sync = new StackSync(stack, 'AppSync', {
  repositoryLink: link, branch: 'main', configFile: 'deployment/my-app.yaml', stackName: 'my-app',
});
sync.onSyncStatusChange('AppSyncStatus', { target: new targets.SnsTopic(topic) });
sync.onSyncFailed('AppSyncFailed', { target: new targets.SnsTopic(topic) });

suppress(stack, 'AwsSolutions-SNS2',
  'The alerts say that a connection or a sync changed state; they carry no secret. A customer managed key would need key policies for CloudWatch alarms and EventBridge.');
suppress(stack, 'AwsSolutions-IAM5',
  'Git sync changes and describes any change set of the one stack it manages (stack/NAME/* : the stack id), and Git sync\'s EventBridge rules have names it chooses, so rule/* is conditioned on events:ManagedBy. ListStacks and ValidateTemplate have no resource-level permissions.',
  [
    `Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/${sync.stackName}/*`,
    'Resource::arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:rule/*',
    'Resource::*',
  ]);

const integ = new IntegTest(app, 'MonitoringInteg', { testCases: [stack] });
// The alarm exists and watches the library's metric of the connection.
integ.assertions
  .awsApiCall('CloudWatch', 'describeAlarmsForMetric', { Namespace: 'CdkCodeConnections', MetricName: 'ConnectionAvailable', Dimensions: [{ Name: 'ConnectionArn', Value: github.connectionArn }] })
  .expect(ExpectedResult.objectLike({ MetricAlarms: Match.arrayWith([Match.objectLike({ TreatMissingData: 'breaching', EvaluationPeriods: 2 })]) }));
