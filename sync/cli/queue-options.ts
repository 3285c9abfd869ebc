import type { Logger } from '../../core/logging/logger';
import type { JobQueuesOptions } from '../queue/job-queues';

/** The default key prefix of a deployment's queues in Redis. */
export const defaultQueuePrefix = 'arbridge';

/**
 * The queues' settings from the environment: REDIS_URL (none: no queues, `arbridge run` is the way)
 * and ARBRIDGE_QUEUE_PREFIX (one per deployment sharing a Redis). The limiter's figures come from
 * ARBRIDGE_ERP_RATE (`<jobs>/<seconds>`, sync jobs per ERP group), absent by default.
 */
export function queueOptionsFrom(env: NodeJS.ProcessEnv, logger: Logger): JobQueuesOptions | null {
  const redisUrl = env.REDIS_URL?.trim();
  if (!redisUrl) return null;
  const prefix = env.ARBRIDGE_QUEUE_PREFIX?.trim() || defaultQueuePrefix;
  const rate = /^(\d+)\/(\d+)$/.exec(env.ARBRIDGE_ERP_RATE?.trim() ?? '');
  return {
    redisUrl,
    prefix,
    logger,
    ...(rate ? { syncLimit: { max: Number(rate[1]), duration: Number(rate[2]) * 1000 } } : {}),
  };
}
