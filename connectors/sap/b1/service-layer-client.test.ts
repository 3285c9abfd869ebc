import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { AuthError, RateLimitedError, TransientError } from '../../../core/errors';
import { silentLogger } from '../../../core/logging/logger';
import { Secret } from '../../../core/secret';
import { FakeClock } from '../../../core/time/clock';
import { sapConfigSchema, type SapB1ServiceLayerConfig } from '../config';
import { ServiceLayerClient } from './service-layer-client';

// The Business One Service Layer client against msw: session, paging, and what each failure becomes.
const host = 'http://b1.test:50000';
const root = `${host}/b1s/v1`;
const password = 'B1-pa55word-4c2d1e';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Every request the fake saw: method, path and query, cookie, Prefer header and body. */
let seen: Array<{ method: string; url: URL; cookie: string | null; prefer: string | null; at: number; body: Promise<string> }> = [];
beforeEach(() => {
  seen = [];
  server.events.removeAllListeners();
  server.events.on('request:start', ({ request }) =>
    seen.push({ method: request.method, url: new URL(request.url), cookie: request.headers.get('cookie'), prefer: request.headers.get('prefer'), at: performance.now(), body: request.clone().text() }),
  );
});
const logins = () => seen.filter((s) => s.url.pathname === '/b1s/v1/Login');
const calls = () => seen.filter((s) => s.url.pathname !== '/b1s/v1/Login');

