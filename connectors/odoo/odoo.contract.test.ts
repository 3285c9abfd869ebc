import { AuthError, ConfigError } from '../../core/errors';
import { silentLogger } from '../../core/logging/logger';
import { streamSchemas, type StreamName } from '../../core/model';
import { Secret } from '../../core/secret';
import { FakeClock } from '../../core/time/clock';
import type { ConnectorInstance } from '../contract';
import type { OdooConfigInput } from './config';
import type { OdooCursor } from './cursor';
import { generateCompany, startFakeOdoo, type FakeOdoo, type OdooVersion, type StartFakeOdooOptions } from './fake-server';
import { odooConnector } from './index';

/*
 * The connector against the fake Odoo (a loopback server speaking the real JSON-RPC / JSON-2 of each
 * version, over a generated ledger). Expectations are computed from the fake's tables directly, never
 * through the connector's own domains.
 */

const tenant = { tenantId: 'acme', sourceId: 'odoo-main' };
const overlapMinutes = 10;
const asOf = '2026-01-15';

interface Setup {
  label: string;
  version: OdooVersion;
  protocol: 'json-rpc' | 'json-2';
  server?: Partial<StartFakeOdooOptions>;
  connection?: Partial<OdooConfigInput>;
}

const setups: Setup[] = [
  { label: '16 over JSON-RPC', version: 16, protocol: 'json-rpc' },
  { label: '17 over JSON-RPC', version: 17, protocol: 'json-rpc' },
  { label: '18 over JSON-RPC', version: 18, protocol: 'json-rpc' },
  { label: '19 over JSON-2', version: 19, protocol: 'json-2' },
  { label: '19 with JSON-2 forced off (JSON-RPC)', version: 19, protocol: 'json-rpc', connection: { protocol: 'json-rpc' } },
  { label: '19 with the rpc module uninstalled', version: 19, protocol: 'json-2', server: { rpcModuleInstalled: false } },
];

type Row = Record<string, unknown>;
interface Pulled {
  records: Map<string, Row>;
  rejected: Array<{ externalId: string | null; reason: string; pageOk: number }>;
  cursor: OdooCursor | null;
  pages: number;
}

async function pull(connection: ConnectorInstance<OdooCursor>, stream: StreamName, cursor: OdooCursor | null): Promise<Pulled> {
  const out: Pulled = { records: new Map(), rejected: [], cursor, pages: 0 };
  for await (const page of connection.pull(stream, cursor)) {
    out.pages++;
    const pageOk = page.rows.filter((r) => r.ok).length;
    for (const row of page.rows) {
      if (!row.ok) {
        out.rejected.push({ externalId: row.externalId, reason: row.reason, pageOk });
        continue;
      }
      // What the pipeline will do: stamp the tenant and validate against the model.
      const record = streamSchemas[stream].parse({ ...row.record, ...tenant }) as Row;
      out.records.set(String(record.externalId), record);
    }
    expect(odooConnector.cursorSchema.parse(page.cursor)).toEqual(page.cursor);
    out.cursor = page.cursor;
  }
  return out;
}

function connect(odoo: FakeOdoo, clock: FakeClock, extra: Partial<OdooConfigInput> = {}): ConnectorInstance<OdooCursor> {
  const config = odooConnector.configSchema.parse({
    url: odoo.url,
    database: odoo.db,
    username: odoo.login,
    apiKey: new Secret(odoo.apiKey, 'env:ODOO_API_KEY'),
    pageSize: 40,
    overlapMinutes,
    retryBaseDelayMs: 1,
    maxRetries: 4,
    ...extra,
  });
  return odooConnector.create(config, { ...tenant, timeZone: 'Europe/Paris', currency: 'EUR', clock, logger: silentLogger() });
}

const instant = (odooDatetime: string) => Date.parse(odooDatetime.replace(' ', 'T') + 'Z');

