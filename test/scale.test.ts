import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { scaleStack } from './fixtures/scale-app';

/** N connections (every 10th on one of 4 hosts), a pipeline on the first, and `userOutputs` outputs of the user. */
function app(n: number, userOutputs = 0) {
  const stack = scaleStack(new App(), n, userOutputs);
  const template = Template.fromStack(stack).toJSON();
  return { stack, template };
}

function reporterPolicy(template: any): string {
  return JSON.stringify(Object.entries(template.Resources)
    .filter(([id, r]: [string, any]) => r.Type === 'AWS::IAM::Policy' && id.startsWith('CodeConnectionsStatusReporter'))
    .map(([, r]: [string, any]) => r.Properties.PolicyDocument));
}

describe('scale: 200 connections, some on hosts, and a pipeline', () => {
  const { template } = app(200);
  const resources = Object.values<any>(template.Resources);

  test('one handler Lambda for the whole stack', () => {
    expect(resources.filter(r => r.Type === 'AWS::Lambda::Function')).toHaveLength(1);
    expect(resources.filter(r => r.Type === 'Custom::CodeConnectionsConnectionStatus')).toHaveLength(200);
    expect(resources.filter(r => r.Type === 'Custom::CodeConnectionsHostStatus')).toHaveLength(4);
  });

  test('the reporter policy does not grow with N', () => {
    expect(reporterPolicy(template)).toEqual(reporterPolicy(app(1).template));
  });

  test('stays inside CloudFormation limits: <= 500 resources, <= 1 MB, <= 200 outputs', () => {
    expect(resources.length).toBeLessThanOrEqual(500);
    expect(Buffer.byteLength(JSON.stringify(template))).toBeLessThan(1024 * 1024);
    expect(Object.keys(template.Outputs).length).toBeLessThanOrEqual(200);
  });

  test('next steps past the output limit are summarized in one output with the console link', () => {
    const outputs = template.Outputs;
    const nextSteps = Object.keys(outputs).filter(k => /NextStep[0-9A-F]{8}$/.test(k));
    expect(nextSteps).toHaveLength(199);
    expect(outputs.CodeConnectionsMoreNextSteps.Value).toEqual(
      '5 more connections or hosts may need a person: open https://eu-west-1.console.aws.amazon.com/codesuite/settings/connections?region=eu-west-1 and finish every PENDING one (hosts: the Hosts tab; their nextStep and consoleUrl attributes hold the exact links)');
  });
});

describe('output budget', () => {
  test('below the limit nothing is removed or added', () => {
    const { template } = app(150);
    expect(Object.keys(template.Outputs).filter(k => /NextStep[0-9A-F]{8}$/.test(k))).toHaveLength(154);
    expect(template.Outputs.CodeConnectionsMoreNextSteps).toBeUndefined();
  });

  test("the user's outputs are kept; only the library's give way", () => {
    const { template } = app(150, 60);
    const keys = Object.keys(template.Outputs);
    expect(keys.filter(k => k.startsWith('UserOutput'))).toHaveLength(60);
    expect(keys.filter(k => /NextStep[0-9A-F]{8}$/.test(k))).toHaveLength(139);
    expect(keys).toHaveLength(200);
    expect(template.Outputs.CodeConnectionsMoreNextSteps.Value).toMatch(/^15 more connections or hosts/);
  });

  test('which outputs remain is deterministic', () => {
    expect(JSON.stringify(app(200).template)).toEqual(JSON.stringify(app(200).template));
  });
});
