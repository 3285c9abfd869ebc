import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logging/logger';
import type { StreamName } from '../../core/model';
import type { Receivable } from '../../core/model/receivable';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { tenantConfigSchema, type TenantConfig } from '../../config/tenant-config';
import { sweepTenant, type SweepReport } from '../../sync/pipeline/sweep-deletions';
import { syncTenant } from '../../sync/pipeline/sync-tenant';
import { fakeB1Company, fakeB1Password, fakeB1User, fakeSapPassword, fakeSapUser, startFakeB1, startFakeS4, startFakeSap, type FakeLedger, type LedgerItem } from './fake-server';

// SAP keeps no tombstone the pull could read, and the SOAP/OData reads have no delta: what is gone from
// SAP altogether (a reversed or archived item, a deleted B1 document) is found by the deletions sweep over
// the connector's key listing (`liveKeys`), while what was paid still lands as paid through the
// cleared-items pass. Fake SAP of each flavour on loopback → SAP connector → pipeline → PGlite store.
const passwordVariable = 'ARBRIDGE_TEST_SAP_SWEEP_PASSWORD';
const logger = silentLogger();
const ledgerOptions = { seed: 4, asOf: '2026-03-31', customers: 12, invoicesPerCustomer: 4 } as const;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'arbridge-sap-sweep-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env[passwordVariable];
});

/** A tenant with one SAP source, a PGlite store, and the sync and sweep a worker runs. */
async function harness(name: string, connection: Record<string, unknown>) {
  const store = await openStore({ dataDir: join(dir, name) });
  const clock = new FakeClock('2026-03-31T16:00:00Z');
  const tenant: TenantConfig = tenantConfigSchema.parse({ id: 'lyon', name: 'Lyon Export', timeZone: 'Europe/Paris', currency: 'EUR', sources: [{ id: 'sap', type: 'sap', connection }] });
  const sync = async () => expect((await syncTenant({ store, tenant, clock, logger })).failures).toEqual([]);
  const sweep = async (): Promise<SweepReport> => {
    const report = await sweepTenant({ store, tenant, clock, logger });
    expect(report.failures).toEqual([]);
    expect(report.unsupported).toEqual([]);
    return report;
  };
  const marked = (report: SweepReport) => Object.fromEntries(report.streams.map((s) => [s.stream, s.marked])) as Record<StreamName, number>;
  const receivables = async () => {
    const out = new Map<string, Receivable>();
    for await (const r of store.iterateReceivables('lyon')) out.set(r.externalId, r);
    return out;
  };
  const keys = async (stream: StreamName) => {
    const out: string[] = [];
    for await (const r of store.iterateRecords('lyon', stream)) out.push(r.externalId);
    return out;
  };
  return { store, clock, sync, sweep, marked, receivables, keys };
}

const itemKey = (i: LedgerItem) => `${i.COMP_CODE}/${i.FISC_YEAR}/${i.DOC_NO}/${i.ITEM_NUM}`;

/** ECC over SOAP and S/4HANA over OData read the same seeded ledger: the same steps apply to both. */
async function reversedAndPaid(h: Awaited<ReturnType<typeof harness>>, ledger: FakeLedger): Promise<void> {
  await h.sync();
  // Right after a full sync the listing holds every stored key: nothing is marked.
  expect(h.marked(await h.sweep())).toEqual({ customers: 0, receivables: 0, payments: 0, allocations: 0 });

  const [gone, paid] = ledger.openInvoices().filter((i) => i.PSTNG_DATE <= '2026-03-31');
  const goneKey = itemKey(gone!);
  const paidKey = itemKey(paid!);
  const before = await h.receivables();
  expect(before.get(goneKey)).toMatchObject({ status: 'open' });
  expect(before.get(paidKey)).toMatchObject({ status: 'open' });
  const openBefore = [...before.values()].reduce((s, r) => s + r.openAmountCompany, 0);

  // The next day in SAP: one invoice reversed (gone from the open and the cleared items), another paid in full.
  h.clock.advance(86_400_000);
  ledger.items.splice(ledger.items.indexOf(gone!), 1);
  const payment = ledger.clear(paid!, '2026-04-01');
  await h.sync();
  const afterSync = await h.receivables();
  // The paid invoice updates to paid through the cleared-items pass, with its payment and allocation.
  expect(afterSync.get(paidKey)).toMatchObject({ status: 'paid', openAmount: 0 });
  expect(await h.keys('payments')).toContain(`1000/${payment.FISC_YEAR}/${payment.DOC_NO}`);
  expect(await h.keys('allocations')).toContain(`${itemKey(payment)}>${paidKey}`);
  // The pull cannot tell a reversed item: it stays as it was, open.
  expect(afterSync.get(goneKey)).toMatchObject({ status: 'open' });

  const report = await h.sweep();
  expect(h.marked(report)).toEqual({ customers: 0, receivables: 1, payments: 0, allocations: 0 });
  const afterSweep = await h.receivables();
  expect(afterSweep.has(goneKey)).toBe(false);
  expect(afterSweep.get(paidKey)).toMatchObject({ status: 'paid' });
  const openAfter = [...afterSweep.values()].reduce((s, r) => s + r.openAmountCompany, 0);
  expect(openAfter).toBe(openBefore - before.get(goneKey)!.openAmountCompany - before.get(paidKey)!.openAmountCompany);
  // A second sweep finds nothing new.
  expect(h.marked(await h.sweep())).toEqual({ customers: 0, receivables: 0, payments: 0, allocations: 0 });

  // Half a year on, the invoice paid on 2026-04-01 and every older clearing are out of the listing's
  // 120-day window: paid history is kept (DSO needs it), not taken for deleted.
  const paymentsBefore = await h.keys('payments');
  const allocationsBefore = await h.keys('allocations');
  h.clock.advance(200 * 86_400_000);
  await h.sync();
  expect(h.marked(await h.sweep())).toEqual({ customers: 0, receivables: 0, payments: 0, allocations: 0 });
  expect((await h.receivables()).get(paidKey)).toMatchObject({ status: 'paid' });
  // (The sync may add what was posted meanwhile; nothing stored before is gone.)
  expect(await h.keys('payments')).toEqual(expect.arrayContaining(paymentsBefore));
  expect(await h.keys('allocations')).toEqual(expect.arrayContaining(allocationsBefore));
}

