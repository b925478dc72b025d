import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Connection, ConnectionSource, ProviderType } from '../src';

const CODESTAR_ARN = 'arn:aws:codestar-connections:us-east-1:123456789012:connection/66666666-7777-4888-9999-000000000000';

function cdkPipeline(stack: Stack, input: pipelines.IFileSetProducer) {
  return new pipelines.CodePipeline(stack, 'Pipeline', {
    synth: new pipelines.ShellStep('Synth', { input, commands: ['npx cdk synth'] }),
  });
}

describe('ConnectionSource (CDK Pipelines)', () => {
  test('produces a CodeStarSourceConnection action and a scoped, prefix-correct grant', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const connection = Connection.fromConnectionArn(stack, 'C', CODESTAR_ARN);
    cdkPipeline(stack, ConnectionSource.of(connection, 'my-org/my-app', { branch: 'main' }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Name: 'Source',
        Actions: [Match.objectLike({
          Name: 'my-org_my-app',
          ActionTypeId: Match.objectLike({ Provider: 'CodeStarSourceConnection' }),
          Configuration: { ConnectionArn: CODESTAR_ARN, FullRepositoryId: 'my-org/my-app', BranchName: 'main' },
        })],
      })]),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Allow',
          Action: 'codestar-connections:UseConnection',
          Resource: CODESTAR_ARN,
          Condition: {
            StringEquals: { 'codestar-connections:FullRepositoryId': 'my-org/my-app' },
            StringEqualsIfExists: { 'codestar-connections:ProviderPermissionsRequired': 'read_only' },
          },
        }]),
      },
    });
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toContain('"codeconnections:UseConnection"');
  });

  test('clone output grants the synth project too, and honours actionName and triggerOnPush', () => {
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const connection = new Connection(stack, 'C', { providerType: ProviderType.GITLAB });
    cdkPipeline(stack, ConnectionSource.of(connection, 'group/sub/app', {
      branch: 'release', codeBuildCloneOutput: true, actionName: 'Checkout', triggerOnPush: false,
    }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Actions: [Match.objectLike({
          Name: 'Checkout',
          Configuration: Match.objectLike({ FullRepositoryId: 'group/sub/app', BranchName: 'release', OutputArtifactFormat: 'CODEBUILD_CLONE_REF', DetectChanges: false }),
        })],
      })]),
    });
    const projectPolicies = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter(p => /SynthCdkBuildProjectRole/.test(p.Properties.Roles[0].Ref));
    const actions = projectPolicies.flatMap(p => p.Properties.PolicyDocument.Statement).map((s: any) => s.Action).filter((a: any) => String(a).includes('UseConnection'));
    expect(actions).toEqual(['codeconnections:UseConnection', 'codestar-connections:UseConnection']);
  });

  test.each([
    ['my-app', /ConnectionSource.of\(\): repository 'my-app' must be owner\/repo/],
    ['my-org/', /repository 'my-org\/' must be owner\/repo/],
  ])('rejects repository %s', (repository, message) => {
    const stack = new Stack(new App(), 'Stack');
    const connection = Connection.fromConnectionArn(stack, 'C', CODESTAR_ARN);
    expect(() => ConnectionSource.of(connection, repository, { branch: 'main' })).toThrow(message);
  });
});
