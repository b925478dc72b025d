/**
 * Input shapes that hit a KNOWN src bug, excluded from the properties until
 * the bug is fixed so the rest of each property keeps running. Each filter
 * names its bug; delete the filter (and its call) when the bug is fixed, and
 * the property then covers the shape again.
 */
import type { Answer, ApiScripts } from './handler-arbitraries';

/**
 * KNOWN BUG H1 (src/custom-resource-response.ts `truncateReason`, used by
 * src/status-reporter.lambda.ts): the Reason is cut to 1024 UTF-16 code
 * units, but CloudFormation's limit is 4096 BYTES of the JSON body. A
 * character JSON writes as `\uXXXX` (C0 controls, lone surrogates) takes 6
 * bytes, so a reason of ~700 such characters (e.g. an API error message or a
 * token-built ConnectionName) makes a body CloudFormation rejects, and the
 * stack waits for the custom resource timeout.
 *
 * Shape excluded: inputs with more than 100 characters that JSON escapes as `\uXXXX`.
 */
export function hitsReasonBytesBug(...inputs: unknown[]): boolean {
  return inputs.some(input => (JSON.stringify(input) ?? '').split('\\u').length - 1 > 100);
}

/** Fields the reporter copies from an API answer into the response Data. */
const DATA_FIELDS: Record<string, (body: any) => unknown[]> = {
  GetConnection: b => [b?.Connection?.ConnectionName, b?.Connection?.ConnectionStatus, b?.Connection?.ProviderType],
  GetHost: b => [b?.Name, b?.Status, b?.ProviderType, b?.ProviderEndpoint],
  ListConnections: b => (Array.isArray(b?.Connections) ? b.Connections : [])
    .flatMap((c: any) => [c?.ConnectionArn, c?.ConnectionStatus, c?.ProviderType]),
};

/**
 * KNOWN BUG H2 (src/status-reporter.lambda.ts `connectionStatus`,
 * `hostStatus`, `lookupConnection`): the SDK passes JSON values of the wrong
 * type through (a number in `ProviderEndpoint` stays a number), and the
 * reporter copies them into Data with `?? ''` only, so Data (declared
 * Record<string, string>) can carry numbers, booleans, arrays or objects.
 * Only a service (or proxy) violating the API model sends such answers.
 *
 * Shape excluded: a success answer with a non-string value in a field that reaches Data.
 */
export function hitsDataTypeBug(scripts: ApiScripts): boolean {
  return Object.entries(DATA_FIELDS).some(([op, fields]) => {
    const s = (scripts as Record<string, { queue: Answer[]; then: Answer }>)[op];
    return [...s.queue, s.then].some(a => a.kind === 'ok'
      && fields(a.body).some(v => v !== undefined && v !== null && typeof v !== 'string'));
  });
}
