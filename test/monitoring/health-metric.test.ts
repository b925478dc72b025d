import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Connection, Host, HostProviderType, ProviderType } from '../../src';

const ACCOUNT = '111111111111';
const newStack = () => new Stack(new App(), 'Stack', { env: { account: ACCOUNT, region: 'eu-west-1' } });
const FUNCTION_DESCRIPTION = 'cdk-codeconnections: publishes whether each monitored connection and host is AVAILABLE';

function publisherFunctions(stack: Stack) {
  return Template.fromStack(stack).findResources('AWS::Lambda::Function', { Properties: { Description: FUNCTION_DESCRIPTION } });
}

/** Each schedule target's input, with deploy-time values (Fn::GetAtt) shown as "TOKEN". */
function scheduleInputs(stack: Stack): any[] {
  const rules = Template.fromStack(stack).findResources('AWS::Events::Rule');
  const text = (input: any): string => (typeof input === 'string' ? input
    : input['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : 'TOKEN')).join(''));
  return Object.values<any>(rules).flatMap(r => r.Properties.Targets.map((t: any) => JSON.parse(text(t.Input))));
}

describe('metricAvailable', () => {
  test('a connection: 1/0 metric in the library namespace, by ARN, Minimum over 5 minutes', () => {
    const stack = newStack();
    const connection = new Connection(stack, 'GitHub', { providerType: ProviderType.GITHUB });
    const metric = connection.metricAvailable();
    expect(metric.namespace).toBe('CdkCodeConnections');
    expect(metric.metricName).toBe('ConnectionAvailable');
    expect(metric.statistic).toBe('Minimum');
    expect(metric.period.toMinutes()).toBe(5);
    expect(stack.resolve(metric.dimensions)).toEqual({ ConnectionArn: { 'Fn::GetAtt': ['GitHub38B7EEC4', 'ConnectionArn'] } });
  });

  test('a host: HostAvailable by HostArn', () => {
    const stack = newStack();
    const host = new Host(stack, 'Ghes', { providerType: HostProviderType.GITHUB_ENTERPRISE_SERVER, providerEndpoint: 'https://g.example.com' });
    const metric = host.metricAvailable();
    expect(metric.metricName).toBe('HostAvailable');
    expect(Object.keys(metric.dimensions!)).toEqual(['HostArn']);
  });

  test('the publisher exists only when a metric is used, once per stack, on a 5-minute schedule naming every ARN', () => {
    const without = newStack();
    new Connection(without, 'GitHub', { providerType: ProviderType.GITHUB });
    expect(publisherFunctions(without)).toEqual({});
    Template.fromStack(without).resourceCountIs('AWS::Events::Rule', 0);

    const stack = newStack();
    const a = new Connection(stack, 'A', { providerType: ProviderType.GITHUB });
    const b = new Connection(stack, 'B', { providerType: ProviderType.BITBUCKET });
    a.metricAvailable();
    a.metricAvailable({ statistic: 'Average' });
    b.metricAvailable();
    expect(Object.keys(publisherFunctions(stack))).toHaveLength(1);
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    Template.fromStack(stack).resourceCountIs('AWS::Events::Rule', 1);
    const [input] = scheduleInputs(stack);
    expect(input.Connections).toHaveLength(2);
    expect(input.Hosts).toEqual([]);
  });

  test('the schedule runs at the shortest period a metric asks for', () => {
    const stack = newStack();
    const c = new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
    c.metricAvailable({ period: Duration.minutes(15) });
    c.metricAvailable({ period: Duration.minutes(1) });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  });

  test.each([
    [Duration.seconds(30), '30 seconds'],
    [Duration.seconds(90), '1 minute 30 seconds'],
    [Duration.minutes(0), '0 minutes'],
    [Duration.days(2), '2 days'],
  ])('a period of %s is refused at synth', (period, shown) => {
    const stack = newStack();
    const c = new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
    expect(() => c.metricAvailable({ period })).toThrow(`Stack/C: metricAvailable: period ${shown} must be a whole number of minutes known at synth, from 1 minute to 1 day`);
  });

  test('a period given as a token is refused: the schedule needs minutes at synth', () => {
    const stack = newStack();
    const c = new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
    const minutes = new CfnParameter(stack, 'Minutes', { type: 'Number' });
    expect(() => c.metricAvailable({ period: Duration.minutes(minutes.valueAsNumber) }))
      .toThrow('Stack/C: metricAvailable: period (a token) must be a whole number of minutes known at synth');
  });

  test('a dimension other than the ARN is refused: the publisher never writes it, so the metric would stay empty', () => {
    const stack = newStack();
    const c = new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
    expect(() => c.metricAvailable({ dimensionsMap: { Team: 'platform' } }))
      .toThrow("Stack/C: metricAvailable: dimensionsMap has 'Team', but the publisher writes only the dimension 'ConnectionArn'");
    expect(() => c.metricAvailable({ dimensionsMap: { ConnectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/other' } }))
      .toThrow("Stack/C: metricAvailable: dimensionsMap sets 'ConnectionArn' to \"arn:aws:codeconnections:eu-west-1:111111111111:connection/other\", but the publisher writes this resource's own ARN there");
    // The metric's own dimension and value, given again, is what it has anyway.
    const metric = c.metricAvailable({ dimensionsMap: { ConnectionArn: c.connectionArn } });
    expect(stack.resolve(metric.dimensions)).toEqual({ ConnectionArn: stack.resolve(c.connectionArn) });
  });

  test('an ARN that is a token (a parameter) is covered by the account-wide statements only, with no statement of its own', () => {
    const stack = newStack();
    const arn = new CfnParameter(stack, 'Arn').valueAsString;
    Connection.fromConnectionArn(stack, 'FromParameter', arn).metricAvailable();
    const [input] = scheduleInputs(stack);
    expect(input.Connections).toEqual(['TOKEN']);
    const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('HealthPublisherRole') }] } });
    const statements = Object.values<any>(policies).flatMap(p => p.Properties.PolicyDocument.Statement);
    expect(statements.map(s => s.Sid).sort()).toEqual(['ReadConnectionStatus', 'ReadHostStatus', 'WriteOwnLogs']);
  });

  test('a day is the longest period, on a daily schedule', () => {
    const stack = newStack();
    new Connection(stack, 'C', { providerType: ProviderType.GITHUB }).metricAvailable({ period: Duration.days(1) });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 day)' });
  });

  test("the metric belongs to its stack's account and Region (where the publisher writes it); another account or Region is refused", () => {
    const stack = newStack();
    const c = new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
    const metric = c.metricAvailable();
    expect({ account: metric.account, region: metric.region }).toEqual({ account: ACCOUNT, region: 'eu-west-1' });
    expect(c.metricAvailable({ account: ACCOUNT, region: 'eu-west-1' }).region).toBe('eu-west-1');
    expect(() => c.metricAvailable({ account: '999999999999' }))
      .toThrow("Stack/C: metricAvailable: account '999999999999' is not the account of stack Stack ('111111111111'), where the publisher of this resource writes the metric");
    expect(() => c.metricAvailable({ region: 'us-east-1' }))
      .toThrow("Stack/C: metricAvailable: region 'us-east-1' is not the region of stack Stack ('eu-west-1')");
  });

  test('an alarm in a stack of another Region is refused by aws-cdk-lib, because the metric says where it lives', () => {
    const app = new App();
    const owner = new Stack(app, 'Owner', { env: { account: ACCOUNT, region: 'eu-west-1' } });
    const elsewhere = new Stack(app, 'Elsewhere', { env: { account: ACCOUNT, region: 'us-east-1' } });
    const c = new Connection(owner, 'C', { providerType: ProviderType.GITHUB });
    expect(() => new cloudwatch.Alarm(elsewhere, 'Down', { metric: c.metricAvailable(), threshold: 1, evaluationPeriods: 2 }))
      .toThrow(/Cannot create an Alarm in region 'us-east-1' based on metric 'ConnectionAvailable' in 'eu-west-1'/);
  });

  test('several ARNs of other accounts share one statement per action', () => {
    const stack = newStack();
    const arns = [1, 2, 3].map(i => `arn:aws:codeconnections:us-east-1:22222222222${i}:connection/11111111-2222-4333-8444-55555555555${i}`);
    for (const [i, arn] of arns.entries()) {
      Connection.fromConnectionArn(stack, `Shared${i}`, arn).metricAvailable();
    }
    Connection.fromConnectionArn(stack, 'Again', arns[0]).metricAvailable();
    const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('HealthPublisherRole') }] } });
    const statements = Object.values<any>(policies).flatMap(p => p.Properties.PolicyDocument.Statement).filter(s => !s.Sid);
    expect(statements).toEqual([{ Action: 'codeconnections:GetConnection', Effect: 'Allow', Resource: arns }]);
  });

  test('reads only: GetConnection/GetHost on the stack account and region, both prefixes; never on *', () => {
    const stack = newStack();
    new Connection(stack, 'C', { providerType: ProviderType.GITHUB }).metricAvailable();
    const policies = Template.fromStack(stack).findResources('AWS::IAM::ManagedPolicy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('HealthPublisherRole') }] } });
    const statements = Object.values<any>(policies).flatMap(p => p.Properties.PolicyDocument.Statement);
    expect(statements.map(s => s.Sid).sort()).toEqual(['ReadConnectionStatus', 'ReadHostStatus', 'WriteOwnLogs']);
    expect(JSON.stringify(statements)).not.toContain('"Resource":"*"');
    expect(statements.flatMap(s => [s.Action].flat()).filter(a => a.startsWith('cloudwatch:'))).toEqual([]);
    const connectionRead = statements.find(s => s.Sid === 'ReadConnectionStatus');
    expect(connectionRead.Action).toEqual(['codeconnections:GetConnection', 'codestar-connections:GetConnection']);
    expect(JSON.stringify(connectionRead.Resource)).toContain(':codeconnections:eu-west-1:111111111111:connection/*');
  });

  test('an imported connection of another account gets a statement of its own ARN (shared connections)', () => {
    const stack = newStack();
    const foreign = 'arn:aws:codeconnections:us-east-1:222222222222:connection/11111111-2222-4333-8444-555555555555';
    Connection.fromConnectionArn(stack, 'Shared', foreign).metricAvailable();
    Connection.fromConnectionArn(stack, 'Own', `arn:aws:codeconnections:eu-west-1:${ACCOUNT}:connection/11111111-2222-4333-8444-666666666666`).metricAvailable();
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'codeconnections:GetConnection', Effect: 'Allow', Resource: foreign }]) },
    });
    const text = JSON.stringify(Template.fromStack(stack).toJSON());
    expect(text).not.toContain('"Resource":"arn:aws:codeconnections:eu-west-1:111111111111:connection/11111111-2222-4333-8444-666666666666"');
  });

  test('300 connections: 6 targets of at most 50 ARNs, 5 per rule, so two rules', () => {
    const stack = newStack();
    for (let i = 0; i < 300; i++) {
      Connection.fromConnectionArn(stack, `C${i}`, `arn:aws:codeconnections:eu-west-1:${ACCOUNT}:connection/00000000-0000-4000-8000-${String(i).padStart(12, '0')}`).metricAvailable();
    }
    const rules = Object.values<any>(Template.fromStack(stack).findResources('AWS::Events::Rule'));
    expect(rules.map(r => r.Properties.Targets.length)).toEqual([5, 1]);
    const inputs = scheduleInputs(stack);
    expect(inputs.map(i => i.Connections.length)).toEqual([50, 50, 50, 50, 50, 50]);
    for (const rule of rules) {
      for (const target of rule.Properties.Targets) {
        // EventBridge takes at most 8,192 characters of input.
        expect(target.Input.length).toBeLessThanOrEqual(8192);
      }
    }
  });

  test('an alarm on missing data or two periods not AVAILABLE renders the metric', () => {
    const stack = newStack();
    const c = new Connection(stack, 'C', { providerType: ProviderType.GITHUB });
    new cloudwatch.Alarm(stack, 'Down', {
      metric: c.metricAvailable(),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 2,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'CdkCodeConnections',
      MetricName: 'ConnectionAvailable',
      Statistic: 'Minimum',
      Period: 300,
      Dimensions: [{ Name: 'ConnectionArn', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^C'), 'ConnectionArn'] } }],
      TreatMissingData: 'breaching',
      EvaluationPeriods: 2,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
    });
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
  });
});
