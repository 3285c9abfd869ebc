import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logging/logger';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import type { TenantConfig } from '../../config/tenant-config';
import { generateCompany } from '../../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo, type FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import type { MoveRow } from '../../connectors/odoo/fake-server/fake-rows';
import { syncTenant } from '../../sync/pipeline/sync-tenant';
import { writtenByStream } from './recorded-sync';
import { odooTenantConfig } from './odoo-tenant-config';

// The whole read path as a user runs it: fake Odoo on loopback → Odoo connector → pipeline → embedded store.
const keyVariable = 'ARBRIDGE_TEST_SYNC_ODOO_KEY';

describe('syncing an Odoo company into the store', () => {
  let dir: string;
  let store: Store;
  let odoo: FakeOdoo;
  let clock: FakeClock;
  let tenant: TenantConfig;
  const logger = silentLogger();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'arbridge-sync-'));
    store = await openStore({ dataDir: dir });
    clock = new FakeClock('2026-03-31T17:00:00Z');
    odoo = await startFakeOdoo({ version: 17, clock, company: generateCompany({ seed: 7, asOf: '2026-03-31', customers: 30, invoices: 250, version: 17 }) });
    process.env[keyVariable] = odoo.apiKey;
    tenant = odooTenantConfig('acme', odoo, { name: 'ACME', apiKey: `env:${keyVariable}`, connection: { pageSize: 100, retryBaseDelayMs: 1 } });
  }, 60_000);

  afterAll(async () => {
    await odoo?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    delete process.env[keyVariable];
  });

  const sync = () => syncTenant({ store, tenant, clock, logger });

  it('lands every record of a full sync, then an incremental sync stores exactly what changed', async () => {
    const full = await sync();
    expect(full.failures).toEqual([]);
    const counts = await store.counts('acme');
    // Receivables are the installment lines of posted invoices and credit notes (payments' lines are not).
    const moveTable = odoo.company.db.table('account.move');
    const documentLines = [...odoo.company.db.table('account.move.line').rows.values()].filter((l) => {
      const move = moveTable.get(l.move_id);
      return l.parent_state === 'posted' && move !== undefined && ['out_invoice', 'out_refund', 'out_receipt'].includes(move.move_type);
    });
    expect(counts.receivables).toBe(documentLines.length);
    expect(counts.payments).toBe(odoo.company.stats.payments);
    expect(counts.allocations).toBe(odoo.company.stats.partials);
    expect(counts.quarantined).toBe(0);

    // Nothing changed: a second sync re-reads only the overlap window and writes nothing.
    clock.advance(3_600_000);
    const idle = await sync();
    expect(writtenByStream(idle)).toEqual({ customers: 0, receivables: 0, payments: 0, allocations: 0 });

    // An hour later, three changes in Odoo.
    clock.advance(3_600_000);
    const moves = [...odoo.company.db.table('account.move').rows.values()];
    const open = moves.find((m: MoveRow) => m.move_type === 'out_invoice' && m.payment_state === 'not_paid' && m.line_ids.length === 1);
    const other = moves.find((m: MoveRow) => m.move_type === 'out_invoice' && m.payment_state === 'not_paid' && m !== open && m.line_ids.length === 1);
    if (!open || !other) throw new Error('seeded company has no open single-installment invoice');
    const payment = odoo.mutations.registerPayment({ invoiceId: open.id });
    const added = odoo.mutations.addInvoice({ partnerId: open.commercial_partner_id as number, amount: 1234.56, installments: [{ amount: 1234.56, dueDate: '2026-05-01' }] });
    odoo.mutations.setFollowupBlocked(other.line_ids[0] as number);

    const incremental = await sync();
    expect(incremental.failures).toEqual([]);
    expect(writtenByStream(incremental)).toEqual({ customers: 0, receivables: 3, payments: 1, allocations: payment.partialIds.length });

    const paid = [];
    for await (const r of store.iterateReceivables('acme')) if (r.externalId === String(open.line_ids[0])) paid.push(r);
    expect(paid[0]).toMatchObject({ status: 'paid', openAmount: 0 });
    const fresh = [];
    for await (const r of store.iterateReceivables('acme', { openOnly: true })) if (r.documentExternalId === String(added.moveId)) fresh.push(r);
    expect(fresh).toEqual([expect.objectContaining({ amount: 123456, openAmount: 123456, dueDate: '2026-05-01', status: 'open' })]);
    const blocked = [];
    for await (const r of store.iterateReceivables('acme')) if (r.externalId === String(other.line_ids[0])) blocked.push(r);
    expect(blocked[0]).toMatchObject({ dunningBlocked: true });
  }, 120_000);

  it('quarantines a malformed row with its reason and lands the rest of its page', async () => {
    clock.advance(3_600_000);
    const lines = [...odoo.company.db.table('account.move.line').rows.values()].filter((l) => l.parent_state === 'posted' && l.display_type === 'payment_term');
    const [bad, good] = lines.slice(-2);
    if (!bad || !good) throw new Error('no receivable lines');
    odoo.mutations.corruptRecord('account.move.line', bad.id, { date_maturity: false });
    odoo.mutations.touch('account.move.line', good.id);

    const report = await sync();
    expect(report.failures).toEqual([]);
    const receivables = report.streams.find((s) => s.stream === 'receivables');
    expect(receivables?.quarantined).toBe(1);
    const quarantine = await store.listQuarantine('acme');
    expect(quarantine).toEqual([expect.objectContaining({ stream: 'receivables', externalId: String(bad.id), reason: expect.stringMatching(/date_maturity|due/i) })]);
    const state = await store.getSyncState({ tenantId: 'acme', sourceId: 'odoo', stream: 'receivables' });
    expect(state?.quarantinedCount).toBe(1);

    // Fixed in Odoo: the next sync lands it and clears the quarantine entry.
    clock.advance(3_600_000);
    odoo.mutations.corruptRecord('account.move.line', bad.id, { date_maturity: '2026-04-30' });
    await sync();
    expect(await store.listQuarantine('acme')).toEqual([]);
  }, 120_000);

  it('reports a refused API key once, without retrying it or printing it', async () => {
    process.env[keyVariable] = 'wrong-key-value-123';
    try {
      odoo.clearRequestLog();
      const report = await sync();
      expect(report.failures).toEqual([expect.objectContaining({ sourceId: 'odoo', code: 'auth' })]);
      expect(report.streams).toEqual([]);
      expect(JSON.stringify(report)).not.toContain('wrong-key-value-123');
      const logins = odoo.requestLog.filter((r) => r.method === 'authenticate');
      expect(logins).toHaveLength(1);
    } finally {
      process.env[keyVariable] = odoo.apiKey;
    }
  }, 60_000);

  it('retries 503 and 429 answers and completes the run', async () => {
    clock.advance(3_600_000);
    odoo.failNext({ count: 2, status: 503 });
    const first = await sync();
    expect(first.failures).toEqual([]);
    odoo.failNext({ count: 1, status: 429, retryAfterSeconds: 0 });
    const second = await sync();
    expect(second.failures).toEqual([]);
    expect(odoo.requestLog.filter((r) => r.injected === 'http').length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