describe('the deletions sweep of an SAP source', () => {
  const snapshotFlavours = [
    ['ECC over SOAP', 'ecc', () => startFakeSap(ledgerOptions), {}],
    ['S/4HANA over OData', 's4', () => startFakeS4({ ...ledgerOptions, serverPageSize: 7 }), { flavour: 's4-odata', pageSize: 20 }],
  ] as const;
  it.each(snapshotFlavours)('%s: a reversed invoice is marked deleted by the sweep, a paid one lands as paid through the cleared pass, paid history stays', async (_label, name, start, flavour) => {
    const fake = await start();
    process.env[passwordVariable] = fakeSapPassword;
    const h = await harness(name, { ...flavour, url: fake.url, client: '100', user: fakeSapUser, password: `env:${passwordVariable}`, companyCodes: ['1000'], customersPerPage: 5, retryBaseDelayMs: 1, clearedHistoryDays: 120 });
    try {
      await reversedAndPaid(h, fake.ledger);
    } finally {
      await h.store.close();
      await fake.close();
    }
  }, 180_000);

  it('Business One: a deleted invoice and a deleted incoming payment (with its allocation) are marked deleted; a paid invoice lands as paid', async () => {
    const fake = await startFakeB1({ seed: 11, asOf: '2026-03-31', customers: 9, invoicesPerCustomer: 3 });
    process.env[passwordVariable] = fakeB1Password;
    const h = await harness('b1', { flavour: 'b1-service-layer', url: fake.url, companyDb: fakeB1Company, user: fakeB1User, password: `env:${passwordVariable}`, pageSize: 7, retryBaseDelayMs: 1 });
    try {
      await h.sync();
      expect(h.marked(await h.sweep())).toEqual({ customers: 0, receivables: 0, payments: 0, allocations: 0 });

      const invoices = fake.data.Invoices!;
      const payments = fake.data.IncomingPayments!;
      const [gone, paid] = invoices.filter((i) => i.PaidToDate === 0);
      const goneKey = `Invoices/${String(gone!.DocEntry)}`;
      const paidKey = `Invoices/${String(paid!.DocEntry)}`;
      const goneMoney = payments[0]!;
      const goneMoneyKey = `IncomingPayments/${String(goneMoney.DocEntry)}`;
      h.clock.advance(86_400_000);
      invoices.splice(invoices.indexOf(gone!), 1);
      payments.splice(0, 1);
      Object.assign(paid!, { PaidToDate: paid!.DocTotal, DocumentStatus: 'bost_Close', UpdateDate: '2026-04-01T00:00:00Z' });
      await h.sync();
      expect((await h.receivables()).get(paidKey)).toMatchObject({ status: 'paid', openAmount: 0 });
      expect((await h.receivables()).has(goneKey)).toBe(true);

      const report = await h.sweep();
      expect(h.marked(report)).toEqual({ customers: 0, receivables: 1, payments: 1, allocations: (goneMoney.PaymentInvoices as unknown[]).length });
      expect((await h.receivables()).has(goneKey)).toBe(false);
      expect((await h.receivables()).get(paidKey)).toMatchObject({ status: 'paid' });
      expect(await h.keys('payments')).not.toContain(goneMoneyKey);
      expect((await h.keys('allocations')).filter((k) => k.startsWith(`${goneMoneyKey}>`))).toEqual([]);
      expect(h.marked(await h.sweep())).toEqual({ customers: 0, receivables: 0, payments: 0, allocations: 0 });
    } finally {
      await h.store.close();
      await fake.close();
    }
  }, 180_000);
});
