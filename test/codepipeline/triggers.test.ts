import * as fs from 'fs';
import * as path from 'path';
import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as codepipeline_actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { IConstruct } from 'constructs';
import { Connection, ConnectionSource, ConnectionSourceAction, ConnectionSourceActionProps, PullRequestEvent, PullRequestFilter, PushFilter } from '../../src';
import { globProblem } from '../../src/codepipeline/pipeline-triggers';

const CONNECTION_ARN = 'arn:aws:codeconnections:us-east-1:111111111111:connection/11111111-2222-4333-8444-555555555555';
const ACTION = 'CodeStarConnectionsSourceAction';

type Filters = Pick<ConnectionSourceActionProps, 'pushFilter' | 'pullRequestFilter' | 'triggerOnPush'>;

/** A pipeline whose source has the given filters (and a build, so the pipeline is valid). */
function pipelineWith(filters: Filters, pipelineProps: codepipeline.PipelineProps = { pipelineType: codepipeline.PipelineType.V2 }) {
  const stack = new Stack(new App(), 'Stack');
  const connection = Connection.fromConnectionArn(stack, 'Connection', CONNECTION_ARN);
  const output = new codepipeline.Artifact();
  const source = new ConnectionSourceAction({ actionName: ACTION, connection, owner: 'owner', repo: 'repo', branch: 'main', output, ...filters });
  const pipeline = new codepipeline.Pipeline(stack, 'Pipeline', pipelineProps);
  pipeline.addStage({ stageName: 'Source', actions: [source] });
  pipeline.addStage({
    stageName: 'Build',
    actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'Build', input: output, project: new codebuild.PipelineProject(stack, 'Project') })],
  });
  return { stack, pipeline, source, connection };
}

/** The rendered Triggers of the only pipeline. */
function triggersOf(stack: Stack): any[] | undefined {
  const pipelines_ = Template.fromStack(stack).findResources('AWS::CodePipeline::Pipeline');
  return Object.values(pipelines_)[0].Properties.Triggers;
}

