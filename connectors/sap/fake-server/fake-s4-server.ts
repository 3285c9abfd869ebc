import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalDate } from '../../../core/time/local-date';
import { netDueDate } from '../net-due-date';
import { alphaOutput } from '../wire-values';
import { FakeLedger, type LedgerItem, type LedgerOptions } from './fake-ledger';
import { fakeSapPassword, fakeSapUser } from './fake-sap-server';

/** Where the fake's services live (the standard paths). */
export const s4ItemsPath = '/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV';
export const s4PartnersPath = '/sap/opu/odata/sap/API_BUSINESS_PARTNER';
export const s4JournalEntryChangePath = '/sap/bc/srt/scs_ext/sap/journalentrybulkchangerequest_';

/** A failure the next OData calls meet: an HTTP status, with SAP's error JSON unless it is a bare 401/503. */
export interface S4InjectedFailure {
  status: 400 | 401 | 403 | 500 | 503;
  code?: string;
  message?: string;
}

export interface FakeS4 {
  url: string;
  ledger: FakeLedger;
  /** Every OData GET served: entity set and query string. */
  calls: Array<{ entitySet: string; query: string }>;
  /** Journal-entry change messages received (UUIDs), duplicates included. */
  changeMessages: string[];
  failNext(count: number, failure: S4InjectedFailure): void;
  /** Called after each page of an entity set is served, with its rows (a test may change the ledger between two pages). */
  afterPage: ((entitySet: string, rows: ReadonlyArray<Record<string, unknown>>) => void) | null;
  close(): Promise<void>;
}

const initial = '0000-00-00';

function dateValue(date: string): string | null {
  return date === initial || date === '' ? null : `/Date(${Date.parse(`${date}T00:00:00Z`)})/`;
}

/** A ledger item as the journal-entry item cube shows it: signed amounts, computed due date, external customer number. */
function cubeRow(i: LedgerItem): Record<string, unknown> {
  const sign = i.DB_CR_IND === 'H' ? '-' : '';
  const due = netDueDate({
    baselineDate: i.BLINE_DATE === initial ? null : (i.BLINE_DATE as LocalDate),
    documentDate: i.DOC_DATE as LocalDate,
    debitCredit: i.DB_CR_IND,
    invoiceReference: i.INV_REF === '' ? null : i.INV_REF,
    netDays: Number(i.NETTERMS),
    discountDays2: Number(i.DSCT_DAYS2),
    discountDays1: Number(i.DSCT_DAYS1),
  });
  return {
    __metadata: { type: 'API_OPLACCTGDOCITEMCUBE_SRV.A_OperationalAcctgDocItemCubeType' },
    CompanyCode: i.COMP_CODE, FiscalYear: i.FISC_YEAR, AccountingDocument: i.DOC_NO, AccountingDocumentItem: String(Number(i.ITEM_NUM)),
    FinancialAccountType: 'D', Customer: alphaOutput(i.CUSTOMER), SpecialGLCode: i.SP_GL_IND, DebitCreditCode: i.DB_CR_IND,
    PostingKey: i.POST_KEY, AccountingDocumentType: i.DOC_TYPE, PostingDate: dateValue(i.PSTNG_DATE), DocumentDate: dateValue(i.DOC_DATE),
    AccountingDocumentCreationDate: dateValue(i.ENTRY_DATE), NetDueDate: dateValue(due), ClearingDate: dateValue(i.CLEAR_DATE),
    ClearingAccountingDocument: i.CLR_DOC_NO, IsCleared: i.CLEAR_DATE !== initial, CompanyCodeCurrency: i.LOC_CURRCY,
    AmountInCompanyCodeCurrency: `${sign}${i.LC_AMOUNT}`, TransactionCurrency: i.CURRENCY, AmountInTransactionCurrency: `${sign}${i.AMT_DOCCUR}`,
    DunningLevel: i.DUNN_LEVEL, DunningBlockingReason: i.DUNN_BLOCK, LastDunningDate: dateValue(i.LAST_DUNN), PaymentMethod: i.PYMT_METH,
    PaymentTerms: i.PMNTTRMS, InvoiceReference: i.INV_REF, InvoiceReferenceFiscalYear: i.INV_REF === '' ? '' : i.INV_YEAR,
    InvoiceItemReference: i.INV_REF === '' ? '' : i.INV_ITEM, DocumentReferenceID: i.REF_DOC_NO,
  };
}

type Row = Record<string, unknown>;

type Clause = { prop: string; op: string; value: unknown; isDate: boolean };

