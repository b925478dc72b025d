/**
 * fast-check arbitraries for the status reporter: CloudFormation custom
 * resource events (well-formed and odd) and what CodeStar Connections (and
 * Lambda Invoke, for the waiting hand-over) may answer.
 *
 * Everything generated is plain JSON-able data, so a shrunk counterexample
 * prints as something that can be pasted into a test. Large strings are
 * described as `{ repeat, times }` (so they print short) and expanded by
 * `materialize` inside the property.
 */
import * as fc from 'fast-check';

/** The resource types the reporter dispatches on (written out, not imported from src). */
export const RESOURCE_TYPES = [
  'Custom::CodeConnectionsConnectionStatus',
  'Custom::CodeConnectionsHostStatus',
  'Custom::CodeConnectionsConnectionLookup',
] as const;

export const STACK_ID = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/prop-test/11111111-2222-3333-4444-555555555555';
export const REQUEST_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
export const LOGICAL_ID = 'RepoConnectionStatus0A1B2C3D';
export const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:123456789012:function:prop-test-CodeConnectionsStatusReporter';

/** A string described compactly: `{ repeat: 'x', times: 5000 }` is 'xxxx...'. */
export interface Repeated {
  readonly repeat: string;
  readonly times: number;
}

/** Expands every `{ repeat, times }` in a generated value. */
export function materialize<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map(v => materialize(v)) as unknown as T;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 2 && 'repeat' in value && 'times' in value) {
      const r = value as unknown as Repeated;
      return r.repeat.repeat(r.times) as unknown as T;
    }
    return Object.fromEntries(keys.map(k => [k, materialize((value as Record<string, unknown>)[k])])) as T;
  }
  return value;
}

/** Characters that break naive string handling. */
const NASTY_CHARS = [
  '\u0000', '\u0001', '\u001f', '\u007f', '\n', '\r', '\t', '\u2028', '\u2029', '\ufeff', '\ud83d', '\ude00', '😀',
  'é', 'ß', '中', '"', '\'', '\\', '/', ':', '%', '&', '?', '#', ' ', '{', '}', '$', '`', 'a', 'Z', '0', '-', '_', '.',
];

/** Strings of every kind: short unicode, nasty characters, huge (up to `hugeMax` repeats). */
export function anyString(hugeMax: number): fc.Arbitrary<string | Repeated> {
  return fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: fc.constantFrom(...NASTY_CHARS), maxLength: 40 }),
    fc.record({ repeat: fc.constantFrom('a', 'é', '😀', '\u0001', '"', '中'), times: fc.integer({ min: 1_000, max: hugeMax }) }),
  );
}

/** JSON values of the wrong type for a string field. */
export const oddJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant([]),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const PARTITION_REGIONS: Array<[string, string]> = [
  ['aws', 'eu-west-1'], ['aws', 'us-east-1'], ['aws', 'il-central-1'], ['aws-cn', 'cn-north-1'],
  ['aws-us-gov', 'us-gov-west-1'], ['aws-iso', 'us-iso-east-1'], ['aws-iso-b', 'us-isob-east-1'], ['aws', 'eu-west-1'],
];

/** A CodeConnections ARN (of the given type, or either), well-formed. */
export function codeConnectionsArn(type?: 'connection' | 'host'): fc.Arbitrary<string> {
  return fc.record({
    pr: fc.constantFrom(...PARTITION_REGIONS),
    ns: fc.constantFrom('codeconnections', 'codestar-connections'),
    account: fc.stringMatching(/^\d{12}$/),
    type: type ? fc.constant(type) : fc.constantFrom('connection', 'host'),
    id: fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,40}$/)),
  }).map(a => `arn:${a.pr[0]}:${a.ns}:${a.pr[1]}:${a.account}:${a.type}/${a.id}`);
}

/**
 * Whether an event looks like one CloudFormation sends: string envelope
 * fields and, for Update and Delete (only), a non-empty physical id. The reporter
 * must then answer with a well-formed response.
 */
export function wellFormedEnvelope(event: Record<string, unknown>): boolean {
  const str = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;
  if (!str(event.StackId, 1024) || !str(event.RequestId, 1024) || !str(event.LogicalResourceId, 255)) {
    return false;
  }
  if (event.RequestType === 'Update' || event.RequestType === 'Delete') {
    return str(event.PhysicalResourceId, 1024);
  }
  // A Create has no physical id yet.
  return !('PhysicalResourceId' in event);
}

/** Replaces a generated `{ relativeDeadlineMs }` by an absolute time, at invocation. */
export function withAbsoluteDeadline(event: Record<string, unknown>): Record<string, unknown> {
  const d = event.CdkCodeConnectionsWaitDeadline as { relativeDeadlineMs: number } | undefined;
  return d === undefined ? event : { ...event, CdkCodeConnectionsWaitDeadline: Date.now() + d.relativeDeadlineMs };
}

