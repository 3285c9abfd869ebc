// One `arbridge worker` in its own process, so that a test can run several, kill one with SIGKILL in
// the middle of a sync and stop the others with SIGTERM. Settings come from the environment (see
// queue-workers.integration.test.ts); events go to stdout as JSON lines.
import { createLogger, silentLogger } from '../../core/logging/logger';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { tenantConfigSchema } from '../../config/tenant-config';
import { openJobQueues } from '../../sync/queue/job-queues';
import { startQueueWorker } from '../../sync/worker/queue-worker';

const say = (event: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ worker: process.env.WORKER_NAME, ...event })}\n`);

async function main(): Promise<void> {
  const env = process.env;
  const opened = await openStore({ databaseUrl: env.STORE_DATABASE_URL as string });
  // Each stored page is announced, so that the test can kill this worker between two pages of a sync.
  const store = new Proxy(opened, {
    get(target, prop, receiver) {
      if (prop === 'savePage') {
        return async (page: Parameters<Store['savePage']>[0]) => {
          const result = await target.savePage(page);
          say({ event: 'stored', tenantId: page.tenantId, stream: page.stream });
          return result;
        };
      }
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  }) as Store;
  const tenants = (JSON.parse(env.TENANTS_JSON as string) as unknown[]).map((t) => tenantConfigSchema.parse(t));
  const queues = openJobQueues({
    redisUrl: env.REDIS_URL as string,
    prefix: env.QUEUE_PREFIX as string,
    logger: silentLogger(),
    lockDurationMs: 2_000,
    stalledIntervalMs: 1_000,
    attempts: 3,
    backoffMs: 200,
    syncLimit: { max: 50, duration: 1_000 },
  });
  const controller = new AbortController();
  const worker = startQueueWorker({
    queues,
    tenants,
    store,
    clock: new FakeClock(env.CLOCK_AT as string),
    // QUEUE_TEST_DEBUG=1 shows the worker's own log on the test's stderr.
    logger: env.QUEUE_TEST_DEBUG ? createLogger({ level: 'debug', format: 'json', stream: process.stderr }) : silentLogger(),
    signal: controller.signal,
    // Jobs of each step at once; 2 unless WORKER_CONCURRENCY says otherwise (bench/workers compares 1 with the in-process runner).
    concurrency: Number(env.WORKER_CONCURRENCY ?? 2),
    tenantLockMs: 3_000,
    onJobStart: (e) => say({ event: 'start', ...e }),
    onJobEnd: (e) => say({ event: 'end', ...e, result: undefined }),
  });
  process.once('SIGTERM', () => {
    controller.abort();
    void worker.close().then(async () => {
      await opened.close();
      say({ event: 'closed' });
      process.exit(0);
    });
  });
  await Promise.all([queues.tick.isReady(), queues.sync.isReady(), queues.evaluate.isReady(), queues.dispatch.isReady()]);
  say({ event: 'ready' });
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