/** Parses one comparison (`Prop op literal`), or names what it does not know. */
function parseClause(text: string, known: Set<string>): Clause | { unknown: string } {
  const m = /^(\w+)\s+(eq|ne|ge|le|gt|lt)\s+(.+)$/.exec(text.trim());
  if (!m) return { unknown: text };
  const [, prop, op, literal] = m as unknown as [string, string, string, string];
  if (!known.has(prop)) return { unknown: prop };
  const date = /^datetime'(.+)'$/.exec(literal);
  const value: unknown = date ? Date.parse(`${date[1]}Z`) : literal === 'true' ? true : literal === 'false' ? false : literal.replace(/^'|'$/g, '');
  return { prop, op, value, isDate: date !== null };
}

function matches(row: Row, c: Clause): boolean {
  let actual = row[c.prop];
  if (c.isDate) {
    if (actual === null) return c.op === 'ne';
    actual = Number(/\((-?\d+)/.exec(String(actual))?.[1]);
  }
  const a = actual as string | number | boolean;
  const v = c.value as string | number | boolean;
  switch (c.op) {
    case 'eq': return a === v;
    case 'ne': return a !== v;
    case 'ge': return a >= v;
    case 'le': return a <= v;
    case 'gt': return a > v;
    default: return a < v;
  }
}

/** Evaluates the `$filter` forms the connector sends (comparisons joined by `and`, one level of `(… or …)`); an unknown property is SAP's 400. */
function filterRows(rows: Row[], filter: string, known: Set<string>): Row[] | { unknown: string } {
  if (filter.trim() === '') return rows;
  const groups: Clause[][] = [];
  for (const part of filter.split(/\s+and\s+(?![^(]*\))/)) {
    const inner = /^\((.*)\)$/.exec(part.trim());
    const alternatives = (inner ? inner[1]! : part).split(/\s+or\s+/).map((c) => parseClause(c, known));
    const bad = alternatives.find((c) => 'unknown' in c);
    if (bad) return bad as { unknown: string };
    groups.push(alternatives as Clause[]);
  }
  return rows.filter((row) => groups.every((alternatives) => alternatives.some((c) => matches(row, c))));
}

/**
 * A fake S/4HANA on loopback for the OData flavour, over the same seeded ledger as the SOAP fake:
 * A_OperationalAcctgDocItemCube and A_BusinessPartner (customer role, with the expansions the
 * connector asks), `$filter`, `$top`/`$skip` and a server page cap answered with `__next` links
 * ($skiptoken), SAP's error JSON, Basic auth, and the Journal Entry – Change service for write-back.
 */
export async function startFakeS4(options: LedgerOptions & { serverPageSize?: number }): Promise<FakeS4> {
  const ledger = new FakeLedger(options);
  const serverPageSize = options.serverPageSize ?? 50;
  const calls: FakeS4['calls'] = [];
  const changeMessages: string[] = [];
  const failures: Array<{ remaining: number; failure: S4InjectedFailure }> = [];
  const server: Server = createServer();
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  const sapError = (res: ServerResponse, status: number, code: string, message: string) =>
    json(res, status, { error: { code, message: { lang: 'en', value: message }, innererror: { transactionid: '0A1B2C3D4E5F', errordetails: [] } } });

  const partners = (): Row[] =>
    [...ledger.customers.values()].map((c, n) => {
      const customer = alphaOutput(c.CUSTOMER);
      return {
        BusinessPartner: String(1000000 + n), Customer: customer, BusinessPartnerFullName: c.NAME, CorrespondenceLanguage: c.LANGU_ISO,
        CreationDate: dateValue('2020-01-15'), LastChangeDate: null,
        to_Customer: {
          Customer: customer, CustomerName: c.NAME, VATRegistration: c.VAT_REG_NO, PostingIsBlocked: false, DeletionIndicator: false,
          to_CustomerCompany: {
            results: c.companyCodes.map((cc) => ({
              Customer: customer, CompanyCode: cc, PaymentTerms: c.PMNTTRMS, AccountingClerk: '01', DeletionIndicator: false,
              to_CustomerDunning: { results: [{ Customer: customer, CompanyCode: cc, DunningArea: '', DunningBlock: c.DUNN_BLOCK, DunningProcedure: '0001' }] },
            })),
          },
        },
        to_BusinessPartnerAddress: { results: [{ to_EmailAddress: { results: c.E_MAIL === '' ? [] : [{ EmailAddress: c.E_MAIL, IsDefaultEmailAddress: true }] } }] },
      };
    });

  const serveSet = (res: ServerResponse, url: URL, entitySet: string, all: Row[]) => {
    const q = url.searchParams;
    const known = new Set(Object.keys(all[0] ?? cubeRow(ledger.items[0]!)));
    const filtered = filterRows(all, q.get('$filter') ?? '', known);
    if (!Array.isArray(filtered)) return sapError(res, 400, '/IWBEP/CM_MGW_RT/022', `Property ${filtered.unknown} not found in type ${entitySet}Type`);
    const skip = Number(q.get('$skip') ?? '0');
    const top = q.has('$top') ? Number(q.get('$top')) : filtered.length;
    const end = Math.min(filtered.length, skip + top);
    const start = q.has('$skiptoken') ? Number(q.get('$skiptoken')) : skip;
    const stop = Math.min(end, start + serverPageSize);
    const results = filtered.slice(start, stop);
    const d: Record<string, unknown> = { results };
    if (stop < end) {
      const next = new URL(url.toString());
      next.searchParams.set('$skiptoken', String(stop));
      d.__next = `${base()}${next.pathname}${next.search}`;
    }
    json(res, 200, { d });
    fake.afterPage?.(entitySet, results);
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.headers.authorization !== 'Basic ' + Buffer.from(`${fakeSapUser}:${fakeSapPassword}`).toString('base64')) {
      res.writeHead(401, { 'content-type': 'text/html', 'www-authenticate': 'Basic realm="SAP NetWeaver Application Server"' });
      return res.end('<html><body>Logon failed</body></html>');
    }
    if (req.method === 'POST' && url.pathname === s4JournalEntryChangePath) {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        applyJournalEntryChange(ledger, body, changeMessages);
        res.writeHead(202);
        res.end();
      });
      return;
    }
    const injected = failures.find((f) => f.remaining > 0);
    if (injected) {
      injected.remaining -= 1;
      const f = injected.failure;
      if (f.code || f.message) return sapError(res, f.status, f.code ?? 'SY/530', f.message ?? 'Error');
      res.writeHead(f.status, { 'content-type': 'text/html' });
      return res.end(`<html><body>${f.status === 503 ? 'Service unavailable' : 'Error'}</body></html>`);
    }
    const entitySet = url.pathname.split('/').pop() ?? '';
    calls.push({ entitySet, query: url.search });
    if (url.pathname === `${s4ItemsPath}/A_OperationalAcctgDocItemCube`) {
      const keyOrder = (r: Row) => `${r.CompanyCode}/${r.FiscalYear}/${r.AccountingDocument}/${String(r.AccountingDocumentItem).padStart(3, '0')}`;
      return serveSet(res, url, entitySet, ledger.items.map(cubeRow).sort((a, b) => (keyOrder(a) < keyOrder(b) ? -1 : 1)));
    }
    if (url.pathname === `${s4PartnersPath}/A_BusinessPartner`) return serveSet(res, url, entitySet, partners());
    if (url.pathname.endsWith('/A_OperationalAcctgDocItemCube') || url.pathname.includes('/sap/opu/odata/')) {
      return sapError(res, 404, '/IWFND/MED/170', `No service found for namespace '', name '${url.pathname.split('/')[5] ?? ''}', version '0001'`);
    }
    res.writeHead(404);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const fake: FakeS4 = {
    url: base(),
    ledger,
    calls,
    changeMessages,
    failNext: (count, failure) => failures.push({ remaining: count, failure }),
    afterPage: null,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}

