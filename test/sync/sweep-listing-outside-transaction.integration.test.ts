import { openStore, type OpenStoreOptions } from '../../core/store/open-store';
import { openPgliteClient } from '../../core/store/pglite-client';
import { openPostgresClient } from '../../core/store/postgres-client';
import type { SqlClient } from '../../core/store/sql-client';
import type { Store, StreamKey } from '../../core/store/store';
import { createRecordFactory } from '../factories/record-factory';
import { pgliteScratch, postgresScratch } from '../dispatch/scratch-stores';

// A sweep's listing takes as long as the ERP does (minutes of HTTP or ODBC calls). The store must not
// hold a transaction open meanwhile: on PGlite every other statement of the process would wait for it
// (one shared session), on PostgreSQL a connection would sit idle in transaction for minutes.

/** Keys the ERP lists that the store does not hold: enough for the store to stage a batch before the pause. */
const unstored = Array.from({ length: 5_000 }, (_, i) => `X${String(i).padStart(5, '0')}`);

/** A listing that yields its first batch, then waits until `resume` is called before its second. */
function pausedListing(first: string[], second: string[]) {
  let paused!: () => void;
  let resume!: () => void;
  const reachedPause = new Promise<void>((r) => (paused = r));
  const resumed = new Promise<void>((r) => (resume = r));
  async function* keys(): AsyncGenerator<string[]> {
    yield first;
    paused();
    await resumed;
    yield second;
  }
  return { keys: keys(), reachedPause, resume };
}

/** 'done' when `work` settles within `ms`, 'still waiting' otherwise. */
async function within(ms: number, work: Promise<unknown>): Promise<'done' | 'still waiting'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still waiting'>((r) => (timer = setTimeout(() => r('still waiting'), ms)));
  try {
    return await Promise.race([work.then(() => 'done' as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

describe.each([
  ['pglite', pgliteScratch],
  ['postgres', postgresScratch],
] as const)('a deletions sweep while the ERP lists its keys (%s store)', (name, scratchOf) => {
  const scratch = scratchOf();
  const north = createRecordFactory({ tenantId: 'north', seed: 1 });
  const south = createRecordFactory({ tenantId: 'south', seed: 2 });
  const at = new Date('2026-03-31T17:00:00Z');
  const customers: StreamKey = { tenantId: 'north', sourceId: 'erp', stream: 'customers' };
  let store: Store;
  /** A second client on the same database, to look at what the store leaves behind. */
  let sql: SqlClient;

  beforeAll(async () => {
    const options: OpenStoreOptions = await scratch.setUp();
    store = await openStore(options);
    sql = name === 'pglite' ? await openPgliteClient(options.dataDir as string) : await openPostgresClient(options.databaseUrl as string);
  }, 60_000);

  afterAll(async () => {
    await sql?.close();
    await store?.close();
    await scratch.tearDown();
  });

  beforeEach(async () => {
    await store.deleteTenant('north');
    await store.deleteTenant('south');
    await store.savePage({ ...customers, records: [1, 2, 3].map((n) => north.customer(n)), quarantined: [], cursor: null, at, completesRun: true });
  });

  const liveCustomers = async (tenantId: string) => {
    const ids: string[] = [];
    for await (const r of store.iterateRecords(tenantId, 'customers')) ids.push(r.externalId);
    return ids;
  };
  const stagedRows = async () => Number((await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM sweep_staged_keys`))[0]?.n);

  it('another tenant\'s page is stored while a sweep\'s listing is paused, and no connection idles in a transaction meanwhile', async () => {
    const listing = pausedListing([north.customerId(1), ...unstored], [north.customerId(2)]);
    const sweeping = store.sweepDeleted(customers, listing.keys, at);
    sweeping.catch(() => undefined);
    await listing.reachedPause;
    try {
      // What a sync of another tenant (or of another stream) does meanwhile in the same process.
      const write = store.savePage({ tenantId: 'south', sourceId: 'erp', stream: 'customers', records: [south.customer(1)], quarantined: [], cursor: null, at, completesRun: true });
      write.catch(() => undefined);
      expect(await within(3_000, write)).toBe('done');
      expect(await liveCustomers('south')).toEqual([south.customerId(1)]);
      if (name === 'postgres') {
        const idle = await sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
        );
        expect(idle[0]?.n).toBe(0);
      }
    } finally {
      listing.resume();
    }
    expect(await sweeping).toEqual({ live: 5_002, marked: 1, revived: 0 });
    expect(await liveCustomers('north')).toEqual([north.customerId(1), north.customerId(2)]);
    expect(await stagedRows()).toBe(0);
  }, 30_000);

  it('a listing that fails part-way marks nothing and leaves no staged key behind', async () => {
    async function* failing(): AsyncGenerator<string[]> {
      yield [north.customerId(1)];
      throw new Error('ERP down');
    }
    await expect(store.sweepDeleted(customers, failing(), at)).rejects.toThrow('ERP down');
    expect(await liveCustomers('north')).toHaveLength(3);
    expect(await stagedRows()).toBe(0);
  });

  it('keys a crashed sweep left staged are cleared by the next sweep of the stream, and count for nothing', async () => {
    // A crashed sweep had staged customer 3; the new listing does not hold it.
    await sql.query(`INSERT INTO sweep_staged_keys VALUES ('north', 'erp', 'customers', 'crashed', $1)`, [north.customerId(3)]);
    async function* listed(): AsyncGenerator<string[]> {
      yield [north.customerId(1), north.customerId(2)];
    }
    expect(await store.sweepDeleted(customers, listed(), at)).toEqual({ live: 2, marked: 1, revived: 0 });
    expect(await liveCustomers('north')).toEqual([north.customerId(1), north.customerId(2)]);
    expect(await stagedRows()).toBe(0);
  });

  it('a sweep whose staged keys a later sweep of the same stream cleared marks nothing; the later one marks', async () => {
    const first = pausedListing([north.customerId(1), ...unstored], [north.customerId(2)]);
    const sweeping = store.sweepDeleted(customers, first.keys, at);
    sweeping.catch(() => undefined);
    await first.reachedPause;
    async function* all(): AsyncGenerator<string[]> {
      yield [north.customerId(1), north.customerId(3)];
    }
    try {
      expect(await store.sweepDeleted(customers, all(), at)).toEqual({ live: 2, marked: 1, revived: 0 });
    } finally {
      first.resume();
    }
    await expect(sweeping).rejects.toMatchObject({ code: 'transient', reason: 'sweep_overlap' });
    expect(await liveCustomers('north')).toEqual([north.customerId(1), north.customerId(3)]);
    expect(await stagedRows()).toBe(0);
  }, 30_000);
});
