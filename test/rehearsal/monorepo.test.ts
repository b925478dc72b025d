/**
 * Rehearsal: the monorepo integ app (integ/integ.monorepo.ts) deployed,
 * then Git events sent to it. CodePipeline (as test/rehearsal/codepipeline-service.ts
 * plays it from AWS's documentation) checks each pipeline's triggers when
 * CloudFormation creates it, and decides which pipelines an event starts;
 * each run's action role must then be allowed `UseConnection` with the
 * request context of that run (its repository, the branch it reads,
 * read-only), so no condition of the library refuses a run its filters
 * start.
 */
import { OperationResult } from './cloudformation';
import { GitEvent, runsStartedBy, StartedRun } from './codepipeline-service';
import { deployWithHandshakes, record, rehearse } from './harness';
import { allows, PolicyDocument } from './iam-evaluation';
import { integTemplate } from './rehearsal';

jest.setTimeout(120_000);

const APP = 'integ.monorepo.ts';
const STACK = 'CodeConnectionsMonorepoInteg';
const REPO = 'my-org/monorepo';

/** Logical id of the template's pipeline whose id starts with `prefix`. */
function pipelineId(template: any, prefix: string): string {
  const ids = Object.keys(template.Resources).filter(id => template.Resources[id].Type === 'AWS::CodePipeline::Pipeline' && id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}

/**
 * The policy documents of a source action's role, as deployed: the role is
 * found through the template (RoleArn is a GetAtt of it), the documents are
 * the deployed, resolved ones.
 */
function actionRoleDocuments(
  template: any, deployed: ReadonlyMap<string, { properties: any }>, pipeline: string, actionName: string,
): PolicyDocument[] {
  const action = template.Resources[pipeline].Properties.Stages[0].Actions.find((a: any) => a.Name === actionName);
  const roleId = action.RoleArn['Fn::GetAtt'][0];
  const attached = (roles: any[] | undefined) => (roles ?? []).some(r => r.Ref === roleId);
  const documents: PolicyDocument[] = [];
  for (const [id, resource] of Object.entries<any>(template.Resources)) {
    if ((resource.Type === 'AWS::IAM::Policy' || resource.Type === 'AWS::IAM::ManagedPolicy') && attached(resource.Properties.Roles)) {
      documents.push(deployed.get(id)!.properties.PolicyDocument);
    }
  }
  for (const ref of template.Resources[roleId].Properties.ManagedPolicyArns ?? []) {
    if (ref.Ref) {
      documents.push(deployed.get(ref.Ref)!.properties.PolicyDocument);
    }
  }
  documents.push(...(deployed.get(roleId)!.properties.Policies ?? []).map((p: any) => p.PolicyDocument));
  return documents;
}

/** The request context of a run's UseConnection call, under the prefix of the connection's ARN. */
function useContext(connectionArn: string, run: StartedRun): Record<string, string> {
  const ns = connectionArn.split(':')[2];
  return {
    [`${ns}:FullRepositoryId`]: REPO,
    [`${ns}:ProviderPermissionsRequired`]: 'read_only',
    ...(run.branch ? { [`${ns}:BranchName`]: run.branch } : {}),
  };
}

const push = (branch: string, ...files: string[]): GitEvent => ({ kind: 'push', repository: REPO, branch, files });
const tag = (name: string): GitEvent => ({ kind: 'tag', repository: REPO, tag: name });
const pullRequest = (event: 'OPEN' | 'UPDATED' | 'CLOSED', sourceBranch: string, destinationBranch: string, ...files: string[]): GitEvent =>
  ({ kind: 'pullRequest', repository: REPO, event, sourceBranch, destinationBranch, files });

/** Each event, and the pipelines (by id prefix) it must start. */
const EVENTS: Array<[string, GitEvent, string[]]> = [
  ['a push to main changing the API', push('main', 'services/api/src/handler.ts'), ['Api']],
  ['a push to main changing the web app', push('main', 'services/web/index.html'), ['Web']],
  ['a push to main changing the shared library', push('main', 'libs/shared/util.ts'), ['Api', 'Web']],
  ['a push to main changing only the API\'s docs', push('main', 'services/api/README.md'), []],
  ['a push to main changing docs and code', push('main', 'services/api/README.md', 'services/api/src/a.ts'), ['Api']],
  ['a push to main changing nothing of the services', push('main', 'infra/lib/stack.ts'), []],
  ['a push to a feature branch', push('feature/login', 'services/api/src/a.ts'), []],
  ['a release tag', tag('infra-v1.2.0'), ['Infra']],
  ['a release-candidate tag', tag('infra-v1.3.0-rc1'), []],
  ['another tag', tag('v1.2.0'), []],
  ['a pull request into main, opened, changing the API', pullRequest('OPEN', 'feature/login', 'main', 'services/api/src/a.ts'), ['Api']],
  ['the same pull request, updated', pullRequest('UPDATED', 'feature/login', 'main', 'services/api/src/a.ts'), ['Api']],
  ['the same pull request, closed (merged)', pullRequest('CLOSED', 'feature/login', 'main', 'services/api/src/a.ts'), []],
  ['a pull request into main changing the web app', pullRequest('OPEN', 'feature/css', 'main', 'services/web/a.css'), []],
  ['a pull request into develop changing the API', pullRequest('OPEN', 'feature/login', 'develop', 'services/api/src/a.ts'), []],
];

describe('integ.monorepo: deployed, then pushes, tags and pull requests', () => {
  const template = integTemplate(APP, STACK);
  let created: OperationResult;
  let deployed: ReadonlyMap<string, { type: string; properties: any }>;
  let pipelines: Map<string, Record<string, any>>;

  beforeAll(async () => {
    await rehearse({ region: 'eu-west-1', timeScale: 20 }, async r => {
      created = await deployWithHandshakes(r, STACK, template);
      deployed = r.cloudFormation.requireStack(STACK).resources;
    });
    pipelines = new Map([...deployed].filter(([, s]) => s.type === 'AWS::CodePipeline::Pipeline').map(([id, s]) => [id, s.properties]));
    const table = EVENTS.map(([what, event]) => `${what}: ${runsStartedBy(pipelines, event).map(run => `${run.pipeline} (${run.branch ?? 'tag'})`).join(', ') || 'none'}`);
    const triggers = [...pipelines].map(([id, p]) => `${id}: ${JSON.stringify(p.Triggers)}`);
    record('monorepo-triggers', STACK, created, ['', 'Triggers:', ...triggers, '', 'Runs started:', ...table].join('\n'));
  });

  test('the stack deploys: CodePipeline accepts every trigger, and the pipelines are created after the handshake', () => {
    expect(created.reason).toBeUndefined();
    expect(created.status).toBe('CREATE_COMPLETE');
    expect(pipelines.size).toBe(3);
    const statusId = Object.keys(template.Resources).find(id => template.Resources[id].Type === 'Custom::CodeConnectionsConnectionStatus')!;
    for (const id of pipelines.keys()) {
      expect(template.Resources[id].DependsOn).toContain(statusId);
    }
  });

  test.each(EVENTS.map(([what, event, expected]) => [what, expected, event] as const))('%s starts %j', (_, expected, event) => {
    const started = runsStartedBy(pipelines, event).map(run => run.pipeline);
    expect(started).toEqual(expected.map(prefix => pipelineId(template, `${prefix}Pipeline`)));
  });

  test('every run an event starts is allowed UseConnection with its own context (tag runs, pull request branches included)', () => {
    const runs = EVENTS.flatMap(([, event]) => runsStartedBy(pipelines, event));
    expect(new Set(runs.map(r => r.branch ?? '(tag)'))).toEqual(new Set(['main', 'feature/login', '(tag)']));
    for (const run of runs) {
      const action = pipelines.get(run.pipeline)!.Stages[0].Actions.find((a: any) => a.Name === run.action);
      const arn = action.Configuration.ConnectionArn;
      const ns = arn.split(':')[2];
      const documents = actionRoleDocuments(template, deployed, run.pipeline, run.action);
      expect({ run, allowed: allows(documents, `${ns}:UseConnection`, arn, useContext(arn, run)) }).toEqual({ run, allowed: true });
    }
  });

  test('the check can fail: a branch condition on the role would refuse the pull request runs', () => {
    const run = runsStartedBy(pipelines, EVENTS[10][1])[0];
    const action = pipelines.get(run.pipeline)!.Stages[0].Actions.find((a: any) => a.Name === run.action);
    const arn = action.Configuration.ConnectionArn;
    const ns = arn.split(':')[2];
    const pinned = actionRoleDocuments(template, deployed, run.pipeline, run.action).map(d => ({
      Statement: (Array.isArray(d.Statement) ? d.Statement : [d.Statement!]).map(s =>
        (JSON.stringify(s.Action).includes('UseConnection') ? { ...s, Condition: { ...s.Condition, StringEquals: { ...s.Condition?.StringEquals, [`${ns}:BranchName`]: 'main' } } } : s)),
    }));
    expect(run.branch).toBe('feature/login');
    expect(allows(pinned, `${ns}:UseConnection`, arn, useContext(arn, run))).toBe(false);
  });

  test('CodePipeline refuses a trigger that names no source action of the pipeline', async () => {
    const broken = JSON.parse(JSON.stringify(template));
    const id = pipelineId(broken, 'WebPipeline');
    broken.Resources[id].Properties.Triggers[0].GitConfiguration.SourceActionName = 'Renamed';
    const result = await rehearse({ region: 'eu-west-1', timeScale: 20 }, r => deployWithHandshakes(r, STACK, broken));
    expect(result.status).toBe('ROLLBACK_COMPLETE');
    expect(result.reason).toContain('InvalidStructureException: trigger source action Renamed is not a source action of the pipeline');
  });
});
