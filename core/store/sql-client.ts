/** One row as a driver returns it: column name to value. */
export type SqlRow = Record<string, unknown>;

/** Runs one parameterised statement ($1, $2, ...) and returns its rows. */
export interface SqlExecutor {
  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/**
 * The seam between the store and a PostgreSQL engine. The store writes one dialect (PostgreSQL) and
 * the two adapters, PGlite and node-postgres, only move statements and rows.
 *
 * Parameters are strings, numbers, booleans or null: JSON goes in as text cast with `::jsonb` and
 * instants as ISO strings cast with `::timestamptz`, so that both drivers serialise them alike.
 */
export interface SqlClient extends SqlExecutor {
  readonly backend: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