/** What one request to an operation gets, as data (the harness turns it into a fake behaviour or a mock). */
export type Answer =
  | { readonly kind: 'ok'; readonly body: unknown; readonly status?: number }
  | { readonly kind: 'error'; readonly status: number; readonly type: string; readonly message: string | Repeated }
  | { readonly kind: 'raw'; readonly status: number; readonly body: string | Repeated; readonly contentType: string }
  | { readonly kind: 'hang' }
  | { readonly kind: 'reset' };

/** Answers of one operation: a queue, then a behaviour that repeats. */
export interface OperationScript {
  readonly queue: Answer[];
  readonly then: Answer;
}

/**
 * The event and answer arbitraries. `hugeMax` bounds the huge strings: the
 * wire harness passes the event to its child process in one environment
 * variable (at most 128 KiB on Linux).
 */
export function handlerArbitraries(hugeMax: number) {
  const str = anyString(hugeMax);

  /** What may sit in an ARN property: a right or wrong ARN, any string, any JSON. */
  const arnLike = fc.oneof(
    { weight: 4, arbitrary: codeConnectionsArn() },
    { weight: 2, arbitrary: str },
    { weight: 1, arbitrary: codeConnectionsArn().map(a => `${a}\n`) },
    { weight: 1, arbitrary: oddJson },
  );

  const waitSeconds = fc.oneof(
    fc.constantFrom('60', '1800', '3300', '0', '-1', 'NaN', 'Infinity', '1e400', '0.001', '', ' 60 ', '0x3c'),
    fc.integer({ min: -10, max: 100_000 }).map(String),
    oddJson,
  );

  const resourceProperties = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        ServiceToken: fc.constant(SERVICE_TOKEN),
        ConnectionArn: arnLike,
        HostArn: arnLike,
        ConnectionName: fc.oneof(fc.constantFrom('my-github', 'shared'), str, oddJson),
        WaitForAvailableSeconds: waitSeconds,
        Refresh: str,
      }, { requiredKeys: ['ServiceToken'] }),
    },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined, 'ConnectionArn', 42, true) },
    { weight: 1, arbitrary: fc.array(arnLike, { maxLength: 2 }) },
  );

  const requestType = fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom('Create', 'Update', 'Delete') },
    { weight: 1, arbitrary: fc.constantFrom('create', 'DELETE', 'Refresh', '', 'Delete ') },
    { weight: 1, arbitrary: str },
    { weight: 1, arbitrary: oddJson },
  );

  const resourceType = fc.oneof(
    { weight: 9, arbitrary: fc.constantFrom(...RESOURCE_TYPES) },
    { weight: 1, arbitrary: fc.constantFrom('AWS::CloudFormation::CustomResource', 'Custom::CodeConnectionsConnectionStatus ', 'Custom::Other') },
    { weight: 1, arbitrary: str },
    { weight: 1, arbitrary: oddJson },
  );

  /** An envelope field: nearly always what CloudFormation sends, sometimes not. */
  function envelope(usual: string): fc.Arbitrary<unknown> {
    return fc.oneof(
      { weight: 9, arbitrary: fc.constant(usual) },
      { weight: 1, arbitrary: fc.oneof(fc.string({ minLength: 1, maxLength: 255 }), oddJson, fc.constant(undefined)) },
    );
  }

  /** Properties that fit the resource type, as the constructs write them. */
  const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
  const coherent = fc.oneof(
    fc.record({
      ResourceType: fc.constant(RESOURCE_TYPES[0]),
      ResourceProperties: fc.record({
        ServiceToken: fc.constant(SERVICE_TOKEN),
        ConnectionArn: codeConnectionsArn('connection'),
        WaitForAvailableSeconds: optional(waitSeconds),
        Refresh: optional(str),
      }),
    }),
    fc.record({
      ResourceType: fc.constant(RESOURCE_TYPES[1]),
      ResourceProperties: fc.record({ ServiceToken: fc.constant(SERVICE_TOKEN), HostArn: codeConnectionsArn('host'), Refresh: optional(str) }),
    }),
    fc.record({
      ResourceType: fc.constant(RESOURCE_TYPES[2]),
      ResourceProperties: fc.record({ ServiceToken: fc.constant(SERVICE_TOKEN), ConnectionName: fc.oneof(fc.constantFrom('my-github', 'shared'), str) }),
    }),
  );
  const anyTypeAndProperties = fc.record({ ResourceType: resourceType, ResourceProperties: resourceProperties }, { requiredKeys: ['ResourceType'] });

  /** A custom resource event without its ResponseURL (the harness sets it). */
  const cfnEvent: fc.Arbitrary<Record<string, unknown>> = fc.record({
    RequestType: requestType,
    ServiceToken: fc.constant(SERVICE_TOKEN),
    StackId: envelope(STACK_ID),
    RequestId: envelope(REQUEST_ID),
    LogicalResourceId: envelope(LOGICAL_ID),
    typeAndProperties: fc.oneof({ weight: 3, arbitrary: coherent }, { weight: 2, arbitrary: anyTypeAndProperties }),
    PhysicalResourceId: fc.oneof(
      { weight: 6, arbitrary: codeConnectionsArn() },
      { weight: 2, arbitrary: fc.constant(LOGICAL_ID) },
      { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 100 }) },
      { weight: 1, arbitrary: oddJson },
    ),
    OldResourceProperties: resourceProperties,
    // Only the reporter itself sets the wait deadline of a handed-over event.
    CdkCodeConnectionsWaitDeadline: fc.integer({ min: -60_000, max: 60_000 }).map(d => ({ relativeDeadlineMs: d })),
  }, { requiredKeys: ['RequestType', 'ServiceToken', 'typeAndProperties'] })
    .map(({ typeAndProperties, ...rest }) => ({ ...rest, ...typeAndProperties }));

  const status = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('PENDING', 'AVAILABLE', 'ERROR') },
    { weight: 2, arbitrary: fc.constantFrom('VPC_CONFIG_INITIALIZING', 'VPC_CONFIG_FAILED_INITIALIZATION', 'VPC_CONFIG_DELETING', 'SUSPENDED') },
    { weight: 1, arbitrary: str },
  );

  /** A field the service may send, omit, or (with a broken proxy) mangle. */
  function field<T>(usual: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
    return fc.oneof({ weight: 12, arbitrary: usual }, { weight: 1, arbitrary: str }, { weight: 1, arbitrary: oddJson });
  }

  const connectionBody = fc.record({
    ConnectionName: field(fc.constantFrom('my-github', 'a', 'x'.repeat(32))),
    ConnectionArn: field(codeConnectionsArn('connection')),
    ProviderType: field(fc.constantFrom('GitHub', 'Bitbucket', 'GitLab', 'AzureDevOps', 'GitHubEnterpriseServer', 'GitLabSelfManaged')),
    OwnerAccountId: field(fc.constant('123456789012')),
    ConnectionStatus: status,
    HostArn: field(codeConnectionsArn('host')),
  }, { requiredKeys: [] });

  const hostBody = fc.record({
    Name: field(fc.constantFrom('my-ghes', 'h'.repeat(64))),
    Status: status,
    ProviderType: field(fc.constantFrom('GitHubEnterpriseServer', 'GitLabSelfManaged')),
    ProviderEndpoint: field(fc.constantFrom('https://github.example.com', `https://example.com/${'p'.repeat(490)}`)),
  }, { requiredKeys: [] });

  const listBody = fc.record({
    Connections: fc.oneof(
      fc.array(connectionBody, { maxLength: 4 }),
      oddJson,
    ),
    NextToken: fc.oneof(fc.constant(undefined), fc.constantFrom('page-2', ''), str),
  }, { requiredKeys: [] });

  const errorType = fc.oneof(
    fc.constantFrom(
      'ThrottlingException', 'AccessDeniedException', 'ResourceNotFoundException', 'ValidationException',
      'InternalFailure', 'ServiceUnavailable', 'ResourceUnavailableException', 'UnrecognizedClientException',
      'com.amazonaws.codestarconnections#ResourceNotFoundException', 'TooManyRequestsException',
    ),
    fc.string({ maxLength: 30 }),
  );

  /** An answer whose success body comes from `body`. */
  function answer(body: fc.Arbitrary<unknown>): fc.Arbitrary<Answer> {
    return fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('ok' as const), body }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('ok' as const), body: fc.jsonValue({ maxDepth: 2 }), status: fc.constantFrom(200, 202, 204) }) },
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('error' as const),
          status: fc.oneof(fc.constantFrom(400, 403, 404, 429, 500, 502, 503), fc.integer({ min: 400, max: 599 })),
          type: errorType,
          message: str,
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant('raw' as const),
          status: fc.constantFrom(200, 302, 403, 500, 502, 504),
          body: fc.oneof(fc.constantFrom('<html><body>502 Bad Gateway</body></html>', '', '{', 'null', '[]', '{"__type":'), str),
          contentType: fc.constantFrom('text/html', 'application/json', 'application/x-amz-json-1.0'),
        }),
      },
      { weight: 1, arbitrary: fc.constant({ kind: 'hang' as const }) },
      { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
    );
  }

  function script(body: fc.Arbitrary<unknown>): fc.Arbitrary<OperationScript> {
    return fc.record({ queue: fc.array(answer(body), { maxLength: 3 }), then: answer(body) });
  }

  /** Every operation the reporter may call. */
  const apiScripts = fc.record({
    GetConnection: script(fc.record({ Connection: connectionBody }, { requiredKeys: [] })),
    GetHost: script(hostBody),
    ListConnections: script(listBody),
    Invoke: script(fc.constant({})),
  });

  return { cfnEvent, apiScripts };
}

export type ApiScripts = ReturnType<typeof handlerArbitraries>['apiScripts'] extends fc.Arbitrary<infer T> ? T : never;
