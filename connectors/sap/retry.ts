import { setTimeout as wait } from 'node:timers/promises';
import pRetry from 'p-retry';
import { isRetryable, RateLimitedError } from '../../core/errors';

/** How one SAP call is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff delay (ms); doubles on each retry. */
  baseDelayMs: number;
}

/** A Retry-After longer than this fails the call instead: the queue's attempts retry the whole job later. */
const longestRetryAfterMs = 120_000;

/**
 * Runs ONE SAP call, retrying only what the taxonomy calls retryable: a refused password is never
 * retried (it locks the user). A 429's Retry-After is waited before the usual backoff.
 */
export function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  return pRetry(call, {
    retries: policy.maxRetries,
    minTimeout: policy.baseDelayMs,
    factor: 2,
    maxTimeout: Math.max(policy.baseDelayMs, 30_000),
    randomize: policy.baseDelayMs > 0,
    signal,
    shouldRetry: ({ error }) => isRetryable(error),
    onFailedAttempt: async ({ error, retriesLeft }) => {
      if (!(error instanceof RateLimitedError) || error.retryAfterMs === null || retriesLeft <= 0) return;
      // Throwing stops p-retry with this error.
      if (error.retryAfterMs > longestRetryAfterMs) throw error;
      await wait(error.retryAfterMs, undefined, signal ? { signal } : {});
    },
  });
}
