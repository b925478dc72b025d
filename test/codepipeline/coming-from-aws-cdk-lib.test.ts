/**
 * "Coming from aws-cdk-lib" (README): swapping aws-cdk-lib's source for the
 * library's in an existing app changes only the source action role's
 * policy, to the right prefix scoped to the repository. No resource is
 * added, removed or replaced: the two templates have the same resources,
 * byte for byte, but that one policy.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Connection, ConnectionSource, ConnectionSourceAction } from '../../src';

const ARN = 'arn:aws:codeconnections:eu-west-1:123456789012:connection/5b23d9fb-f5f5-413f-8e5e-7d807b89fa38';

function template(build: (stack: Stack) => void): Record<string, any> {
  const stack = new Stack(new App(), 'App', { env: { account: '123456789012', region: 'eu-west-1' } });
  build(stack);
  return Template.fromStack(stack).toJSON().Resources;
}

/** Logical ids whose resource differs, and the ids only one side has. */
function diff(before: Record<string, any>, after: Record<string, any>) {
  const ids = new Set([...Object.keys(before), ...Object.keys(after)]);
  return {
    added: [...ids].filter(id => !(id in before)),
    removed: [...ids].filter(id => !(id in after)),
    changed: [...ids].filter(id => id in before && id in after && JSON.stringify(before[id]) !== JSON.stringify(after[id])),
  };
}

function pipeline(stack: Stack, source: (output: codepipeline.Artifact) => codepipeline.IAction): void {
  const output = new codepipeline.Artifact();
  new codepipeline.Pipeline(stack, 'Pipeline', {
    stages: [
      { stageName: 'Source', actions: [source(output)] },
      {
        stageName: 'Build',
        actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'Build', project: new codebuild.PipelineProject(stack, 'Build'), input: output })],
      },
    ],
  });
}

test('CodeStarConnectionsSourceAction -> ConnectionSourceAction: only the source action role policy changes, to codeconnections: scoped to the repository', () => {
  const before = template(stack => pipeline(stack, output => new codepipeline_actions.CodeStarConnectionsSourceAction({
    actionName: 'GitHub', connectionArn: ARN, owner: 'my-org', repo: 'my-app', branch: 'main', output,
  })));
  const after = template(stack => pipeline(stack, output => new ConnectionSourceAction({
    actionName: 'GitHub', connection: Connection.fromConnectionArn(stack, 'GitHub', ARN), owner: 'my-org', repo: 'my-app', branch: 'main', output,
  })));

  const { added, removed, changed } = diff(before, after);
  expect({ added, removed }).toEqual({ added: [], removed: [] });
  expect(changed).toHaveLength(1);
  const [policyId] = changed;
  expect(before[policyId].Type).toBe('AWS::IAM::Policy');
  expect(policyId).toMatch(/^PipelineSourceGitHubCodePipelineActionRole.*DefaultPolicy/);

  const use = (resources: any) => resources[policyId].Properties.PolicyDocument.Statement.filter((s: any) => /UseConnection/.test(JSON.stringify(s.Action)));
  expect(use(before)).toEqual([{ Action: 'codestar-connections:UseConnection', Effect: 'Allow', Resource: ARN }]);
  expect(use(after)).toEqual([{
    Action: 'codeconnections:UseConnection',
    Effect: 'Allow',
    Resource: ARN,
    Condition: {
      StringEquals: { 'codeconnections:FullRepositoryId': 'my-org/my-app' },
      StringEqualsIfExists: { 'codeconnections:ProviderPermissionsRequired': 'read_only' },
    },
  }]);
  // Everything else in that policy (the artifact bucket, the action's own) is as it was.
  const rest = (resources: any) => resources[policyId].Properties.PolicyDocument.Statement.filter((s: any) => !/UseConnection/.test(JSON.stringify(s.Action)));
  expect(rest(after)).toEqual(rest(before));
});

test('CodePipelineSource.connection() -> ConnectionSource.of(): only the source action role policy changes', () => {
  const cdkPipeline = (stack: Stack, input: pipelines.IFileSetProducer) => new pipelines.CodePipeline(stack, 'CdkPipeline', {
    synth: new pipelines.ShellStep('Synth', { input, commands: ['npm ci', 'npx cdk synth'] }),
  });
  const before = template(stack => cdkPipeline(stack, pipelines.CodePipelineSource.connection('my-org/my-app', 'main', { connectionArn: ARN })));
  const after = template(stack => cdkPipeline(stack, ConnectionSource.of(Connection.fromConnectionArn(stack, 'GitHub', ARN), 'my-org/my-app', { branch: 'main' })));

  const { added, removed, changed } = diff(before, after);
  expect({ added, removed }).toEqual({ added: [], removed: [] });
  expect(changed).toHaveLength(1);
  expect(before[changed[0]].Type).toBe('AWS::IAM::Policy');
  const text = JSON.stringify(after[changed[0]]);
  expect(text).toContain('codeconnections:UseConnection');
  expect(text).not.toContain('codestar-connections:UseConnection');
  expect(JSON.stringify(before[changed[0]])).toContain('codestar-connections:UseConnection');
});
