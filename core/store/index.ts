export * from './store';
export { openStore, defaultDataDir, type OpenStoreOptions } from './open-store';
export { SqlStore } from './sql-store';
export type { SqlClient, SqlExecutor, SqlRow } from './sql-client';
export { migrations, runMigrations, type Migration } from './migrations';
export { maskDatabaseUrl } from './database-url';
export type * from './portfolio-aggregates';
export type * from './action-reads';
