import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { AuthError, ConfigError, RateLimitedError, TransientError } from '../../../core/errors';
import { silentLogger } from '../../../core/logging/logger';
import { Secret } from '../../../core/secret';
import { ODataClient } from './odata-client';

// The S/4HANA OData V2 client against msw: paging, and what each failure becomes.
const host = 'http://s4.test';
const service = '/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV';
const entitySet = 'A_OperationalAcctgDocItemCube';
const password = 'S4-pa55word-7f3e9a';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Every request the fake saw, with when it arrived. */
let seen: Array<{ url: URL; at: number; authorization: string | null }> = [];
beforeEach(() => {
  seen = [];
  server.events.removeAllListeners();
  server.events.on('request:start', ({ request }) => seen.push({ url: new URL(request.url), at: performance.now(), authorization: request.headers.get('authorization') }));
});

function client(maxRetries = 3): ODataClient {
  return new ODataClient({ url: host, client: '100', user: 'ARBRIDGE', password: new Secret(password, 'env:S4_PASSWORD'), timeoutMs: 2000, retry: { maxRetries, baseDelayMs: 1, maxRetryAfterMs: 120_000 }, logger: silentLogger() });
}

const rows = Array.from({ length: 8 }, (_, i) => ({ AccountingDocument: String(1800000000 + i) }));

/**
 * SAP Gateway serving `rows` by $top/$skip windows, but never more than `cap` rows per reply: the
 * rest of a window comes through a __next link (absolute, naming the internal host) with a skiptoken.
 */
function cappedEntitySet(cap: number) {
  return http.get(`${host}${service}/${entitySet}`, ({ request }) => {
    const q = new URL(request.url).searchParams;
    const windowStart = Number(q.get('$skip') ?? 0);
    const windowEnd = Math.min(rows.length, windowStart + Number(q.get('$top') ?? rows.length));
    const from = q.has('$skiptoken') ? Number(q.get('$skiptoken')) : windowStart;
    const to = Math.min(windowEnd, from + cap);
    const next = to < windowEnd ? `https://s4-internal.corp:44300${service}/${entitySet}?$top=${q.get('$top')}&$skip=${windowStart}&$skiptoken=${to}` : undefined;
    return HttpResponse.json({ d: { results: rows.slice(from, to), ...(next ? { __next: next } : {}) } });
  });
}

async function readAll(c: ODataClient, pageSize: number): Promise<string[]> {
  const out: string[] = [];
  for await (const page of c.readAll(service, entitySet, { filter: "CompanyCode eq '1000'", orderby: 'AccountingDocument' }, pageSize)) {
    out.push(...page.map((r) => r.AccountingDocument as string));
  }
  return out;
}