/** Applies a JournalEntryBulkChangeRequest: each item's requested field changes; a message UUID seen before is not applied again. */
function applyJournalEntryChange(ledger: FakeLedger, body: string, received: string[]): void {
  const seen = new Set(received);
  for (const request of body.match(/<JournalEntryBulkChangeRequest>[\s\S]*?<\/JournalEntryBulkChangeRequest>/g) ?? []) {
    const field = (name: string, within = request) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(within)?.[1];
    const uuid = field('UUID') ?? '';
    received.push(uuid);
    if (seen.has(uuid)) continue;
    const itemKey = /<ItemKey>([\s\S]*?)<\/ItemKey>/.exec(request)?.[1] ?? '';
    const item = ledger.items.find(
      (i) => i.COMP_CODE === field('CompanyCode', itemKey) && i.FISC_YEAR === field('FiscalYear', itemKey) && i.DOC_NO === field('AccountingDocument', itemKey) && Number(i.ITEM_NUM) === Number(field('AccountingDocumentItemID', itemKey)),
    );
    if (!item) continue; // SAP would report it in its monitoring, not in the reply
    const level = field('DunningLevel');
    const last = field('LastDunningDate');
    const block = /<DunningBlockingReasonCodeChange>[\s\S]*?<\/DunningBlockingReasonCodeChange>/.test(request) ? (field('DunningBlockingReasonCode') ?? '') : undefined;
    if (level !== undefined) item.DUNN_LEVEL = level;
    if (last !== undefined) item.LAST_DUNN = last;
    if (block !== undefined) item.DUNN_BLOCK = block;
  }
}
