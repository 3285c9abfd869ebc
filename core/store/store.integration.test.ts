import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AnyStreamRecord, Receivable } from '../model';
import { createRecordFactory } from '../../test/factories/record-factory';
import { runMigrations, migrations } from './migrations';
import { openStore, type OpenStoreOptions } from './open-store';
import { openPgliteClient } from './pglite-client';
import { openPostgresClient } from './postgres-client';
import type { SqlClient } from './sql-client';
import { SqlStore } from './sql-store';
import type { PageWrite, Store } from './store';

/** The server the PostgreSQL runs use; each test file creates and drops its own database on it. */
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function databaseUrlFor(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

async function createDatabase(): Promise<string> {
  const name = `arbridge_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  return name;
}

async function dropDatabase(name: string): Promise<void> {
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** A fresh, empty database of one backend for this file. */
interface Backend {
  name: 'pglite' | 'postgres';
  setUp(): Promise<void>;
  openClient(): Promise<SqlClient>;
  storeOptions(): OpenStoreOptions;
  tearDown(): Promise<void>;
}

function pgliteBackend(): Backend {
  let root = '';
  // A nested path that does not exist yet: the store creates it.
  const dataDir = (): string => join(root, 'arbridge', 'data');
  return {
    name: 'pglite',
    async setUp() {
      root = await mkdtemp(join(tmpdir(), 'arbridge-store-'));
    },
    openClient: () => openPgliteClient(dataDir()),
    storeOptions: () => ({ dataDir: dataDir() }),
    async tearDown() {
      if (root) await rm(root, { recursive: true, force: true });
    },
  };
}

function postgresBackend(): Backend {
  let database = '';
  return {
    name: 'postgres',
    async setUp() {
      database = await createDatabase();
    },
    openClient: () => openPostgresClient(databaseUrlFor(database)),
    storeOptions: () => ({ databaseUrl: databaseUrlFor(database) }),
    async tearDown() {
      if (database) await dropDatabase(database);
    },
  };
}

/** Counts the SELECTs a store issues, to see that iteration reads page by page. */
function countingSelects(client: SqlClient): { client: SqlClient; selects: () => number } {
  let selects = 0;
  return {
    client: {
      ...client,
      query: (sql, params) => {
        if (/^\s*SELECT/i.test(sql)) selects += 1;
        return client.query(sql, params);
      },
    },
    selects: () => selects,
  };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const at = (iso: string): Date => new Date(iso);

function page(overrides: Partial<PageWrite> & Pick<PageWrite, 'tenantId' | 'stream'>): PageWrite {
  return {
    sourceId: 'erp',
    records: [],
    quarantined: [],
    cursor: null,
    at: at('2026-01-10T06:00:00.000Z'),
    completesRun: false,
    ...overrides,
  };
}

describe.each([pgliteBackend(), postgresBackend()])('store on $name', (backend) => {
  let client: SqlClient;
  let store: Store;

  beforeAll(async () => {
    await backend.setUp();
    client = await backend.openClient();
    store = new SqlStore(client);
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await backend.tearDown();
  }, 60_000);

  test('migrations apply once on a fresh database and are a no-op when run again', async () => {
    expect(await runMigrations(client)).toEqual(migrations.map((m) => m.version));
    expect(await runMigrations(client)).toEqual([]);
    await store.migrate();
    const recorded = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(recorded.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
  });

  test('a stored record reads back exactly, amounts at the edge of the safe integer range included', async () => {
    const f = createRecordFactory({ tenantId: 'roundtrip' });
    const customer = f.customer(1, { tags: ['vip', 'export'], creditLimit: { amount: 12_345_678, currency: 'EUR' }, phone: '+33 1 23 45 67 89' });
    const receivable = f.receivable(1, {
      amount: Number.MAX_SAFE_INTEGER,
      openAmount: -Number.MAX_SAFE_INTEGER,
      installment: { index: 2, count: 3 },
      dispute: { disputed: true, reason: 'damaged goods', since: '2026-01-04' },
    });
    await store.savePage(page({ tenantId: 'roundtrip', stream: 'customers', records: [customer] }));
    await store.savePage(page({ tenantId: 'roundtrip', stream: 'receivables', records: [receivable] }));

    expect(await store.getCustomer('roundtrip', 'erp', customer.externalId)).toEqual(customer);
    expect(await store.getCustomer('roundtrip', 'erp', 'C99999')).toBeNull();
    expect(await collect(store.iterateReceivables('roundtrip'))).toEqual([receivable]);
  });

  test('a page, its quarantine and its cursor are stored together or not at all', async () => {
    const f = createRecordFactory({ tenantId: 'atomic' });
    const first = [1, 2, 3].map((n) => f.receivable(n));
    await store.savePage(page({ tenantId: 'atomic', stream: 'receivables', records: first, cursor: { page: 1 }, at: at('2026-01-10T06:00:00.000Z') }));

    // The NOT NULL on customer_external_id fails the records statement, after the quarantine upsert ran.
    const broken = { ...f.receivable(6), customerExternalId: undefined } as unknown as Receivable;
    const second = page({
      tenantId: 'atomic',
      stream: 'receivables',
      records: [f.receivable(4), f.receivable(5), broken],
      quarantined: [{ externalId: 'R000007', reason: 'dueDate: expected a date', raw: { id: 7 } }],
      cursor: { page: 2 },
      at: at('2026-01-10T07:00:00.000Z'),
    });
    await expect(store.savePage(second)).rejects.toThrow();

    const state = await store.getSyncState({ tenantId: 'atomic', sourceId: 'erp', stream: 'receivables' });
    expect(state).toMatchObject({ cursor: { page: 1 }, updatedAt: '2026-01-10T06:00:00.000Z', recordCount: 3, quarantinedCount: 0 });
    expect((await collect(store.iterateReceivables('atomic'))).map((r) => r.externalId)).toEqual(['R000001', 'R000002', 'R000003']);
    expect(await store.listQuarantine('atomic')).toEqual([]);

    // The store is still usable: the same page without the broken record goes through.
    const result = await store.savePage({ ...second, records: [f.receivable(4), f.receivable(5)] });
    expect(result).toEqual({ written: 2, unchanged: 0, quarantined: 1 });
    expect(await store.getSyncState({ tenantId: 'atomic', sourceId: 'erp', stream: 'receivables' })).toMatchObject({
      cursor: { page: 2 },
      recordCount: 5,
      quarantinedCount: 1,
    });
  });

  test('re-sending the same page writes nothing and counts every record unchanged', async () => {
    const f = createRecordFactory({ tenantId: 'resend' });
    const records = [1, 2, 3, 4, 5].map((n) => f.receivable(n));
    const write = page({ tenantId: 'resend', stream: 'receivables', records, cursor: { since: '2026-01-05' } });

    expect(await store.savePage(write)).toEqual({ written: 5, unchanged: 0, quarantined: 0 });
    expect(await store.savePage(write)).toEqual({ written: 0, unchanged: 5, quarantined: 0 });

    // One record changed in the ERP since: only that one is written.
    const changed = { ...records[2]!, openAmount: 0, status: 'paid' as const, sourceUpdatedAt: '2026-01-06T09:00:00.000Z' };
    const resent = [...records.slice(0, 2), changed, ...records.slice(3)];
    expect(await store.savePage({ ...write, records: resent })).toEqual({ written: 1, unchanged: 4, quarantined: 0 });

    // A key repeated within one page (a row moving across ERP pages) is stored once, last copy wins.
    const repeated = { ...records[0]!, number: 'INV/RENUMBERED', sourceUpdatedAt: '2026-01-07T00:00:00.000Z' };
    expect(await store.savePage({ ...write, records: [records[0]!, repeated] })).toEqual({ written: 1, unchanged: 1, quarantined: 0 });

    const stored = await collect(store.iterateReceivables('resend'));
    expect(stored).toHaveLength(5);
    expect(stored[0]!.number).toBe('INV/RENUMBERED');
    expect(stored[2]).toEqual(changed);
    expect((await store.counts('resend')).receivables).toBe(5);
    expect((await store.getSyncState({ tenantId: 'resend', sourceId: 'erp', stream: 'receivables' }))?.recordCount).toBe(5);
  });

  test('an older copy of a record never overwrites a newer one', async () => {
    const f = createRecordFactory({ tenantId: 'ordering' });
    const newer = f.receivable(1, { openAmount: 200, sourceUpdatedAt: '2026-01-08T12:00:00.000Z' });
    const older = { ...newer, openAmount: 100, sourceUpdatedAt: '2026-01-08T11:59:59.999Z' };
    const newest = { ...newer, openAmount: 300, sourceUpdatedAt: '2026-01-09T00:00:00.000Z' };
    const save = (record: Receivable) => store.savePage(page({ tenantId: 'ordering', stream: 'receivables', records: [record] }));

    expect(await save(newer)).toEqual({ written: 1, unchanged: 0, quarantined: 0 });
    expect(await save(older)).toEqual({ written: 0, unchanged: 1, quarantined: 0 });
    expect((await collect(store.iterateReceivables('ordering')))[0]?.openAmount).toBe(200);

    // Same instant, different content: the ERP corrected the row within the same second; take it.
    const sameInstant = { ...newer, openAmount: 250 };
    expect(await save(sameInstant)).toEqual({ written: 1, unchanged: 0, quarantined: 0 });
    expect(await save(newest)).toEqual({ written: 1, unchanged: 0, quarantined: 0 });
    expect((await collect(store.iterateReceivables('ordering')))[0]).toEqual(newest);
  });

  test('a quarantined row is kept with its reason and raw row, and cleared when the row later lands', async () => {
    const f = createRecordFactory({ tenantId: 'quarantine' });
    const raw = { id: 9, name: 'INV/2026/000009', date_maturity: false, note: 'nul\u0000byte' };
    const reject = { externalId: 'R000009', reason: 'dueDate: expected a date as YYYY-MM-DD (got false)', raw };
    const key = { tenantId: 'quarantine', sourceId: 'erp', stream: 'receivables' } as const;

    const first = await store.savePage(page({ ...key, records: [f.receivable(8)], quarantined: [reject], at: at('2026-01-10T06:00:00.000Z') }));
    expect(first).toEqual({ written: 1, unchanged: 0, quarantined: 1 });
    expect(await store.listQuarantine('quarantine')).toEqual([
      {
        ...key,
        externalId: 'R000009',
        reason: reject.reason,
        // jsonb cannot hold NUL: it is replaced, and the page still goes through.
        raw: { ...raw, note: 'nul\uFFFDbyte' },
        firstSeenAt: '2026-01-10T06:00:00.000Z',
        lastSeenAt: '2026-01-10T06:00:00.000Z',
      },
    ]);
    expect((await store.getSyncState(key))?.quarantinedCount).toBe(1);
    expect((await store.counts('quarantine')).quarantined).toBe(1);

    // Still broken on the next run: one entry, first seen kept, last seen and reason updated.
    const again = { ...reject, reason: 'dueDate: expected a date as YYYY-MM-DD (got "")', raw: { id: 9, date_maturity: '' } };
    await store.savePage(page({ ...key, quarantined: [again], at: at('2026-01-11T06:00:00.000Z') }));
    expect(await store.listQuarantine('quarantine')).toEqual([
      expect.objectContaining({ reason: again.reason, raw: again.raw, firstSeenAt: '2026-01-10T06:00:00.000Z', lastSeenAt: '2026-01-11T06:00:00.000Z' }),
    ]);

    // Fixed in the ERP: the row lands and leaves quarantine.
    const fixed = await store.savePage(page({ ...key, records: [f.receivable(9)], at: at('2026-01-12T06:00:00.000Z') }));
    expect(fixed).toEqual({ written: 1, unchanged: 0, quarantined: 0 });
    expect(await store.listQuarantine('quarantine')).toEqual([]);
    expect(await store.getSyncState(key)).toMatchObject({ quarantinedCount: 0, recordCount: 2 });
    expect(await store.counts('quarantine')).toMatchObject({ receivables: 2, quarantined: 0 });
  });

  test('lastSuccessAt is stamped only by the page that completes a run', async () => {
    const key = { tenantId: 'runs', sourceId: 'erp', stream: 'customers' } as const;
    expect(await store.getSyncState(key)).toBeNull();
    await store.savePage(page({ ...key, cursor: 'c1', at: at('2026-01-10T06:00:00.000Z') }));
    expect(await store.getSyncState(key)).toEqual({
      ...key,
      cursor: 'c1',
      lastSuccessAt: null,
      updatedAt: '2026-01-10T06:00:00.000Z',
      recordCount: 0,
      quarantinedCount: 0,
    });
    await store.savePage(page({ ...key, cursor: 'c1', completesRun: true, at: at('2026-01-10T06:05:00.000Z') }));
    await store.savePage(page({ ...key, cursor: 'c2', at: at('2026-01-11T06:00:00.000Z') }));
    expect(await store.getSyncState(key)).toMatchObject({ cursor: 'c2', lastSuccessAt: '2026-01-10T06:05:00.000Z', updatedAt: '2026-01-11T06:00:00.000Z' });
  });

  test('two tenants with the same keys never see each other’s rows or counts', async () => {
    const north = createRecordFactory({ tenantId: 'north', seed: 1 });
    const south = createRecordFactory({ tenantId: 'south', seed: 2 });
    await store.savePage(page({ tenantId: 'north', stream: 'customers', records: [1, 2, 3].map((n) => north.customer(n, { name: `North ${n}` })), cursor: 'n' }));
    await store.savePage(page({ tenantId: 'south', stream: 'customers', records: [1, 2].map((n) => south.customer(n, { name: `South ${n}` })), cursor: 's' }));
    await store.savePage(
      page({ tenantId: 'south', stream: 'receivables', records: [south.receivable(1)], quarantined: [{ externalId: 'R000002', reason: 'bad', raw: null }] }),
    );

    expect((await store.getCustomer('north', 'erp', 'C00001'))?.name).toBe('North 1');
    expect((await store.getCustomer('south', 'erp', 'C00001'))?.name).toBe('South 1');
    expect(await store.getCustomer('south', 'erp', 'C00003')).toBeNull();
    expect(await store.counts('north')).toEqual({ customers: 3, receivables: 0, payments: 0, allocations: 0, quarantined: 0 });
    expect(await store.counts('south')).toEqual({ customers: 2, receivables: 1, payments: 0, allocations: 0, quarantined: 1 });
    expect((await collect(store.iterateRecords('north', 'customers'))).map((c) => (c as { name: string }).name)).toEqual(['North 1', 'North 2', 'North 3']);
    expect(await collect(store.iterateReceivables('north'))).toEqual([]);
    expect(await store.listQuarantine('north')).toEqual([]);
    expect((await store.listSyncStates('north')).map((s) => [s.tenantId, s.stream, s.cursor])).toEqual([['north', 'customers', 'n']]);
    expect(await store.listTenantIds()).toEqual(expect.arrayContaining(['north', 'south']));

    // A record filed under another tenant is refused before anything of the page is written.
    const stray = page({ tenantId: 'north', stream: 'customers', records: [north.customer(4), south.customer(4)], cursor: 'n2' });
    await expect(store.savePage(stray)).rejects.toMatchObject({ code: 'data', reason: 'record_key_mismatch' });
    expect((await store.counts('north')).customers).toBe(3);
    expect((await store.getSyncState({ tenantId: 'north', sourceId: 'erp', stream: 'customers' }))?.cursor).toBe('n');

    await store.deleteTenant('north');
    expect(await store.counts('north')).toEqual({ customers: 0, receivables: 0, payments: 0, allocations: 0, quarantined: 0 });
    expect(await store.listSyncStates('north')).toEqual([]);
    expect(await store.listTenantIds()).not.toContain('north');
    expect(await store.counts('south')).toEqual({ customers: 2, receivables: 1, payments: 0, allocations: 0, quarantined: 1 });
  });

  test('iteration reads 2,500 rows page by page, in (source, external id) order', async () => {
    const f = createRecordFactory({ tenantId: 'bulk', seed: 7 });
    const aux = createRecordFactory({ tenantId: 'bulk', sourceId: 'aux', seed: 8 });
    // Every fifth one paid, customers C00001..C00010 in turn.
    const all = Array.from({ length: 2_500 }, (_, i) => {
      const r = f.receivable(i + 1);
      return (i + 1) % 5 === 0 ? { ...r, openAmount: 0, openAmountCompany: 0, status: 'paid' as const } : r;
    });
    // Saved out of key order, as an ERP sorted by date would send them.
    const shuffled = [...all.filter((_, i) => i % 2 === 1), ...all.filter((_, i) => i % 2 === 0)];
    for (let start = 0; start < shuffled.length; start += 1_000) {
      const records = shuffled.slice(start, start + 1_000);
      expect(await store.savePage(page({ tenantId: 'bulk', stream: 'receivables', records, cursor: { offset: start } }))).toMatchObject({ written: records.length });
    }
    await store.savePage(page({ tenantId: 'bulk', sourceId: 'aux', stream: 'receivables', records: [aux.receivable(2_501)] }));

    const counting = countingSelects(client);
    const reader = new SqlStore(counting.client);
    const read = await collect(reader.iterateRecords('bulk', 'receivables', { pageSize: 1_000 }));
    expect(read).toHaveLength(2_501);
    expect(read.map((r: AnyStreamRecord) => `${r.sourceId}/${r.externalId}`)).toEqual([
      'aux/R002501',
      ...all.map((r) => `erp/${r.externalId}`),
    ]);
    expect(read.slice(1)).toEqual(all);
    // 2,501 rows at 1,000 a query: three queries, never the whole table at once.
    expect(counting.selects()).toBe(3);

    const open = await collect(store.iterateReceivables('bulk', { openOnly: true, sourceId: 'erp' }));
    expect(open.map((r) => r.externalId)).toEqual(all.filter((r) => r.openAmount !== 0).map((r) => r.externalId));
    const ofCustomer = await collect(store.iterateReceivables('bulk', { customerExternalId: 'C00003', openOnly: true }));
    expect(ofCustomer.map((r) => r.externalId)).toEqual(
      all.filter((r) => r.customerExternalId === 'C00003' && r.openAmount !== 0).map((r) => r.externalId),
    );
    expect(ofCustomer.length).toBeGreaterThan(0);
  });

  test('counts are numbers per record type', async () => {
    const f = createRecordFactory({ tenantId: 'counting' });
    await store.savePage(page({ tenantId: 'counting', stream: 'customers', records: [1, 2, 3].map((n) => f.customer(n)) }));
    await store.savePage(page({ tenantId: 'counting', stream: 'receivables', records: [1, 2, 3, 4].map((n) => f.receivable(n)) }));
    await store.savePage(page({ tenantId: 'counting', stream: 'payments', records: [1, 2].map((n) => f.payment(n)) }));
    const allocation = f.allocation(1);
    await store.savePage(
      page({ tenantId: 'counting', stream: 'allocations', records: [allocation], quarantined: [{ externalId: 'A000002', reason: 'no receivable', raw: {} }] }),
    );
    expect(await store.counts('counting')).toEqual({ customers: 3, receivables: 4, payments: 2, allocations: 1, quarantined: 1 });
    expect((await collect(store.iterateRecords('counting', 'payments'))).map((p) => p.externalId)).toEqual(['P000001', 'P000002']);
    expect(await collect(store.iterateRecords('counting', 'allocations'))).toEqual([allocation]);
    const states = await store.listSyncStates('counting');
    expect(states.map((s) => [s.stream, s.recordCount, s.quarantinedCount])).toEqual([
      ['allocations', 1, 1],
      ['customers', 3, 0],
      ['payments', 2, 0],
      ['receivables', 4, 0],
    ]);
  });

  test('data survives closing and reopening the store, which migrates again harmlessly', async () => {
    const before = await store.counts('bulk');
    await store.close();
    store = await openStore(backend.storeOptions());
    expect(store.backend).toBe(backend.name);
    expect(await store.counts('bulk')).toEqual(before);
    expect((await store.getSyncState({ tenantId: 'bulk', sourceId: 'erp', stream: 'receivables' }))?.cursor).toEqual({ offset: 2_000 });
  }, 60_000);
});
