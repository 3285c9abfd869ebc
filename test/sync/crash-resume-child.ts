// A sync run in its own process, so that a test can kill it with SIGKILL between two pages (or in the
// middle of one) and run it again. Settings come from the environment (see crash-resume.integration.test.ts).
import { silentLogger } from '../../core/logging/logger';
import { openStore } from '../../core/store/open-store';
import { FakeClock } from '../../core/time/clock';
import { tenantConfigSchema } from '../../config/tenant-config';
import { syncTenant } from '../../sync/pipeline/sync-tenant';

async function main(): Promise<void> {
  const env = process.env;
  const pauseAfter = env.PAUSE_AFTER_PAGE ? Number(env.PAUSE_AFTER_PAGE) : null;
  const store = await openStore(env.STORE_DATABASE_URL ? { databaseUrl: env.STORE_DATABASE_URL } : { dataDir: env.STORE_DATA_DIR as string });
  const tenant = tenantConfigSchema.parse({
    id: env.TENANT_ID,
    name: 'Crash test',
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    sources: [{ id: 'odoo', type: 'odoo', connection: { url: env.ODOO_URL, database: env.ODOO_DB, username: env.ODOO_LOGIN, apiKey: 'env:CRASH_ODOO_KEY', pageSize: 50 } }],
  });
  let stored = 0;
  const report = await syncTenant({
    store,
    tenant,
    clock: new FakeClock('2026-03-31T17:00:00Z'),
    logger: silentLogger(),
    onPage: (p) => {
      stored += 1;
      process.stdout.write(`stored ${p.stream} ${p.pages}\n`);
      if (stored === pauseAfter) {
        process.stdout.write('paused\n');
        // Freeze between two pages, transaction committed, until the test kills the process.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      }
    },
  });
  await store.close();
  process.stdout.write(`done ${report.failures.length === 0 ? 'ok' : JSON.stringify(report.failures)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