/** Records of an earlier pull that a pull from `cursor` must re-send: changed within the overlap before it. */
function overlapResends(previous: Pulled, cursor: OdooCursor | null): string[] {
  if (!cursor?.writeDate) return [...previous.records.keys()];
  const from = instant(cursor.writeDate) - overlapMinutes * 60_000;
  return [...previous.records.values()].filter((r) => Date.parse(String(r.sourceUpdatedAt)) >= from).map((r) => String(r.externalId));
}

const sorted = (ids: Iterable<string>) => [...new Set(ids)].sort((a, b) => Number(a.split(':').pop()) - Number(b.split(':').pop()) || a.localeCompare(b));

/** The truth, read from the fake's tables. */
function truth(odoo: FakeOdoo) {
  const db = odoo.company.db;
  const accounts = db.table('account.account');
  const moves = db.table('account.move');
  const lines = db.table('account.move.line');
  const customerTypes = new Set(['out_invoice', 'out_refund', 'out_receipt']);
  const isCustomerReceivable = (lineId: number) => {
    const line = lines.get(lineId);
    if (!line || accounts.get(line.account_id)?.account_type !== 'asset_receivable') return false;
    return customerTypes.has(moves.get(line.move_id)?.move_type ?? '');
  };
  const receivables = [...lines.rows.values()].filter((l) => isCustomerReceivable(l.id) && (l.parent_state === 'posted' || l.parent_state === 'cancel'));
  const customers = [...db.table('res.partner').rows.values()].filter((p) => (p.is_company || p.parent_id === false) && p.customer_rank > 0);
  const payments = [...db.table('account.payment').rows.values()].filter(
    (p) => p.payment_type === 'inbound' && p.partner_type === 'customer' && p.state !== 'draft',
  );
  const partials = [...db.table('account.partial.reconcile').rows.values()].filter((p) => isCustomerReceivable(p.debit_move_id));
  return {
    receivables: receivables.map((l) => String(l.id)),
    customers: customers.map((p) => String(p.id)),
    payments: payments.map((p) => String(p.id)),
    allocations: partials.map((p) => String(p.id)),
    receivableLinesOfMove: (moveId: number) => moves.require(moveId).line_ids.filter((id) => isCustomerReceivable(id)).map(String),
  };
}

