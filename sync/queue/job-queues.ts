import Queue from 'bull';
import type { Queue as BullQueue, RateLimiter } from 'bull';
import type { Logger } from '../../core/logging/logger';
import { redactText } from '../../core/logging/secret-redaction';
import { bullRedisClients } from './bull-redis-clients';
import { jobSteps, type JobStep } from './job-ids';
import type { TenantJobData } from './tenant-job-data';

/** How a deployment's queues are opened. */
export interface JobQueuesOptions {
  /** redis://[user:password@]host:port[/db] */
  redisUrl: string;
  /** Key prefix of the deployment: two deployments on one Redis never see each other's jobs. */
  prefix: string;
  /** Where Redis errors go; a lost connection is logged and retried, never fatal. */
  logger: Logger;
  /** Per-ERP rate limit of sync jobs (bull's limiter, grouped by the job's `erp`); none when absent. */
  syncLimit?: { max: number; duration: number };
  /** How long a job's lock lasts without renewal: a worker silent that long has its job taken over. */
  lockDurationMs?: number;
  /** How often a worker looks for jobs whose owner stopped renewing their lock. */
  stalledIntervalMs?: number;
  /** Attempts of a job failing with a transient error, the first included; fixed by whoever adds the job (the scheduler). */
  attempts?: number;
  /** First retry delay, each next one doubled; fixed by whoever adds the job (the scheduler). */
  backoffMs?: number;
}

/**
 * The queues of a deployment and the Redis connections behind them: one per step, and `tick`, where
 * the schedules (repeatable jobs) and manual ticks land. A worker turns each tick into the tenant's
 * sync job: bull's limiter reads a job's group from the end of its id, and a repeatable job's id ends
 * with its fire time, so a tick made straight in the sync queue would be limited with every other
 * tenant firing then instead of with the tenants of its ERP.
 */
export interface JobQueues {
  readonly prefix: string;
  /** Ticks to sync a tenant (schedules and manual runs); never rate-limited, turned into sync jobs by the workers. */
  readonly tick: BullQueue<TenantJobData>;
  readonly sync: BullQueue<TenantJobData>;
  readonly evaluate: BullQueue<TenantJobData>;
  readonly dispatch: BullQueue<TenantJobData>;
  /** The queue of a step. */
  of(step: JobStep): BullQueue<TenantJobData>;
  /** Stops taking jobs, waits for the ones in hand, then closes every connection. */
  close(): Promise<void>;
}

/** Kept finished jobs: long enough that a window's job id still blocks a second run of that window. */
const keepFinished = { age: 7 * 24 * 3600, count: 10_000 };

/** Opens the sync, evaluate and dispatch queues of a deployment on shared Redis connections. */
export function openJobQueues(options: JobQueuesOptions): JobQueues {
  const clients = bullRedisClients(options.redisUrl, `${options.prefix}-arbridge`);
  const open = (step: JobStep | 'tick'): BullQueue<TenantJobData> => {
    const limiter: RateLimiter | undefined = step === 'sync' && options.syncLimit ? { ...options.syncLimit, groupKey: 'erp' } : undefined;
    const queue = new Queue<TenantJobData>(step, {
      prefix: options.prefix,
      createClient: (type) => clients.createClient(type),
      ...(limiter ? { limiter } : {}),
      settings: {
        lockDuration: options.lockDurationMs ?? 30_000,
        stalledInterval: options.stalledIntervalMs ?? 30_000,
        // A job whose worker died twice in a row is failed (and shown by `status`), not retried forever.
        maxStalledCount: 2,
      },
      defaultJobOptions: {
        attempts: options.attempts ?? 6,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 5_000 },
        removeOnComplete: keepFinished,
        removeOnFail: keepFinished,
      },
    });
    // Without a listener an 'error' event would end the process; ioredis reconnects by itself.
    queue.on('error', (error) => options.logger.warn('queue connection problem', { queue: step, message: redactText(String(error.message)) }));
    return queue;
  };
  const queues = Object.fromEntries(jobSteps.map((step) => [step, open(step)])) as Record<JobStep, BullQueue<TenantJobData>>;
  const tick = open('tick');
  let closing: Promise<void> | null = null;
  return {
    prefix: options.prefix,
    tick,
    ...queues,
    of: (step) => queues[step],
    close() {
      closing ??= (async () => {
        await Promise.all([tick, ...jobSteps.map((step) => queues[step])].map((queue) => queue.close()));
        await clients.close();
      })();
      return closing;
    },
  };
}
