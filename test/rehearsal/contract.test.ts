/**
 * The template-to-handler contract: every Fn::GetAtt on a library custom
 * resource, in every integ template and rehearsal app, names an attribute
 * that every SUCCESS branch of the handler returns. CloudFormation fails
 * the resource that reads a missing attribute, so a branch that forgets
 * one fails a deploy only when that branch happens (a host not set up, an
 * ERROR connection).
 */
import * as fs from 'fs';
import * as path from 'path';
import { GetConnectionCommand, GetHostCommand, ListConnectionsCommand } from '@aws-sdk/client-codestar-connections';
import { changingTemplate, waitTemplate } from './apps';
import { LIBRARY_TYPES } from './harness';
import { CONN_ARN, HOST_ARN, HandlerResult, cs, event, onEvent, useMockedClients } from '../status-reporter/handler/on-event-harness';

useMockedClients();

const INTEG = path.resolve(__dirname, '..', '..', 'integ');

function templates(): Array<[string, any]> {
  const integ = fs.readdirSync(INTEG).filter(d => d.endsWith('.snapshot')).flatMap(d =>
    fs.readdirSync(path.join(INTEG, d)).filter(f => f.endsWith('.template.json'))
      .map(f => [`${d}/${f}`, JSON.parse(fs.readFileSync(path.join(INTEG, d, f), 'utf8'))] as [string, any]));
  return [
    ...integ,
    ['rehearsal wait app', waitTemplate()],
    ['rehearsal changing app', changingTemplate()],
  ];
}

/** type -> attributes read with Fn::GetAtt (or Fn::Sub), over all templates. */
function attributesRead(): Map<string, Set<string>> {
  const read = new Map<string, Set<string>>(LIBRARY_TYPES.map(t => [t, new Set()]));
  for (const [, template] of templates()) {
    const walk = (v: any): void => {
      if (Array.isArray(v)) {
        v.forEach(walk);
      } else if (v && typeof v === 'object') {
        const getAtt = v['Fn::GetAtt'];
        if (getAtt) {
          const [id, attr] = Array.isArray(getAtt) ? getAtt : String(getAtt).split('.');
          read.get(template.Resources[id]?.Type)?.add(attr);
        }
        const sub = v['Fn::Sub'];
        if (sub) {
          for (const m of String(Array.isArray(sub) ? sub[0] : sub).matchAll(/\$\{([^}.!]+)\.([^}]+)\}/g)) {
            read.get(template.Resources[m[1]]?.Type)?.add(m[2]);
          }
        }
        Object.values(v).forEach(walk);
      }
    };
    walk(template);
  }
  return read;
}

const connection = (status: string, more: Record<string, unknown> = {}) =>
  ({ Connection: { ConnectionArn: CONN_ARN, ConnectionName: 'app', ConnectionStatus: status, ProviderType: 'GitHub', ...more } }) as any;
const host = (status: string) => ({ Name: 'ghes', Status: status, ProviderType: 'GitHubEnterpriseServer', ProviderEndpoint: 'https://git.example.com' }) as any;

/** Every SUCCESS branch of each resource type: a name, the API answers, the event. */
const BRANCHES: Record<string, Array<[string, () => void, () => any]>> = {
  'Custom::CodeConnectionsConnectionStatus': [
    ...['PENDING', 'AVAILABLE', 'ERROR', 'SOMETHING_NEW'].map(s => [`connection ${s}`,
      () => cs.on(GetConnectionCommand).resolves(connection(s)),
      () => event('Custom::CodeConnectionsConnectionStatus', { ConnectionArn: CONN_ARN })] as [string, () => void, () => any]),
    ...['PENDING', 'AVAILABLE', 'VPC_CONFIG_INITIALIZING'].map(s => [`connection PENDING on a host ${s}`,
      () => {
        cs.on(GetConnectionCommand).resolves(connection('PENDING', { HostArn: HOST_ARN, ProviderType: 'GitHubEnterpriseServer' }));
        cs.on(GetHostCommand).resolves(host(s));
      },
      () => event('Custom::CodeConnectionsConnectionStatus', { ConnectionArn: CONN_ARN })] as [string, () => void, () => any]),
    ['a wait that ends AVAILABLE', () => cs.on(GetConnectionCommand).resolves(connection('AVAILABLE')),
      () => event('Custom::CodeConnectionsConnectionStatus', { ConnectionArn: CONN_ARN, WaitForAvailableSeconds: '300' })],
    ['an answer without fields', () => cs.on(GetConnectionCommand).resolves({}),
      () => event('Custom::CodeConnectionsConnectionStatus', { ConnectionArn: CONN_ARN })],
  ],
  'Custom::CodeConnectionsHostStatus': ['PENDING', 'AVAILABLE', 'VPC_CONFIG_INITIALIZING', 'VPC_CONFIG_FAILED_INITIALIZATION', 'VPC_CONFIG_DELETING', 'SOMETHING_NEW']
    .map(s => [`host ${s}`, () => cs.on(GetHostCommand).resolves(host(s)), () => event('Custom::CodeConnectionsHostStatus', { HostArn: HOST_ARN })]),
  'Custom::CodeConnectionsConnectionLookup': [
    ['one match', () => cs.on(ListConnectionsCommand).resolves({ Connections: [connection('AVAILABLE').Connection] }),
      () => event('Custom::CodeConnectionsConnectionLookup', { ConnectionName: 'app' })],
  ],
};

const read = attributesRead();

test('the templates read attributes of every library resource type (the contract is not empty)', () => {
  expect(Object.fromEntries([...read].map(([t, a]) => [t, [...a].sort()]))).toEqual({
    'Custom::CodeConnectionsConnectionStatus': ['ConsoleUrl', 'Message', 'Status'],
    'Custom::CodeConnectionsHostStatus': ['ConsoleUrl', 'Message', 'Status'],
    'Custom::CodeConnectionsConnectionLookup': ['ConnectionArn'],
  });
});

describe.each(Object.entries(BRANCHES))('%s', (type, branches) => {
  test.each(branches)('SUCCESS when %s returns every attribute the templates read', async (_name, given, build) => {
    given();
    const result = await onEvent(build()) as HandlerResult;
    expect(Object.keys(result.data)).toEqual(expect.arrayContaining([...read.get(type)!]));
    for (const attribute of read.get(type)!) {
      expect(typeof result.data[attribute]).toBe('string');
    }
  });
});
