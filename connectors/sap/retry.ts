import type { RetryPolicy } from '../erp-call-retry';

/** How a SAP call is retried, from the source's settings. A Retry-After over two minutes fails the call: the queue's attempts retry the job later. */
export function sapRetryPolicy(config: { maxRetries: number; retryBaseDelayMs: number }): RetryPolicy {
  return { maxRetries: config.maxRetries, baseDelayMs: config.retryBaseDelayMs, maxRetryAfterMs: 120_000 };
}
