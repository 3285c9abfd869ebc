import pRetry from 'p-retry';
import { isRetryable, RateLimitedError } from '../core/errors';

/** How one ERP call is retried. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** First backoff delay (ms); doubles on each retry, up to 30 s. */
  baseDelayMs: number;
  /** Longest Retry-After waited inside a run (ms); a longer one fails the call, and the queue retries the job later. */
  maxRetryAfterMs: number;
}

/** Told before each retry, for logs. */
export type RetryListener = (info: { error: Error; attempt: number; retriesLeft: number }) => void;

/**
 * Runs ONE ERP call, retrying only what the taxonomy calls retryable (transient, rate-limited). Auth,
 * config, data and permanent errors fail at once: retrying a refused password or key locks the bot
 * user out. A RateLimitedError's Retry-After is waited before the usual backoff. `signal` aborts any wait.
 */
export function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal, onRetry?: RetryListener): Promise<T> {
  return pRetry(call, {
    retries: policy.maxRetries,
    minTimeout: policy.baseDelayMs,
    factor: 2,
    maxTimeout: Math.max(policy.baseDelayMs, 30_000),
    randomize: policy.baseDelayMs > 0,
    signal,
    shouldRetry: ({ error }) => isRetryable(error),
    onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
      if (!isRetryable(error) || retriesLeft <= 0) return;
      if (error instanceof RateLimitedError && error.retryAfterMs !== null) {
        // Throwing here stops p-retry with this error.
        if (error.retryAfterMs > policy.maxRetryAfterMs) throw error;
        await sleep(error.retryAfterMs, signal);
      }
      onRetry?.({ error, attempt: attemptNumber, retriesLeft });
    },
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
