/**
 * CloudFormation's part in a deployment, for one account and region:
 * stacks created, updated and deleted from synthesized templates.
 *
 * - Order: a resource starts once everything it references (Ref,
 *   Fn::GetAtt, Fn::Sub, DependsOn) is done; independent resources run at
 *   the same time.
 * - Values: intrinsics are resolved when a resource starts, from the
 *   physical ids and attributes of the resources it references
 *   (intrinsics.ts); what cannot be resolved fails the operation.
 * - Update: unchanged resources are left alone; a change to a property the
 *   schema marks as replacing creates a new resource and deletes (or keeps,
 *   by UpdateReplacePolicy) the old one in the cleanup phase; a custom
 *   resource that answers a new physical id is replaced the same way.
 * - Failure: new work stops, work in progress finishes, and the operation
 *   rolls back: a failed create deletes what it created (keeping what has
 *   DeletionPolicy Retain; RetainExceptOnCreate is deleted here, as
 *   CloudFormation does), a failed update restores the old properties and
 *   deletes what it created.
 * - Delete: dependents first, by DeletionPolicy (Retain and
 *   RetainExceptOnCreate keep the resource).
 * - Outputs are resolved after the resources, and printed as `cdk deploy`
 *   prints them.
 */
import { randomUUID } from 'crypto';
import { NO_VALUE, references, resolve, ResolveContext, ResolveError } from './intrinsics';
import {
  CdkMetadataProvider, CodeBuildProjectProvider, CodePipelineProvider, ConnectionProvider, CustomResourceProvider, ExistingResource,
  FunctionProvider, GenericProvider, HostProvider, LogGroupProvider, ProviderContext, ProviderServices, ResourceFailure, ResourceProvider, same,
} from './resource-providers';

export interface CloudFormationOptions extends ProviderServices {
  readonly account: string;
  readonly region: string;
  readonly partition?: string;
  /** Values of SSM parameters that templates read (`AWS::SSM::Parameter::Value<...>`). */
  readonly ssmParameters?: Record<string, string>;
}

export interface DeployOptions {
  readonly parameters?: Record<string, string>;
  /** Resources whose create fails, with the reason (as another service would fail them). */
  readonly failCreate?: Record<string, string>;
}

export type StackStatus =
  | 'CREATE_COMPLETE' | 'ROLLBACK_COMPLETE' | 'UPDATE_COMPLETE' | 'UPDATE_ROLLBACK_COMPLETE' | 'DELETE_COMPLETE' | 'DELETE_FAILED';

export interface ResourceState extends ExistingResource {
  readonly logicalId: string;
  readonly type: string;
  readonly deletionPolicy: string;
  readonly updateReplacePolicy: string;
  /** Virtual times. */
  readonly startedAt: number;
  readonly completedAt: number;
}

export interface StackEvent {
  readonly at: number;
  readonly logicalId: string;
  readonly type: string;
  readonly status: string;
  readonly physicalId?: string;
  readonly reason?: string;
}

export interface OperationResult {
  readonly status: StackStatus;
  /** The first failure's reason, when the operation rolled back. */
  readonly reason?: string;
  readonly outputs: Record<string, string>;
  /** Resources kept (not deleted) by this operation although the stack no longer has them. */
  readonly retained: ResourceState[];
  readonly events: StackEvent[];
}

export interface Stack {
  readonly name: string;
  readonly stackId: string;
  template: any;
  status: StackStatus;
  readonly resources: Map<string, ResourceState>;
  outputs: Record<string, string>;
  readonly events: StackEvent[];
}

const PSEUDO_URL_SUFFIX: Record<string, string> = { 'aws': 'amazonaws.com', 'aws-cn': 'amazonaws.com.cn', 'aws-us-gov': 'amazonaws.com' };

export class CloudFormation {
  /** The outputs of a stack as `cdk deploy` prints them. */
  public static printOutputs(stackName: string, outputs: Record<string, string>): string {
    const keys = Object.keys(outputs).sort();
    return [` ✅  ${stackName}`, '', 'Outputs:', ...keys.map(k => `${stackName}.${k} = ${outputs[k]}`)].join('\n');
  }

  public readonly stacks = new Map<string, Stack>();
  public readonly customResources: CustomResourceProvider;
  /** Every resource a stack operation kept although no stack holds it any more. */
  public readonly orphans: ResourceState[] = [];

