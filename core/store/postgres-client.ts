import { Pool, type PoolClient } from 'pg';
import { registerSecret } from '../logging/secret-redaction';
import { classifyConnectError, classifySqlError } from './classify-sql-error';
import { databaseUrlPassword, maskDatabaseUrl } from './database-url';
import type { SqlClient, SqlExecutor, SqlRow } from './sql-client';

/** How long opening a connection may take before the server counts as unreachable. */
const connectTimeoutMs = 10_000;

function executor(target: Pick<Pool | PoolClient, 'query'>): SqlExecutor {
  return {
    async query<R extends SqlRow>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
      try {
        const result = await target.query<R>(sql, [...params]);
        return result.rows;
      } catch (error) {
        throw classifySqlError(error);
      }
    },
  };
}

/**
 * PostgreSQL through a connection string, with a pool shared by the process. The connection is tried
 * once on open, so that a wrong URL fails at start with a ConfigError that never shows the password.
 */
export async function openPostgresClient(databaseUrl: string): Promise<SqlClient> {
  const password = databaseUrlPassword(databaseUrl);
  if (password) registerSecret(password);
  const where = maskDatabaseUrl(databaseUrl);
  const scrub = (text: string): string => (password ? text.split(password).join('***') : text);

  let pool: Pool;
  try {
    pool = new Pool({ connectionString: databaseUrl, connectionTimeoutMillis: connectTimeoutMs });
  } catch (error) {
    throw classifyConnectError(error, where, scrub);
  }
  // An idle connection dropped by the server emits 'error' on the pool; without a listener Node would
  // exit. The next query gets a fresh connection or fails with a TransientError.
  pool.on('error', () => undefined);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw classifyConnectError(error, where, scrub);
  }

  return {
    backend: 'postgres',
    ...executor(pool),
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw classifySqlError(error);
      }
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          // The connection is unusable: drop it from the pool instead of handing it out again.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw classifySqlError(error);
      } finally {
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
