import { openStore } from '../../core/store/open-store';
import { maskRedisUrl } from '../queue/redis-url';
import { openJobQueues } from '../queue/job-queues';
import { startQueueWorker } from '../worker/queue-worker';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { loadCliConfig, sweepEveryHoursFrom } from './cli-config';
import { startMetricsEndpoint, type MetricsEndpointOptions } from './metrics-endpoint';
import { queueOptionsFrom } from './queue-options';
import { storeOptionsFrom } from './store-options';

/** Options of `arbridge worker`. */
export interface WorkerOptions extends MetricsEndpointOptions {
  /** Jobs of each step run at once by this process. */
  concurrency: string;
}

/**
 * `arbridge worker`: takes sync, evaluate and dispatch jobs from Redis until SIGTERM, which finishes the
 * page being stored, commits it and exits. Several workers on several machines share Redis and the store.
 */
export async function runWorker(global: GlobalOptions, ctx: CliContext, opts: WorkerOptions): Promise<number> {
  const queueOptions = queueOptionsFrom(ctx.env, ctx.logger);
  if (!queueOptions) {
    print(ctx.err, 'arbridge worker needs REDIS_URL (redis://host:6379); without Redis, `arbridge run` runs the schedule in this process');
    return exitCodes.badConfig;
  }
  const loaded = loadCliConfig(global, ctx);
  if (!loaded) return exitCodes.badConfig;
  const endpoint = await startMetricsEndpoint(opts, ctx);
  if ('problem' in endpoint) {
    print(ctx.err, endpoint.problem);
    return exitCodes.badConfig;
  }
  const store = await openStore(storeOptionsFrom(global, ctx.env));
  if (store.backend !== 'postgres') print(ctx.err, 'note: the embedded store serves one process; several workers need DATABASE_URL');
  const queues = openJobQueues(queueOptions);
  const worker = startQueueWorker({
    queues,
    tenants: loaded.map((l) => l.tenant),
    sweepEveryHours: sweepEveryHoursFrom(ctx.env),
    store,
    clock: ctx.clock,
    logger: ctx.logger,
    signal: ctx.signal,
    concurrency: Number(opts.concurrency),
    onSyncReport: (report) => endpoint.metrics.observeSync(report),
    onJobEnd: (e) => {
      endpoint.metrics.observeJob(e);
      print(ctx.out, `${e.step} ${e.tenantId} ${e.window}: ${e.outcome}${e.reason ? ` (${e.reason})` : ''}`);
    },
  });
  print(ctx.out, `worker on ${maskRedisUrl(queueOptions.redisUrl)} (prefix ${queueOptions.prefix}), ${loaded.length} tenants, ${store.backend} store; SIGTERM stops after the page in hand`);
  if (endpoint.url) print(ctx.out, `metrics on ${endpoint.url}`);
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await worker.close();
  await endpoint.close();
  await store.close();
  print(ctx.out, 'worker stopped');
  return exitCodes.ok;
}