function client(extra: Record<string, unknown> = {}): ServiceLayerClient {
  const config = sapConfigSchema.parse({ flavour: 'b1-service-layer', url: host, companyDb: 'SBODEMOFR', user: 'manager', password: new Secret(password, 'env:B1_PASSWORD'), pageSize: 2, retryBaseDelayMs: 1, maxRetries: 3, ...extra });
  return new ServiceLayerClient(config as SapB1ServiceLayerConfig, { tenantId: 't', sourceId: 'b1', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-03-31T10:00:00Z'), logger: silentLogger() });
}

const b1Error = (code: number, value: string) => ({ error: { code, message: { lang: 'en-us', value } } });
let sessionCount = 0;
/** A Login that hands out a new session each time (B1SESSION + ROUTEID), or refuses a wrong password. */
const login = http.post(`${root}/Login`, async ({ request }) => {
  const body = (await request.json()) as { CompanyDB: string; UserName: string; Password: string };
  if (body.Password !== password) return HttpResponse.json(b1Error(100000027, 'Login failed'), { status: 401 });
  sessionCount += 1;
  const headers = new Headers();
  headers.append('Set-Cookie', `B1SESSION=session-${sessionCount}-9b8a7c; HttpOnly;`);
  headers.append('Set-Cookie', 'ROUTEID=.node1; path=/b1s');
  return HttpResponse.json({ SessionId: `session-${sessionCount}-9b8a7c`, SessionTimeout: 30 }, { headers });
});
beforeEach(() => (sessionCount = 0));

async function readInvoices(c: ServiceLayerClient): Promise<number[]> {
  const out: number[] = [];
  for await (const page of c.readAll('Invoices', '$orderby=DocEntry')) out.push(...page.map((r) => r.DocEntry as number));
  return out;
}

describe('the Business One Service Layer client', () => {
  it('logs in once with the company, user and password, then sends the session cookies with every call', async () => {
    server.use(login, http.get(`${root}/BusinessPartners`, () => HttpResponse.json({ value: [] })));
    const c = client();
    await c.request('BusinessPartners', 'get', 'BusinessPartners?$top=1');
    await c.request('BusinessPartners', 'get', 'BusinessPartners?$top=1');
    expect(logins()).toHaveLength(1);
    expect(JSON.parse(await logins()[0]!.body)).toEqual({ CompanyDB: 'SBODEMOFR', UserName: 'manager', Password: password });
    expect(calls().map((s) => s.cookie)).toEqual(['B1SESSION=session-1-9b8a7c; ROUTEID=.node1', 'B1SESSION=session-1-9b8a7c; ROUTEID=.node1']);
  });

  it.each([
    ['odata.nextLink relative to the service root (v1)', 'odata.nextLink', (skip: number) => `Invoices?$orderby=DocEntry&$skip=${skip}`],
    ['@odata.nextLink with the service path (v2)', '@odata.nextLink', (skip: number) => `/b1s/v2/Invoices?$orderby=DocEntry&$skip=${skip}`],
  ])('pages with Prefer: odata.maxpagesize and follows %s to the end', async (_name, linkProperty, link) => {
    const invoices = [1, 2, 3, 4, 5];
    server.use(
      login,
      http.get(`${root}/Invoices`, ({ request }) => {
        const max = Number(/odata\.maxpagesize=(\d+)/.exec(request.headers.get('prefer') ?? '')?.[1] ?? 20);
        const skip = Number(new URL(request.url).searchParams.get('$skip') ?? 0);
        const next = skip + max < invoices.length ? { [linkProperty]: link(skip + max) } : {};
        return HttpResponse.json({ value: invoices.slice(skip, skip + max).map((DocEntry) => ({ DocEntry })), ...next });
      }),
    );
    expect(await readInvoices(client())).toEqual(invoices);
    expect(calls().map((s) => s.url.search)).toEqual(['?$orderby=DocEntry', '?$orderby=DocEntry&$skip=2', '?$orderby=DocEntry&$skip=4']);
    expect(calls().every((s) => s.prefer === 'odata.maxpagesize=2' && s.url.pathname === '/b1s/v1/Invoices')).toBe(true);
  });

  it('logs in again once when the session expired (401, error 301) and repeats the call once', async () => {
    server.use(
      login,
      http.get(`${root}/Invoices`, ({ request }) =>
        request.headers.get('cookie')?.includes('session-1-') ? HttpResponse.json(b1Error(301, 'Invalid session.'), { status: 401 }) : HttpResponse.json({ value: [{ DocEntry: 7 }] }),
      ),
    );
    expect(await readInvoices(client())).toEqual([7]);
    expect(logins()).toHaveLength(2);
    expect(calls().map((s) => s.cookie)).toEqual(['B1SESSION=session-1-9b8a7c; ROUTEID=.node1', 'B1SESSION=session-2-9b8a7c; ROUTEID=.node1']);
  });

  it('gives up after one new login when the new session is refused too, without printing a cookie', async () => {
    server.use(login, http.get(`${root}/Invoices`, () => HttpResponse.json(b1Error(301, 'Invalid session.'), { status: 401 })));
    const error = await readInvoices(client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toBe('SAP Invoices: user or password refused (HTTP 401): 301 Invalid session.');
    expect([logins().length, calls().length]).toEqual([2, 2]);
    expect(`${(error as Error).message} ${JSON.stringify(error)} ${String((error as Error).stack)}`).not.toMatch(/session-\d|B1SESSION|ROUTEID/);
  });

  it('reports a refused login as an auth error with B1’s text, once, without retrying it or printing the password', async () => {
    server.use(login);
    const error = await readInvoices(client({ password: new Secret('not-the-password-5e6f', 'env:B1_PASSWORD') })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toBe('SAP Login: user or password refused (HTTP 401): 100000027 Login failed');
    expect([logins().length, calls().length]).toEqual([1, 0]);
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toMatch(/not-the-password|B1-pa55word/);
  });

  it('retries a 503 within the session and waits a 429’s Retry-After; a lasting 503 fails as transient, cookies left out', async () => {
    let invoiceCalls = 0;
    server.use(
      login,
      http.get(`${root}/Invoices`, () => {
        invoiceCalls += 1;
        if (invoiceCalls === 1) return HttpResponse.json(b1Error(-5002, 'Service temporarily unavailable'), { status: 503 });
        if (invoiceCalls === 2) return HttpResponse.json(b1Error(-1, 'Too many requests'), { status: 429, headers: { 'Retry-After': '1' } });
        return HttpResponse.json({ value: [{ DocEntry: 9 }] });
      }),
    );
    expect(await readInvoices(client())).toEqual([9]);
    expect([logins().length, calls().length]).toEqual([1, 3]);
    expect(calls()[2]!.at - calls()[1]!.at).toBeGreaterThanOrEqual(950);

    seen = [];
    server.use(http.get(`${root}/Invoices`, () => HttpResponse.json(b1Error(-5002, 'Service temporarily unavailable'), { status: 503 })));
    const error = await readInvoices(client({ maxRetries: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toBe('SAP Invoices: server error (HTTP 503): -5002 Service temporarily unavailable');
    expect(calls()).toHaveLength(2);
    expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toMatch(/session-\d|B1SESSION/);

    server.use(http.get(`${root}/Invoices`, () => HttpResponse.json(b1Error(-1, 'Too many requests'), { status: 429, headers: { 'Retry-After': '30' } })));
    const limited = await readInvoices(client({ maxRetries: 0 })).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfterMs).toBe(30_000);
  });

  it('logs out with the session cookie on close', async () => {
    server.use(login, http.get(`${root}/Invoices`, () => HttpResponse.json({ value: [] })), http.post(`${root}/Logout`, () => new HttpResponse(null, { status: 204 })));
    const c = client();
    await readInvoices(c);
    await c.close();
    expect(seen.at(-1)).toMatchObject({ method: 'POST', cookie: 'B1SESSION=session-1-9b8a7c; ROUTEID=.node1' });
    expect(seen.at(-1)!.url.pathname).toBe('/b1s/v1/Logout');
  });
});
