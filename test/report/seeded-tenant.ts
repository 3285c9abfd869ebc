import { generateCompany } from '../../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { silentLogger } from '../../core/logging/logger';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import type { SyncReport } from '../../sync/pipeline/sync-report';
import { syncTenant } from '../../sync/pipeline/sync-tenant';
import { odooTenantConfig } from '../sync/odoo-tenant-config';

/** The day the seeded companies' history ends, and the sync's instant. */
export const seededAsOf = '2026-11-20';
export const seededSyncAt = '2026-11-20T17:00:00Z';

/**
 * Syncs a seeded fake Odoo company into `store` under `tenantId` through the real connector and
 * pipeline, then stops the fake. The same seed gives the same figures.
 */
export async function syncSeededTenant(store: Store, tenantId: string, seed: number, size: { customers: number; invoices: number } = { customers: 40, invoices: 500 }): Promise<SyncReport> {
  const clock = new FakeClock(seededSyncAt);
  const company = generateCompany({ seed, asOf: seededAsOf, ...size, version: 17 });
  const odoo = await startFakeOdoo({ version: 17, clock, company });
  const keyVariable = `ARBRIDGE_REPORT_TEST_KEY_${tenantId.toUpperCase().replace(/-/g, '_')}`;
  process.env[keyVariable] = odoo.apiKey;
  try {
    const tenant = odooTenantConfig(tenantId, odoo, { name: `Seeded company ${seed}`, apiKey: `env:${keyVariable}`, connection: { pageSize: 500 } });
    const report = await syncTenant({ store, tenant, clock, logger: silentLogger(), signal: new AbortController().signal });
    if (report.failures.length > 0) throw new Error(`seeded sync failed: ${JSON.stringify(report.failures)}`);
    return report;
  } finally {
    delete process.env[keyVariable];
    await odoo.close();
  }
}

/** Seeds several tenants, `[id, seed, size?]` each, into the embedded store in `dataDir`, then closes it. */
export async function seedTenantsInto(dataDir: string, tenants: ReadonlyArray<readonly [string, number, { customers: number; invoices: number }?]>): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    for (const [id, seed, size] of tenants) await syncSeededTenant(store, id, seed, size);
  } finally {
    await store.close();
  }
}