  private readonly exports = new Map<string, { stack: string; value: unknown }>();
  private readonly providers: Record<string, ResourceProvider>;
  private readonly generic: GenericProvider;
  private readonly partition: string;

  constructor(private readonly options: CloudFormationOptions) {
    this.partition = options.partition ?? 'aws';
    this.customResources = new CustomResourceProvider(options);
    this.generic = new GenericProvider(options);
    this.providers = {
      'AWS::CodeConnections::Connection': new ConnectionProvider(options, options.region),
      'AWS::CodeConnections::Host': new HostProvider(options, options.region),
      'AWS::Lambda::Function': new FunctionProvider(options),
      'AWS::Logs::LogGroup': new LogGroupProvider(options),
      'AWS::CodeBuild::Project': new CodeBuildProjectProvider(options),
      'AWS::CodePipeline::Pipeline': new CodePipelineProvider(options),
      'AWS::CDK::Metadata': new CdkMetadataProvider(),
    };
  }

  /** `cdk deploy`: creates the stack, or updates it. A stack in ROLLBACK_COMPLETE is deleted first, as the CLI does. */
  public async deploy(name: string, template: any, options: DeployOptions = {}): Promise<OperationResult> {
    let stack = this.stacks.get(name);
    if (stack?.status === 'ROLLBACK_COMPLETE' || stack?.status === 'DELETE_COMPLETE') {
      if (stack.status === 'ROLLBACK_COMPLETE') {
        await this.deleteStack(name);
      }
      this.stacks.delete(name);
      stack = undefined;
    }
    if (!stack) {
      stack = {
        name,
        stackId: `arn:${this.partition}:cloudformation:${this.options.region}:${this.options.account}:stack/${name}/${randomUUID()}`,
        template: { Resources: {} },
        status: 'CREATE_COMPLETE',
        resources: new Map(),
        outputs: {},
        events: [],
      };
      this.stacks.set(name, stack);
      return this.run(stack, template, options, true);
    }
    return this.run(stack, template, options, false);
  }

  public async deleteStack(name: string): Promise<OperationResult> {
    const stack = this.requireStack(name);
    const eventsFrom = stack.events.length;
    const retained: ResourceState[] = [];
    const failures: string[] = [];
    const all = [...stack.resources.values()];
    await this.inReverseOrder(stack, stack.template, all, async r => {
      const keep = r.deletionPolicy === 'Retain' || r.deletionPolicy === 'RetainExceptOnCreate';
      try {
        await this.remove(stack, r, keep);
      } catch (e) {
        failures.push(`${r.logicalId}: ${(e as Error).message}`);
        return;
      }
      if (keep) {
        retained.push(r);
      }
      stack.resources.delete(r.logicalId);
    });
    for (const [exportName, exp] of this.exports) {
      if (exp.stack === name) {
        this.exports.delete(exportName);
      }
    }
    stack.status = failures.length ? 'DELETE_FAILED' : 'DELETE_COMPLETE';
    this.orphans.push(...retained);
    return { status: stack.status, reason: failures[0], outputs: {}, retained, events: stack.events.slice(eventsFrom) };
  }

  public requireStack(name: string): Stack {
    const stack = this.stacks.get(name);
    if (!stack) {
      throw new Error(`Stack with id ${name} does not exist`);
    }
    return stack;
  }

