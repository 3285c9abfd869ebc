import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../../core/logging/logger';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { loadConfig } from '../../config/load-config';
import type { TenantConfig } from '../../config/tenant-config';
import type { FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { listConnectors } from '../../connectors/registry';
import type { JobQueues } from '../../sync/queue/job-queues';
import { enqueueSyncTick } from '../../sync/scheduler/enqueue-tick';
import { syncTenant } from '../../sync/pipeline/sync-tenant';
import type { TestBullPrefix } from '../sync/bull-prefix';
import { spawnCli } from './cli-process';
import { openQueueCliFixture, type QueueCliFixture } from './queue-cli-fixture';
import { syncedRecords as records } from '../sync/store-snapshot';
import { odooTenantYaml } from './odoo-tenant-yaml';
import { runCli } from './run-cli';

// `arbridge scheduler`, `worker`, `run --once` and `status` as an operator runs them, on real Redis and
// PostgreSQL, against fake Odoo servers on loopback.
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const clockAt = '2026-03-31T17:00:00Z';
const keyVariable = 'ARBRIDGE_TEST_QUEUE_CLI_ODOO_KEY';
const pageSize = 10;

const tenantYaml = (id: string, odoo: FakeOdoo, apiKey: string) =>
  odooTenantYaml(id, odoo, { apiKey, schedule: '0 */2 * * *', connection: { version: 17, pageSize, maxRetries: 0 } });

/** Odoo's watermark format (`2026-03-01 10:00:00`) of an instant. */
const odooDatetime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

describe('the queue commands: scheduler, worker, run --once and status', () => {
  let fixture: QueueCliFixture;
  let databaseUrl: string;
  let root: string;
  let config: string;
  let odoo: FakeOdoo;
  let store: Store;
  let bull: TestBullPrefix;
  let queues: JobQueues;
  let acme: TenantConfig;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    // Whoever enqueues sets attempts and backoff: here the test does.
    fixture = await openQueueCliFixture({ label: 'queue-cli', redisUrl, clockAt, keyVariable, seed: 31, customers: 20, invoices: 160, attempts: 3 });
    ({ databaseUrl, root, odoo, store, bull, queues } = fixture);
    config = join(root, 'config');
    mkdirSync(join(config, 'tenants'), { recursive: true });
    writeFileSync(join(config, 'tenants', 'acme.yaml'), tenantYaml('acme', odoo, `env:${keyVariable}`));
    acme = loadConfig(config, { connectors: listConnectors() }).tenants[0] as TenantConfig;
    env = { REDIS_URL: redisUrl, ARBRIDGE_QUEUE_PREFIX: bull.prefix, DATABASE_URL: databaseUrl, ARBRIDGE_TEST_CLOCK_AT: clockAt, [keyVariable]: odoo.apiKey };
  }, 120_000);

  afterAll(async () => {
    await fixture?.close();
  }, 60_000);

  it('scheduler: adds one schedule per tenant, changes nothing when run again, drops a tenant gone from config; --now enqueues a sync', async () => {
    // A schedule an earlier version kept in the sync queue, where the limiter cannot group its ticks by ERP.
    await queues.sync.add('sync', { tenantId: 'acme', erp: 'odoo' }, { repeat: { cron: '0 */2 * * *', tz: 'Europe/Paris' }, jobId: 'acme@odoo' });
    const args = ['--config', config, 'scheduler'];
    const first = await runCli(args, { env, clock: new FakeClock(clockAt) });
    expect(first.code).toBe(0);
    expect(await queues.sync.getRepeatableJobs()).toEqual([]);
    await queues.sync.empty();
    expect(first.out).toMatch(/1 added, 0 removed, 0 unchanged/);
    expect(first.out).toContain('+ acme: 0 */2 * * * (Europe/Paris)');

    const again = await runCli([...args, '--now'], { env, clock: new FakeClock(clockAt) });
    expect(again.out).toMatch(/0 added, 0 removed, 1 unchanged/);
    expect(again.out).toContain('1 syncs enqueued for 2026-03-31T17:00:00.000Z');
    expect((await queues.tick.getRepeatableJobs()).map((j) => j.id)).toEqual(['acme@odoo']);
    expect((await queues.tick.getWaiting()).map((j) => j.data.tenantId)).toEqual(['acme']);

    // Another directory without acme: its schedule goes.
    const other = join(root, 'other');
    mkdirSync(join(other, 'tenants'), { recursive: true });
    writeFileSync(join(other, 'tenants', 'globex.yaml'), tenantYaml('globex', odoo, `env:${keyVariable}`));
    const moved = await runCli(['--config', other, 'scheduler'], { env, clock: new FakeClock(clockAt) });
    expect(moved.out).toMatch(/1 added, 1 removed, 0 unchanged/);
    expect((await queues.tick.getRepeatableJobs()).map((j) => j.id)).toEqual(['globex@odoo']);

    for (const job of await queues.tick.getRepeatableJobs()) await queues.tick.removeRepeatableByKey(job.key);
    await queues.tick.empty();
  }, 120_000);

  it('scheduler and worker refuse to start without REDIS_URL, naming `arbridge run`', async () => {
    for (const command of ['scheduler', 'worker']) {
      const run = await runCli(['--config', config, command], { env: { DATABASE_URL: databaseUrl } });
      expect([command, run.code]).toEqual([command, 2]);
      expect(run.err).toMatch(/needs REDIS_URL.*arbridge run/);
    }
  });

  it('worker: SIGTERM mid-sync stores the page in hand, saves its cursor and exits 0; the retried job completes the store as a clean run does', async () => {
    // The reference: the same ERP synced cleanly, in this process, under another tenant id.
    const clean = await syncTenant({ store, tenant: { ...acme, id: 'clean' }, clock: new FakeClock(clockAt), logger: silentLogger() });
    expect(clean.failures).toEqual([]);
    const cleanReceivables = (await store.counts('clean')).receivables;

    const worker = spawnCli(['--config', config, 'worker', '--concurrency', '1'], env);
    await worker.waitFor(/^worker on .* 1 tenants, postgres store/m);
    const window = '2026-03-31T16:00:00.000Z';
    odoo.delayNext({ ms: 150, count: 100_000 }); // slow enough that the signal lands mid-stream
    await enqueueSyncTick(queues, [acme], window);
    while ((await store.counts('acme')).receivables === 0) await new Promise((r) => setTimeout(r, 50));
    worker.proc.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.out()).toContain(`sync acme ${window}: retrying`);
    expect(worker.out()).toMatch(/worker stopped\n$/);

    // Whole pages only, and the saved cursor is the one of the last page stored.
    const stored: number[] = []; // the write_date in Odoo of each stored receivable line
    const lines = odoo.company.db.table('account.move.line');
    for await (const r of store.iterateRecords('acme', 'receivables')) stored.push(lines.get(Number(r.externalId))?.write_date as number);
    expect(stored.length % pageSize).toBe(0);
    expect(stored.length).toBeLessThan(cleanReceivables);
    const state = await store.getSyncState({ tenantId: 'acme', sourceId: 'odoo', stream: 'receivables' });
    expect(state?.recordCount).toBe(stored.length);
    expect(state?.lastSuccessAt).toBeNull();
    expect((state?.cursor as { writeDate: string }).writeDate).toBe(odooDatetime(Math.max(...stored)));

    odoo.failures.clear();
    const rerun = spawnCli(['--config', config, 'worker', '--concurrency', '1'], env);
    await rerun.waitFor(new RegExp(`dispatch acme ${window.replace(/[.]/g, '\\.')}: done`));
    rerun.proc.kill('SIGTERM');
    expect(await rerun.exited).toEqual({ code: 0, signal: null });
    expect(rerun.out()).toContain(`sync acme ${window}: done`);
    expect(await records(store, 'acme')).toEqual(await records(store, 'clean'));
  }, 180_000);

  it('status lists a failed job with its reason, and run --once syncs without Redis', async () => {
    const badKey = join(root, 'bad');
    mkdirSync(join(badKey, 'tenants'), { recursive: true });
    writeFileSync(join(badKey, 'tenants', 'acme.yaml'), tenantYaml('acme', odoo, 'env:ARBRIDGE_TEST_QUEUE_CLI_WRONG_KEY'));
    const worker = spawnCli(['--config', badKey, 'worker'], { ...env, ARBRIDGE_TEST_QUEUE_CLI_WRONG_KEY: 'not-the-key-1234' });
    await worker.waitFor(/^worker on/m);
    const window = '2026-03-31T18:00:00.000Z';
    await enqueueSyncTick(queues, [acme], window);
    await worker.waitFor(new RegExp(`sync acme ${window.replace(/[.]/g, '\\.')}: failed`));
    worker.proc.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
    // Refused at once (an auth error is not retried) and never printed.
    expect(worker.out()).not.toContain(`sync acme ${window}: retrying`);
    expect(worker.out() + worker.err()).not.toContain('not-the-key-1234');

    const status = await runCli(['--config', config, 'status', '--tenant', 'acme'], { env, clock: new FakeClock(clockAt) });
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/queue: 1 failed jobs/);
    expect(status.out).toMatch(new RegExp(`acme\\s+sync\\s+${window.replace(/[.]/g, '\\.')}\\s+1\\s+\\S+\\s+.*refused the login or API key`));
    const json = JSON.parse((await runCli(['--config', config, 'status', '--tenant', 'acme', '--json'], { env, clock: new FakeClock(clockAt) })).out);
    expect(json.failedJobs).toEqual([expect.objectContaining({ tenantId: 'acme', step: 'sync', window, attempts: 1 })]);

    // Without Redis the same steps run in process: every stream synced, exit 0.
    await store.deleteTenant('acme');
    const once = await runCli(['--config', config, 'run', '--once'], { env: { DATABASE_URL: databaseUrl, [keyVariable]: odoo.apiKey }, clock: new FakeClock(clockAt) });
    expect(once.code).toBe(0);
    expect(once.out).toMatch(/sync acme 2026-03-31T17:00:00.000Z: done/);
    expect(once.out).toMatch(/dispatch acme 2026-03-31T17:00:00.000Z: done/);
    expect(await records(store, 'acme')).toEqual(await records(store, 'clean'));
  }, 180_000);
});
