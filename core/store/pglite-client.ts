import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { SqlClient, SqlExecutor, SqlRow } from './sql-client';

/**
 * The embedded backend: PostgreSQL compiled to WebAssembly, persisted in a data directory. Nothing to
 * install or start. One process at a time may open a directory.
 */
export async function openPgliteClient(dataDir: string): Promise<SqlClient> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const db = await PGlite.create({ dataDir: dir });
  const executor = (target: Pick<PGlite, 'query'>): SqlExecutor => ({
    async query<R extends SqlRow>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
      const result = await target.query<R>(sql, [...params]);
      return result.rows;
    },
  });
  return {
    backend: 'pglite',
    ...executor(db),
    // PGlite queues every other query behind an open transaction, so `fn` must use `tx` only.
    transaction: (fn) => db.transaction((tx) => fn(executor(tx))),
    close: () => db.close(),
  };
}