/** The messages of a failed synth, one per error. */
function synthErrors(construct: IConstruct): string[] {
  try {
    (construct.node.root as App).synth();
    return [];
  } catch (err: any) {
    if (!String(err.message).startsWith('Validation failed')) {
      throw err;
    }
    return err.message.split('\n').slice(1);
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const eight = (prefix: string) => Array.from({ length: 8 }, (_, i) => `${prefix}${i}`);
const nine = (prefix: string) => Array.from({ length: 9 }, (_, i) => `${prefix}${i}`);

/**
 * aws-cdk-lib's own tests of the same feature
 * (packages/aws-cdk-lib/aws-codepipeline/test/triggers.test.ts), each case
 * through this library's props. Where the library differs on purpose, the
 * test says so.
 */
describe('ported from aws-cdk-lib aws-codepipeline triggers.test.ts', () => {
  test('can specify triggers with tags in pushFilter', () => {
    const { stack } = pipelineWith({ pushFilter: [{ tagsExcludes: ['exclude1', 'exclude2'], tagsIncludes: ['include1', 'include2'] }] });
    Template.fromStack(stack).hasResourceProperties('AWS::CodePipeline::Pipeline', {
      PipelineType: 'V2',
      Triggers: [{
        GitConfiguration: {
          SourceActionName: ACTION,
          Push: [{ Tags: { Excludes: ['exclude1', 'exclude2'], Includes: ['include1', 'include2'] } }],
        },
        ProviderType: 'CodeStarSourceConnection',
      }],
    });
  });

  test('can specify triggers with branches in pushFilter', () => {
    const { stack } = pipelineWith({ pushFilter: [{ branchesExcludes: ['exclude1', 'exclude2'], branchesIncludes: ['include1', 'include2'] }] });
    expect(triggersOf(stack)).toEqual([{
      GitConfiguration: { SourceActionName: ACTION, Push: [{ Branches: { Excludes: ['exclude1', 'exclude2'], Includes: ['include1', 'include2'] } }] },
      ProviderType: 'CodeStarSourceConnection',
    }]);
  });

  test('can specify triggers with branches and file paths in pushFilter', () => {
    const { stack } = pipelineWith({
      pushFilter: [{
        branchesExcludes: ['exclude1', 'exclude2'],
        branchesIncludes: ['include1', 'include2'],
        filePathsExcludes: ['/path/to/exclude1', '/path/to/exclude2'],
        filePathsIncludes: ['/path/to/include1', '/path/to/include1'.replace('1', '2')],
      }],
    });
    expect(triggersOf(stack)![0].GitConfiguration.Push).toEqual([{
      Branches: { Excludes: ['exclude1', 'exclude2'], Includes: ['include1', 'include2'] },
      FilePaths: { Excludes: ['/path/to/exclude1', '/path/to/exclude2'], Includes: ['/path/to/include1', '/path/to/include2'] },
    }]);
  });

  test('can specify triggers with branches in pullRequestFilter', () => {
    const { stack } = pipelineWith({ pullRequestFilter: [{ branchesExcludes: ['exclude1', 'exclude2'], branchesIncludes: ['include1', 'include2'] }] });
    expect(triggersOf(stack)![0].GitConfiguration).toEqual({
      SourceActionName: ACTION,
      PullRequest: [{ Branches: { Excludes: ['exclude1', 'exclude2'], Includes: ['include1', 'include2'] }, Events: ['OPEN', 'UPDATED', 'CLOSED'] }],
    });
  });

  test('can specify triggers with branches and file paths in pullRequestFilter', () => {
    const { stack } = pipelineWith({
      pullRequestFilter: [{ branchesIncludes: ['include1'], filePathsExcludes: ['/path/to/exclude1'], filePathsIncludes: ['/path/to/include1'] }],
    });
    expect(triggersOf(stack)![0].GitConfiguration.PullRequest).toEqual([{
      Branches: { Includes: ['include1'] },
      FilePaths: { Excludes: ['/path/to/exclude1'], Includes: ['/path/to/include1'] },
      Events: ['OPEN', 'UPDATED', 'CLOSED'],
    }]);
  });

  test('can specify triggers with branches and events in pullRequestFilter', () => {
    const { stack } = pipelineWith({
      pullRequestFilter: [{ branchesIncludes: ['include1'], events: [PullRequestEvent.OPEN, PullRequestEvent.CLOSED] }],
    });
    expect(triggersOf(stack)![0].GitConfiguration.PullRequest).toEqual([{ Branches: { Includes: ['include1'] }, Events: ['OPEN', 'CLOSED'] }]);
  });

  test('can specify multiple triggers (one per source action)', () => {
    const stack = new Stack(new App(), 'Stack');
    const connection = Connection.fromConnectionArn(stack, 'Connection', CONNECTION_ARN);
    const a = new codepipeline.Artifact('A');
    const b = new codepipeline.Artifact('B');
    const pipeline = new codepipeline.Pipeline(stack, 'Pipeline', { pipelineType: codepipeline.PipelineType.V2 });
    pipeline.addStage({
      stageName: 'Source',
      actions: [
        new ConnectionSourceAction({ actionName: 'Api', connection, owner: 'o', repo: 'mono', branch: 'main', output: a, pushFilter: [{ branchesIncludes: ['main'], filePathsIncludes: ['api/**'] }] }),
        new ConnectionSourceAction({ actionName: 'Web', connection, owner: 'o', repo: 'web', branch: 'main', output: b, pullRequestFilter: [{ branchesIncludes: ['main'] }] }),
      ],
    });
    pipeline.addStage({
      stageName: 'Build',
      actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'Build', input: a, extraInputs: [b], project: new codebuild.PipelineProject(stack, 'Project') })],
    });
    expect(triggersOf(stack)!.map(t => t.GitConfiguration.SourceActionName)).toEqual(['Api', 'Web']);
  });

  test('a trigger of aws-cdk-lib (pipeline.addTrigger) for another action renders first, then the library\'s', () => {
    const { stack, pipeline, connection } = pipelineWith({ pushFilter: [{ branchesIncludes: ['main'] }] });
    const other = new ConnectionSourceAction({ actionName: 'Other', connection, owner: 'owner', repo: 'other', branch: 'main', output: new codepipeline.Artifact('Other') });
    pipeline.stages[0].addAction(other);
    pipeline.addTrigger({
      providerType: codepipeline.ProviderType.CODE_STAR_SOURCE_CONNECTION,
      gitConfiguration: { sourceAction: other, pushFilter: [{ tagsIncludes: ['v*'] }] },
    });
    expect(triggersOf(stack)!.map(t => [t.GitConfiguration.SourceActionName, Object.keys(t.GitConfiguration.Push[0])])).toEqual([
      ['Other', ['Tags']],
      [ACTION, ['Branches']],
    ]);
  });

  test.each([
    ['tagsExcludes', { tagsExcludes: [], tagsIncludes: ['include1'] }, 'Push', 'Tags', { Includes: ['include1'] }],
    ['tagsIncludes', { tagsExcludes: ['exclude1'], tagsIncludes: [] }, 'Push', 'Tags', { Excludes: ['exclude1'] }],
    ['branchesExcludes (pull request)', { branchesExcludes: [], branchesIncludes: ['include1'] }, 'PullRequest', 'Branches', { Includes: ['include1'] }],
    ['branchesIncludes (pull request)', { branchesExcludes: ['exclude1'], branchesIncludes: [] }, 'PullRequest', 'Branches', { Excludes: ['exclude1'] }],
    ['filePathsExcludes (pull request)', { branchesIncludes: ['b'], filePathsExcludes: [], filePathsIncludes: ['/include1'] }, 'PullRequest', 'FilePaths', { Includes: ['/include1'] }],
    ['filePathsIncludes (pull request)', { branchesIncludes: ['b'], filePathsExcludes: ['/exclude1'], filePathsIncludes: [] }, 'PullRequest', 'FilePaths', { Excludes: ['/exclude1'] }],
  ])('empty %s is left out', (_, filter, kind, criteria, expected) => {
    const { stack } = pipelineWith(kind === 'Push' ? { pushFilter: [filter as PushFilter] } : { pullRequestFilter: [filter as PullRequestFilter] });
    expect(triggersOf(stack)![0].GitConfiguration[kind][0][criteria]).toEqual(expected);
  });

  test.each([
    ['left out', undefined],
    ['empty', []],
  ])('events %s in a pull request filter are all events', (_, events) => {
    const { stack } = pipelineWith({ pullRequestFilter: [{ branchesIncludes: ['main'], events }] });
    expect(triggersOf(stack)![0].GitConfiguration.PullRequest[0].Events).toEqual(['OPEN', 'UPDATED', 'CLOSED']);
  });

  test.each([
    ['pushFilter', 'tagsExcludes', { tagsExcludes: nine('t') }],
    ['pushFilter', 'tagsIncludes', { tagsIncludes: nine('t') }],
    ['pushFilter', 'branchesExcludes', { branchesExcludes: nine('b') }],
    ['pushFilter', 'branchesIncludes', { branchesIncludes: nine('b') }],
    ['pushFilter', 'filePathsExcludes', { branchesIncludes: ['main'], filePathsExcludes: nine('/p') }],
    ['pushFilter', 'filePathsIncludes', { branchesIncludes: ['main'], filePathsIncludes: nine('/p') }],
    ['pullRequestFilter', 'branchesExcludes', { branchesExcludes: nine('b') }],
    ['pullRequestFilter', 'branchesIncludes', { branchesIncludes: nine('b') }],
    ['pullRequestFilter', 'filePathsExcludes', { branchesIncludes: ['main'], filePathsExcludes: nine('/p') }],
    ['pullRequestFilter', 'filePathsIncludes', { branchesIncludes: ['main'], filePathsIncludes: nine('/p') }],
  ])('throws if %s %s lists more than 8 patterns', (kind, list, filter) => {
    expect(() => pipelineWith({ [kind]: [filter] })).toThrow(
      new RegExp(`^Stack/Pipeline/Source/${ACTION}: ConnectionSourceAction '${ACTION}': ${kind}\\[0\\]\\.${list} must list at most 8 patterns \\(CodePipeline's limit\\), got 9`));
  });

  test('8 patterns in a list are allowed', () => {
    const { stack } = pipelineWith({ pushFilter: [{ branchesIncludes: eight('b'), filePathsIncludes: eight('/p') }] });
    expect(triggersOf(stack)![0].GitConfiguration.Push[0].FilePaths.Includes).toHaveLength(8);
  });

  test('throws if branches are not specified in a pull request filter', () => {
    expect(() => pipelineWith({ pullRequestFilter: [{ filePathsIncludes: ['/path'] }] }))
      .toThrow(/pullRequestFilter\[0\]: a pull request filter needs branches \(the pull request's destination\), e\.g\. \{ branchesIncludes: \['main'\] \}/);
  });

  test('duplicate events in a pull request filter are listed once', () => {
    const { stack } = pipelineWith({
      pullRequestFilter: [{ branchesIncludes: ['include1'], events: [PullRequestEvent.OPEN, PullRequestEvent.OPEN, PullRequestEvent.CLOSED] }],
    });
    expect(triggersOf(stack)![0].GitConfiguration.PullRequest[0].Events).toEqual(['OPEN', 'CLOSED']);
  });

  test('an empty push filter list is left out', () => {
    const { stack } = pipelineWith({ pushFilter: [], pullRequestFilter: [{ branchesExcludes: ['exclude1'] }] });
    expect(triggersOf(stack)![0].GitConfiguration.Push).toBeUndefined();
    expect(triggersOf(stack)![0].GitConfiguration.PullRequest).toHaveLength(1);
  });

  test('an empty pull request filter list is left out', () => {
    const { stack } = pipelineWith({ pushFilter: [{ tagsExcludes: ['exclude1'] }], pullRequestFilter: [] });
    expect(triggersOf(stack)![0].GitConfiguration.PullRequest).toBeUndefined();
  });

  test.each(['pushFilter', 'pullRequestFilter'])('throws if %s has more than 3 filters', kind => {
    const four = [1, 2, 3, 4].map(i => ({ branchesIncludes: [`include${i}`] }));
    expect(() => pipelineWith({ [kind]: four }))
      .toThrow(new RegExp(`${kind} must be a list of at most 3 filters \\(CodePipeline's limit per trigger\\), got 4`));
  });

  // aws-cdk-lib refuses a Trigger without filters; a source without filters
  // is the library's ordinary source (no trigger, change detection on).
  test('neither filter: no trigger, and the action keeps its change detection', () => {
    const { stack } = pipelineWith({});
    expect(triggersOf(stack)).toBeUndefined();
    Template.fromStack(stack).hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({
        Actions: [Match.objectLike({ Configuration: Match.objectLike({ DetectChanges: Match.absent() }) })],
      })]),
    });
  });

  test('throws if both filter lists are empty', () => {
    expect(() => pipelineWith({ pushFilter: [], pullRequestFilter: [] }))
      .toThrow(/pushFilter and pullRequestFilter are both empty: give at least one filter, or leave both out/);
  });

  // aws-cdk-lib's "provider must be CodeStarSourceConnection" cannot happen:
  // the filters are props of the CodeStarSourceConnection action itself.

  test('throws if aws-cdk-lib\'s trigger and the library\'s filters target the same action', () => {
    const { pipeline, source } = pipelineWith({ pushFilter: [{ branchesIncludes: ['main'] }] });
    pipeline.addTrigger({
      providerType: codepipeline.ProviderType.CODE_STAR_SOURCE_CONNECTION,
      gitConfiguration: { sourceAction: source, pushFilter: [{ tagsIncludes: ['v*'] }] },
    });
    expect(synthErrors(pipeline)).toEqual([expect.stringMatching(
      new RegExp(`Stack/Pipeline/Source/${ACTION}: ConnectionSourceAction '${ACTION}' has trigger filters, and the pipeline has a trigger of its own for this action .*CodePipeline allows one trigger per source action`))]);
  });

  test.each([
    ['V1', codepipeline.PipelineType.V1, 'V1'],
    ['left out', undefined, 'V1 \\(the default\\)'],
  ])('throws if pipelineType is %s', (_, type, shown) => {
    const { pipeline } = pipelineWith({ pushFilter: [{ tagsIncludes: ['v*'] }] }, { pipelineType: type });
    expect(synthErrors(pipeline)).toEqual([expect.stringMatching(new RegExp(
      `Stack/Pipeline/Source/${ACTION}: ConnectionSourceAction '${ACTION}': trigger filters need a V2 pipeline, and Stack/Pipeline is ${shown}\\. Pass pipelineType: codepipeline\\.PipelineType\\.V2`))]);
  });
});

