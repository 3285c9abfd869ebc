import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeClock, type Clock } from '../../../core/time/clock';
import { generateCompany, type FakeOdooCompany, type GenerateCompanyOptions } from './demo-company';
import { FailureInjector, type DelayOptions, type HttpFailureOptions, type OdooErrorFailureOptions, type RequestShape } from './failure-injection';
import { jsonReply, mimetypeOf, notFoundDescription, textReply, werkzeugPage, type Reply } from './http-reply';
import { handleJson2 } from './json2-endpoint';
import { handleJsonRpc, peekJsonRpc, type CallInfo } from './jsonrpc-endpoint';
import { FakeOdooMutations } from './mutations';
import { httpFault, serializeFault } from './odoo-errors';
import { versionInfo, type OdooVersion } from './odoo-version';
import { FakeOrm } from './orm';
import type { FakeOdooRequest } from './request-log';
import type { ServerState } from './server-state';

export interface StartFakeOdooOptions {
  /** Odoo major version to play; default 17. */
  version?: OdooVersion;
  /** Source of write_date/create_date for changes; default a FakeClock at the company's asOf, 08:00 UTC. */
  clock?: Clock;
  /**
   * The data served: a generated company (the server takes ownership and mutates it) or the options to
   * generate one; default a small company (25 customers, 200 invoices, seed 1, asOf 2026-01-15).
   */
  company?: FakeOdooCompany | GenerateCompanyOptions;
  /** The API key of the API user; default "fake-odoo-api-key". */
  apiKey?: string;
  /** Database name; default "arbridge_demo". */
  database?: string;
  /** Login of the API user; default the company's bot login ("bot@example.com"). */
  login?: string;
  /** Also accept this password over JSON-RPC (never over JSON-2); default none. */
  password?: string;
  /** 19 only: false uninstalls the `rpc` module, so /jsonrpc is an unknown route; default true. */
  rpcModuleInstalled?: boolean;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
  /**
   * How an unknown route answers a JSON request: 'http-404' (default) sends HTTP 404 with a JSON-RPC
   * error envelope (code 404, werkzeug.exceptions.NotFound); 'jsonrpc-200' sends the same envelope in
   * HTTP 200, as Odoo's JsonRPCDispatcher does. Non-JSON requests always get werkzeug's HTML 404.
   */
  notFoundStyle?: 'http-404' | 'jsonrpc-200';
}

/** A running fake Odoo and the handles tests drive it with. */
export interface FakeOdoo {
  /** Base URL, e.g. "http://127.0.0.1:43121" (no trailing slash). */
  url: string;
  port: number;
  db: string;
  login: string;
  apiKey: string;
  /** res.users id of the API user. */
  uid: number;
  version: OdooVersion;
  clock: Clock;
  /** The data served: `company.db` holds the tables, `company.stats` the counts. */
  company: FakeOdooCompany;
  /** The ORM over the tables, for assertions without HTTP (same rules as the wire). */
  orm: FakeOrm;
  mutations: FakeOdooMutations;
  /** HTTP refusals for the next N requests (502/503/504/429/500, optional Retry-After). */
  failNext(options: HttpFailureOptions): void;
  /** Odoo exceptions (HTTP 200 envelope on JSON-RPC, mapped status on JSON-2) for the next N ORM calls. */
  failNextWithOdooError(options: OdooErrorFailureOptions): void;
  /** Slow answers for the next N requests. */
  delayNext(options: DelayOptions): void;
  failures: FailureInjector;
  /** Every request answered, in order (live array; credentials never appear). */
  requestLog: FakeOdooRequest[];
  clearRequestLog(): void;
  close(): Promise<void>;
}

const defaultApiKey = 'fake-odoo-api-key';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': Buffer.byteLength(reply.body) });
  res.end(reply.body);
}

