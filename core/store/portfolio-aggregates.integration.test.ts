import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceFigures } from '../../bench/report-reference';
import { createScratchDatabase, type ScratchDatabase } from '../../test/sage100/scratch-database';
import { seededAsOf, syncSeededTenant } from '../../test/report/seeded-tenant';
import { periodBalances } from '../kpi/period-balances';
import { addMonths } from '../time/local-date';
import { openStore } from './open-store';
import type { Store } from './store';

/**
 * The portfolio aggregates of the store, on both backends, against the plain computation: every
 * ledger read back and every item's open amount at each month end rebuilt in JavaScript. They must
 * agree to the cent on a seeded company synced through the Odoo connector.
 */
const backends: Array<[string, () => Promise<{ store: Store; cleanup: () => Promise<void> }>]> = [
  [
    'embedded (PGlite)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'arbridge-portfolio-'));
      const store = await openStore({ dataDir: dir });
      return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const db: ScratchDatabase = await createScratchDatabase('arbridge_portfolio');
      const store = await openStore({ databaseUrl: db.url });
      return { store, cleanup: async () => { await store.close(); await db.drop(); } };
    },
  ],
];

describe.each(backends)('portfolio aggregates on the %s store', (_name, open) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ store, cleanup } = await open());
    await syncSeededTenant(store, 'acme', 7);
    await syncSeededTenant(store, 'other', 8, { customers: 10, invoices: 100 });
  }, 180_000);
  afterAll(async () => cleanup());

  const ends = Array.from({ length: 13 }, (_, i) => addMonths(seededAsOf, i - 12));

  it('gives AR, not-due AR and sales at each month end as the ledgers rebuilt one by one do', async () => {
    const sql = periodBalances(await store.receivableHistory('acme', ends));
    const reference = await referenceFigures(store, 'acme', ends);
    expect([...sql.keys()]).toEqual([...reference.keys()]);
    for (const [currency, figures] of reference) expect(sql.get(currency)).toEqual(figures.periods);
    const eur = sql.get('EUR') ?? [];
    expect(eur.at(-1)?.receivables).toBeGreaterThan(0);
    expect(eur.some((p) => p.sales > 0)).toBe(true);
  }, 60_000);

  it('gives the open amounts by days past due and dispute, on the last day and a month back', async () => {
    for (const day of [seededAsOf, addMonths(seededAsOf, -1)]) {
      const rows = await store.agedAmounts('acme', day);
      const reference = await referenceFigures(store, 'acme', [addMonths(day, -1), day]);
      const sqlByKey = new Map(rows.map((r) => [`${r.daysPastDue}|${r.disputed}`, r.amount]));
      expect(sqlByKey).toEqual(new Map([...(reference.get('EUR')?.aged ?? new Map())].filter(([, v]) => v !== 0)));
    }
  }, 60_000);

  it('keeps tenants apart: the other tenant’s figures are its own', async () => {
    const acme = periodBalances(await store.receivableHistory('acme', ends)).get('EUR')?.at(-1)?.receivables;
    const other = periodBalances(await store.receivableHistory('other', ends)).get('EUR')?.at(-1)?.receivables;
    expect(other).toEqual((await referenceFigures(store, 'other', ends)).get('EUR')?.periods.at(-1)?.receivables);
    expect(other).not.toEqual(acme);
    expect(await store.agedAmounts('nobody', seededAsOf)).toEqual([]);
  }, 60_000);

  it('expects each open undisputed item once, on a day after its due date or on its promise', async () => {
    const rows = await store.expectedReceipts('acme', seededAsOf, addMonths(seededAsOf, -12));
    let openUndisputed = 0;
    for await (const r of store.iterateReceivables('acme', { openOnly: true })) {
      if (!r.dispute.disputed && r.status !== 'cancelled' && r.status !== 'paid' && r.openAmountCompany > 0 && r.issueDate <= seededAsOf) openUndisputed += r.openAmountCompany;
    }
    expect(rows.reduce((s, r) => s + r.amount, 0)).toBe(openUndisputed);
  }, 60_000);

  it('has no reminder outcome before any action was sent', async () => {
    expect(await store.reminderOutcomes('acme', seededAsOf, 30)).toEqual([]);
  });
});
