/**
 * Status reporter: the one Lambda per stack that backs the library's custom
 * resources. It reads live CodeConnections state after deploy and returns
 * the console link where a person finishes what CloudFormation cannot.
 *
 * This file is only the entry esbuild bundles: the protocol is in
 * handler/protocol.ts, each resource type in a module of its own (see
 * handler/on-event.ts).
 */
import { onEvent } from './handler/on-event';
import { makeHandler } from './handler/protocol';

export const handler = makeHandler(onEvent);
