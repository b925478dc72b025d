/**
 * A fake CodeStar Connections endpoint on 127.0.0.1 that speaks the wire
 * protocol the AWS SDK v3 sends (AWS JSON 1.0), plus the CloudFormation
 * pre-signed response URL.
 *
 * - `POST /` with `X-Amz-Target: CodeStar_connections_20191201.<Operation>`,
 *   `Content-Type: application/x-amz-json-1.0` and a JSON body; Service
 *   Catalog's `AWS242ServiceCatalogService.<Operation>` (JSON 1.1) likewise.
 * - A SigV4 `Authorization` header scoped to `codestar-connections` is
 *   required; unsigned requests get 403 like AWS (the signature itself is
 *   not verified).
 * - Answers are scripted per operation as a queue of behaviours
 *   (`script('GetConnection', throttle(), ok({...}))`), with an optional
 *   behaviour that repeats once the queue is empty (`always(...)`). An
 *   operation with nothing scripted answers a 400 `FakeNotScriptedException`
 *   that no real service sends, so a surprise call fails loudly.
 * - Other services the handler may call through the same AWS_ENDPOINT_URL
 *   (REST-JSON, e.g. Lambda Invoke) can be served with `route(...)`; their
 *   requests are scripted and recorded under the route's name.
 * - Every request is recorded (operation, parsed body, headers, credential
 *   scope), including rejected ones.
 * - `PUT /cfn-response/<id>` records the CloudFormation response body and
 *   answers 200 (or a scripted status).
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

/** The JSON 1.0 target prefix of CodeStar Connections (service shape name + API version). */
export const TARGET_PREFIX = 'CodeStar_connections_20191201.';
export const JSON_10 = 'application/x-amz-json-1.0';
export const JSON_11 = 'application/x-amz-json-1.1';

/**
 * The AWS JSON services the fake serves on `POST /`, by X-Amz-Target prefix:
 * CodeStar Connections (JSON 1.0), and Service Catalog (JSON 1.1), which the
 * health publisher reads a synced product's last sync from.
 */
const JSON_SERVICES = [
  { prefix: TARGET_PREFIX, service: 'codestar-connections', contentType: JSON_10 },
  { prefix: 'AWS242ServiceCatalogService.', service: 'servicecatalog', contentType: JSON_11 },
];

/** What the fake does with one request. */
export type Behaviour =
  | { readonly kind: 'ok'; readonly body: unknown; readonly status?: number }
  | { readonly kind: 'error'; readonly status: number; readonly type: string; readonly message: string }
  | { readonly kind: 'raw'; readonly status: number; readonly body: string; readonly contentType: string }
  | { readonly kind: 'hang' }
  | { readonly kind: 'reset' }
  | { readonly kind: 'respond'; readonly respond: (request: RecordedRequest) => Behaviour };

/** 200 (or `status`, e.g. 202 for an asynchronous Lambda Invoke) with a JSON body. */
export function ok(body: unknown = {}, status = 200): Behaviour {
  return { kind: 'ok', body, status };
}

/** An AWS JSON 1.0 error: `{"__type": type, "Message": message}` with the given status. */
export function awsError(status: number, type: string, message: string): Behaviour {
  return { kind: 'error', status, type, message };
}

/** 400 ThrottlingException: the SDK retries it with throttling backoff. */
export function throttle(message = 'Rate exceeded'): Behaviour {
  return awsError(400, 'ThrottlingException', message);
}

/** 400 AccessDeniedException: not retried. */
export function accessDenied(message = 'User: arn:aws:sts::123456789012:assumed-role/reporter/fn is not authorized to perform: codeconnections:GetConnection'): Behaviour {
  return awsError(400, 'AccessDeniedException', message);
}

/** 400 ResourceNotFoundException: not retried. */
export function notFound(message = 'Resource not found'): Behaviour {
  return awsError(400, 'ResourceNotFoundException', message);
}

/** 500 InternalFailure: retried by the SDK as a transient error. */
export function internalFailure(message = 'We encountered an internal error. Please try again.'): Behaviour {
  return awsError(500, 'InternalFailure', message);
}

/** Any status and body, e.g. an HTML 502 from a proxy in front of the service. */
export function raw(status: number, body: string, contentType = 'text/html'): Behaviour {
  return { kind: 'raw', status, body, contentType };
}

/** Reads the request and never answers (the socket stays open until the client gives up). */
export function hang(): Behaviour {
  return { kind: 'hang' };
}

/** Destroys the socket without an answer (a connection reset). */
export function reset(): Behaviour {
  return { kind: 'reset' };
}

/**
 * Computes the behaviour from the request, for stateful services built on
 * the fake (test/rehearsal/codeconnections-service.ts): the request is
 * recorded with the behaviour the function returns.
 */
export function respond(fn: (request: RecordedRequest) => Behaviour): Behaviour {
  return { kind: 'respond', respond: fn };
}