  private async run(stack: Stack, template: any, options: DeployOptions, isCreate: boolean): Promise<OperationResult> {
    const eventsFrom = stack.events.length;
    const oldTemplate = stack.template;
    const oldResources = new Map(stack.resources);
    const parameters = this.parameters(template, options.parameters ?? {});
    const conditions = this.conditions(template, parameters);
    this.checkRules(template, parameters, conditions);

    const wanted = Object.entries<any>(template.Resources ?? {})
      .filter(([, r]) => r.Condition === undefined || conditions[r.Condition])
      .map(([id]) => id);
    const wantedSet = new Set(wanted);
    const paramNames = new Set(Object.keys(template.Parameters ?? {}));
    const deps = new Map(wanted.map(id => {
      const r = template.Resources[id];
      const refs = references({ ...r, DependsOn: undefined }, paramNames);
      for (const d of [r.DependsOn ?? []].flat()) {
        refs.add(d);
      }
      for (const ref of refs) {
        if (!wantedSet.has(ref)) {
          throw new ResolveError(`Template format error: Unresolved resource dependencies [${ref}] in the Resources block of the template (from ${id})`);
        }
      }
      return [id, refs] as const;
    }));
    checkAcyclic(deps);

    const cleanup: ResourceState[] = []; // replaced resources, deleted after success
    const createdNow: ResourceState[] = []; // new physical resources of this operation
    const updatedNow: { before: ResourceState; after: ResourceState }[] = [];
    const done = new Set<string>();
    const started = new Set<string>();
    let failure: string | undefined;

    const ctxFor = (logicalId: string): ResolveContext => this.resolveContext(stack, template, parameters, conditions, logicalId);

    await new Promise<void>(finish => {
      let inFlight = 0;
      const launch = () => {
        if (!failure) {
          for (const id of wanted) {
            if (!started.has(id) && [...deps.get(id)!].every(d => done.has(d))) {
              started.add(id);
              inFlight++;
              this.applyResource(stack, template, id, ctxFor(id), oldResources.get(id), options, { cleanup, createdNow, updatedNow })
                .then(() => done.add(id), e => {
                  failure ??= `${id}: ${(e as Error).message}`;
                })
                .finally(() => {
                  inFlight--;
                  launch();
                });
            }
          }
        }
        if (inFlight === 0) {
          finish();
        }
      };
      launch();
    });

    let outputs: Record<string, string> = {};
    if (!failure) {
      try {
        outputs = this.resolveOutputs(stack, template, parameters, conditions);
      } catch (e) {
        failure = `Outputs: ${(e as Error).message}`;
      }
    }

    if (failure) {
      return this.rollBack(stack, isCreate, oldTemplate, template, oldResources, { createdNow, updatedNow }, failure, eventsFrom);
    }

    // Cleanup: replaced resources, then resources the new template no longer has.
    stack.template = template;
    const retained: ResourceState[] = [];
    const removed = [...oldResources.values()].filter(r => !wantedSet.has(r.logicalId));
    for (const r of removed) {
      stack.resources.delete(r.logicalId);
    }
    await this.inReverseOrder(stack, oldTemplate, [...cleanup, ...removed], async r => {
      const replaced = cleanup.includes(r);
      const keep = replaced
        ? r.updateReplacePolicy === 'Retain'
        : r.deletionPolicy === 'Retain' || r.deletionPolicy === 'RetainExceptOnCreate';
      try {
        await this.remove(stack, r, keep);
      } catch {
        return; // a failed cleanup leaves the stack UPDATE_COMPLETE, as in CloudFormation
      }
      if (keep) {
        retained.push(r);
      }
    });
    this.orphans.push(...retained);
    stack.outputs = outputs;
    stack.status = isCreate ? 'CREATE_COMPLETE' : 'UPDATE_COMPLETE';
    this.registerExports(stack, template, outputs);
    return { status: stack.status, outputs, retained, events: stack.events.slice(eventsFrom) };
  }

