import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { silentLogger } from '../../core/logging/logger';
import type { StreamName } from '../../core/model';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { tenantConfigSchema, type TenantConfig } from '../../config/tenant-config';
import { generateCompany } from '../../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo, type FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { listFailedJobs } from '../../sync/queue/failed-jobs';
import { openJobQueues, type JobQueues } from '../../sync/queue/job-queues';
import { enqueueSyncTick } from '../../sync/scheduler/enqueue-tick';
import { runDispatchStep } from '../../sync/worker/dispatch-step';
import { runEvaluateStep } from '../../sync/worker/evaluate-step';
import { runSyncStep } from '../../sync/worker/sync-step';
import { testBullPrefix, type TestBullPrefix } from './bull-prefix';
import { syncedRecords } from './store-snapshot';
import { odooTenantConfig } from './odoo-tenant-config';

// Several `arbridge worker` processes on real Redis and PostgreSQL, the 50 tenants each on its
// own fake Odoo (QUEUE_TEST_TENANTS to change it).
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const child = join(__dirname, 'queue-worker-child.ts');
const clockAt = '2026-03-31T17:00:00Z';
const tenantCount = Number(process.env.QUEUE_TEST_TENANTS ?? 50);
const streams: StreamName[] = ['customers', 'receivables', 'payments', 'allocations'];

interface WorkerEvent {
  worker: string;
  event: 'ready' | 'start' | 'end' | 'stored' | 'closed';
  step?: string;
  tenantId?: string;
  window?: string;
  outcome?: 'done' | 'retrying' | 'failed';
  reason?: string;
  stream?: string;
}

function tenantOf(id: string, odoo: FakeOdoo): TenantConfig {
  return odooTenantConfig(id, odoo, { name: `Tenant ${id}`, apiKey: 'env:QUEUE_TEST_ODOO_KEY', connection: { pageSize: 10, version: 17, maxRetries: 0, retryBaseDelayMs: 0 } });
}

async function snapshot(store: Store, tenantId: string): Promise<Record<string, unknown>> {
  const result = await syncedRecords(store, tenantId);
  result.plans = (await store.listPlanAssignments(tenantId)).map((a) => ({ ...a, tenantId: undefined }));
  // Action ids derive from the tenant id too: compared by what they are for.
  result.actions = (await store.listActions(tenantId))
    .map((a) => `${a.customerKey.externalId} ${a.planId}/${a.stepId}/${a.cycle} ${a.channel} ${a.status} ×${a.attempts}`)
    .sort();
  return result;
}

