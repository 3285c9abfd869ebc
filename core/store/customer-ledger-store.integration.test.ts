import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AnyStreamRecord, PlanAssignment, StreamName } from '../model';
import { createRecordFactory } from '../../test/factories/record-factory';
import { openStore, type OpenStoreOptions } from './open-store';
import type { Store } from './store';

/** Customer ledgers and plan assignments on both backends: a scratch PGlite directory and a scratch PostgreSQL database. */
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

interface Backend {
  name: string;
  setUp(): Promise<OpenStoreOptions>;
  tearDown(): Promise<void>;
}

const backends: Backend[] = [
  (() => {
    let root = '';
    return {
      name: 'pglite',
      async setUp() {
        root = await mkdtemp(join(tmpdir(), 'arbridge-ledger-'));
        return { dataDir: join(root, 'data') };
      },
      async tearDown() {
        if (root) await rm(root, { recursive: true, force: true });
      },
    };
  })(),
  (() => {
    const name = `arbridge_test_${randomBytes(6).toString('hex')}`;
    return {
      name: 'postgres',
      async setUp() {
        await admin((c) => c.query(`CREATE DATABASE ${name}`));
        const url = new URL(adminUrl);
        url.pathname = `/${name}`;
        return { databaseUrl: url.toString(), dataDir: '' };
      },
      async tearDown() {
        await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  })(),
];

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe.each(backends)('customer ledgers and plan assignments on $name', (backend) => {
  let store: Store;
  const f = createRecordFactory({ tenantId: 'ledgers', seed: 5 });
  const other = createRecordFactory({ tenantId: 'other', seed: 6 });
  const save = (tenantId: string, stream: StreamName, records: AnyStreamRecord[]) =>
    store.savePage({ tenantId, sourceId: 'erp', stream, records, quarantined: [], cursor: null, at: new Date('2026-01-10T06:00:00Z'), completesRun: true });

  beforeAll(async () => {
    store = await openStore(await backend.setUp());
    // 12 customers; receivable n belongs to customer 1 + n % 10, so customers 11 and 12 have none.
    await save('ledgers', 'customers', Array.from({ length: 12 }, (_, i) => f.customer(i + 1)));
    await save('ledgers', 'receivables', Array.from({ length: 60 }, (_, i) => f.receivable(i + 1)));
    await save('ledgers', 'allocations', [3, 13, 24].map((n) => f.allocation(n)));
    // Another tenant with the same keys: must never show up (invariant 4).
    await save('other', 'customers', [other.customer(1)]);
    await save('other', 'receivables', [other.receivable(10)]);
    await save('other', 'allocations', [other.allocation(10)]);
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await backend.tearDown();
  }, 60_000);

  test('each customer comes with its own receivables and allocations, page after page', async () => {
    const ledgers = await collect(store.iterateCustomerLedgers('ledgers', { pageSize: 5 }));
    expect(ledgers.map((l) => l.customer.externalId)).toEqual(Array.from({ length: 12 }, (_, i) => f.customerId(i + 1)));
    for (const ledger of ledgers) {
      for (const r of ledger.receivables) expect(r.customerExternalId).toBe(ledger.customer.externalId);
      expect(ledger.receivables.every((r) => r.tenantId === 'ledgers')).toBe(true);
    }
    expect(ledgers.map((l) => l.receivables.length)).toEqual([6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 0, 0]);
    // Receivable 3 and 13 belong to customer 4, 24 to customer 5.
    expect(ledgers[3]?.allocations.map((a) => a.receivableExternalId)).toEqual(['R000003', 'R000013']);
    expect(ledgers[4]?.allocations.map((a) => a.receivableExternalId)).toEqual(['R000024']);
    expect(ledgers.flatMap((l) => l.allocations)).toHaveLength(3);
  });

  test('one customer’s ledger, and null for an unknown customer', async () => {
    const ledger = await store.getCustomerLedger('ledgers', 'erp', 'C00004');
    expect(ledger?.receivables.map((r) => r.externalId)).toEqual(['R000003', 'R000013', 'R000023', 'R000033', 'R000043', 'R000053']);
    expect(await store.getCustomerLedger('ledgers', 'erp', 'C99999')).toBeNull();
    expect((await store.getCustomerLedger('other', 'erp', 'C00001'))?.receivables.map((r) => r.tenantId)).toEqual(['other']);
  });

  test('plan assignments keep their rule and inputs, and `since` until the plan changes', async () => {
    const assignment = (customer: string, planId: string, at: string, dso: number): PlanAssignment => ({
      tenantId: 'ledgers',
      customerKey: { sourceId: 'erp', externalId: customer },
      planId,
      ruleId: planId === 'strict' ? 'slow-or-risky' : null,
      inputs: { dso, riskBand: 'high', tags: ['export'] },
      since: at,
      evaluatedAt: at,
    });
    await store.savePlanAssignments('ledgers', [assignment('C00001', 'strict', '2026-02-01T08:00:00.000Z', 61), assignment('C00002', 'standard', '2026-02-01T08:00:00.000Z', 20)]);
    await store.savePlanAssignments('ledgers', [assignment('C00001', 'strict', '2026-02-02T08:00:00.000Z', 64), assignment('C00002', 'strict', '2026-02-02T08:00:00.000Z', 70)]);
    expect(await store.listPlanAssignments('ledgers')).toEqual([
      { ...assignment('C00001', 'strict', '2026-02-02T08:00:00.000Z', 64), since: '2026-02-01T08:00:00.000Z' },
      assignment('C00002', 'strict', '2026-02-02T08:00:00.000Z', 70),
    ]);
    expect((await store.getPlanAssignment('ledgers', 'erp', 'C00001'))?.inputs).toEqual({ dso: 64, riskBand: 'high', tags: ['export'] });
    expect(await store.listPlanAssignments('other')).toEqual([]);
    await expect(store.savePlanAssignments('other', [assignment('C00001', 'strict', '2026-02-02T08:00:00.000Z', 1)])).rejects.toThrow(/tenant ledgers/);
  });
});