describe('trigger filters: what the library adds', () => {
  test.each([true, false])('triggerOnPush: %s with filters is refused (the trigger turns change detection off)', triggerOnPush => {
    expect(() => pipelineWith({ triggerOnPush, pushFilter: [{ branchesIncludes: ['main'] }] })).toThrow(
      `Stack/Pipeline/Source/${ACTION}: ConnectionSourceAction '${ACTION}': triggerOnPush is ${triggerOnPush}, and the action has trigger filters, whose trigger replaces change detection (CodePipeline turns it off): leave triggerOnPush out`);
  });

  test.each([
    [{ tagsIncludes: ['v*'], branchesIncludes: ['main'] }, /pushFilter\[0\]: tags cannot be combined with branches or file paths in one push filter .*put the tags in a filter of their own/],
    [{ tagsIncludes: ['v*'], filePathsIncludes: ['src/**'] }, /pushFilter\[0\]: tags cannot be combined with branches or file paths/],
    [{ filePathsIncludes: ['src/**'] }, /pushFilter\[0\]: a push filter needs branches or tags \(file paths go with branches\), e\.g\. \{ branchesIncludes: \['main'\] \}/],
    [{}, /pushFilter\[0\]: a push filter needs branches or tags, e\.g\./],
    [{ branchesIncludes: ['main'], events: ['OPEN'] }, /pushFilter\[0\]: a push filter has no events \(they belong to a pullRequestFilter\)/],
  ])('push filter %j: refused with CodePipeline\'s valid combinations', (filter, message) => {
    expect(() => pipelineWith({ pushFilter: [filter as PushFilter] })).toThrow(message);
  });

  test('a pull request filter has no tags', () => {
    expect(() => pipelineWith({ pullRequestFilter: [{ branchesIncludes: ['main'], tagsIncludes: ['v*'] } as PullRequestFilter] }))
      .toThrow(/pullRequestFilter\[0\]: a pull request filter has no tags/);
  });

  test('an unknown event names the value and the allowed ones', () => {
    expect(() => pipelineWith({ pullRequestFilter: [{ branchesIncludes: ['main'], events: ['MERGED' as PullRequestEvent] }] }))
      .toThrow("pullRequestFilter[0].events: 'MERGED' is not a pull request event: use PullRequestEvent.OPEN, UPDATED or CLOSED");
  });

  test('with filters the action turns change detection off, as the CodePipeline console does', () => {
    const { stack } = pipelineWith({ pushFilter: [{ branchesIncludes: ['main'] }] });
    Template.fromStack(stack).hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: Match.arrayWith([Match.objectLike({ Actions: [Match.objectLike({ Configuration: Match.objectLike({ DetectChanges: false, BranchName: 'main' }) })] })]),
    });
  });

  test('every problem is reported at once, with the action\'s path', () => {
    expect(() => pipelineWith({ pushFilter: [{ filePathsIncludes: ['a/**'] }], pullRequestFilter: [{ events: [PullRequestEvent.OPEN] }] })).toThrow(
      new RegExp(`^Stack/Pipeline/Source/${ACTION}: ConnectionSourceAction '${ACTION}': pushFilter\\[0\\]: a push filter needs branches or tags .*; pullRequestFilter\\[0\\]: a pull request filter needs branches`));
  });

  test('duplicate patterns and duplicate filters are refused (CloudFormation requires unique items)', () => {
    expect(() => pipelineWith({ pushFilter: [{ branchesIncludes: ['main', 'main'] }] }))
      .toThrow("pushFilter[0].branchesIncludes lists 'main' (4 characters) twice (CloudFormation requires unique items): remove one");
    expect(() => pipelineWith({ pushFilter: [{ tagsIncludes: ['v*'] }, { tagsIncludes: ['v*'] }] }))
      .toThrow('pushFilter[1] is the same filter as pushFilter[0] (CloudFormation requires unique filters)');
  });

  test.each([
    ['a'.repeat(256), 'must be 1-255 characters long'],
    [' main', 'has white space at an end'],
    ['release/[', "opens a '[' it never closes"],
    ['release/[]x', "has an empty '[]', which matches nothing"],
    ['{api,web', "opens a '{' it never closes"],
    ['api}', "closes a '}' it never opened"],
    ['{}', "has an empty '{}'"],
    ['src\\', "ends with '\\', which escapes nothing"],
    ['{a,{b,c}}', "nests a '{' group in another"],
  ])('glob %j is refused: %s', (pattern, rule) => {
    expect(globProblem(pattern)).toContain(rule);
    expect(() => pipelineWith({ pushFilter: [{ branchesIncludes: ['main'], filePathsIncludes: [pattern] }] }))
      .toThrow(`pushFilter[0].filePathsIncludes: pattern ${JSON.stringify(pattern).replace(/^"|"$/g, "'").replace(/\\\\/g, '\\')}`.slice(0, 60));
  });

  test.each(['main', 'release/**', 'services/{api,web}/**', '**/*.md', 'v[0-9]*', 'feature\\[x]', '[\\]x', '{a,[}]}', 'a'.repeat(255)])('glob %j is accepted', pattern => {
    expect(globProblem(pattern)).toBeUndefined();
  });

  test('a token pattern passes validation and renders as given', () => {
    const stack = new Stack(new App(), 'Stack');
    const connection = Connection.fromConnectionArn(stack, 'Connection', CONNECTION_ARN);
    const branch = new CfnParameter(stack, 'Branch').valueAsString;
    const output = new codepipeline.Artifact();
    const pipeline = new codepipeline.Pipeline(stack, 'Pipeline', { pipelineType: codepipeline.PipelineType.V2 });
    pipeline.addStage({ stageName: 'Source', actions: [new ConnectionSourceAction({ actionName: 'S', connection, owner: 'o', repo: 'r', branch: 'main', output, pushFilter: [{ branchesIncludes: [branch] }] })] });
    pipeline.addStage({ stageName: 'Build', actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'B', input: output, project: new codebuild.PipelineProject(stack, 'P') })] });
    expect(triggersOf(stack)![0].GitConfiguration.Push[0].Branches.Includes).toEqual([{ Ref: 'Branch' }]);
  });

  test('more than 50 triggers in a pipeline are refused (CodePipeline\'s limit)', () => {
    const stack = new Stack(new App(), 'Stack');
    const connection = Connection.fromConnectionArn(stack, 'Connection', CONNECTION_ARN);
    const pipeline = new codepipeline.Pipeline(stack, 'Pipeline', { pipelineType: codepipeline.PipelineType.V2 });
    const outputs = Array.from({ length: 51 }, (_, i) => new codepipeline.Artifact(`O${i}`));
    pipeline.addStage({
      stageName: 'Source',
      actions: outputs.map((output, i) => new ConnectionSourceAction({ actionName: `S${i}`, connection, owner: 'o', repo: `r${i}`, branch: 'main', output, pushFilter: [{ branchesIncludes: ['main'] }] })),
    });
    pipeline.addStage({ stageName: 'Build', actions: [new codepipeline_actions.CodeBuildAction({ actionName: 'B', input: outputs[0], extraInputs: outputs.slice(1), project: new codebuild.PipelineProject(stack, 'P') })] });
    expect(synthErrors(pipeline)).toContain('  [Stack/Pipeline] 51 triggers; CodePipeline allows at most 50 per pipeline: split the sources across pipelines');
  });

  test('the same app synthesizes byte-identical templates', () => {
    const render = () => JSON.stringify(Template.fromStack(pipelineWith({
      pushFilter: [{ branchesIncludes: ['main'], filePathsIncludes: ['api/**'] }, { tagsIncludes: ['v*'] }],
      pullRequestFilter: [{ branchesIncludes: ['main'], events: [PullRequestEvent.OPEN] }],
    }).stack).toJSON());
    expect(render()).toEqual(render());
  });

  test('the action still grants only its repository, read-only, whatever the filters', () => {
    const { stack } = pipelineWith({ pushFilter: [{ branchesIncludes: ['*'] }] });
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    const uses = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => JSON.stringify(s.Action).includes('UseConnection'));
    expect(uses).toEqual([expect.objectContaining({
      Resource: CONNECTION_ARN,
      Condition: {
        StringEquals: { 'codeconnections:FullRepositoryId': 'owner/repo' },
        StringEqualsIfExists: { 'codeconnections:ProviderPermissionsRequired': 'read_only' },
      },
    })]);
  });
});