/** One request the fake received on the CodeStar Connections endpoint. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  /** Operation from X-Amz-Target, or undefined when the header was missing or foreign. */
  readonly operation?: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly rawBody: string;
  /** The parsed JSON body, or undefined when it did not parse. */
  readonly body?: any;
  /** Region and service of the SigV4 credential scope, when signed. */
  readonly credentialScope?: { readonly region: string; readonly service: string };
  /** Why the fake rejected the request before scripting, if it did. */
  readonly rejected?: string;
  /** The behaviour applied (kind and error type), for debugging. */
  readonly answered?: string;
  readonly at: number;
}

/** One PUT to the CloudFormation response URL. */
export interface RecordedResponse {
  readonly id: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly rawBody: string;
  readonly body?: any;
  readonly status: number;
  readonly at: number;
}

/** A REST-style operation of another service served by the fake. */
export interface RestRoute {
  readonly method: string;
  readonly path: RegExp;
  /** The SigV4 signing name it must be signed for, e.g. 'lambda'. */
  readonly service: string;
}

/** Lambda Invoke (REST-JSON), for handlers that re-invoke themselves. */
export const LAMBDA_INVOKE_ROUTE: RestRoute = {
  method: 'POST',
  path: /^\/2015-03-31\/functions\/[^/]+\/invocations$/,
  service: 'lambda',
};

const SIGV4 = /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=[^,\s]+, ?Signature=[0-9a-f]{64}$/;

export class FakeCodeStar {
  /** Starts a fake on 127.0.0.1 on a free port. */
  public static async start(): Promise<FakeCodeStar> {
    const fake = new FakeCodeStar();
    await new Promise<void>((resolve, reject) => {
      fake.server.once('error', reject);
      fake.server.listen(0, '127.0.0.1', () => resolve());
    });
    return fake;
  }

  public readonly requests: RecordedRequest[] = [];
  public readonly responses: RecordedResponse[] = [];

  private readonly server: http.Server;
  private readonly queues = new Map<string, Behaviour[]>();
  private readonly fallbacks = new Map<string, Behaviour>();
  private readonly routes = new Map<string, RestRoute>();
  private responseStatuses: number[] = [];
  private nextResponseId = 0;
  private readonly responseListeners: ((response: RecordedResponse) => void)[] = [];

