import { ArbridgeError, AuthError, ConfigError, DataError, PermanentError, RateLimitedError, TransientError } from '../../core/errors';
import type { SourceFailure } from '../pipeline/sync-report';

/**
 * The error of a failed source, rebuilt from its report so that a job fails the way the source did:
 * transient and rate-limited failures are retried by the queue, the others fail the job at once.
 */
export function failureError(failure: SourceFailure): ArbridgeError {
  const where = `${failure.sourceId}${failure.stream ? `/${failure.stream}` : ''}`;
  const message = `${where}: ${failure.message} [${failure.code}/${failure.reason}]`;
  switch (failure.code) {
    case 'transient':
      return new TransientError(failure.reason, message);
    case 'rate_limited':
      return new RateLimitedError(failure.reason, message, null);
    case 'auth':
      return new AuthError(failure.reason, message);
    case 'config':
      return new ConfigError(failure.reason, message);
    case 'data':
      return new DataError(failure.reason, message);
    default:
      return new PermanentError(failure.reason, message);
  }
}