describe('trigger filters in CDK Pipelines (ConnectionSource.of)', () => {
  function cdkPipeline(options: Partial<Parameters<typeof ConnectionSource.of>[2]>, v2 = true) {
    const stack = new Stack(new App(), 'Stack');
    const connection = Connection.fromConnectionArn(stack, 'Connection', CONNECTION_ARN);
    const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
      codePipeline: new codepipeline.Pipeline(stack, 'CodePipeline', { pipelineType: v2 ? codepipeline.PipelineType.V2 : codepipeline.PipelineType.V1 }),
      synth: new pipelines.ShellStep('Synth', {
        input: ConnectionSource.of(connection, 'my-org/monorepo', { branch: 'main', ...options }),
        commands: ['npx cdk synth'],
      }),
    });
    return { stack, pipeline };
  }

  test('a file path filter becomes the trigger of the source CDK Pipelines builds', () => {
    const { stack } = cdkPipeline({ pushFilter: [{ branchesIncludes: ['main'], filePathsIncludes: ['infra/**'] }] });
    expect(triggersOf(stack)).toEqual([{
      ProviderType: 'CodeStarSourceConnection',
      GitConfiguration: { SourceActionName: 'my-org_monorepo', Push: [{ Branches: { Includes: ['main'] }, FilePaths: { Includes: ['infra/**'] } }] },
    }]);
  });

  test('the trigger names the action by its actionName when given', () => {
    const { stack } = cdkPipeline({ actionName: 'Checkout', pushFilter: [{ tagsIncludes: ['release-*'] }] });
    expect(triggersOf(stack)![0].GitConfiguration.SourceActionName).toEqual('Checkout');
  });

  test('a V1 CDK pipeline is refused with the way to a V2 one', () => {
    const { stack } = cdkPipeline({ pushFilter: [{ tagsIncludes: ['v*'] }] }, false);
    expect(() => Template.fromStack(stack)).toThrow(/trigger filters need a V2 pipeline, and Stack\/CodePipeline is V1\. .*codePipeline: new codepipeline\.Pipeline\(this, 'Pipeline', \{ pipelineType: codepipeline\.PipelineType\.V2 \}\)/);
  });
});

