import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { addDays, type LocalDate } from '../../../core/time/local-date';
import { Prng } from '../../../core/seeded-random';

/** The company database, user and password the fake accepts. Test values, never a real credential. */
export const fakeB1Company = 'SBODEMOFR';
export const fakeB1User = 'manager';
export const fakeB1Password = 'fake-b1-password-1';

type Row = Record<string, unknown>;

/** How to seed the company: the same options give the same data on every machine. */
export interface FakeB1Options {
  seed: number;
  /** Every document is dated on or before this day. */
  asOf: LocalDate;
  customers: number;
  invoicesPerCustomer: number;
}

/** One request the fake served (the session cookie is never recorded). */
export interface B1Request {
  method: string;
  path: string;
  status: number;
}

export interface FakeB1 {
  url: string;
  /** Rows by resource (Invoices, CreditNotes, IncomingPayments, BusinessPartners), mutable by tests. */
  data: Record<string, Row[]>;
  requests: B1Request[];
  /** Logins served. */
  logins(): number;
  /** Ends every session, as B1 does after SessionTimeout minutes idle. */
  expireSessions(): void;
  /** Ends every session after `count` more calls are served (expiry in the middle of a sync). */
  expireSessionsAfter(count: number): void;
  /** The next `count` calls (not logins) answer HTTP `status` with B1's error JSON. */
  failNext(count: number, status: number, code: number, message: string): void;
  close(): Promise<void>;
}

/**
 * A fake SAP Business One Service Layer on loopback (/b1s/v1): Login setting B1SESSION and ROUTEID,
 * sessions that expire (401, error 301 "Invalid session."), BusinessPartners, Invoices, CreditNotes
 * and IncomingPayments filtered by `UpdateDate ge '…'`, CardType and a key (`DocEntry gt n`,
 * `CardCode gt '…'`), ordered by UpdateDate then key or (`$orderby` the key) by key alone, `$select`,
 * pages of `Prefer: odata.maxpagesize` rows (20 without it) with `odata.nextLink` ($top honoured), GET
 * and PATCH of one entity.
 */
