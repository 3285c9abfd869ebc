import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { AuthError, ConfigError, RateLimitedError, TransientError } from '../../core/errors';
import { silentLogger } from '../../core/logging/logger';
import { Secret } from '../../core/secret';
import { FakeClock } from '../../core/time/clock';
import { OdooClient } from './client';
import { odooConfigSchema, type OdooConfigInput } from './config';
import { odooConnector } from './index';

const base = 'http://odoo.test';
const key = 'k3y-0f-the-b0t-9f8e7d6c5b4a';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Every request the fake saw: path, headers and JSON body. */
let seen: Array<{ path: string; headers: Headers; body: unknown }> = [];
beforeEach(() => {
  seen = [];
  server.events.removeAllListeners();
  server.events.on('request:start', ({ request }) => {
    // Recorded at once (counts stay exact); the body is filled in before the call's answer is used.
    const entry = { path: new URL(request.url).pathname, headers: request.headers, body: null as unknown };
    seen.push(entry);
    if (request.method === 'POST') void request.clone().text().then((text) => (entry.body = text ? JSON.parse(text) : null));
  });
});

function config(extra: Partial<OdooConfigInput> = {}) {
  return odooConfigSchema.parse({
    url: `${base}/`,
    database: 'acme',
    username: 'bot@acme.example',
    apiKey: new Secret(key, 'env:ODOO_KEY'),
    retryBaseDelayMs: 1,
    maxRetries: 3,
    timeoutMs: 2000,
    ...extra,
  });
}

function client(extra: Partial<OdooConfigInput> = {}, clock = new FakeClock('2026-03-02T10:00:00Z'), signal?: AbortSignal) {
  return new OdooClient(config(extra), { clock, logger: silentLogger(), signal });
}

/** A JSON-RPC 16/17/18 server: common.version, authenticate, and execute_kw answered by `execute`. */
function jsonRpcServer(version: number, execute: (model: string, method: string, args: unknown[], kwargs: Record<string, unknown>) => unknown) {
  return [
    http.get(`${base}/web/version`, () => new HttpResponse('<html>404</html>', { status: 404, headers: { 'Content-Type': 'text/html' } })),
    http.post(`${base}/jsonrpc`, async ({ request }) => {
      const body = (await request.json()) as { id: number; params: { service: string; method: string; args: unknown[] } };
      const { service, method, args } = body.params;
      const reply = (result: unknown) => HttpResponse.json({ jsonrpc: '2.0', id: body.id, result });
      if (service === 'common' && method === 'version') {
        return reply({ server_version: `${version}.0`, server_version_info: [version, 0, 0, 'final', 0, ''], server_serie: `${version}.0`, protocol_version: 1 });
      }
      if (service === 'common' && method === 'authenticate') return reply(args[2] === key ? 7 : false);
      const [, , , model, m, positional, kwargs] = args as [string, number, string, string, string, unknown[], Record<string, unknown>];
      const result = execute(model, m, positional, kwargs);
      if (result instanceof Response) return result;
      return reply(result);
    }),
  ];
}

