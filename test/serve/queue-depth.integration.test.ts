import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Job } from 'bull';
import { silentLogger } from '../../core/logging/logger';
import { buildProgram } from '../../sync/cli/main';
import { openJobQueues, type JobQueues } from '../../sync/queue/job-queues';
import type { TenantJobData } from '../../sync/queue/tenant-job-data';
import { testBullPrefix, type TestBullPrefix } from '../sync/bull-prefix';
import { parseMetrics, samplesOf } from './prometheus-text';

/**
 * `arbridge serve` with REDIS_URL and a queue prefix of its own, on the real Redis: /metrics counts the
 * deployment's jobs per queue (tick, sync, evaluate, dispatch) and state at each scrape (waiting, active, delayed, failed).
 */
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const dir = mkdtempSync(join(tmpdir(), 'arbridge-serve-queues-'));
const job = (tenantId: string): TenantJobData => ({ tenantId, erp: 'odoo', window: '2026-03-31T17:00:00.000Z' });

let bull: TestBullPrefix;
let queues: JobQueues;
let releaseActive: () => void = () => undefined;
let stop: AbortController;
let served: Promise<number>;
let base: string;

/** Starts `arbridge serve --port 0` in this process and resolves with its address once it listens. */
async function startServe(env: NodeJS.ProcessEnv): Promise<string> {
  const out = new PassThrough();
  let printed = '';
  const listening = new Promise<string>((resolve) => {
    out.on('data', (chunk: Buffer) => {
      printed += chunk.toString('utf8');
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(printed);
      if (m) resolve(m[1] as string);
    });
  });
  stop = new AbortController();
  let code = -1;
  const program = buildProgram({ out, err: new PassThrough(), env, logger: silentLogger(), signal: stop.signal }, (c) => (code = c));
  served = program.parseAsync(['node', 'arbridge', '--config', join(dir, 'no-config'), '--data-dir', join(dir, 'data'), 'serve', '--port', '0']).then(() => code);
  return Promise.race([listening, served.then((c) => Promise.reject(new Error(`serve exited with ${c} before listening`)))]);
}

beforeAll(async () => {
  bull = testBullPrefix(redisUrl, 'serve-depth');
  queues = openJobQueues({ redisUrl, prefix: bull.prefix, logger: silentLogger() });
  // tick: one delayed (a schedule's next fire); sync: three waiting; evaluate: two delayed; dispatch: one failed for good, one held active.
  await queues.tick.add(job('t1'), { jobId: 'tick:t1', delay: 3_600_000 });
  for (const tenant of ['t1', 't2', 't3']) await queues.sync.add(job(tenant), { jobId: `sync:${tenant}` });
  for (const tenant of ['t1', 't2']) await queues.evaluate.add(job(tenant), { jobId: `evaluate:${tenant}`, delay: 3_600_000 });
  const held = new Promise<void>((resolve) => (releaseActive = resolve));
  const active = new Promise<void>((resolve) => queues.dispatch.on('active', (j: Job<TenantJobData>) => j.data.tenantId === 'held' && resolve()));
  const failed = new Promise<void>((resolve) => queues.dispatch.on('failed', () => resolve()));
  await queues.dispatch.add(job('broken'), { jobId: 'dispatch:broken', attempts: 1 });
  await queues.dispatch.add(job('held'), { jobId: 'dispatch:held' });
  void queues.dispatch.process(1, async (j: Job<TenantJobData>) => {
    if (j.data.tenantId === 'broken') throw new Error('permanent failure for the test');
    await held;
  });
  await Promise.all([failed, active]);
  base = await startServe({ REDIS_URL: redisUrl, ARBRIDGE_QUEUE_PREFIX: bull.prefix });
}, 120_000);

afterAll(async () => {
  releaseActive();
  stop?.abort();
  await served?.catch(() => undefined);
  await queues?.close();
  await bull?.cleanUp();
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

const depth = async (): Promise<Record<string, number>> => samplesOf(parseMetrics(await (await fetch(`${base}/metrics`)).text()), 'arbridge_queue_depth');

describe('arbridge serve: queue depth on /metrics', () => {
  it('counts the jobs of each queue by state, as enqueued', async () => {
    expect(await depth()).toEqual({
      'queue=tick,state=waiting': 0,
      'queue=tick,state=active': 0,
      'queue=tick,state=delayed': 1,
      'queue=tick,state=failed': 0,
      'queue=sync,state=waiting': 3,
      'queue=sync,state=active': 0,
      'queue=sync,state=delayed': 0,
      'queue=sync,state=failed': 0,
      'queue=evaluate,state=waiting': 0,
      'queue=evaluate,state=active': 0,
      'queue=evaluate,state=delayed': 2,
      'queue=evaluate,state=failed': 0,
      'queue=dispatch,state=waiting': 0,
      'queue=dispatch,state=active': 1,
      'queue=dispatch,state=delayed': 0,
      'queue=dispatch,state=failed': 1,
    });
  });

  it('reads the counts at each scrape', async () => {
    await queues.sync.add(job('t4'), { jobId: 'sync:t4' });
    releaseActive();
    await new Promise<void>((resolve) => queues.dispatch.once('completed', () => resolve()));
    const now = await depth();
    expect(now['queue=sync,state=waiting']).toBe(4);
    expect(now['queue=dispatch,state=active']).toBe(0);
  });

  it('stops on SIGINT/SIGTERM with exit code 0, closing its queue connections', async () => {
    stop.abort();
    expect(await served).toBe(0);
  });
});
