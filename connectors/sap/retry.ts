import pRetry from 'p-retry';
import { isRetryable } from '../../core/errors';

/** How one SAP call is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff delay (ms); doubles on each retry. */
  baseDelayMs: number;
}

/** Runs ONE SAP call, retrying only what the taxonomy calls retryable: a refused password is never retried (it locks the user). */
export function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  return pRetry(call, {
    retries: policy.maxRetries,
    minTimeout: policy.baseDelayMs,
    factor: 2,
    maxTimeout: Math.max(policy.baseDelayMs, 30_000),
    randomize: policy.baseDelayMs > 0,
    signal,
    shouldRetry: ({ error }) => isRetryable(error),
  });
}