describe.each(setups)('Odoo $label', ({ version, protocol, server, connection: connectionConfig }) => {
  let odoo: FakeOdoo;
  let clock: FakeClock;
  let connection: ConnectorInstance<OdooCursor>;
  const full = new Map<StreamName, Pulled>();

  beforeAll(async () => {
    clock = new FakeClock(`${asOf}T08:00:00Z`);
    odoo = await startFakeOdoo({ version, clock, company: generateCompany({ seed: 7, asOf, customers: 25, invoices: 220, version }), ...server });
    connection = connect(odoo, clock, connectionConfig);
    for (const stream of odooConnector.streams) full.set(stream, await pull(connection, stream, null));
  });
  afterAll(async () => {
    await connection?.close();
    await odoo?.close();
  });

  it('pulls every stream in full, every row mapped, over the expected protocol', () => {
    const t = truth(odoo);
    for (const stream of odooConnector.streams) {
      const pulled = full.get(stream) as Pulled;
      expect({ stream, rejected: pulled.rejected }).toEqual({ stream, rejected: [] });
      expect(sorted(pulled.records.keys())).toEqual(sorted(t[stream]));
      expect(pulled.cursor?.writeDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    }
    expect((full.get('receivables') as Pulled).pages).toBeGreaterThan(1);
    const paths = odoo.requestLog.map((r) => r.path);
    if (protocol === 'json-2') expect(paths.some((p) => p === '/jsonrpc')).toBe(false);
    else expect(paths.some((p) => p.startsWith('/json/2/'))).toBe(false);
  });

  it('gives consistent links: receivables and payments point at pulled customers, allocations at pulled receivables and payments', () => {
    const customers = (full.get('customers') as Pulled).records;
    const receivables = (full.get('receivables') as Pulled).records;
    const payments = (full.get('payments') as Pulled).records;
    for (const r of receivables.values()) expect(customers.has(String(r.customerExternalId))).toBe(true);
    for (const p of payments.values()) expect(customers.has(String(p.customerExternalId))).toBe(true);
    const applied = new Set<string>();
    for (const a of (full.get('allocations') as Pulled).records.values()) {
      expect(receivables.has(String(a.receivableExternalId))).toBe(true);
      applied.add(String(a.appliedFrom));
      if (a.appliedFrom === 'payment') expect(payments.has(String(a.appliedFromExternalId))).toBe(true);
      if (a.appliedFrom === 'credit_note') expect(receivables.get(String(a.appliedFromExternalId))?.kind).toBe('credit_note');
    }
    expect(applied.has('payment')).toBe(true);
    // The generated ledger has archived customers, disputes, partial payments, installments and credit notes.
    expect([...customers.values()].some((c) => c.active === false)).toBe(true);
    const rows = [...receivables.values()];
    expect(rows.some((r) => r.dunningBlocked === true)).toBe(true);
    expect(rows.some((r) => r.dispute && (r.dispute as { disputed: boolean }).disputed)).toBe(version <= 17);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['open', 'partially_paid', 'paid']));
    expect(rows.some((r) => r.installment !== null)).toBe(true);
    expect(rows.some((r) => r.kind === 'credit_note')).toBe(true);
  });

  it('pulls from the saved cursors exactly what changed, plus the overlap re-sends', async () => {
    // Past the overlap: nothing from the full pull is re-read unless it changed in its last minutes.
    clock.advance(60 * 60_000);
    const receivables = (full.get('receivables') as Pulled).records;
    const customers = (full.get('customers') as Pulled).records;
    const openInvoices = [...receivables.values()].filter((r) => r.kind === 'invoice' && r.status === 'open' && !r.dunningBlocked);
    const toPay = Number(openInvoices[0]?.documentExternalId);
    const toBlock = openInvoices.find((r) => Number(r.documentExternalId) !== toPay) as Row;
    const customerId = Number([...customers.values()].find((c) => c.active === true)?.externalId);

    const paid = odoo.mutations.registerPayment({ invoiceId: toPay });
    const added = odoo.mutations.addInvoice({
      partnerId: customerId,
      amount: 300,
      installments: [
        { amount: 100, dueDate: '2026-02-15' },
        { amount: 200, dueDate: '2026-03-15' },
      ],
    });
    odoo.mutations.setFollowupBlocked(Number(toBlock.externalId));
    odoo.mutations.updatePartner(customerId, { email: 'ap-new@example.com' });

    const t = truth(odoo);
    const blockedLines = version === 18 ? t.receivableLinesOfMove(Number(toBlock.documentExternalId)) : [String(toBlock.externalId)];
    const changed: Record<StreamName, string[]> = {
      customers: [String(customerId)],
      receivables: [...t.receivableLinesOfMove(toPay), ...added.lineIds.map(String), ...blockedLines],
      payments: [String(paid.paymentId)],
      allocations: paid.partialIds.map(String),
    };

    const second = new Map<StreamName, Pulled>();
    for (const stream of odooConnector.streams) {
      const before = full.get(stream) as Pulled;
      const after = await pull(connection, stream, before.cursor);
      second.set(stream, after);
      expect({ stream, rejected: after.rejected }).toEqual({ stream, rejected: [] });
      expect({ stream, ids: sorted(after.records.keys()) }).toEqual({ stream, ids: sorted([...changed[stream], ...overlapResends(before, before.cursor)]) });
    }

    const got = second.get('receivables') as Pulled;
    for (const id of t.receivableLinesOfMove(toPay)) expect(got.records.get(id)).toMatchObject({ status: 'paid', openAmount: 0 });
    expect(added.lineIds.map((id) => got.records.get(String(id)))).toMatchObject([
      { status: 'open', amount: 10000, installment: { index: 1, count: 2 }, dueDate: '2026-02-15' },
      { status: 'open', amount: 20000, installment: { index: 2, count: 2 }, dueDate: '2026-03-15' },
    ]);
    expect(got.records.get(String(toBlock.externalId))).toMatchObject({ dunningBlocked: true, dispute: { disputed: version <= 17 } });
    expect((second.get('customers') as Pulled).records.get(String(customerId))?.emails).toEqual(['ap-new@example.com']);
    expect((second.get('payments') as Pulled).records.get(String(paid.paymentId))).toMatchObject({ status: 'posted', receivedOn: '2026-01-15' });
    for (const id of paid.partialIds) {
      expect((second.get('allocations') as Pulled).records.get(String(id))).toMatchObject({ appliedFrom: 'payment', appliedFromExternalId: String(paid.paymentId) });
    }

    // Once more from the new cursors: only what lies within the overlap of the new watermark.
    for (const stream of odooConnector.streams) {
      const before = second.get(stream) as Pulled;
      const third = await pull(connection, stream, before.cursor);
      expect({ stream, ids: sorted(third.records.keys()) }).toEqual({ stream, ids: sorted(overlapResends(before, before.cursor)) });
    }
  });

  it('retries 429, 5xx and a serialization failure, and still pulls everything', async () => {
    odoo.clearRequestLog();
    odoo.failNext({ status: 503, count: 2, match: { model: 'account.move.line', method: 'read' } });
    odoo.failNext({ status: 429, retryAfterSeconds: version === 17 ? 1 : 0, match: { model: 'account.move' } });
    odoo.failNext({ status: 502, match: { model: 'account.move.line', method: 'search_read' } });
    odoo.failNextWithOdooError({ name: 'psycopg2.errors.SerializationFailure', match: { model: 'account.move.line', method: 'read' } });
    const started = Date.now();
    const again = await pull(connect(odoo, clock, connectionConfig), 'receivables', null);
    expect(again.rejected).toEqual([]);
    expect(sorted(again.records.keys())).toEqual(sorted(truth(odoo).receivables));
    expect(odoo.requestLog.filter((r) => r.injected).map((r) => r.status).sort()).toEqual(
      [429, 502, 503, 503, protocol === 'json-2' ? 500 : 200].sort(),
    );
    if (version === 17) expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('a wrong key is an AuthError after exactly one authentication request', async () => {
    odoo.clearRequestLog();
    const wrong = connect(odoo, clock, { ...connectionConfig, apiKey: new Secret('not-the-right-key', 'env:X') });
    const error = await pull(wrong, 'receivables', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).not.toContain('not-the-right-key');
    const auth = odoo.requestLog.filter((r) => r.method === 'authenticate' || r.method === 'context_get');
    expect(auth).toHaveLength(1);
    expect(odoo.requestLog.filter((r) => r.transport !== 'web' && r.method !== 'version')).toHaveLength(1);
    const check = await wrong.testConnection();
    expect(check).toMatchObject({ ok: false, details: [expect.stringMatching(new RegExp(`^Odoo ${version}\\.0 at `)), `API key refused for ${odoo.login} on db ${odoo.db}`] });
  });

  it('quarantines a corrupted record with a reason while the rest of its page comes through', async () => {
    const victim = [...(full.get('receivables') as Pulled).records.values()][50] as Row;
    odoo.mutations.corruptRecord('account.move.line', Number(victim.externalId), { date_maturity: false });
    const partner = [...(full.get('customers') as Pulled).records.values()][3] as Row;
    odoo.mutations.corruptRecord('res.partner', Number(partner.externalId), { name: false, email: 12 });

    const receivables = await pull(connection, 'receivables', null);
    expect(receivables.rejected).toEqual([
      { externalId: String(victim.externalId), reason: expect.stringContaining('date_maturity is empty on a posted receivable line'), pageOk: expect.any(Number) },
    ]);
    expect(receivables.rejected[0]?.pageOk).toBeGreaterThan(0);
    expect(receivables.records.size).toBe(truth(odoo).receivables.length - 1);

    const customers = await pull(connection, 'customers', null);
    expect(customers.rejected).toHaveLength(1);
    expect(customers.rejected[0]).toMatchObject({ externalId: String(partner.externalId), reason: expect.stringMatching(/email: expected text or false \(got 12\)/) });
  });

  it('testConnection reports version, protocol, login and what it can read', async () => {
    const check = await connect(odoo, clock, connectionConfig).testConnection();
    expect(check.ok).toBe(true);
    expect(check.details).toEqual([
      `Odoo ${version}.0 at ${odoo.url} (${protocol === 'json-2' ? 'JSON-2' : 'JSON-RPC'})`,
      `login ${odoo.login} on db ${odoo.db}: accepted (uid ${odoo.uid})`,
      `${truth(odoo).receivables.length} receivable lines readable (account.move.line)`,
    ]);
  });
});

describe('Odoo 19 with the rpc module uninstalled and JSON-RPC forced', () => {
  it('is a ConfigError that says so', async () => {
    const clock = new FakeClock(`${asOf}T08:00:00Z`);
    const odoo = await startFakeOdoo({ version: 19, clock, rpcModuleInstalled: false });
    try {
      const error = await pull(connect(odoo, clock, { protocol: 'json-rpc' }), 'customers', null).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
    } finally {
      await odoo.close();
    }
  });
});

describe('Odoo 17 with two companies, one pass each', () => {
  let odoo: FakeOdoo;
  const clock = new FakeClock(`${asOf}T08:00:00Z`);
  beforeAll(async () => {
    odoo = await startFakeOdoo({ version: 17, clock, company: generateCompany({ seed: 11, asOf, customers: 20, invoices: 160, companies: 2, version: 17 }) });
  });
  afterAll(() => odoo?.close());

  it('keys customers per company, reads company-dependent fields per company, and keeps a watermark per company', async () => {
    const connection = connect(odoo, clock, { companyIds: [1, 2] });
    const pulled = new Map<StreamName, Pulled>();
    for (const stream of odooConnector.streams) pulled.set(stream, await pull(connection, stream, null));
    for (const p of pulled.values()) expect(p.rejected).toEqual([]);

    const customers = (pulled.get('customers') as Pulled).records;
    const receivables = (pulled.get('receivables') as Pulled).records;
    expect(sorted(receivables.keys())).toEqual(sorted(truth(odoo).receivables));
    for (const r of receivables.values()) {
      expect(String(r.customerExternalId)).toBe(`${String(r.companyId)}:${String(r.customerExternalId).split(':')[1]}`);
      expect(customers.has(String(r.customerExternalId))).toBe(true);
    }
    const companies = new Set([...customers.values()].map((c) => c.companyId));
    expect(companies).toEqual(new Set(['1', '2']));
    const cursor = (pulled.get('receivables') as Pulled).cursor as OdooCursor;
    expect(Object.keys(cursor.companies ?? {})).toEqual(['1', '2']);
    expect(cursor.writeDate).toBe([cursor.companies?.['1'], cursor.companies?.['2']].sort()[0]);

    // A company-dependent change in company 2 only reaches that company's customer.
    clock.advance(60 * 60_000);
    const partnerId = Number([...customers.keys()].find((k) => k.startsWith('2:'))?.split(':')[1]);
    odoo.mutations.updatePartner(partnerId, { credit_limit: 12345.67 }, 2);
    const again = await pull(connection, 'customers', (pulled.get('customers') as Pulled).cursor);
    expect(again.records.get(`2:${partnerId}`)?.creditLimit).toEqual({ amount: 1234567, currency: expect.any(String) });
    const inOne = again.records.get(`1:${partnerId}`);
    if (inOne) expect(inOne.creditLimit).not.toEqual({ amount: 1234567, currency: expect.any(String) });
  });
});