  private constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', c => chunks.push(c));
      req.on('end', () => this.dispatch(req, res, Buffer.concat(chunks).toString('utf8')));
      req.on('error', () => undefined);
    });
    // Clients that give up (SDK timeouts, the runner exiting) reset sockets.
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  public get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The value for AWS_ENDPOINT_URL. */
  public get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** A fresh CloudFormation response URL served by this fake. */
  public responseUrl(): string {
    return `${this.endpoint}/cfn-response/${++this.nextResponseId}?X-Amz-Signature=fake`;
  }

  /** Serves a REST operation of another service under `operation` (e.g. 'Lambda.Invoke'). */
  public route(operation: string, route: RestRoute): this {
    this.routes.set(operation, route);
    return this;
  }

  /** Appends behaviours to an operation's queue. */
  public script(operation: string, ...behaviours: Behaviour[]): this {
    const queue = this.queues.get(operation) ?? [];
    queue.push(...behaviours);
    this.queues.set(operation, queue);
    return this;
  }

  /** The behaviour of an operation once its queue is empty. */
  public always(operation: string, behaviour: Behaviour): this {
    this.fallbacks.set(operation, behaviour);
    return this;
  }

  /** Calls `listener` with every PUT to a response URL, as it arrives. */
  public onResponse(listener: (response: RecordedResponse) => void): this {
    this.responseListeners.push(listener);
    return this;
  }

  /** Statuses the response URL answers, in order; 200 once they run out. */
  public scriptResponseUrl(...statuses: number[]): this {
    this.responseStatuses.push(...statuses);
    return this;
  }

  /** Requests of one operation (only accepted, signed ones are counted as calls). */
  public calls(operation?: string): RecordedRequest[] {
    return this.requests.filter(r => !r.rejected && (operation === undefined || r.operation === operation));
  }

  /** The accepted calls' operation names in order. */
  public operations(): string[] {
    return this.calls().map(r => r.operation!);
  }

  /** Forgets scripts and recordings between tests; keeps the port. */
  public reset(): void {
    this.requests.length = 0;
    this.responses.length = 0;
    this.queues.clear();
    this.fallbacks.clear();
    this.responseStatuses = [];
    // Drop sockets held open by 'hang' so nothing leaks into the next test.
    this.server.closeAllConnections();
  }

  public async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
  }

  private dispatch(req: http.IncomingMessage, res: http.ServerResponse, rawBody: string): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cfn = /^\/cfn-response\/([^/]+)$/.exec(url.pathname);
    if (cfn) {
      this.cfnResponse(req, res, cfn[1], rawBody);
      return;
    }
    this.apiCall(req, res, url.pathname, rawBody);
  }

  private cfnResponse(req: http.IncomingMessage, res: http.ServerResponse, id: string, rawBody: string): void {
    if (req.method !== 'PUT') {
      // S3 answers a pre-signed PUT URL used with another verb with 403.
      res.writeHead(403).end();
      return;
    }
    const status = this.responseStatuses.shift() ?? 200;
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const recorded = { id, headers: req.headers, rawBody, body, status, at: Date.now() };
    this.responses.push(recorded);
    res.writeHead(status, { 'content-length': 0 }).end();
    this.responseListeners.forEach(listener => listener(recorded));
  }

  private apiCall(req: http.IncomingMessage, res: http.ServerResponse, path: string, rawBody: string): void {
    const headers = req.headers;
    const target = headerValue(headers['x-amz-target']);
    const routed = [...this.routes].find(([, r]) => r.method === req.method && r.path.test(path));
    const json = JSON_SERVICES.find(s => target?.startsWith(s.prefix));
    const operation = routed ? routed[0] : json ? target!.slice(json.prefix.length) : undefined;
    const service = routed ? routed[1].service : json?.service ?? 'codestar-connections';
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = undefined;
    }
    const auth = SIGV4.exec(headerValue(headers.authorization) ?? '');
    const credentialScope = auth ? { region: auth[2], service: auth[3] } : undefined;
    const base = { method: req.method ?? '', path, operation, headers, rawBody, body, credentialScope, at: Date.now() };

    const reject = (rejected: string, status: number, type: string, message: string) => {
      this.requests.push({ ...base, rejected });
      sendError(res, status, type, message);
    };

    // Checks in the order AWS applies them: authentication first.
    if (!headers.authorization) {
      return reject('unsigned', 403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    }
    if (!auth) {
      return reject('bad signature header', 403, 'IncompleteSignatureException', 'Authorization header requires \'Credential\', \'Signature\' and \'SignedHeaders\'');
    }
    if (auth[3] !== service) {
      return reject(`signed for ${auth[3]}`, 403, 'InvalidSignatureException', `Credential should be scoped to correct service: '${service}'.`);
    }
    if (routed) {
      return this.answer(req, res, operation!, base, 'application/json');
    }
    if (req.method !== 'POST' || path !== '/') {
      return reject('not POST /', 404, 'UnknownOperationException', `${req.method} ${path}`);
    }
    if (!operation) {
      return reject('bad X-Amz-Target', 400, 'UnknownOperationException', `X-Amz-Target ${JSON.stringify(target)}`);
    }
    if (headerValue(headers['content-type']) !== json!.contentType) {
      return reject('bad Content-Type', 400, 'SerializationException', `Content-Type ${JSON.stringify(headers['content-type'])}`);
    }
    if (body === undefined || typeof body !== 'object' || body === null) {
      return reject('body not a JSON object', 400, 'SerializationException', 'Start of structure or map found where not expected.');
    }

    this.answer(req, res, operation, base, json!.contentType);
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse, operation: string, base: RecordedRequest, contentType: string): void {
    let behaviour = this.queues.get(operation)?.shift() ?? this.fallbacks.get(operation)
      ?? awsError(400, 'FakeNotScriptedException', `the fake has nothing scripted for ${operation}`);
    while (behaviour.kind === 'respond') {
      behaviour = behaviour.respond(base);
    }
    this.requests.push({ ...base, answered: behaviour.kind === 'error' ? behaviour.type : behaviour.kind === 'raw' ? `raw ${behaviour.status}` : behaviour.kind });
    switch (behaviour.kind) {
      case 'ok': {
        const json = JSON.stringify(behaviour.body);
        res.writeHead(behaviour.status ?? 200, {
          'content-type': contentType,
          'content-length': Buffer.byteLength(json),
          'x-amzn-requestid': requestId(),
        }).end(json);
        return;
      }
      case 'error':
        sendError(res, behaviour.status, behaviour.type, behaviour.message, contentType);
        return;
      case 'raw':
        res.writeHead(behaviour.status, { 'content-type': behaviour.contentType, 'content-length': Buffer.byteLength(behaviour.body) }).end(behaviour.body);
        return;
      case 'hang':
        return; // never answer; reset() or stop() closes the socket
      case 'reset':
        req.socket.destroy();
        return;
    }
  }
}

function sendError(res: http.ServerResponse, status: number, type: string, message: string, contentType = JSON_10): void {
  // AWS JSON 1.0 errors carry the code in the body's `__type` (some services
  // prefix it with a namespace and `#`, which the SDK strips).
  const json = JSON.stringify({ __type: type, Message: message });
  res.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(json),
    'x-amzn-requestid': requestId(),
  }).end(json);
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

let requestCounter = 0;
function requestId(): string {
  return `00000000-0000-4000-8000-${(++requestCounter).toString(16).padStart(12, '0')}`;
}
