import { Client } from 'pg';
import { silentLogger } from '../../core/logging/logger';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import type { TenantConfig } from '../../config/tenant-config';
import { sage100Connector } from '../../connectors/sage100';
import { sweepTenant } from '../../sync/pipeline/sweep-deletions';
import { syncTenant } from '../../sync/pipeline/sync-tenant';
import { openSeededSageCompany, type SeededSageCompany } from '../sage100/seeded-sage-company';

// Sage 100 deletes rows and keeps no tombstone: the sweep lists the keys Sage still holds (keyset on
// cbMarq, through node-odbc and psqlODBC against a Sage-shaped PostgreSQL database) and marks the rest.
describe('the deletions sweep of a Sage 100 company', () => {
  let company: SeededSageCompany;
  let sageClient: Client;
  let store: Store;
  let tenant: TenantConfig;
  const clock = new FakeClock('2026-03-31T16:00:00Z');
  const logger = silentLogger();
  const options = () => ({ store, tenant, clock, logger, resolveConnector: () => sage100Connector });

  beforeAll(async () => {
    company = await openSeededSageCompany('arbridge_sage_sweep', 5);
    ({ sageClient, store, tenant } = company);
    expect((await syncTenant(options())).failures).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await company?.close();
  });

  it('lists every stored key as live when nothing was deleted: nothing is marked', async () => {
    const counts = await store.counts('garage');
    const report = await sweepTenant(options());
    expect(report.failures).toEqual([]);
    expect(report.streams.map((s) => [s.stream, s.marked])).toEqual([
      ['customers', 0],
      ['receivables', 0],
      ['payments', 0],
      ['allocations', 0],
    ]);
    expect(await store.counts('garage')).toEqual(counts);
  }, 60_000);

  it('marks an entry deleted in Sage, and leaves it out of the open receivables', async () => {
    const open: string[] = [];
    for await (const r of store.iterateReceivables('garage', { openOnly: true })) open.push(r.externalId);
    const victim = open[0] as string;
    await sageClient.query(`DELETE FROM dbo.F_ECRITUREC WHERE EC_No = $1`, [Number(victim)]);

    const report = await sweepTenant(options());
    expect(report.failures).toEqual([]);
    expect(report.streams.find((s) => s.stream === 'receivables')).toMatchObject({ marked: 1, revived: 0 });
    const after: string[] = [];
    for await (const r of store.iterateReceivables('garage', { openOnly: true })) after.push(r.externalId);
    expect(after).toEqual(open.filter((id) => id !== victim));
  }, 60_000);
});
