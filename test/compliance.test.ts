/**
 * The compliance scan's own rules (scripts/compliance.ts), on reports and
 * findings made up here: each rule can fail. The scan itself runs in CI
 * (`npx projen compliance`), where checkov is installed.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  checkovFindings, Expectations, Finding, guardFindings, nagReportFindings, problems,
} from '../scripts/compliance';

const finding = (over: Partial<Finding>): Finding => ({
  app: 'integ.connection.ts',
  stack: 'S',
  scanner: 'cdk-nag',
  rule: 'HIPAA.Security-LambdaInsideVPC',
  logicalId: 'CodeConnectionsStatusReporter9289FC91',
  type: 'AWS::Lambda::Function',
  library: true,
  ...over,
});
const expectations: Expectations = {
  regulated: ['integ.regulated.ts'],
  defaults: [{ scanner: 'cdk-nag', rule: 'HIPAA.Security-LambdaInsideVPC', type: 'AWS::Lambda::Function', reason: 'no VPC by default' }],
};

test('a NagReport CSV gives its non-compliant rows only', () => {
  const csv = [
    'Rule ID,Resource ID,Compliance,Exception Reason,Rule Level,Rule Info',
    '"HIPAA.Security-LambdaDLQ","S/CodeConnectionsStatusReporter/Resource","Suppressed","needs no queue","Error","..."',
    '"HIPAA.Security-LambdaInsideVPC","S/CodeConnectionsStatusReporter/Resource","Non-Compliant","N/A","Error","..."',
    '"HIPAA.Security-IAMNoInlinePolicy","S/Role/Resource","Compliant","N/A","Error","..."',
  ].join('\n');
  expect(nagReportFindings(csv)).toEqual([{ rule: 'HIPAA.Security-LambdaInsideVPC', path: 'S/CodeConnectionsStatusReporter/Resource' }]);
});

test('a policy-validation report gives cfn-guard violations as Control Tower ids, and aws-cdk-lib\'s schema check apart', () => {
  const report = {
    pluginReports: [
      {
        summary: { pluginName: 'cdk-validator-cfnguard' },
        violations: [{
          ruleName: 'lambda_inside_vpc_check',
          description: '[CT.LAMBDA.PR.3]: Require AWS Lambda functions to be in a customer-managed VPC',
          violatingResources: [{ resourceLogicalId: 'Fn', templatePath: '/x/S.template.json' }],
        }],
      },
      {
        summary: { pluginName: 'CloudFormation Validate' },
        violations: [{ ruleName: 'F3031', description: 'GroupDescription does not match pattern', violatingResources: [{ resourceLogicalId: 'Sg', templatePath: 'S.template.json' }] }],
      },
    ],
  };
  expect(guardFindings(report)).toEqual([
    { scanner: 'cfn-guard', rule: 'CT.LAMBDA.PR.3 lambda_inside_vpc_check', logicalId: 'Fn', template: 'S.template.json' },
    { scanner: 'cfn-validate', rule: 'F3031', logicalId: 'Sg', template: 'S.template.json' },
  ]);
});

test('a checkov report gives its failed checks with the logical id', () => {
  const report = { check_type: 'cloudformation', results: { failed_checks: [{ check_id: 'CKV_AWS_117', resource: 'AWS::Lambda::Function.CodeConnectionsStatusReporter9289FC91' }] } };
  expect(checkovFindings(report)).toEqual([{ rule: 'CKV_AWS_117', logicalId: 'CodeConnectionsStatusReporter9289FC91' }]);
  expect(checkovFindings([report, report])).toHaveLength(2);
});

describe('the rules', () => {
  test('a listed default finding passes, and the app\'s own findings never fail', () => {
    expect(problems([finding({}), finding({ library: false, rule: 'HIPAA.Security-S3BucketLoggingEnabled' })], expectations, ['HIPAA.Security-'])).toEqual([]);
  });

  test('a finding on the library\'s resources that is not listed fails, naming it', () => {
    expect(problems([finding({}), finding({ rule: 'HIPAA.Security-LambdaDLQ' })], expectations, ['HIPAA.Security-']))
      .toEqual([expect.stringMatching(/cdk-nag HIPAA.Security-LambdaDLQ on the library's CodeConnectionsStatusReporter9289FC91 \(AWS::Lambda::Function\) is not among the default findings/)]);
  });

  test('any finding on the library\'s resources in the regulated app fails, listed or not', () => {
    expect(problems([finding({}), finding({ app: 'integ.regulated.ts' })], expectations, ['HIPAA.Security-']))
      .toEqual([expect.stringMatching(/^integ.regulated.ts S: .* the regulated configuration must leave none/)]);
  });

  test('a listed default that no longer occurs fails, unless its pack did not run', () => {
    expect(problems([], expectations, ['HIPAA.Security-'])).toEqual([expect.stringMatching(/occurs in no integ app: remove it/)]);
    expect(problems([], expectations, ['AwsSolutions-'])).toEqual([]);
  });
});

test('every listed default finding has a reason, and docs/compliance.md (the README links it) lists each rule', () => {
  const root = path.resolve(__dirname, '..');
  const listed: Expectations = JSON.parse(fs.readFileSync(path.join(root, 'scripts', 'compliance-expected.json'), 'utf8'));
  const readme = fs.readFileSync(path.join(root, 'docs', 'compliance.md'), 'utf8');
  expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('(docs/compliance.md)');
  expect(listed.regulated).toEqual(['integ.regulated.ts']);
  for (const e of listed.defaults) {
    expect(e.reason.length).toBeGreaterThan(15);
    expect(readme).toContain(e.rule.split(' ')[0]);
  }
});