describe('several queue workers on Redis and PostgreSQL', () => {
  const events: WorkerEvent[] = [];
  const workers = new Map<string, ChildProcess>();
  const odoos = new Map<string, FakeOdoo>();
  let tenants: TenantConfig[] = [];
  let bull: TestBullPrefix;
  let queues: JobQueues;
  let store: Store;
  let databaseUrl: string;
  let databaseName: string;

  function spawnWorker(name: string): ChildProcess {
    const proc = spawn(process.execPath, ['--require', 'tsx/cjs', child], {
      env: {
        ...process.env,
        WORKER_NAME: name,
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: bull.prefix,
        STORE_DATABASE_URL: databaseUrl,
        TENANTS_JSON: JSON.stringify(tenants),
        QUEUE_TEST_ODOO_KEY: 'fake-odoo-api-key',
        CLOCK_AT: clockAt,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('{')) events.push(JSON.parse(line) as WorkerEvent);
    });
    proc.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[${name}] ${chunk.toString()}`));
    workers.set(name, proc);
    return proc;
  }

  /** Waits (no deadline of its own: Jest's test timeout is the limit) until `check` holds. */
  async function until(check: () => boolean): Promise<void> {
    while (!check()) await new Promise((r) => setTimeout(r, 100));
  }
  const ended = (window: string, step: string, tenantId: string, outcome = 'done') =>
    events.filter((e) => e.event === 'end' && e.window === window && e.step === step && e.tenantId === tenantId && e.outcome === outcome);
  const allDispatched = (window: string, ids: string[]) => () => ids.every((id) => ended(window, 'dispatch', id).length > 0);

  beforeAll(async () => {
    for (let i = 0; i < tenantCount; i += 1) {
      const id = i === 0 ? 'victim' : `t${String(i).padStart(2, '0')}`;
      const size = i === 0 ? { customers: 20, invoices: 200 } : { customers: 6, invoices: 40 };
      const odoo = await startFakeOdoo({ version: 17, clock: new FakeClock(clockAt), company: generateCompany({ seed: 100 + i, asOf: '2026-03-31', version: 17, ...size }) });
      odoos.set(id, odoo);
      tenants.push(tenantOf(id, odoo));
    }
    databaseName = `arbridge_test_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${databaseName}`;
    databaseUrl = url.toString();
    store = await openStore({ databaseUrl });
    bull = testBullPrefix(redisUrl, 'workers');
    // Attempts and backoff travel with each job: the test enqueues, so the test sets them.
    queues = openJobQueues({ redisUrl, prefix: bull.prefix, logger: silentLogger(), attempts: 3, backoffMs: 200 });
    for (const name of ['w1', 'w2', 'w3']) spawnWorker(name);
    await until(() => events.filter((e) => e.event === 'ready').length === 3);
  }, 240_000);

  afterAll(async () => {
    await Promise.all(
      [...workers.values()].map(
        (proc) =>
          new Promise<void>((resolve) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
            proc.once('exit', () => resolve());
            proc.kill('SIGTERM');
          }),
      ),
    );
    await queues?.close();
    await bull?.cleanUp();
    await store?.close();
    for (const odoo of odoos.values()) await odoo.close();
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  }, 60_000);

  it('syncs every tenant exactly once per tick, even when the tick is enqueued twice', async () => {
    const window = '2026-03-31T16:00:00.000Z';
    await enqueueSyncTick(queues, tenants, window);
    await enqueueSyncTick(queues, tenants, window); // a second scheduler, or a retried enqueue
    const ids = tenants.map((t) => t.id);
    await until(allDispatched(window, ids));
    for (const id of ids) {
      expect([id, events.filter((e) => e.event === 'start' && e.step === 'sync' && e.window === window && e.tenantId === id).length]).toEqual([id, 1]);
      expect([id, ended(window, 'evaluate', id).length]).toEqual([id, 1]);
    }
    const states = await store.listSyncStates('t05');
    expect(states.map((s) => s.stream).sort()).toEqual([...streams].sort());
    expect(states.every((s) => s.lastSuccessAt !== null)).toBe(true);
    // Workers share the work: more than one of them ran sync jobs.
    expect(new Set(events.filter((e) => e.event === 'start' && e.window === window).map((e) => e.worker)).size).toBeGreaterThan(1);
  }, 120_000);

  it('a worker killed with SIGKILL mid-sync: another finishes its job, the store equals a clean run, nothing doubled', async () => {
    const victim = tenants.find((t) => t.id === 'victim') as TenantConfig;
    const odoo = odoos.get('victim') as FakeOdoo;
    // The reference: the same ERP synced once, cleanly, under another tenant id.
    const clean = tenantConfigSchema.parse({ ...victim, id: 'victim-clean' });
    process.env.QUEUE_TEST_ODOO_KEY = 'fake-odoo-api-key';
    const ctx = { store, clock: new FakeClock(clockAt), logger: silentLogger() };
    await runSyncStep(ctx, clean, 'clean-run');
    await runEvaluateStep(ctx, clean);
    await runDispatchStep(ctx, clean);

    await store.deleteTenant('victim');
    const window = '2026-03-31T17:00:00.000Z';
    odoo.delayNext({ ms: 150, count: 10_000 }); // slow enough that the kill lands between two pages
    await enqueueSyncTick(queues, [victim], window);
    await until(() => events.some((e) => e.event === 'stored' && e.tenantId === 'victim' && e.stream === 'receivables'));
    const holder = events.find((e) => e.event === 'start' && e.step === 'sync' && e.tenantId === 'victim' && e.window === window)?.worker as string;
    workers.get(holder)?.kill('SIGKILL');
    odoo.failures.clear();
    await until(allDispatched(window, ['victim']));

    const finisher = ended(window, 'sync', 'victim')[0]?.worker;
    expect(finisher).toBeDefined();
    expect(finisher).not.toBe(holder);
    expect(ended(window, 'evaluate', 'victim')).toHaveLength(1);
    const got = await snapshot(store, 'victim');
    const want = await snapshot(store, 'victim-clean');
    expect(got).toEqual(want);
    expect((want.actions as string[]).length).toBeGreaterThan(0); // the comparison covers actions, not an empty outbox
    spawnWorker(`${holder}-again`);
  }, 120_000);

  it('an ERP down: retried, then failed with its reason shown by status, and the next tick succeeds', async () => {
    const flaky = tenants.find((t) => t.id === 't03') as TenantConfig;
    const odoo = odoos.get('t03') as FakeOdoo;
    odoo.failNext({ status: 503, count: 100_000 });
    const down = '2026-03-31T18:00:00.000Z';
    await enqueueSyncTick(queues, [flaky], down);
    await until(() => ended(down, 'sync', 't03', 'failed').length > 0);
    expect(ended(down, 'sync', 't03', 'retrying')).toHaveLength(2);
    expect(ended(down, 'evaluate', 't03', 'done')).toHaveLength(0);
    const failed = await listFailedJobs(queues, { tenantId: 't03' });
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ step: 'sync', window: down, attempts: 3 });
    expect(failed[0]?.reason).toMatch(/503/);

    odoo.failures.clear();
    const next = '2026-03-31T19:00:00.000Z';
    await enqueueSyncTick(queues, [flaky], next);
    await until(allDispatched(next, ['t03']));
    expect(ended(next, 'sync', 't03')).toHaveLength(1);
  }, 60_000);

  it('Redis connections lost mid-run: the workers reconnect and the tick completes', async () => {
    const window = '2026-03-31T20:00:00.000Z';
    const ids = tenants.map((t) => t.id);
    (odoos.get('victim') as FakeOdoo).delayNext({ ms: 100, count: 10_000 });
    await enqueueSyncTick(queues, tenants, window);
    await until(() => events.some((e) => e.event === 'stored' && e.tenantId === 'victim' && e.stream === 'receivables'));
    expect(await bull.killClients()).toBeGreaterThan(0);
    (odoos.get('victim') as FakeOdoo).failures.clear();
    await until(allDispatched(window, ids));
    for (const id of ids) expect([id, ended(window, 'evaluate', id).length]).toEqual([id, 1]);
    expect(await snapshot(store, 'victim')).toEqual(await snapshot(store, 'victim-clean'));
  }, 120_000);
});