  private async applyResource(
    stack: Stack, template: any, id: string, ctx: ResolveContext, old: ResourceState | undefined, options: DeployOptions,
    record: { cleanup: ResourceState[]; createdNow: ResourceState[]; updatedNow: { before: ResourceState; after: ResourceState }[] },
  ): Promise<void> {
    const definition = template.Resources[id];
    const type: string = definition.Type;
    const provider = this.provider(type);
    const pctx = this.providerContext(stack, id, type, template);
    const deletionPolicy = definition.DeletionPolicy ?? 'Delete';
    const updateReplacePolicy = definition.UpdateReplacePolicy ?? 'Delete';
    let properties: Record<string, any>;
    try {
      properties = resolve(definition.Properties ?? {}, ctx, `${id}.Properties`) as Record<string, any>;
    } catch (e) {
      this.event(stack, id, type, old ? 'UPDATE_FAILED' : 'CREATE_FAILED', undefined, (e as Error).message);
      throw e;
    }
    const startedAt = this.options.clock.now();
    const state = (physicalId: string, attributes: Record<string, unknown>): ResourceState => ({
      logicalId: id, type, physicalId, attributes, properties, deletionPolicy, updateReplacePolicy, startedAt, completedAt: this.options.clock.now(),
    });

    if (old && old.type === type && same(old.properties, properties)) {
      // No change to the resource; its policies follow the new template.
      stack.resources.set(id, { ...old, deletionPolicy, updateReplacePolicy });
      return;
    }
    const creating = !old || old.type !== type || provider.replaces(type, old.properties, properties);
    const injected = options.failCreate?.[id];
    this.event(stack, id, type, creating ? 'CREATE_IN_PROGRESS' : 'UPDATE_IN_PROGRESS', old?.physicalId,
      creating && old ? 'Requested update requires the creation of a new physical resource; hence creating one.' : undefined);
    try {
      if (creating) {
        if (injected) {
          await this.options.clock.sleep(1_000);
          throw new ResourceFailure(injected);
        }
        const result = await provider.create(pctx, properties);
        const created = state(result.physicalId, result.attributes);
        stack.resources.set(id, created);
        record.createdNow.push(created);
        if (old) {
          record.cleanup.push(old);
        }
        this.event(stack, id, type, 'CREATE_COMPLETE', result.physicalId);
      } else {
        const result = await provider.update(pctx, old!, properties);
        const updated = state(result.physicalId, result.attributes);
        stack.resources.set(id, updated);
        if (result.physicalId !== old!.physicalId) {
          // A custom resource answered a new physical id: the old one is deleted in cleanup.
          record.createdNow.push(updated);
          record.cleanup.push(old!);
        } else {
          record.updatedNow.push({ before: old!, after: updated });
        }
        this.event(stack, id, type, 'UPDATE_COMPLETE', result.physicalId);
      }
    } catch (e) {
      const reason = (e as Error).message;
      this.event(stack, id, type, creating ? 'CREATE_FAILED' : 'UPDATE_FAILED', old?.physicalId, reason);
      if (creating && provider === this.customResources) {
        // CloudFormation sends a Delete for a custom resource whose Create failed.
        const exchange = [...this.customResources.exchanges].reverse()
          .find(x => x.event.LogicalResourceId === id && x.event.StackId === stack.stackId);
        const physicalId = exchange?.response?.PhysicalResourceId ?? `${stack.name}-${id}-failed`;
        record.createdNow.push(state(physicalId, {}));
      }
      throw e;
    }
  }

  private async rollBack(
    stack: Stack, isCreate: boolean, oldTemplate: any, template: any, oldResources: Map<string, ResourceState>,
    work: { createdNow: ResourceState[]; updatedNow: { before: ResourceState; after: ResourceState }[] },
    reason: string, eventsFrom: number,
  ): Promise<OperationResult> {
    const retained: ResourceState[] = [];
    const restored = new Map<string, ResourceState>();
    // Restore what was updated in place, with its old properties.
    for (const { before, after } of work.updatedNow) {
      const provider = this.provider(before.type);
      this.event(stack, before.logicalId, before.type, 'UPDATE_IN_PROGRESS', after.physicalId, 'rollback');
      try {
        const result = await provider.update(this.providerContext(stack, before.logicalId, before.type), after, before.properties);
        restored.set(before.logicalId, { ...before, physicalId: result.physicalId, attributes: result.attributes });
        this.event(stack, before.logicalId, before.type, 'UPDATE_COMPLETE', result.physicalId, 'rollback');
      } catch (e) {
        this.event(stack, before.logicalId, before.type, 'UPDATE_FAILED', after.physicalId, (e as Error).message);
      }
    }
    // Delete what this operation created: on rollback of the operation that
    // created them, only DeletionPolicy Retain keeps resources.
    await this.inReverseOrder(stack, template, work.createdNow, async r => {
      const keep = r.deletionPolicy === 'Retain';
      try {
        await this.remove(stack, r, keep);
      } catch {
        return;
      }
      if (keep) {
        retained.push(r);
      }
    });
    stack.resources.clear();
    if (!isCreate) {
      for (const [id, r] of oldResources) {
        stack.resources.set(id, restored.get(id) ?? r);
      }
      stack.template = oldTemplate;
    }
    this.orphans.push(...retained);
    stack.status = isCreate ? 'ROLLBACK_COMPLETE' : 'UPDATE_ROLLBACK_COMPLETE';
    return { status: stack.status, reason, outputs: stack.outputs, retained, events: stack.events.slice(eventsFrom) };
  }