describe('the README\'s table of trigger mistakes', () => {
  /** The table rows under "Pipelines that run on what changed": [mistake, abridged error]. */
  function readmeRows(): string[][] {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.split('## Pipelines that run on what changed')[1].split('\n## ')[0];
    return section.split('\n').filter(l => l.startsWith('| ') && !l.startsWith('| Mistake') && !l.startsWith('| ---'))
      .map(l => l.split(' | ').map(c => c.replace(/^\| |\s\|$/g, '')));
  }

  /** The error each row's mistake gives, in the table's order. */
  const MISTAKES: Array<() => unknown> = [
    () => synthErrors(pipelineWith({ pushFilter: [{ tagsIncludes: ['v*'] }] }, {}).pipeline).join('\n'),
    () => pipelineWith({ pushFilter: [{ tagsIncludes: ['v*'], branchesIncludes: ['main'] }] }),
    () => pipelineWith({ pushFilter: [{ filePathsIncludes: ['src/**'] }] }),
    () => pipelineWith({ pullRequestFilter: [{ filePathsIncludes: ['src/**'] }] }),
    () => pipelineWith({ pushFilter: [1, 2, 3, 4].map(i => ({ branchesIncludes: [`b${i}`] })) }),
    () => pipelineWith({ pushFilter: [{ branchesIncludes: ['main'], filePathsIncludes: ['services/{api'] }] }),
    () => pipelineWith({ triggerOnPush: false, pushFilter: [{ branchesIncludes: ['main'] }] }),
    () => pipelineWith({ pushFilter: [{ branchesIncludes: ['main', 'main'] }] }),
    () => pipelineWith({ pullRequestFilter: [{ branchesIncludes: ['main'], events: ['MERGED' as PullRequestEvent] }] }),
    () => {
      const { pipeline, source } = pipelineWith({ pushFilter: [{ branchesIncludes: ['main'] }] });
      pipeline.addTrigger({ providerType: codepipeline.ProviderType.CODE_STAR_SOURCE_CONNECTION, gitConfiguration: { sourceAction: source, pushFilter: [{ tagsIncludes: ['v*'] }] } });
      return synthErrors(pipeline).join('\n');
    },
  ];

  test('every row is a mistake the library refuses with that message', () => {
    const rows = readmeRows();
    expect(rows).toHaveLength(MISTAKES.length);
    rows.forEach(([, error], i) => {
      let message: string;
      try {
        message = String(MISTAKES[i]());
      } catch (e) {
        message = (e as Error).message;
      }
      for (const fragment of error.replace(/^`|`$/g, '').split(/\s*\(\.\.\.\)\s*|\s*\.\.\.\s*/).filter(Boolean)) {
        expect({ row: i, message: message.includes(fragment) ? 'contains it' : message }).toEqual({ row: i, message: 'contains it' });
      }
    });
  });
});
