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
import { evaluateTenant } from '../rules/evaluate-tenant';
import { runEvaluateStep } from './evaluate-step';
import { runSyncStep } from './sync-step';
import { odooTenantConfig } from '../../test/sync/odoo-tenant-config';

// Who wins, field by field (sync/README.md): the ERP for invoice data. A dunning block a user sets in
// Odoo between two ticks is pulled by the next sync, which runs before the evaluation that plans sends.
describe('a dunning block set by hand in the ERP between two ticks', () => {
  let odoo: FakeOdoo;
  let store: Store;
  let dir: string;
  let tenant: TenantConfig;
  const clock = new FakeClock('2026-03-31T07:00:00Z');

  beforeAll(async () => {
    odoo = await startFakeOdoo({ version: 17, clock: new FakeClock('2026-03-31T06:00:00Z'), company: generateCompany({ seed: 7, asOf: '2026-03-31', version: 17, customers: 15, invoices: 150 }) });
    dir = mkdtempSync(join(tmpdir(), 'arbridge-two-way-'));
    store = await openStore({ dataDir: dir });
    process.env.TWO_WAY_ODOO_KEY = odoo.apiKey;
    tenant = odooTenantConfig('two-way', odoo, { name: 'Two way', apiKey: 'env:TWO_WAY_ODOO_KEY', connection: { version: 17 } });
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await odoo?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is honoured by the next tick: the item is stored blocked and no action is planned for it', async () => {
    const ctx = { store, clock, logger: silentLogger() };
    await runSyncStep(ctx, tenant, 'tick-1');
    await runEvaluateStep(ctx, tenant);
    const before = await evaluateTenant({ store, tenant, asOf: '2026-03-31', at: clock.now(), saveAssignments: false });
    const item = before.actions[0]?.items[0]?.externalId;
    expect(item).toBeDefined();

    odoo.mutations.at(new Date('2026-03-31T08:00:00Z')).setFollowupBlocked(Number(item), true);
    clock.set('2026-03-31T09:00:00Z');
    await runSyncStep(ctx, tenant, 'tick-2');
    await runEvaluateStep(ctx, tenant);

    let stored: boolean | null = null;
    for await (const r of store.iterateReceivables(tenant.id)) if (r.externalId === item) stored = r.dunningBlocked;
    expect(stored).toBe(true);
    const after = await evaluateTenant({ store, tenant, asOf: '2026-03-31', at: clock.now(), saveAssignments: false });
    expect(after.actions.flatMap((a) => a.items.map((i) => i.externalId))).not.toContain(item);
  }, 120_000);
});
