import { ArbridgeError, AuthError, ConfigError, PermanentError, TransientError } from '../../core/errors';

/** What a node-odbc error carries: one entry per diagnostic record. */
interface OdbcDiagnostic {
  state?: string;
  code?: number;
  message?: string;
}

/** SQL Server error numbers that a retry may clear: deadlock victim, lock timeout, failover, throttling. */
const transientSqlServerNumbers = new Set([1205, 1222, 4060, 40197, 40501, 40613, 49918, 49919, 49920, 10928, 10929]);
/** Object or column missing, permission denied: the database is not what the config says. */
const configSqlServerNumbers = new Set([207, 208, 229, 230, 4060]);

/**
 * Maps a driver failure (mssql/tedious error codes and numbers, ODBC SQLSTATEs) onto the taxonomy.
 * Messages keep what the server said about objects but never the connection string.
 */
export function classifySageError(error: unknown, what: string): ArbridgeError {
  if (error instanceof ArbridgeError) return error;
  const e = error as { code?: unknown; number?: unknown; message?: unknown; odbcErrors?: OdbcDiagnostic[]; originalError?: { info?: { number?: number } } };
  const serverSaid = firstLine(typeof e.message === 'string' ? e.message : String(error));

  // node-odbc: SQLSTATE per diagnostic record.
  if (Array.isArray(e.odbcErrors) && e.odbcErrors.length > 0) {
    const diag = e.odbcErrors[0] as OdbcDiagnostic;
    const state = diag.state ?? '';
    const said = firstLine(diag.message ?? serverSaid);
    if (state === '28000' || state === '28P01') return new AuthError('login_refused', `${what}: login refused by the database (${state})`, { cause: error });
    if (state === 'IM002' || state === 'IM003' || state === 'IM004') {
      return new ConfigError('odbc_driver', `${what}: the ODBC data source or driver cannot be loaded (${state}): ${said}`, { cause: error });
    }
    if (state.startsWith('08') || state === 'HYT00' || state === 'HYT01' || state === '40001' || state === '40P01' || state === '57P01') {
      return new TransientError(`sqlstate_${state}`, `${what}: ${said} (${state})`, { cause: error });
    }
    if (state === '42S02' || state === '42P01' || state === '42S22' || state === '42703' || state === '42000' || state === '42501') {
      return new ConfigError(`sqlstate_${state}`, `${what}: ${said} (${state}): is this a Sage 100 company database, and may the login read it?`, { cause: error });
    }
    return new PermanentError(`sqlstate_${state || 'unknown'}`, `${what}: ${said}${state ? ` (${state})` : ''}`, { cause: error });
  }

  // mssql / tedious: string codes on connection errors, server error numbers on request errors.
  const code = typeof e.code === 'string' ? e.code : '';
  const number = typeof e.number === 'number' ? e.number : e.originalError?.info?.number;
  if (code === 'ELOGIN' || number === 18456) return new AuthError('login_refused', `${what}: login refused by SQL Server`, { cause: error });
  if (number !== undefined && transientSqlServerNumbers.has(number)) return new TransientError(`sqlserver_${number}`, `${what}: ${serverSaid}`, { cause: error });
  if (number !== undefined && configSqlServerNumbers.has(number)) {
    return new ConfigError(`sqlserver_${number}`, `${what}: ${serverSaid}: is this a Sage 100 company database, and may the login read it?`, { cause: error });
  }
  if (['ETIMEOUT', 'ESOCKET', 'ECONNCLOSED', 'ECONNRESET', 'ECONNREFUSED', 'ENOTOPEN', 'EREQINPROG'].includes(code)) {
    return new TransientError(code.toLowerCase(), `${what}: ${serverSaid}`, { cause: error });
  }
  if (code === 'EINSTLOOKUP') return new ConfigError('instance_lookup', `${what}: ${serverSaid}`, { cause: error });
  return new PermanentError(number !== undefined ? `sqlserver_${number}` : 'sql_failure', `${what}: ${serverSaid}`, { cause: error });
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > 300 ? line.slice(0, 297) + '...' : line;
}
