import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { silentLogger } from '../../core/logging/logger';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { loadConfig } from '../../config/load-config';
import type { TenantConfig } from '../../config/tenant-config';
import type { FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { listConnectors } from '../../connectors/registry';
import { buildProgram } from '../../sync/cli/main';
import type { JobQueues } from '../../sync/queue/job-queues';
import { enqueueSyncTick } from '../../sync/scheduler/enqueue-tick';
import { parseMetrics, samplesOf } from '../serve/prometheus-text';
import type { TestBullPrefix } from '../sync/bull-prefix';
import { spawnCli } from './cli-process';
import { openQueueCliFixture, type QueueCliFixture } from './queue-cli-fixture';
import { odooTenantYaml } from './odoo-tenant-yaml';
import { runCli } from './run-cli';

// The processes that sync (`arbridge worker`, `arbridge run`) each export their own sync metrics on
// --metrics-port, as Prometheus scrapes them: real Redis and PostgreSQL, a fake Odoo on loopback.
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const clockAt = '2026-03-31T17:00:00Z';
const keyVariable = 'ARBRIDGE_TEST_PROCESS_METRICS_ODOO_KEY';

/** What the store holds of a tenant per stream, stored and quarantined: every row a first sync pulled. */
async function storedRows(store: Store, tenantId: string): Promise<Record<string, number>> {
  const states = await store.listSyncStates(tenantId);
  return Object.fromEntries(states.map((s) => [`source=${s.sourceId},stream=${s.stream},tenant=${tenantId}`, s.recordCount + s.quarantinedCount]));
}

/** A metric's samples keyed by sorted `label=value` pairs (the exposition's label order is not ours to fix). */
function sorted(samples: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k.split(',').sort().join(','), v]));
}

async function scrape(url: string): Promise<ReturnType<typeof parseMetrics>> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return parseMetrics(await res.text());
}