describe('the S/4HANA OData client', () => {
  it('reads every row once, in order, by $top/$skip windows, following the server’s __next links inside a window on the configured host', async () => {
    server.use(cappedEntitySet(2));
    expect(await readAll(client(), 3)).toEqual(rows.map((r) => r.AccountingDocument));
    expect(seen.every((s) => s.url.host === 's4.test')).toBe(true);
    const windows = seen.filter((s) => !s.url.searchParams.has('$skiptoken')).map((s) => [s.url.searchParams.get('$top'), s.url.searchParams.get('$skip')]);
    expect(windows).toEqual([['3', '0'], ['3', '3'], ['3', '6']]);
    // Windows 0-2 and 3-5 come in replies of 2 + 1; the last (6-7) fits one reply.
    expect(seen.filter((s) => s.url.searchParams.has('$skiptoken')).map((s) => s.url.searchParams.get('$skiptoken'))).toEqual(['2', '5']);
    const first = seen[0]!.url.searchParams;
    expect([first.get('$format'), first.get('sap-client'), first.get('$filter'), first.get('$orderby')]).toEqual(['json', '100', "CompanyCode eq '1000'", 'AccountingDocument']);
    expect(seen[0]!.authorization).toBe('Basic ' + Buffer.from(`ARBRIDGE:${password}`).toString('base64'));
  });

  it('stops after a short window without asking for an empty one', async () => {
    server.use(cappedEntitySet(100));
    expect(await readAll(client(), 5)).toHaveLength(8);
    expect(seen.map((s) => s.url.searchParams.get('$skip'))).toEqual(['0', '5']);
  });

  it('reports a refused password as an auth error with SAP’s text, once, without retrying it or printing it', async () => {
    server.use(http.get(`${host}${service}/${entitySet}`, () => HttpResponse.json({ error: { code: '/IWFND/CM_CONSUMER/101', message: { lang: 'en', value: 'Logon failed' } } }, { status: 401 })));
    const error = await readAll(client(), 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).reason).toBe('sap_login_refused');
    expect((error as Error).message).toContain('/IWFND/CM_CONSUMER/101 Logon failed');
    expect(seen).toHaveLength(1);
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toContain(password);
  });

  it('waits the Retry-After of a 429 before asking again, and carries it when the retries are spent', async () => {
    let calls = 0;
    server.use(
      http.get(`${host}${service}/${entitySet}`, () =>
        ++calls === 1 ? HttpResponse.json({ error: { code: 'TOO_MANY', message: { value: 'Rate limit exceeded' } } }, { status: 429, headers: { 'Retry-After': '1' } }) : HttpResponse.json({ d: { results: rows.slice(0, 2) } }),
      ),
    );
    expect(await readAll(client(), 3)).toHaveLength(2);
    expect(seen).toHaveLength(2);
    // The backoff alone would come back after ~1 ms; the server asked for a second.
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(950);

    server.use(http.get(`${host}${service}/${entitySet}`, () => HttpResponse.json({ error: { code: 'TOO_MANY', message: { value: 'Rate limit exceeded' } } }, { status: 429, headers: { 'Retry-After': '7' } })));
    const error = await readAll(client(0), 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(7000);
    expect((error as Error).message).toContain('Rate limit exceeded');
  });

  it('retries a 503 and goes on; a 503 that lasts fails as transient with SAP’s message', async () => {
    let calls = 0;
    server.use(http.get(`${host}${service}/${entitySet}`, () => (++calls <= 2 ? new HttpResponse('Service Unavailable', { status: 503 }) : HttpResponse.json({ d: { results: rows.slice(0, 1) } }))));
    expect(await readAll(client(), 3)).toHaveLength(1);
    expect(seen).toHaveLength(3);

    seen = [];
    server.use(http.get(`${host}${service}/${entitySet}`, () => HttpResponse.json({ error: { code: 'SY/530', message: { lang: 'en', value: 'Work process restarted' } } }, { status: 503 })));
    const error = await readAll(client(2), 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toBe(`SAP ${entitySet}: server error (HTTP 503): SY/530 Work process restarted`);
    expect(seen).toHaveLength(3);
  });

  it('surfaces SAP’s error JSON for a query the service refuses, without retrying it', async () => {
    server.use(
      http.get(`${host}${service}/${entitySet}`, () =>
        HttpResponse.json({ error: { code: '/IWBEP/CM_MGW_RT/022', message: { lang: 'en', value: "Property 'Foo' at offset '0' is invalid" }, innererror: { transactionid: '5A1B' } } }, { status: 400 }),
      ),
    );
    const error = await readAll(client(), 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(`SAP ${entitySet}: request refused (HTTP 400): /IWBEP/CM_MGW_RT/022 Property 'Foo' at offset '0' is invalid`);
    expect(seen).toHaveLength(1);
  });

  it('refuses a reply that is not OData V2 JSON', async () => {
    server.use(http.get(`${host}${service}/${entitySet}`, () => HttpResponse.json({ value: [] })));
    await expect(readAll(client(0), 3)).rejects.toThrow('the response has no "d" object');
  });
});
