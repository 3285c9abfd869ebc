import { maskRedisUrl } from '../queue/redis-url';
import { openJobQueues } from '../queue/job-queues';
import { enqueueSyncTick } from '../scheduler/enqueue-tick';
import { reconcileSchedules } from '../scheduler/reconcile-schedules';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { loadCliConfig } from './cli-config';
import { queueOptionsFrom } from './queue-options';

/** Options of `arbridge scheduler`. */
export interface SchedulerOptions {
  /** Also enqueue a sync of every tenant now (same window id for everyone who asks this minute). */
  now?: boolean;
}

/**
 * `arbridge scheduler`: makes the repeatable jobs in Redis match the config (one per tenant, its cron in
 * its zone), then exits. Run it on deploy and after each config change; workers never touch schedules.
 */
export async function runScheduler(global: GlobalOptions, ctx: CliContext, opts: SchedulerOptions): Promise<number> {
  const queueOptions = queueOptionsFrom(ctx.env, ctx.logger);
  if (!queueOptions) {
    print(ctx.err, 'arbridge scheduler needs REDIS_URL (redis://host:6379); without Redis, `arbridge run` schedules in process');
    return exitCodes.badConfig;
  }
  const loaded = loadCliConfig(global, ctx);
  if (!loaded) return exitCodes.badConfig;
  const tenants = loaded.map((l) => l.tenant);
  const queues = openJobQueues(queueOptions);
  try {
    // Schedules live in the tick queue; an earlier version kept them in the sync queue, where they go.
    await reconcileSchedules(queues.sync, []);
    const changes = await reconcileSchedules(queues.tick, tenants);
    print(
      ctx.out,
      `schedules on ${maskRedisUrl(queueOptions.redisUrl)} (prefix ${queueOptions.prefix}): ${changes.added.length} added, ${changes.removed.length} removed, ${changes.kept.length} unchanged`,
      ...changes.added.map((id) => `  + ${id}: ${tenants.find((t) => t.id === id)?.schedule.sync} (${tenants.find((t) => t.id === id)?.timeZone})`),
      ...changes.removed.map((id) => `  - ${id}`),
    );
    if (opts.now) {
      const minute = new Date(Math.floor(ctx.clock.now().getTime() / 60_000) * 60_000).toISOString();
      const ids = await enqueueSyncTick(queues, tenants, minute);
      print(ctx.out, `${ids.length} syncs enqueued for ${minute}`);
    }
  } finally {
    await queues.close();
  }
  return exitCodes.ok;
}
