import type { Logger } from '../../core/logging/logger';
import { redactText } from '../../core/logging/secret-redaction';
import { countJobs, type JobCount } from '../queue/job-counts';
import type { JobQueues } from '../queue/job-queues';

/** How long a scrape waits for Redis before leaving the queue gauge out. */
const countTimeoutMs = 2000;

/**
 * The queue counts for /metrics. Bull's connections wait for Redis to come back rather than fail, so
 * a scrape during an outage gets null after a short wait (the gauge is then left out, /readyz says
 * why) instead of hanging; while one count is still pending, later scrapes share it rather than
 * piling more commands onto the waiting connection.
 */
export function queueDepthReader(queues: JobQueues, logger: Logger): () => Promise<JobCount[] | null> {
  let pending: Promise<JobCount[] | null> | null = null;
  return async () => {
    pending ??= countJobs(queues)
      .catch((error: unknown) => {
        logger.warn('serve: cannot read the queue counts', { message: redactText(error instanceof Error ? error.message : String(error)) });
        return null;
      })
      .finally(() => {
        pending = null;
      });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), countTimeoutMs);
    });
    try {
      return await Promise.race([pending, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