export async function startFakeB1(options: FakeB1Options): Promise<FakeB1> {
  const data = seed(options);
  const sessions = new Set<string>();
  const requests: B1Request[] = [];
  const failures: Array<{ remaining: number; status: number; code: number; message: string }> = [];
  let logins = 0;
  let expireAfter: number | null = null;
  const server: Server = createServer();

  const reply = (req: IncomingMessage, res: ServerResponse, path: string, status: number, body?: unknown, headers: Record<string, string | string[]> = {}) => {
    requests.push({ method: req.method ?? 'GET', path, status });
    res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json;odata=minimalmetadata;charset=utf-8' }), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const error = (code: number, value: string) => ({ error: { code, message: { lang: 'en-us', value } } });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname.replace(/^\/b1s\/v1\//, '');
      if (req.method === 'POST' && path === 'Login') {
        const login = JSON.parse(body || '{}') as { CompanyDB?: string; UserName?: string; Password?: string };
        if (login.CompanyDB !== fakeB1Company || login.UserName !== fakeB1User || login.Password !== fakeB1Password) return reply(req, res, path, 401, error(100000027, 'Login failed'));
        logins += 1;
        const session = randomBytes(12).toString('hex');
        sessions.add(session);
        return reply(req, res, path, 200, { 'odata.metadata': '$metadata#B1Sessions/@Element', SessionId: session, Version: '1000190', SessionTimeout: 30 }, { 'set-cookie': [`B1SESSION=${session}; HttpOnly;`, 'ROUTEID=.node1; path=/b1s'] });
      }
      if (req.method === 'POST' && path === 'Logout') return reply(req, res, path, 204);
      const session = /B1SESSION=([0-9a-f]+)/.exec(req.headers.cookie ?? '')?.[1];
      if (expireAfter !== null && expireAfter-- <= 0) {
        expireAfter = null;
        sessions.clear();
      }
      if (!session || !sessions.has(session) || !/ROUTEID=\.node1/.test(req.headers.cookie ?? '')) return reply(req, res, path, 401, error(301, 'Invalid session.'));
      const failure = failures.find((f) => f.remaining > 0);
      if (failure) {
        failure.remaining -= 1;
        return reply(req, res, path, failure.status, error(failure.code, failure.message));
      }
      const entity = /^(\w+)\((?:(\d+)|'([^']*)')\)$/.exec(path);
      if (entity) {
        const [, resource, num, text] = entity as unknown as [string, string, string | undefined, string | undefined];
        const row = (data[resource] ?? []).find((r) => (num !== undefined ? r.DocEntry === Number(num) : r.CardCode === text));
        if (!row) return reply(req, res, path, 404, error(-2028, 'No matching records found (ODBC -2028)'));
        if (req.method === 'PATCH') {
          Object.assign(row, JSON.parse(body || '{}'), { UpdateDate: `${options.asOf}T00:00:00Z` });
          return reply(req, res, path, 204);
        }
        const select = url.searchParams.get('$select');
        return reply(req, res, path, 200, select ? Object.fromEntries(select.split(',').map((f) => [f, row[f]])) : row);
      }
      const rows = data[path];
      if (!rows || req.method !== 'GET') return reply(req, res, path, 404, error(-1, `Resource not found for the segment '${path}'.`));
      const filter = url.searchParams.get('$filter') ?? '';
      const since = /UpdateDate ge '(\d{4}-\d{2}-\d{2})'/.exec(filter)?.[1];
      const cardType = /CardType eq '(\w+)'/.exec(filter)?.[1];
      const key = path === 'BusinessPartners' ? 'CardCode' : 'DocEntry';
      // Keyset listing: `DocEntry gt 12` / `CardCode gt 'C00003'`, with `$orderby` the key alone.
      const afterMatch = new RegExp(`${key} gt (?:(\\d+)|'((?:[^']|'')*)')`).exec(filter);
      const after: number | string | undefined = afterMatch ? (afterMatch[1] !== undefined ? Number(afterMatch[1]) : afterMatch[2]!.replace(/''/g, "'")) : undefined;
      const byKeyOnly = url.searchParams.get('$orderby') === key;
      const compareKeys = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0);
      const top = url.searchParams.get('$top');
      const matching = rows
        .filter((r) => (since === undefined || String(r.UpdateDate).slice(0, 10) >= since) && (cardType === undefined || r.CardType === cardType) && (after === undefined || compareKeys(r[key], after) > 0))
        .sort((a, b) => (byKeyOnly ? compareKeys(a[key], b[key]) : String(a.UpdateDate) < String(b.UpdateDate) ? -1 : String(a.UpdateDate) > String(b.UpdateDate) ? 1 : String(a[key]) < String(b[key]) ? -1 : String(a[key]) > String(b[key]) ? 1 : 0))
        .slice(0, top === null ? undefined : Number(top));
      const select = url.searchParams.get('$select');
      const shown = select ? matching.map((r) => Object.fromEntries(select.split(',').map((f) => [f, r[f]]))) : matching;
      const pageSize = Number(/odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''))?.[1] ?? '20');
      const skip = Number(url.searchParams.get('$skip') ?? '0');
      const page = shown.slice(skip, skip + pageSize);
      const out: Row = { 'odata.metadata': `$metadata#${path}`, value: page };
      if (skip + pageSize < shown.length) {
        url.searchParams.set('$skip', String(skip + pageSize));
        out['odata.nextLink'] = `${path}?${url.searchParams.toString()}`;
      }
      reply(req, res, path, 200, out, { 'preference-applied': `odata.maxpagesize=${pageSize}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    data,
    requests,
    logins: () => logins,
    expireSessions: () => sessions.clear(),
    expireSessionsAfter: (count) => (expireAfter = count),
    failNext: (count, status, code, message) => failures.push({ remaining: count, status, code, message }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

/** A seeded B1 company: customers (and one supplier), invoices open, partly and fully paid, credit notes, incoming payments. */
function seed(options: FakeB1Options): Record<string, Row[]> {
  const rng = new Prng(options.seed);
  const at = (date: LocalDate) => `${date}T00:00:00Z`;
  const partners: Row[] = [];
  const invoices: Row[] = [];
  const creditNotes: Row[] = [];
  const payments: Row[] = [];
  let invoiceEntry = 1;
  let creditEntry = 1;
  let paymentEntry = 1;
  for (let c = 0; c < options.customers; c++) {
    const code = `C${String(c + 1).padStart(5, '0')}`;
    const created = addDays(options.asOf, -rng.int(200, 400));
    partners.push({
      CardCode: code, CardName: `Client B1 ${c + 1} ${rng.pick(['SARL', 'SAS', 'GmbH'])}`, CardType: 'cCustomer',
      EmailAddress: rng.chance(0.8) ? `ap${c + 1}@b1client${c + 1}.example` : (c === 2 ? 'not-an-address' : ''), Phone1: rng.chance(0.6) ? `01 44 ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}` : '',
      FederalTaxID: rng.chance(0.5) ? `FR${rng.int(10, 99)}${rng.int(100000000, 999999999)}` : '', PayTermsGrpCode: rng.pick([-1, 1, 2]),
      BlockDunning: c % 7 === 3 ? 'tYES' : 'tNO', DunningLevel: 0, DunningDate: null, Frozen: 'tNO', UpdateDate: at(created),
    });
    for (let i = 0; i < options.invoicesPerCustomer; i++) {
      const docDate = addDays(options.asOf, -rng.int(5, 120));
      const total = rng.int(10_000, 500_000) / 100;
      const invoice: Row = {
        DocEntry: invoiceEntry, DocNum: 100000 + invoiceEntry, CardCode: code, DocDate: at(docDate), DocDueDate: at(addDays(docDate, 30)),
        DocCurrency: 'EUR', DocTotal: total, DocTotalFc: 0, PaidToDate: 0, PaidToDateFC: 0, DocumentStatus: 'bost_Open', Cancelled: 'tNO',
        BlockDunning: rng.chance(0.1) ? 'tYES' : 'tNO', Comments: '', UpdateDate: at(docDate),
      };
      invoiceEntry += 1;
      invoices.push(invoice);
      const roll = rng.next();
      if (roll < 0.45) {
        const payDate = addDays(docDate, rng.int(3, 40)) > options.asOf ? options.asOf : addDays(docDate, rng.int(3, 40));
        const applied = roll < 0.3 ? total : Math.round(total * 40) / 100;
        invoice.PaidToDate = applied;
        invoice.DocumentStatus = applied === total ? 'bost_Close' : 'bost_Open';
        invoice.UpdateDate = at(payDate);
        payments.push({
          DocEntry: paymentEntry, DocNum: 200000 + paymentEntry, CardCode: code, DocDate: at(payDate), DocCurrency: 'EUR', CashSum: 0, TransferSum: applied, CheckSum: 0,
          Cancelled: 'tNO', UpdateDate: at(payDate), PaymentInvoices: [{ LineNum: 0, DocEntry: invoice.DocEntry, SumApplied: applied, InvoiceType: 'it_Invoice' }],
        });
        paymentEntry += 1;
      }
    }
    if (rng.chance(0.3)) {
      const docDate = addDays(options.asOf, -rng.int(5, 60));
      creditNotes.push({
        DocEntry: creditEntry, DocNum: 300000 + creditEntry, CardCode: code, DocDate: at(docDate), DocDueDate: at(docDate), DocCurrency: 'EUR',
        DocTotal: rng.int(1_000, 30_000) / 100, DocTotalFc: 0, PaidToDate: 0, PaidToDateFC: 0, DocumentStatus: 'bost_Open', Cancelled: 'tNO', BlockDunning: 'tNO', Comments: '', UpdateDate: at(docDate),
      });
      creditEntry += 1;
    }
  }
  // A supplier: not a customer, filtered out by CardType.
  partners.push({ CardCode: 'V00001', CardName: 'Fournisseur SA', CardType: 'cSupplier', EmailAddress: '', BlockDunning: 'tNO', Frozen: 'tNO', UpdateDate: at(addDays(options.asOf, -300)) });
  return { BusinessPartners: partners, Invoices: invoices, CreditNotes: creditNotes, IncomingPayments: payments };
}
