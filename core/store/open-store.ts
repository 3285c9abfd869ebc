import { openPgliteClient } from './pglite-client';
import { openPostgresClient } from './postgres-client';
import { SqlStore } from './sql-store';
import type { Store } from './store';

/** Where the embedded store lives when no directory is given, relative to the working directory. */
export const defaultDataDir = '.arbridge/data';

export interface OpenStoreOptions {
  /** PostgreSQL connection string (postgres://user:pass@host:5432/db); when set, PostgreSQL is used. */
  databaseUrl?: string;
  /** Data directory of the embedded store (PGlite), used when no databaseUrl is given; created if missing. */
  dataDir?: string;
}

/**
 * Opens the store and brings its schema up to date: PostgreSQL when a connection string is given,
 * the embedded PGlite store otherwise. Throws ConfigError, with the password masked, when PostgreSQL
 * cannot be reached.
 */
export async function openStore(options: OpenStoreOptions = {}): Promise<Store> {
  const client = options.databaseUrl
    ? await openPostgresClient(options.databaseUrl)
    : await openPgliteClient(options.dataDir ?? defaultDataDir);
  const store = new SqlStore(client);
  try {
    await store.migrate();
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  return store;
}
