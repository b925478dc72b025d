/**
 * What the rehearsal's tests share: starting one, the library's custom
 * resources of a template, the console pages written out from their
 * documented form (never computed with src), and a record of what each
 * scenario printed (.tmp/rehearsal/, for people to read).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CloudFormation, OperationResult } from './cloudformation';
import { references } from './intrinsics';
import { Rehearsal, RehearsalOptions } from './rehearsal';

export const LIBRARY_TYPES = [
  'Custom::CodeConnectionsConnectionStatus',
  'Custom::CodeConnectionsHostStatus',
  'Custom::CodeConnectionsConnectionLookup',
];

/** Runs `fn` with a fresh rehearsal, stopped afterwards (its Lambda logs shown when `fn` fails). */
export async function rehearse<T>(options: RehearsalOptions, fn: (r: Rehearsal) => Promise<T>): Promise<T> {
  const r = await Rehearsal.start(options);
  try {
    return await fn(r);
  } catch (e) {
    (e as Error).message += `\n--- Lambda logs\n${r.lambda.logs().slice(-6000)}`;
    throw e;
  } finally {
    await r.stop();
  }
}

/** Every connection ARN written into a template (imports): the account has them, AVAILABLE. */
export function seedImports(r: Rehearsal, template: any): string[] {
  const arns = new Set<string>();
  JSON.stringify(template).replace(/arn:aws[\w-]*:(?:codeconnections|codestar-connections):[a-z0-9-]+:\d{12}:connection\/[0-9a-f-]+/g, m => {
    arns.add(m);
    return m;
  });
  for (const arn of arns) {
    r.codeConnections.seedConnection(arn, 'GitHub');
  }
  return [...arns];
}

/** The connection's own console page, from https://REGION.console.aws.amazon.com/codesuite/settings/ACCOUNT/REGION/NAMESPACE/connections/ID. */
export function connectionPage(arn: string): string {
  const [, , namespace, region, account, resource] = arn.split(':');
  return `https://${region}.console.aws.amazon.com/codesuite/settings/${account}/${region}/${namespace}/connections/${resource.split('/')[1]}`;
}

/** The connections settings page of a region (a host's Hosts tab is there). */
export function settingsPage(region: string): string {
  return `https://${region}.console.aws.amazon.com/codesuite/settings/connections?region=${region}`;
}

/** Logical ids of the template's resources of the library's custom types. */
export function libraryResources(template: any): string[] {
  return Object.entries<any>(template.Resources).filter(([, r]) => LIBRARY_TYPES.includes(r.Type)).map(([id]) => id);
}

/** Pairs [a, b]: resource a depends on resource b (Ref, GetAtt, Sub, DependsOn). */
export function dependencyPairs(template: any): [string, string][] {
  const params = new Set(Object.keys(template.Parameters ?? {}));
  return Object.entries<any>(template.Resources).flatMap(([id, r]) => {
    const refs = references({ ...r, DependsOn: undefined }, params);
    [r.DependsOn ?? []].flat().forEach((d: string) => refs.add(d));
    return [...refs].map(d => [id, d] as [string, string]);
  });
}

/** Every resource that depends on `logicalId`, directly or through others. */
export function dependentsOf(template: any, logicalId: string): Set<string> {
  const pairs = dependencyPairs(template);
  const out = new Set<string>();
  const visit = (id: string) => pairs.filter(([, d]) => d === id).forEach(([a]) => {
    if (!out.has(a)) {
      out.add(a);
      visit(a);
    }
  });
  visit(logicalId);
  return out;
}

/** Virtual time of a resource's event (first match). */
export function eventTime(result: OperationResult, logicalId: string, status: string): number {
  const event = result.events.find(e => e.logicalId === logicalId && e.status === status);
  if (!event) {
    throw new Error(`no ${status} event for ${logicalId}`);
  }
  return event.at;
}

/** Keeps what a scenario printed, as `cdk deploy` prints outputs, in .tmp/rehearsal/NAME.txt. */
export function record(name: string, stackName: string, result: OperationResult, extra = ''): string {
  const failed = result.status.includes('ROLLBACK') || result.status.endsWith('FAILED');
  const text = [`# ${name}`, `status: ${result.status}${result.reason ? ` (${result.reason})` : ''}`, '',
    failed ? ` ❌  ${stackName} failed: ${result.reason}` : CloudFormation.printOutputs(stackName, result.outputs), extra].join('\n');
  const dir = path.resolve(__dirname, '..', '..', '.tmp', 'rehearsal');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${name}.txt`), `${text}\n`);
  return text;
}

/**
 * Deploys a stack while a person sets up every host and finishes the
 * handshake of every connection it creates, a virtual second after each
 * appears: for stacks whose connections wait for AVAILABLE.
 */
export async function deployWithHandshakes(r: Rehearsal, stackName: string, template: any): Promise<OperationResult> {
  let done = false;
  const deploying = r.deploy(stackName, template).finally(() => {
    done = true;
  });
  while (!done) {
    await r.clock.sleep(1_000);
    for (const host of r.codeConnections.hosts.values()) {
      if (host.status === 'PENDING') {
        r.codeConnections.setUpHost(host.arn);
      }
    }
    for (const connection of r.codeConnections.connections.values()) {
      if (connection.status === 'PENDING') {
        r.codeConnections.handshake(connection.arn);
      }
    }
  }
  return deploying;
}
