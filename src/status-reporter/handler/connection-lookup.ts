/** `Custom::CodeConnectionsConnectionLookup`: the one connection with a name, in the function's region. */
import { Connection, ListConnectionsCommand } from '@aws-sdk/client-codestar-connections';
import { codeConnections } from './clients';
import { apiCallFailed, HandlerResult, text } from './events';
import { withRetries } from './retry';
import { parseCodeConnectionsArn } from '../../core/arns';

/** Most pages `ListConnections` is followed for (100 connections each). */
const MAX_LIST_PAGES = 100;

/** What the lookup is told besides the name. */
export interface LookupOptions {
  /** The account it lists (the function's), for messages. */
  readonly account?: string;
  /**
   * The ARN namespace the connection must have: `codeconnections` when the
   * app shares the connection (AWS RAM shares only those).
   */
  readonly requireNamespace?: 'codeconnections';
}

/** Finds the connection named `name`, retrying each page until `deadline` (epoch ms). */
export async function lookupConnection(name: string, deadline: number, options: LookupOptions = {}): Promise<HandlerResult> {
  const region = `${options.account ? `account ${options.account}, ` : ''}${process.env.AWS_REGION ?? 'this region'}`;
  const matches: Connection[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    let page;
    try {
      const token = nextToken;
      page = await withRetries('ListConnections',
        () => codeConnections.send(new ListConnectionsCommand({ MaxResults: 100, NextToken: token })), deadline);
    } catch (e) {
      throw apiCallFailed(`ListConnections failed while looking up '${name}': `, e);
    }
    matches.push(...(page.Connections ?? []).filter(c => c.ConnectionName === name));
    nextToken = page.NextToken;
  } while (nextToken && ++pages < MAX_LIST_PAGES);
  if (nextToken) {
    throw new Error(`gave up looking up '${name}' after ${MAX_LIST_PAGES} pages of connections; import it with Connection.fromConnectionArn`);
  }
  if (matches.length === 0) {
    throw new Error(`no connection named '${name}' in ${region}: check the name and region, or create the connection (new Connection) instead of looking it up`);
  }
  if (matches.length > 1) {
    const arns = matches.map(c => c.ConnectionArn).join(', ');
    throw new Error(`${matches.length} connections are named '${name}' in ${region} (${arns}); names are not unique, so import the one you mean with Connection.fromConnectionArn`);
  }
  const [match] = matches;
  const connectionArn = text(match.ConnectionArn, '');
  const parsed = parseCodeConnectionsArn(connectionArn, 'connection');
  if (!parsed) {
    throw new Error(`ListConnections gave '${name}' no valid ARN: ${JSON.stringify(match.ConnectionArn)}`);
  }
  if (options.requireNamespace && parsed.namespace !== options.requireNamespace) {
    throw new Error(`connection '${name}' (${connectionArn}) has a ${parsed.namespace} ARN, and the stack shares it through AWS RAM, `
      + `which shares only connections with ${options.requireNamespace} ARNs: create a new connection (connections created since July 2024 have them) `
      + 'and share that one, or remove shareWith()');
  }
  return {
    physicalResourceId: connectionArn,
    data: {
      ConnectionArn: connectionArn,
      Status: text(match.ConnectionStatus, 'UNKNOWN'),
      ProviderType: text(match.ProviderType, ''),
    },
  };
}
