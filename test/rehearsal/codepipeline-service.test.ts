/**
 * The rehearsal's CodePipeline against the examples of AWS's user guide
 * ("Working with glob patterns in syntax", trigger filter examples), so the
 * monorepo rehearsal rests on the documented behaviour.
 */
import { codePipelineGlob, runsStartedBy, triggerProblems } from './codepipeline-service';

test.each([
  ['*.java', 'Main.java', true],
  ['*.java', 'src/Main.java', false],
  ['*.*', 'README.md', true],
  ['*.{java,class}', 'Main.class', true],
  ['*.{java,class}', 'Main.kt', false],
  ['foo.?', 'foo.c', true],
  ['foo.?', 'foo.cc', false],
  ['my-file.jar', 'my-file.jar', true],
  ['directory/my-file.jar', 'directory/my-file.jar', true],
  ['**', 'a/b/c.txt', true],
  ['directory/**', 'directory/a/b.txt', true],
  ['directory/*', 'directory/a.txt', true],
  ['directory/*', 'directory/a/b.txt', false],
  ['v[0-9]*', 'v1.2', true],
  ['v[!0-9]*', 'v1.2', false],
  ['release\\*', 'release*', true],
  ['release\\*', 'release1', false],
])('glob %j on %j: %s', (pattern, value, expected) => {
  expect(codePipelineGlob(pattern, value)).toBe(expected);
});

const pipeline = (triggers: any[] | undefined, detectChanges?: boolean) => ({
  Stages: [{ Actions: [{ Name: 'Src', ActionTypeId: { Provider: 'CodeStarSourceConnection' }, Configuration: { FullRepositoryId: 'o/r', BranchName: 'main', DetectChanges: detectChanges } }] }],
  Triggers: triggers,
});

test('without a trigger, a push to BranchName starts the pipeline, unless DetectChanges is false', () => {
  const push = { kind: 'push', repository: 'o/r', branch: 'main', files: ['a'] } as const;
  expect(runsStartedBy(new Map([['P', pipeline(undefined)]]), push)).toEqual([{ pipeline: 'P', action: 'Src', branch: 'main' }]);
  expect(runsStartedBy(new Map([['P', pipeline(undefined, false)]]), push)).toEqual([]);
  expect(runsStartedBy(new Map([['P', pipeline(undefined)]]), { ...push, branch: 'dev' })).toEqual([]);
});

test('excludes take precedence over includes', () => {
  const p = pipeline([{ ProviderType: 'CodeStarSourceConnection', GitConfiguration: { SourceActionName: 'Src', Push: [{ Branches: { Includes: ['release/**'], Excludes: ['release/old'] } }] } }]);
  const push = (branch: string) => ({ kind: 'push', repository: 'o/r', branch, files: ['a'] } as const);
  expect(runsStartedBy(new Map([['P', p]]), push('release/2'))).toHaveLength(1);
  expect(runsStartedBy(new Map([['P', p]]), push('release/old'))).toHaveLength(0);
});

test('CodePipeline refuses a trigger for a missing action, and two triggers for one action', () => {
  const t = { ProviderType: 'CodeStarSourceConnection', GitConfiguration: { SourceActionName: 'Src', Push: [{ Tags: { Includes: ['v*'] } }] } };
  expect(triggerProblems(pipeline([t]))).toEqual([]);
  expect(triggerProblems(pipeline([{ ...t, GitConfiguration: { ...t.GitConfiguration, SourceActionName: 'Other' } }])))
    .toEqual(['InvalidStructureException: trigger source action Other is not a source action of the pipeline']);
  expect(triggerProblems(pipeline([t, t]))).toEqual(['InvalidStructureException: more than one trigger for source action Src']);
});
