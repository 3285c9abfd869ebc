// bench/workers: the same tenants synced, evaluated and dispatched in process (`arbridge run`'s runner),
// by one queue worker taking one job at a time, then two at a time, and by two workers. Prints throughput
// (receivables stored per second), the two-worker ratio and the queue's overhead against the in-process
// runner on the same work. Scale with BENCH_TENANTS and BENCH_INVOICES (the 200 × 5,000 does not
// fit a shared 2-core machine; defaults 20 × 1,000).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { silentLogger } from '../core/logging/logger';
import { openStore } from '../core/store/open-store';
import { FakeClock } from '../core/time/clock';
import { tenantConfigSchema, type TenantConfig } from '../config/tenant-config';
import { generateCompany } from '../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo, type FakeOdoo } from '../connectors/odoo/fake-server/fake-odoo-server';
import { openJobQueues } from '../sync/queue/job-queues';
import { enqueueSyncTick } from '../sync/scheduler/enqueue-tick';
import { testBullPrefix } from '../test/sync/bull-prefix';

const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const tenantCount = Number(process.env.BENCH_TENANTS ?? 20);
const invoices = Number(process.env.BENCH_INVOICES ?? 1000);
const clockAt = '2026-03-31T17:00:00Z';
// The queue worker of the integration test: a real worker process reporting its jobs as JSON lines.
const workerChild = join(__dirname, '..', 'test', 'sync', 'queue-worker-child.ts');
const runChild = join(__dirname, 'workers-run-child.ts');

async function withDatabase<T>(run: (url: string) => Promise<T>): Promise<T> {
  const name = `arbridge_bench_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    return await run(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function receivablesStored(databaseUrl: string, tenants: TenantConfig[]): Promise<number> {
  const store = await openStore({ databaseUrl });
  let total = 0;
  for (const t of tenants) total += (await store.counts(t.id)).receivables;
  await store.close();
  return total;
}

/** The in-process runner in its own process (as a worker is), beside the bench process serving the fake ERPs. */
async function inProcess(tenants: TenantConfig[]): Promise<{ seconds: number; receivables: number }> {
  return withDatabase(async (databaseUrl) => {
    const proc = spawn(process.execPath, ['--require', 'tsx/cjs', runChild], {
      env: { ...process.env, STORE_DATABASE_URL: databaseUrl, TENANTS_JSON: JSON.stringify(tenants), CLOCK_AT: clockAt },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => proc.once('exit', resolve));
    if (code !== 0) throw new Error(`the in-process run ended with ${code}`);
    const { seconds } = JSON.parse(out.trim().split('\n').at(-1) as string) as { seconds: number };
    return { seconds, receivables: await receivablesStored(databaseUrl, tenants) };
  });
}

async function withWorkers(tenants: TenantConfig[], count: number, concurrency: number): Promise<{ seconds: number; receivables: number }> {
  return withDatabase(async (databaseUrl) => {
    const bull = testBullPrefix(redisUrl, 'bench');
    const queues = openJobQueues({ redisUrl, prefix: bull.prefix, logger: silentLogger(), attempts: 3, backoffMs: 200 });
    const dispatched = new Set<string>();
    let ready = 0;
    const procs: ChildProcess[] = [];
    for (let i = 0; i < count; i += 1) {
      const proc = spawn(process.execPath, ['--require', 'tsx/cjs', workerChild], {
        env: { ...process.env, WORKER_NAME: `w${i}`, WORKER_CONCURRENCY: String(concurrency), REDIS_URL: redisUrl, QUEUE_PREFIX: bull.prefix, STORE_DATABASE_URL: databaseUrl, TENANTS_JSON: JSON.stringify(tenants), CLOCK_AT: clockAt },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let buffer = '';
      proc.stdout?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.startsWith('{')) continue;
          const e = JSON.parse(line) as { event: string; step?: string; tenantId?: string; outcome?: string };
          if (e.event === 'ready') ready += 1;
          if (e.event === 'end' && e.step === 'dispatch' && e.outcome === 'done' && e.tenantId) dispatched.add(e.tenantId);
        }
      });
      procs.push(proc);
    }
    const until = async (check: () => boolean) => {
      while (!check()) await new Promise((r) => setTimeout(r, 50));
    };
    await until(() => ready === count);
    // Timed from the enqueue to the last tenant's dispatch: worker start-up is not counted.
    const began = process.hrtime.bigint();
    await enqueueSyncTick(queues, tenants, '2026-03-31T16:00:00.000Z');
    await until(() => dispatched.size === tenants.length);
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    await Promise.all(procs.map((p) => new Promise<void>((resolve) => (p.once('exit', () => resolve()), p.kill('SIGTERM')))));
    await queues.close();
    await bull.cleanUp();
    return { seconds, receivables: await receivablesStored(databaseUrl, tenants) };
  });
}

async function main(): Promise<void> {
  process.env.QUEUE_TEST_ODOO_KEY = 'fake-odoo-api-key';
  const odoos: FakeOdoo[] = [];
  const tenants: TenantConfig[] = [];
  for (let i = 0; i < tenantCount; i += 1) {
    const odoo = await startFakeOdoo({ version: 17, clock: new FakeClock(clockAt), company: generateCompany({ seed: 500 + i, asOf: '2026-03-31', version: 17, customers: Math.max(10, Math.round(invoices / 15)), invoices }) });
    odoos.push(odoo);
    tenants.push(
      tenantConfigSchema.parse({
        id: `bench-${i}`,
        name: `Bench ${i}`,
        timeZone: 'Europe/Paris',
        currency: 'EUR',
        sources: [{ id: 'odoo', type: 'odoo', connection: { url: odoo.url, database: odoo.db, username: odoo.login, apiKey: 'env:QUEUE_TEST_ODOO_KEY', version: 17, pageSize: 500 } }],
      }),
    );
  }
  console.log(`bench/workers: ${tenantCount} tenants × ${invoices} invoices each (fake Odoo 17 on loopback, PostgreSQL store, Redis queues)`);
  const rate = (r: { seconds: number; receivables: number }) => r.receivables / r.seconds;
  const line = (label: string, r: { seconds: number; receivables: number }) =>
    console.log(`${label.padEnd(22)} ${r.seconds.toFixed(1).padStart(7)} s  ${r.receivables} receivables  ${Math.round(rate(r))} receivables/s`);
  const local = await inProcess(tenants);
  line('in process (run)', local);
  // The runner takes one tenant at a time: the overhead is measured against a worker doing the same.
  const serial = await withWorkers(tenants, 1, 1);
  line('1 worker, 1 job at once', serial);
  const one = await withWorkers(tenants, 1, 2);
  line('1 worker, 2 jobs at once', one);
  const two = await withWorkers(tenants, 2, 2);
  line('2 workers, 2 jobs each', two);
  console.log(`2 workers / 1 worker: ${(rate(two) / rate(one)).toFixed(2)}x`);
  console.log(`queue overhead (1 worker taking 1 job at once vs in process, same work): ${(((serial.seconds - local.seconds) / local.seconds) * 100).toFixed(1)}%`);
  console.log(`load average at the end: ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
  for (const odoo of odoos) await odoo.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
