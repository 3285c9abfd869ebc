import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PgliteThread } from './pglite-thread';
import type { SqlClient, SqlExecutor, SqlRow } from './sql-client';

/**
 * The embedded backend: PostgreSQL compiled to WebAssembly, persisted in a data directory. Nothing to
 * install or start. One process at a time may open a directory. PGlite runs on a thread of its own
 * (pglite-thread.ts), so the store works on another core while the pipeline fetches and validates.
 *
 * PGlite has one session: a statement sent while a transaction is open would run inside it. So a
 * statement outside a transaction waits for the transactions begun before it, and transactions run
 * one after another.
 */
export async function openPgliteClient(dataDir: string): Promise<SqlClient> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const thread = await PgliteThread.open(dir);
  // Settles when every transaction begun so far has ended.
  let transactionsEnded: Promise<void> = Promise.resolve();
  const inTransaction: SqlExecutor = {
    query: <R extends SqlRow>(sql: string, params: readonly unknown[] = []) => thread.query<R>(sql, params),
  };
  return {
    backend: 'pglite',
    async query<R extends SqlRow>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
      await transactionsEnded;
      return thread.query<R>(sql, params);
    },
    // `fn` must use `tx` only: the client's own query waits for this transaction to end.
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const before = transactionsEnded;
      let end!: () => void;
      transactionsEnded = new Promise<void>((resolveEnd) => (end = resolveEnd));
      await before;
      try {
        await thread.query('BEGIN', []);
        try {
          const result = await fn(inTransaction);
          await thread.query('COMMIT', []);
          return result;
        } catch (error) {
          await thread.query('ROLLBACK', []).catch(() => undefined);
          throw error;
        }
      } finally {
        end();
      }
    },
    close: async () => {
      await transactionsEnded;
      await thread.close();
    },
  };
}
