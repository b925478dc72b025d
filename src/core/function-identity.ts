/**
 * The log group and role of one of the library's functions (the status
 * reporter, the health publisher): an explicit log group, kept 3 months,
 * and a role that may write only to it, instead of the
 * AWSLambdaBasicExecutionRole managed policy, which lets a function write to
 * any log group of the account.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface FunctionIdentity {
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
}

/** Creates `<logsId>` and `<roleId>` under `scope`; `description` says what the role is for. */
export function functionIdentity(scope: Construct, logsId: string, roleId: string, description: string): FunctionIdentity {
  const logGroup = new logs.LogGroup(scope, logsId, {
    retention: logs.RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(scope, roleId, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description,
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'WriteOwnLogs',
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [logGroup.logGroupArn],
  }));
  return { logGroup, role };
}
