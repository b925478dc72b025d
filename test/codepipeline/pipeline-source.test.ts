import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Connection, ConnectionSource, ProviderType } from '../../src';
import { findPolicies } from '../fixtures/policies';

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
    const projectPolicies = Object.values(findPolicies(template))
      .filter(p => /SynthCdkBuildProjectRole/.test(p.Properties.Roles[0].Ref));
    const actions = projectPolicies.flatMap(p => p.Properties.PolicyDocument.Statement).map((s: any) => s.Action).filter((a: any) => String(a).includes('UseConnection'));
    expect(actions).toEqual(['codeconnections:UseConnection']);
  });

  test('clone output reaches the synth project of a CDK pipeline built on a V2 pipeline of one\'s own, created before it', () => {
    // The given pipeline is visited before CDK Pipelines adds its actions
    // (in an aspect): an aspect added then would never run there at
    // aws-cdk-lib releases without aspect stabilization, the floor among them.
    const stack = new Stack(new App(), 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
    const connection = new Connection(stack, 'C', { providerType: ProviderType.GITLAB });
    const codePipeline = new codepipeline.Pipeline(stack, 'Own', { pipelineType: codepipeline.PipelineType.V2, crossAccountKeys: false });
    new pipelines.CodePipeline(stack, 'Pipeline', {
      codePipeline,
      synth: new pipelines.ShellStep('Synth', {
        input: ConnectionSource.of(connection, 'group/app', { branch: 'main', codeBuildCloneOutput: true }),
        commands: ['npx cdk synth'],
      }),
    });
    const template = Template.fromStack(stack);
    const synthRole = Object.keys(template.findResources('AWS::IAM::Role')).find(id => /SynthCdkBuildProjectRole/.test(id));
    const granted = Object.values(findPolicies(template))
      .filter(p => p.Properties.Roles.some((r: any) => r.Ref === synthRole))
      .flatMap(p => p.Properties.PolicyDocument.Statement).map((s: any) => s.Action).filter((a: any) => String(a).includes('UseConnection'));
    expect(synthRole).toBeDefined();
    expect(granted).toEqual(['codeconnections:UseConnection']);
  });

  test.each([
    ['my-app', /ConnectionSource.of\(\): repository 'my-app' \(6 characters\) must be owner\/repo/],
    ['my-org/', /repository 'my-org\/' \(7 characters\) must be owner\/repo/],
  ])('rejects repository %s', (repository, message) => {
    const stack = new Stack(new App(), 'Stack');
    const connection = Connection.fromConnectionArn(stack, 'C', CODESTAR_ARN);
    expect(() => ConnectionSource.of(connection, repository, { branch: 'main' })).toThrow(message);
  });
});

describe('what a new user hits', () => {
  test('ConnectionSource hands out none of aws-cdk-lib\'s factories (CodePipelineSource.connection grants only one prefix)', () => {
    for (const factory of ['connection', 'gitHub', 'codeCommit', 's3', 'ecr']) {
      expect((ConnectionSource as any)[factory]).toBeUndefined();
    }
    // What of() returns still plugs into CDK Pipelines.
    const stack = new Stack(new App(), 'Stack');
    const source = ConnectionSource.of(Connection.fromConnectionArn(stack, 'C', CODESTAR_ARN), 'my-org/my-app', { branch: 'main' });
    expect(source).toBeInstanceOf(pipelines.CodePipelineSource);
  });

  test('a token repository gets the library\'s message, before CDK Pipelines fails on the step id', () => {
    const stack = new Stack(new App(), 'Stack');
    const connection = Connection.fromConnectionArn(stack, 'C', CODESTAR_ARN);
    expect(() => ConnectionSource.of(connection, Token.asString({ Ref: 'Repo' }), { branch: 'main' }))
      .toThrow(/^Stack\/C: ConnectionSource\.of\(\): repository must be a string known at synth time \('owner\/repo'\): CDK Pipelines names the step after it/);
  });

  test.each([
    ['connection', () => ConnectionSource.of(undefined as any, 'my-org/my-app', { branch: 'main' }), /ConnectionSource\.of\(\): connection is required/],
    ['options', (c: any) => ConnectionSource.of(c, 'my-org/my-app', undefined as any), /ConnectionSource\.of\(\): options is required; pass e\.g\. \{ branch: 'main' \}/],
    ['branch', (c: any) => ConnectionSource.of(c, 'my-org/my-app', {} as any), /ConnectionSource\.of\(\): options\.branch is required/],
    ['repository', (c: any) => ConnectionSource.of(c, undefined as any, { branch: 'main' }), /ConnectionSource\.of\(\): repository is required/],
  ])('plain JavaScript without %s gets a clear error, not a TypeError', (_name, make, message) => {
    const stack = new Stack(new App(), 'Stack');
    let error: unknown;
    try {
      make(Connection.fromConnectionArn(stack, 'C', CODESTAR_ARN));
    } catch (e) {
      error = e;
    }
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as Error)?.message).toMatch(message);
  });

  test('a CDK pipeline on a connection created in the same app warns; with waitForAvailable it does not', () => {
    const warned = new Stack(new App(), 'Stack');
    cdkPipeline(warned, ConnectionSource.of(new Connection(warned, 'GitHub', { providerType: ProviderType.GITHUB }), 'my-org/my-app', { branch: 'main' }));
    const ours = Match.stringLikeRegexp('cdk-codeconnections:pipelineOnPendingConnection');
    expect(Annotations.fromStack(warned).findWarning('*', ours)).toHaveLength(1);

    const waited = new Stack(new App(), 'Stack');
    const connection = new Connection(waited, 'GitHub', { providerType: ProviderType.GITHUB, waitForAvailable: Duration.minutes(5) });
    cdkPipeline(waited, ConnectionSource.of(connection, 'my-org/my-app', { branch: 'main' }));
    expect(Annotations.fromStack(waited).findWarning('*', ours)).toHaveLength(0);
  });
});