  /** Deletes a resource, or records that it is kept. */
  private async remove(stack: Stack, r: ResourceState, keep: boolean): Promise<void> {
    if (keep) {
      this.event(stack, r.logicalId, r.type, 'DELETE_SKIPPED', r.physicalId);
      return;
    }
    this.event(stack, r.logicalId, r.type, 'DELETE_IN_PROGRESS', r.physicalId);
    try {
      await this.provider(r.type).delete(this.providerContext(stack, r.logicalId, r.type), r);
    } catch (e) {
      this.event(stack, r.logicalId, r.type, 'DELETE_FAILED', r.physicalId, (e as Error).message);
      throw e;
    }
    this.event(stack, r.logicalId, r.type, 'DELETE_COMPLETE', r.physicalId);
  }

  /**
   * Runs `fn` on `resources` with every resource after the ones that
   * depend on it (in `template`), independent ones at the same time.
   */
  private async inReverseOrder(stack: Stack, template: any, resources: ResourceState[], fn: (r: ResourceState) => Promise<void>): Promise<void> {
    const paramNames = new Set(Object.keys(template.Parameters ?? {}));
    const dependsOn = (r: ResourceState): Set<string> => {
      const definition = template.Resources?.[r.logicalId] ?? stack.template.Resources?.[r.logicalId];
      if (!definition) {
        return new Set();
      }
      const refs = references({ ...definition, DependsOn: undefined }, paramNames);
      [definition.DependsOn ?? []].flat().forEach((d: string) => refs.add(d));
      return refs;
    };
    const pending = [...resources];
    const running = new Map<ResourceState, Promise<void>>();
    while (pending.length || running.size) {
      const blocked = (r: ResourceState) => pending.concat([...running.keys()]).some(o => o !== r && dependsOn(o).has(r.logicalId));
      const ready = pending.filter(r => !blocked(r));
      if (!ready.length && !running.size) {
        throw new Error(`cannot order the deletion of ${pending.map(r => r.logicalId).join(', ')}`);
      }
      for (const r of ready) {
        pending.splice(pending.indexOf(r), 1);
        running.set(r, fn(r).finally(() => running.delete(r)));
      }
      if (running.size) {
        await Promise.race(running.values());
      }
    }
  }

  private provider(type: string): ResourceProvider {
    if (type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource') {
      return this.customResources;
    }
    return this.providers[type] ?? this.generic;
  }

  private providerContext(stack: Stack, logicalId: string, type: string, template: any = stack.template): ProviderContext {
    return {
      stackName: stack.name,
      stackId: stack.stackId,
      logicalId,
      type,
      region: this.options.region,
      account: this.options.account,
      partition: this.partition,
      template,
      deployed: () => stack.resources,
    };
  }

  private resolveContext(
    stack: Stack, template: any, parameters: Record<string, unknown>, conditions: Record<string, boolean>, from: string,
  ): ResolveContext {
    const resource = (logicalId: string) => {
      const r = stack.resources.get(logicalId);
      if (!r) {
        throw new ResolveError(`${from} refers to ${logicalId}, which does not exist in the stack`);
      }
      return r;
    };
    return {
      pseudo: this.pseudo(stack),
      parameters,
      conditions,
      mappings: template.Mappings,
      ref: logicalId => resource(logicalId).physicalId,
      getAtt: (logicalId, attribute) => {
        const r = resource(logicalId);
        return this.provider(r.type).attribute(this.providerContext(stack, logicalId, r.type), r, attribute);
      },
      importValue: name => {
        const exp = this.exports.get(name);
        if (!exp) {
          throw new ResolveError(`No export named ${name} found`);
        }
        return exp.value;
      },
      availabilityZones: region => ['a', 'b', 'c'].map(s => `${region}${s}`),
    };
  }

  private pseudo(stack: Stack): Record<string, unknown> {
    return {
      'AWS::AccountId': this.options.account,
      'AWS::Region': this.options.region,
      'AWS::Partition': this.partition,
      'AWS::URLSuffix': PSEUDO_URL_SUFFIX[this.partition],
      'AWS::StackName': stack.name,
      'AWS::StackId': stack.stackId,
      'AWS::NotificationARNs': [],
    };
  }