/** A 19.0 server speaking JSON-2 (bearer key), and optionally JSON-RPC. */
function json2Server(execute: (model: string, method: string, body: Record<string, unknown>) => unknown) {
  return [
    http.get(`${base}/web/version`, () => HttpResponse.json({ version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' })),
    http.post(`${base}/json/2/:model/:method`, async ({ request, params }) => {
      if (request.headers.get('authorization') !== `bearer ${key}`) {
        return HttpResponse.json(
          { name: 'werkzeug.exceptions.Unauthorized', message: 'Invalid apikey', arguments: ['Invalid apikey', 401], context: {}, debug: 'Traceback (most recent call last): …' },
          { status: 401, headers: { 'WWW-Authenticate': 'bearer' } },
        );
      }
      const body = (await request.json()) as Record<string, unknown>;
      if (params.model === 'res.users' && params.method === 'context_get') return HttpResponse.json({ lang: 'en_US', tz: 'Europe/Brussels', uid: 9 });
      const result = execute(String(params.model), String(params.method), body);
      return result instanceof Response ? result : HttpResponse.json(result as never);
    }),
  ];
}

const rpcCalls = (method: string) => seen.filter((r) => r.path === '/jsonrpc' && (r.body as { params: { method: string } }).params.method === method);

function expectNoKey(error: unknown) {
  expect(String((error as Error).message)).not.toContain(key);
  expect(JSON.stringify(error)).not.toContain(key);
}

describe('JSON-RPC transport (16–18)', () => {
  it('probes the version, authenticates once, and sends execute_kw with a positional domain and named kwargs', async () => {
    server.use(...jsonRpcServer(17, (model, method) => (model === 'account.move.line' && method === 'search' ? [3, 1, 2] : [])));
    const c = client({ companyIds: [1] });
    const session = await c.connect();
    expect(session).toEqual({ server: { version: 17, label: '17.0', hasWebVersion: false }, protocol: 'json-rpc', uid: 7 });

    const domain = [['parent_state', '=', 'posted'] as const];
    expect(await c.search('account.move.line', domain, { order: 'write_date asc, id asc' }, { allowed_company_ids: [1] })).toEqual([3, 1, 2]);
    await c.read('account.move.line', [3, 1], ['date_maturity'], {});

    expect(seen.map((r) => r.path)).toEqual(['/web/version', '/jsonrpc', '/jsonrpc', '/jsonrpc', '/jsonrpc']);
    expect(rpcCalls('authenticate')).toHaveLength(1);
    const [search, read] = rpcCalls('execute_kw').map((r) => r.body as { jsonrpc: string; method: string; params: { service: string; args: unknown[] } });
    expect(search).toMatchObject({ jsonrpc: '2.0', method: 'call', params: { service: 'object' } });
    expect(search?.params.args).toEqual([
      'acme', 7, key, 'account.move.line', 'search',
      [domain],
      { order: 'write_date asc, id asc', context: { allowed_company_ids: [1] } },
    ]);
    expect(read?.params.args.slice(4)).toEqual(['read', [[3, 1]], { fields: ['date_maturity'], context: {} }]);
  });

  it('a refused login is an AuthError naming user and database, after exactly one authenticate, never retried', async () => {
    server.use(...jsonRpcServer(16, () => []));
    const c = client({ apiKey: new Secret('wrong-key-123456', 'env:X'), maxRetries: 5 });
    const error = await c.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toBe('Odoo refused the login or API key for user bot@acme.example on database acme');
    expect(rpcCalls('authenticate')).toHaveLength(1);
    expect(String((error as Error).message)).not.toContain('wrong-key-123456');
  });

  it('an Odoo error inside HTTP 200 is classified, its traceback dropped, the key masked', async () => {
    server.use(
      ...jsonRpcServer(17, () =>
        HttpResponse.json({
          jsonrpc: '2.0',
          id: 1,
          error: { code: 200, message: 'Odoo Server Error', data: { name: 'odoo.exceptions.UserError', message: `bad key ${key} echoed`, debug: `Traceback (most recent call last): ${key}` } },
        }),
      ),
    );
    const c = client();
    const error = await c.search('account.move', [], { order: 'id' }, {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'permanent', reason: 'user_error' });
    expect((error as Error).message).toContain('bad key [redacted] echoed');
    expect((error as Error).message).not.toContain('Traceback');
    expectNoKey(error);
    expect(rpcCalls('execute_kw')).toHaveLength(1); // permanent: not retried
  });

  it('retries a 503 and then succeeds', async () => {
    let failures = 2;
    server.use(
      ...jsonRpcServer(17, () => {
        if (failures-- > 0) return new HttpResponse('<html>Service Unavailable</html>', { status: 503 });
        return [42];
      }),
    );
    expect(await client().search('account.move', [], { order: 'id' }, {})).toEqual([42]);
    expect(rpcCalls('execute_kw')).toHaveLength(3);
  });

  it('honours a 429 Retry-After (HTTP date, against the injected clock) and then succeeds', async () => {
    let limited = true;
    server.use(
      ...jsonRpcServer(17, () => {
        if (!limited) return [1];
        limited = false;
        return new HttpResponse(null, { status: 429, headers: { 'Retry-After': 'Mon, 02 Mar 2026 10:00:01 GMT' } });
      }),
    );
    const c = client({}, new FakeClock('2026-03-02T10:00:00.750Z')); // 250 ms before the date
    await c.connect();
    const started = Date.now();
    expect(await c.search('account.move', [], { order: 'id' }, {})).toEqual([1]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(rpcCalls('execute_kw')).toHaveLength(2);
  });

  it('a Retry-After longer than maxRetryAfterMs fails the call as rate-limited at once', async () => {
    server.use(...jsonRpcServer(17, () => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '3600' } })));
    const error = await client({ maxRetryAfterMs: 1000 }).search('account.move', [], { order: 'id' }, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(3_600_000);
    expect(rpcCalls('execute_kw')).toHaveLength(1);
  });

  it('gives up after maxRetries with the transient error', async () => {
    server.use(...jsonRpcServer(17, () => new HttpResponse(null, { status: 502 })));
    const error = await client({ maxRetries: 2 }).search('account.move', [], { order: 'id' }, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(rpcCalls('execute_kw')).toHaveLength(3);
  });

  it('the abort signal stops a retry wait', async () => {
    server.use(...jsonRpcServer(17, () => new HttpResponse(null, { status: 503 })));
    const controller = new AbortController();
    const c = client({ retryBaseDelayMs: 10_000, maxRetries: 5 }, undefined, controller.signal);
    await c.connect();
    const pending = c.search('account.move', [], { order: 'id' }, {}).catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error('stop')), 50);
    const started = Date.now();
    expect(await pending).toEqual(new Error('stop'));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(rpcCalls('execute_kw')).toHaveLength(1);
  });

  it('a network failure is transient and retried; the message has no key', async () => {
    let drops = 1;
    server.use(
      ...jsonRpcServer(17, () => {
        if (drops-- > 0) return HttpResponse.error();
        return [5];
      }),
    );
    expect(await client().search('account.move', [], { order: 'id' }, {})).toEqual([5]);
    expect(rpcCalls('execute_kw')).toHaveLength(2);
  });

  it('refuses Odoo 15', async () => {
    server.use(...jsonRpcServer(15, () => []));
    await expect(client().connect()).rejects.toMatchObject({ code: 'config', reason: 'unsupported_version' });
  });
});

describe('JSON-2 transport (19)', () => {
  it('detects 19 with GET /web/version and sends bearer, X-Odoo-Database and named parameters', async () => {
    server.use(...json2Server((model, method) => (model === 'account.move.line' && method === 'search' ? [8, 9] : [{ id: 8 }])));
    const c = client({ companyIds: [2] });
    expect(await c.connect()).toEqual({ server: { version: 19, label: '19.0', hasWebVersion: true }, protocol: 'json-2', uid: 9 });
    expect(await c.search('account.move.line', [['id', '>', 0]], { order: 'id asc', limit: 10 }, { allowed_company_ids: [2] })).toEqual([8, 9]);
    await c.read('account.move.line', [8], ['name'], { active_test: false });

    expect(seen.map((r) => r.path)).toEqual(['/web/version', '/json/2/res.users/context_get', '/json/2/account.move.line/search', '/json/2/account.move.line/read']);
    for (const r of seen.slice(1)) {
      expect(r.headers.get('authorization')).toBe(`bearer ${key}`);
      expect(r.headers.get('x-odoo-database')).toBe('acme');
      expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    }
    expect(seen[2]?.body).toEqual({ domain: [['id', '>', 0]], order: 'id asc', limit: 10, context: { allowed_company_ids: [2] } });
    expect(seen[3]?.body).toEqual({ ids: [8], fields: ['name'], context: { active_test: false } });
  });

  it('a bad key is an AuthError after exactly one request that carried it, and the key is in no message', async () => {
    server.use(...json2Server(() => []));
    const c = client({ apiKey: new Secret('bad-key-abcdef-0001', 'env:X'), maxRetries: 5 });
    const error = await c.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toBe('Odoo refused the login or API key for user bot@acme.example on database acme');
    expect(seen.filter((r) => r.path.startsWith('/json/2/'))).toHaveLength(1);
    expect((error as Error).message).not.toContain('bad-key-abcdef-0001');
  });

  it('falls back to JSON-RPC when JSON-2 is missing on 19', async () => {
    server.use(
      http.post(`${base}/json/2/:model/:method`, () => new HttpResponse('<html>Not Found</html>', { status: 404 })),
      http.get(`${base}/web/version`, () => HttpResponse.json({ version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' })),
      ...jsonRpcServer(19, () => [1]).slice(1),
    );
    const c = client();
    expect(await c.connect()).toMatchObject({ protocol: 'json-rpc', uid: 7, server: { version: 19 } });
    expect(await c.search('account.move', [], { order: 'id' }, {})).toEqual([1]);
  });

  it('on 19 with the JSON-RPC module gone, speaks JSON-2 without touching /jsonrpc', async () => {
    server.use(http.post(`${base}/jsonrpc`, () => new HttpResponse(null, { status: 404 })), ...json2Server(() => [3]));
    const c = client();
    expect(await c.connect()).toMatchObject({ protocol: 'json-2' });
    expect(await c.search('account.move', [], { order: 'id' }, {})).toEqual([3]);
    expect(seen.some((r) => r.path === '/jsonrpc')).toBe(false);
  });

  it('version from common.version when /web/version is hidden, then JSON-2 first on 19', async () => {
    server.use(
      ...jsonRpcServer(19, () => []),
      http.get(`${base}/web/version`, () => new HttpResponse('<html></html>', { status: 404 })),
      ...json2Server(() => []).slice(1),
    );
    expect(await client().connect()).toMatchObject({ protocol: 'json-2', server: { version: 19, hasWebVersion: false } });
  });

  it('forced json-rpc on 19 never tries JSON-2; forced json-2 never tries /jsonrpc for auth', async () => {
    server.use(...jsonRpcServer(19, () => []), ...json2Server(() => []).slice(1));
    expect(await client({ protocol: 'json-rpc' }).connect()).toMatchObject({ protocol: 'json-rpc' });
    expect(seen.some((r) => r.path.startsWith('/json/2/'))).toBe(false);
    seen = [];
    server.use(http.get(`${base}/web/version`, () => HttpResponse.json({ version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' })));
    expect(await client({ protocol: 'json-2' }).connect()).toMatchObject({ protocol: 'json-2' });
    expect(seen.some((r) => r.path === '/jsonrpc')).toBe(false);
  });

  it('a configured version skips the probe', async () => {
    server.use(...json2Server(() => []));
    expect(await client({ version: 19 }).connect()).toMatchObject({ protocol: 'json-2', server: { version: 19, label: '19.0 (configured)' } });
    expect(seen.some((r) => r.path === '/web/version')).toBe(false);
  });

  it('a 409 lock is retried; a 422 is not', async () => {
    let locked = true;
    server.use(
      ...json2Server((_m, method) => {
        if (method === 'search' && locked) {
          locked = false;
          return HttpResponse.json({ name: 'odoo.exceptions.LockError', message: 'locked' }, { status: 409 });
        }
        if (method === 'write') return HttpResponse.json({ name: 'werkzeug.exceptions.UnprocessableEntity', message: 'bad' }, { status: 422 });
        return [1];
      }),
    );
    const c = client();
    expect(await c.search('account.move', [], { order: 'id' }, {})).toEqual([1]);
    await expect(c.call({ model: 'account.move', method: 'write', ids: [1], params: { vals: {} } })).rejects.toMatchObject({ code: 'permanent' });
    expect(seen.filter((r) => r.path.endsWith('/search'))).toHaveLength(2);
    expect(seen.filter((r) => r.path.endsWith('/write'))).toHaveLength(1);
  });
});

describe('no API at the URL', () => {
  it('is a ConfigError', async () => {
    server.use(http.get(`${base}/web/version`, () => new HttpResponse(null, { status: 404 })), http.post(`${base}/jsonrpc`, () => new HttpResponse(null, { status: 404 })));
    const error = await client().connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).reason).toBe('not_odoo');
  });
});

describe('testConnection', () => {
  const context = { tenantId: 'acme', sourceId: 'odoo-main', timeZone: 'Europe/Brussels', currency: 'EUR', clock: new FakeClock('2026-03-02T10:00:00Z'), logger: silentLogger() };

  it('reports version, protocol, login and a receivable count', async () => {
    server.use(...jsonRpcServer(17, (_model, method) => (method === 'search_count' ? 1234 : [])));
    const check = await odooConnector.create(config(), context).testConnection();
    expect(check).toEqual({
      ok: true,
      details: ['Odoo 17.0 at http://odoo.test (JSON-RPC)', 'login bot@acme.example on db acme: accepted (uid 7)', '1234 receivable lines readable (account.move.line)'],
    });
  });

  it('reports a refused key without the key', async () => {
    server.use(...json2Server(() => []));
    const check = await odooConnector.create(config({ apiKey: new Secret('nope-nope-nope', 'env:X') }), context).testConnection();
    expect(check).toEqual({ ok: false, details: ['Odoo 19.0 at http://odoo.test', 'API key refused for bot@acme.example on db acme'] });
    expect(JSON.stringify(check)).not.toContain('nope-nope-nope');
  });

  it('never throws', async () => {
    server.use(http.get(`${base}/web/version`, () => HttpResponse.error()), http.post(`${base}/jsonrpc`, () => HttpResponse.error()));
    const check = await odooConnector.create(config({ maxRetries: 0 }), context).testConnection();
    expect(check.ok).toBe(false);
    expect(check.details[0]).toMatch(/^failed: Odoo GET \/web\/version: network error/);
  });
});
