import { ArbridgeError, ConfigError, TransientError } from '../errors';

/** SQLSTATE classes and codes that a retry of the whole job may get past. */
const transientSqlStates = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '55P03', // lock_not_available
  '57P01', // admin_shutdown (server restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (server starting)
]);
const transientNetworkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Maps a driver error to the taxonomy: lost connections, deadlocks and serialization failures become
 * TransientError (the job is retried); anything else (a constraint, a bug in a statement) is returned
 * as it is, which callers treat as not retryable.
 */
export function classifySqlError(error: unknown): unknown {
  if (error instanceof ArbridgeError) return error;
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code !== undefined && (transientSqlStates.has(code) || code.startsWith('08') || transientNetworkCodes.has(code))) {
    return new TransientError(`sql_${code.toLowerCase()}`, `database: ${message}`, { cause: error });
  }
  if (/Connection terminated|timeout exceeded when trying to connect/i.test(message)) {
    return new TransientError('sql_connection_lost', `database: ${message}`, { cause: error });
  }
  return error;
}

/**
 * Maps a failure to open a PostgreSQL connection to a ConfigError that names the server without its
 * password: `where` is the masked URL. Wrong host, port, database or credentials are all fixed in the
 * config, and a retry loop against refused credentials can lock the role out.
 */
export function classifyConnectError(error: unknown, where: string, scrub: (text: string) => string): ConfigError {
  const code = codeOf(error);
  const detail = scrub(error instanceof Error ? error.message : String(error));
  const reason =
    code === '28P01' || code === '28000'
      ? 'database_auth_failed'
      : code === '3D000'
        ? 'database_not_found'
        : 'database_unreachable';
  return new ConfigError(reason, `cannot open PostgreSQL at ${where}: ${detail}`);
}
