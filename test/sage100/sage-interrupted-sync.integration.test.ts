import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../core/logging/logger';
import type { AnyStreamRecord, StreamName } from '../../core/model';
import { FakeClock } from '../../core/time/clock';
import { sage100Connector } from '../../connectors/sage100';
import { syncTenant } from '../../sync/pipeline/sync-tenant';
import { openSeededSageCompany, type SeededSageCompany } from './seeded-sage-company';

// The connector reads each page's successor while the page is mapped and stored, on a second ODBC
// connection: an interruption must still resume where the stored cursor says, with nothing lost or doubled.
const goldenPath = join(__dirname, 'golden', 'seeded-company.json');
const streams: StreamName[] = ['customers', 'receivables', 'payments', 'allocations'];

describe('a Sage 100 sync interrupted between pages', () => {
  let company: SeededSageCompany;
  const clock = new FakeClock('2026-03-31T16:00:00Z');

  beforeAll(async () => {
    company = await openSeededSageCompany('arbridge_sage_interrupted', 3, { pageSize: 2, connections: 2 });
  }, 60_000);

  afterAll(async () => {
    await company?.close();
  });

  it('resumes from the stored cursor and lands what a clean run lands', async () => {
    const { store, tenant } = company;
    const abort = new AbortController();
    const interrupted = await syncTenant({
      store,
      tenant,
      clock,
      logger: silentLogger(),
      signal: abort.signal,
      resolveConnector: () => sage100Connector,
      // Stopped while the receivables' third page is being read ahead.
      onPage: (p) => {
        if (p.stream === 'receivables' && p.pages === 2) abort.abort();
      },
    });
    const partial = interrupted.streams.find((s) => s.stream === 'receivables');
    expect(partial?.pages).toBe(2);
    expect((await store.counts('garage')).receivables).toBe(4);

    const resumed = await syncTenant({ store, tenant, clock, logger: silentLogger(), resolveConnector: () => sage100Connector });
    expect(resumed.failures).toEqual([]);
    const snapshot: Record<string, unknown> = {};
    for (const stream of streams) {
      const records: AnyStreamRecord[] = [];
      for await (const r of store.iterateRecords('garage', stream)) records.push(r);
      snapshot[stream] = records.sort((a, b) => a.externalId.localeCompare(b.externalId, 'en', { numeric: true }));
    }
    expect(snapshot).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));
  }, 60_000);
});
