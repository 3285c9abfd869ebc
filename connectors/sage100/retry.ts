import pRetry from 'p-retry';
import { isRetryable, RateLimitedError } from '../../core/errors';

/** How one Sage call (a query, an agent request) is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff delay (ms); doubles on each retry. */
  baseDelayMs: number;
}

/**
 * Runs ONE call, retrying only what the taxonomy calls retryable (transient, rate-limited): a refused
 * login is never retried, so a wrong password cannot lock the SQL login out.
 */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  return pRetry(call, {
    retries: policy.maxRetries,
    minTimeout: policy.baseDelayMs,
    factor: 2,
    maxTimeout: Math.max(policy.baseDelayMs, 30_000),
    randomize: policy.baseDelayMs > 0,
    signal,
    shouldRetry: ({ error }) => isRetryable(error),
    onFailedAttempt: async ({ error }) => {
      if (error instanceof RateLimitedError && error.retryAfterMs !== null && error.retryAfterMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(error.retryAfterMs ?? 0, 60_000)));
      }
    },
  });
}