const proxyPages: Record<number, string> = {
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** Starts a fake Odoo on 127.0.0.1 speaking the real JSON-RPC / JSON-2 protocol of the chosen version. */
export async function startFakeOdoo(options: StartFakeOdooOptions = {}): Promise<FakeOdoo> {
  const version = options.version ?? 17;
  const given = options.company;
  const company: FakeOdooCompany =
    given === undefined
      ? generateCompany({ seed: 1, asOf: '2026-01-15', customers: 25, invoices: 200, version })
      : 'db' in given
        ? given
        : generateCompany({ version, ...given });
  const clock = options.clock ?? new FakeClock(`${company.asOf}T08:00:00Z`);
  const login = options.login ?? company.botLogin;
  const bot = company.db.table('res.users').require(company.botUid);
  bot.login = login;
  const orm = new FakeOrm(company.db, version, clock);
  const failures = new FailureInjector();
  const state: ServerState = {
    version,
    database: options.database ?? 'arbridge_demo',
    login,
    apiKey: options.apiKey ?? defaultApiKey,
    password: options.password,
    uid: company.botUid,
    orm,
    company,
    failures,
  };
  const rpcInstalled = version < 19 || options.rpcModuleInstalled !== false;
  const notFoundStyle = options.notFoundStyle ?? 'http-404';
  const requestLog: FakeOdooRequest[] = [];
  let seq = 0;

  const notFound = (contentType: string | undefined): Reply => {
    const mime = mimetypeOf(contentType);
    if (mime !== 'application/json' && mime !== 'application/json-rpc') return werkzeugPage(404, 'Not Found', notFoundDescription);
    const fault = httpFault('NotFound', `404 Not Found: ${notFoundDescription}`);
    return jsonReply(notFoundStyle === 'jsonrpc-200' ? 200 : 404, {
      jsonrpc: '2.0',
      id: null,
      error: { code: 404, message: '404: Not Found', data: { ...serializeFault(fault, version), arguments: [] } },
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const httpMethod = req.method ?? 'GET';
    const contentType = req.headers['content-type'];
    const json2 = version >= 19 ? /^\/json\/2\/([^/]+)\/([^/]+)\/?$/.exec(path) : null;
    const isJsonRpc = (path === '/jsonrpc' && rpcInstalled) || path === '/web/webclient/version_info';

    // What the request is about, for failure matching and the log.
    let shape: RequestShape = { orm: false };
    if (json2) shape = { model: decodeURIComponent(json2[1] as string), method: decodeURIComponent(json2[2] as string), orm: true };
    else if (isJsonRpc) {
      try {
        shape = peekJsonRpc(JSON.parse(body));
      } catch {
        shape = { orm: false };
      }
    }
    const entry: FakeOdooRequest = {
      seq: ++seq,
      httpMethod,
      path,
      transport: json2 ? 'json2' : path === '/jsonrpc' ? 'jsonrpc' : 'web',
      summary: '',
      status: 0,
    };

    const delay = failures.takeDelay(shape);
    if (delay !== undefined) await new Promise((r) => setTimeout(r, delay));
    const injected = failures.takeHttpFailure(shape);
    let reply: Reply;
    let info: CallInfo = { summary: '' };
    if (injected) {
      const title = proxyPages[injected.status] ?? 'Error';
      reply = textReply(injected.status, `<html>\n<head><title>${injected.status} ${title}</title></head>\n<body>\n<center><h1>${injected.status} ${title}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>\n`, 'text/html');
      if (injected.retryAfterSeconds !== undefined) reply.headers['Retry-After'] = String(injected.retryAfterSeconds);
      info = { ...(shape.model ? { model: shape.model } : {}), ...(shape.method ? { method: shape.method } : {}), summary: 'injected HTTP failure', injected: 'http' };
    } else if (isJsonRpc) {
      ({ reply, info } = handleJsonRpc(state, { path: path as '/jsonrpc' | '/web/webclient/version_info', contentType, body }));
    } else if (json2) {
      ({ reply, info } = handleJson2(state, { httpMethod, model: shape.model as string, method: shape.method as string, headers: req.headers, body }));
    } else if (version >= 19 && (path === '/web/version' || path === '/json/version') && httpMethod === 'GET') {
      const { server_version_info, server_version } = versionInfo(version);
      reply = jsonReply(200, { version_info: server_version_info, version: server_version });
    } else {
      reply = notFound(contentType);
      info = { summary: 'unknown route', error: 'werkzeug.exceptions.NotFound' };
    }
    Object.assign(entry, info, { status: reply.status });
    requestLog.push(entry);
    send(res, reply);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the fake itself: answer 500 rather than hang the client.
      if (!res.headersSent) send(res, textReply(500, `fake odoo failure: ${error instanceof Error ? error.message : String(error)}`));
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    db: state.database,
    login,
    apiKey: state.apiKey,
    uid: state.uid,
    version,
    clock,
    company,
    orm,
    mutations: new FakeOdooMutations(company.db, version, clock, orm),
    failNext: (o) => failures.failNext(o),
    failNextWithOdooError: (o) => failures.failNextWithOdooError(o),
    delayNext: (o) => failures.delayNext(o),
    failures,
    requestLog,
    clearRequestLog: () => {
      requestLog.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
