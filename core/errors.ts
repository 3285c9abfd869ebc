/**
 * The error taxonomy. Every error arbridge raises on purpose is one of these, with a stable `code`
 * (the class) and a `reason` (a short machine-readable detail such as `bad_api_key`) that logs,
 * metrics and exit codes rely on. Messages never carry secrets.
 */
export type ErrorCode = 'transient' | 'rate_limited' | 'auth' | 'config' | 'data' | 'permanent';

export abstract class ArbridgeError extends Error {
  abstract readonly code: ErrorCode;
  /** Whether retrying the same call may succeed. */
  abstract readonly retryable: boolean;
  constructor(
    /** A short snake_case detail, stable across releases (e.g. `bad_api_key`, `http_503`). */
    readonly reason: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A failure that may pass: network reset, 5xx, lock contention. Retried with backoff. */
export class TransientError extends ArbridgeError {
  readonly code = 'transient' as const;
  readonly retryable = true;
}

/** The peer asked us to slow down; `retryAfterMs` says for how long when it told us. */
export class RateLimitedError extends ArbridgeError {
  readonly code = 'rate_limited' as const;
  readonly retryable = true;
  constructor(reason: string, message: string, readonly retryAfterMs: number | null, options?: { cause?: unknown }) {
    super(reason, message, options);
  }
}

/** Credentials refused or missing. Never retried: a retry loop can lock the account out. */
export class AuthError extends ArbridgeError {
  readonly code = 'auth' as const;
  readonly retryable = false;
}

/** The configuration is wrong (a field, an URL, a missing module on the ERP). Fix the config. */
export class ConfigError extends ArbridgeError {
  readonly code = 'config' as const;
  readonly retryable = false;
}

/** A record is malformed. Quarantined, never fatal to a run. */
export class DataError extends ArbridgeError {
  readonly code = 'data' as const;
  readonly retryable = false;
}

/** Anything else that retrying will not fix (a rights problem, a business rule in the ERP). */
export class PermanentError extends ArbridgeError {
  readonly code = 'permanent' as const;
  readonly retryable = false;
}

/** Whether an unknown thrown value is worth another try. Unknown errors are not. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ArbridgeError && error.retryable;
}
