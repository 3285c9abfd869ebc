import { readFileSync } from 'node:fs';
import { silentLogger } from '../../core/logging/logger';
import { FakeClock } from '../../core/time/clock';
import { sage100Connector } from '../../connectors/sage100';
import { syncTenant } from '../../sync/pipeline/sync-tenant';
import { openSeededSageCompany, seededCompanyGoldenPath, storedCompany, type SeededSageCompany } from './seeded-sage-company';

// The connector reads each page's successor while the page is mapped and stored, on a second ODBC
// connection: an interruption must still resume where the stored cursor says, with nothing lost or doubled.
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
    expect(await storedCompany(store)).toEqual(JSON.parse(readFileSync(seededCompanyGoldenPath, 'utf8')));
  }, 60_000);
});