describe('sync metrics of the processes that sync', () => {
  let fixture: QueueCliFixture;
  let databaseUrl: string;
  let root: string;
  let odoo: FakeOdoo;
  let store: Store;
  let bull: TestBullPrefix;
  let queues: JobQueues;

  /** A config directory of one tenant. */
  function configOf(tenantId: string): { dir: string; tenant: TenantConfig } {
    const dir = join(root, tenantId);
    mkdirSync(join(dir, 'tenants'), { recursive: true });
    writeFileSync(join(dir, 'tenants', `${tenantId}.yaml`), odooTenantYaml(tenantId, odoo, { apiKey: `env:${keyVariable}`, schedule: '0 */2 * * *', connection: { version: 17, pageSize: 25, maxRetries: 0 } }));
    return { dir, tenant: loadConfig(dir, { connectors: listConnectors() }).tenants[0] as TenantConfig };
  }

  beforeAll(async () => {
    fixture = await openQueueCliFixture({ label: 'process-metrics', redisUrl, clockAt, keyVariable, seed: 17, customers: 15, invoices: 120, attempts: 1 });
    ({ databaseUrl, root, odoo, store, bull, queues } = fixture);
  }, 120_000);

  afterAll(async () => {
    await fixture?.close();
  }, 60_000);

  it('worker ARBRIDGE_METRICS_PORT: rows pulled per stream equal what the store holds, each step counted done; SIGTERM closes it and exits 0', async () => {
    const { dir, tenant } = configOf('acme');
    const env = { REDIS_URL: redisUrl, ARBRIDGE_QUEUE_PREFIX: bull.prefix, DATABASE_URL: databaseUrl, ARBRIDGE_TEST_CLOCK_AT: clockAt, ARBRIDGE_METRICS_PORT: '0', [keyVariable]: odoo.apiKey };
    const worker = spawnCli(['--config', dir, 'worker', '--concurrency', '1'], env);
    await worker.waitFor(/^metrics on http:\/\/127\.0\.0\.1:\d+\/metrics$/m);
    const url = /^metrics on (\S+)$/m.exec(worker.out())?.[1] as string;
    // Listening before any job: the sync metrics are declared, with no sample yet.
    expect(samplesOf(await scrape(url), 'arbridge_rows_pulled_total')).toEqual({});
    expect((await fetch(url.replace(/\/metrics$/, '/api/tenants'))).status).toBe(404);

    const window = '2026-03-31T16:00:00.000Z';
    await enqueueSyncTick(queues, [tenant], window);
    await worker.waitFor(new RegExp(`dispatch acme ${window.replace(/[.]/g, '\\.')}: done`));

    const samples = await scrape(url);
    const stored = await storedRows(store, 'acme');
    expect(Object.keys(stored)).toHaveLength(4); // customers, receivables, payments, allocations
    expect(Object.values(stored).every((n) => n > 0)).toBe(true);
    expect(sorted(samplesOf(samples, 'arbridge_rows_pulled_total'))).toEqual(stored);
    // One duration observed per stream of the one run.
    const durations = sorted(samplesOf(samples, 'arbridge_sync_duration_seconds_count'));
    expect(durations).toEqual(Object.fromEntries(Object.keys(stored).map((k) => [k, 1])));
    expect(sorted(samplesOf(samples, 'arbridge_jobs_total'))).toEqual({
      'outcome=done,step=sync,tenant=acme': 1,
      'outcome=done,step=evaluate,tenant=acme': 1,
      'outcome=done,step=dispatch,tenant=acme': 1,
    });
    expect(samplesOf(samples, 'arbridge_sync_failures_total')).toEqual({});

    worker.proc.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    await expect(fetch(url)).rejects.toThrow();
  }, 180_000);

  it('run --metrics-port: the in-process runner’s scheduled run is counted on its own /metrics', async () => {
    const { dir } = configOf('globex');
    // A second before the tenant's fire time (18:00 in Paris); the test moves the clock past it.
    const clock = new FakeClock('2026-03-31T15:59:59Z');
    const controller = new AbortController();
    const out = new PassThrough();
    let printed = '';
    out.on('data', (c: Buffer) => (printed += c.toString('utf8')));
    let code = -1;
    const program = buildProgram(
      { out, err: new PassThrough(), logger: silentLogger(), clock, signal: controller.signal, env: { DATABASE_URL: databaseUrl, [keyVariable]: odoo.apiKey } },
      (c) => (code = c),
    );
    const done = program.parseAsync(['node', 'arbridge', '--config', dir, 'run', '--metrics-port', '0']);
    const printedMatch = async (pattern: RegExp): Promise<RegExpExecArray> => {
      for (;;) {
        const m = pattern.exec(printed);
        if (m) return m;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const url = (await printedMatch(/^metrics on (\S+)$/m))[1] as string;
    await printedMatch(/next runs:/);
    clock.advance(1_000);
    await printedMatch(/dispatch globex 2026-03-31T16:00:00\.000Z: done/);

    const samples = await scrape(url);
    expect(sorted(samplesOf(samples, 'arbridge_rows_pulled_total'))).toEqual(await storedRows(store, 'globex'));
    expect(sorted(samplesOf(samples, 'arbridge_jobs_total'))).toEqual({
      'outcome=done,step=sync,tenant=globex': 1,
      'outcome=done,step=evaluate,tenant=globex': 1,
      'outcome=done,step=dispatch,tenant=globex': 1,
    });

    controller.abort();
    await done;
    expect(code).toBe(0);
    await expect(fetch(url)).rejects.toThrow();
  }, 180_000);

  it('refuses a port that is not one, before syncing anything', async () => {
    const { dir } = configOf('initech');
    const run = await runCli(['--config', dir, 'run', '--once', '--metrics-port', '9464x'], { env: { DATABASE_URL: databaseUrl, [keyVariable]: odoo.apiKey }, clock: new FakeClock(clockAt) });
    expect([run.code, run.err]).toEqual([2, '--metrics-port (or ARBRIDGE_METRICS_PORT): expected a port number, found "9464x"\n']);
    expect(await store.listSyncStates('initech')).toEqual([]);
  }, 60_000);
});