  private parameters(template: any, given: Record<string, string>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, p] of Object.entries<any>(template.Parameters ?? {})) {
      const value = given[name] ?? p.Default;
      if (value === undefined) {
        throw new ResolveError(`Parameters: [${name}] must have values`);
      }
      if (String(p.Type).startsWith('AWS::SSM::Parameter::Value<')) {
        const ssm = this.options.ssmParameters?.[value];
        if (ssm === undefined) {
          throw new ResolveError(`Unable to fetch parameters [${value}] from parameter store for this account.`);
        }
        out[name] = ssm;
      } else {
        out[name] = p.Type === 'CommaDelimitedList' ? String(value).split(',') : value;
      }
    }
    for (const name of Object.keys(given)) {
      if (!(name in out)) {
        throw new ResolveError(`Parameters: [${name}] do not exist in the template`);
      }
    }
    return out;
  }

  private conditions(template: any, parameters: Record<string, unknown>): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    const defined = template.Conditions ?? {};
    const ctx: ResolveContext = {
      pseudo: this.pseudo({ name: 'conditions', stackId: '' } as Stack),
      parameters,
      conditions: new Proxy(out, {
        has: (_t, name: string) => name in defined,
        get: (_t, name: string) => evaluate(name),
      }),
      ref: id => {
        throw new ResolveError(`Conditions cannot refer to resource ${id}`);
      },
      getAtt: id => {
        throw new ResolveError(`Conditions cannot refer to resource ${id}`);
      },
      importValue: () => {
        throw new ResolveError('Conditions cannot import values');
      },
      availabilityZones: () => [],
    };
    const evaluate = (name: string): boolean => {
      if (!(name in out)) {
        out[name] = resolve(defined[name], ctx, `Conditions.${name}`, true) as boolean;
      }
      return out[name];
    };
    Object.keys(defined).forEach(evaluate);
    return out;
  }

  /** Template rules (the CDK's CheckBootstrapVersion): a failed assertion fails the operation before any resource. */
  private checkRules(template: any, parameters: Record<string, unknown>, conditions: Record<string, boolean>): void {
    const ctx = this.resolveContext({ name: 'rules', stackId: '', resources: new Map() } as unknown as Stack, template, parameters, conditions, 'Rules');
    for (const [name, rule] of Object.entries<any>(template.Rules ?? {})) {
      if (rule.RuleCondition !== undefined && !resolve(rule.RuleCondition, ctx, `Rules.${name}.RuleCondition`, true)) {
        continue;
      }
      for (const [i, a] of (rule.Assertions ?? []).entries()) {
        if (!resolve(a.Assert, ctx, `Rules.${name}.Assertions[${i}]`, true)) {
          throw new ResolveError(`Rules.${name}: ${a.AssertDescription ?? 'assertion failed'}`);
        }
      }
    }
  }

  private resolveOutputs(
    stack: Stack, template: any, parameters: Record<string, unknown>, conditions: Record<string, boolean>,
  ): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, o] of Object.entries<any>(template.Outputs ?? {})) {
      if (o.Condition !== undefined && !conditions[o.Condition]) {
        continue;
      }
      const value = resolve(o.Value, this.resolveContext(stack, template, parameters, conditions, `Outputs.${key}`), `Outputs.${key}`);
      if (value === NO_VALUE || typeof value !== 'string') {
        throw new ResolveError(`Outputs.${key}: the value must be a string, got ${JSON.stringify(value)}`);
      }
      out[key] = value;
    }
    return out;
  }

  private registerExports(stack: Stack, template: any, outputs: Record<string, string>): void {
    for (const [key, o] of Object.entries<any>(template.Outputs ?? {})) {
      if (o.Export?.Name !== undefined && key in outputs) {
        const name = resolve(o.Export.Name, this.resolveContext(stack, template, {}, {}, `Outputs.${key}.Export`), `Outputs.${key}.Export`) as string;
        this.exports.set(name, { stack: stack.name, value: outputs[key] });
      }
    }
  }

  private event(stack: Stack, logicalId: string, type: string, status: string, physicalId?: string, reason?: string): void {
    stack.events.push({ at: this.options.clock.now(), logicalId, type, status, physicalId, reason });
  }
}

function checkAcyclic(deps: Map<string, Set<string>>): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === 'done') {
      return;
    }
    if (state.get(id) === 'visiting') {
      throw new ResolveError(`Circular dependency between resources: [${[...path, id].join(', ')}]`);
    }
    state.set(id, 'visiting');
    for (const d of deps.get(id) ?? []) {
      visit(d, [...path, id]);
    }
    state.set(id, 'done');
  };
  for (const id of deps.keys()) {
    visit(id, []);
  }
}
