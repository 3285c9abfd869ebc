import { ConfigError } from '../../../core/errors';
import { classifySageError } from '../classify-error';
import type { Sage100OdbcConfig } from '../config';
import { OdbcConnectionPool, type OdbcConnectionLike } from './odbc-connection-pool';
import { normalizeRow, type SqlExecutor, type SqlParam, type SqlRow } from './sql-executor';

/** The part of node-odbc the executor uses. */
interface OdbcModuleLike {
  connect(connectionString: string | { connectionString: string; connectionTimeout?: number; loginTimeout?: number }): Promise<OdbcConnectionLike>;
}

/** node-odbc is an optional, native dependency: loaded here only, on first use. */
export function loadOdbc(load: (id: string) => unknown = require): OdbcModuleLike {
  try {
    return load('odbc') as OdbcModuleLike;
  } catch (error) {
    throw new ConfigError(
      'odbc_missing',
      `the odbc package (node-odbc) is not installed or its native part did not build (${(error as Error).message.split('\n')[0]}): ` +
        'install unixodbc-dev and reinstall: npm install odbc',
      { cause: error },
    );
  }
}

/** An ODBC value in braces so that ; and } in it cannot end the attribute. */
function braced(value: string): string {
  return /[;{}]/.test(value) || value !== value.trim() ? `{${value.replace(/}/g, '}}')}}` : value;
}

/** The connection string: the DSN or the given string, then UID and PWD. Never logged. */
export function odbcConnectionString(config: Sage100OdbcConfig): string {
  const parts = [config.dsn !== undefined ? `DSN=${braced(config.dsn)}` : (config.connectionString as string).replace(/;\s*$/, '')];
  if (config.user !== undefined) parts.push(`UID=${braced(config.user)}`);
  if (config.password !== undefined) parts.push(`PWD=${braced(config.password.reveal())}`);
  return parts.join(';') + ';';
}

/** Where the source points, safe to show: the DSN, or the connection string's Driver/Server/Database. */
export function odbcTarget(config: Sage100OdbcConfig): string {
  if (config.dsn !== undefined) return `DSN ${config.dsn}`;
  const keep = (config.connectionString as string)
    .split(';')
    .filter((p) => /^\s*(driver|server|port|database)\s*=/i.test(p))
    .join(';');
  return `ODBC ${keep}`;
}

/** Runs the connector's SQL through node-odbc (unixODBC or the Windows driver manager), on up to `connections` connections. */
export class OdbcExecutor implements SqlExecutor {
  readonly driver = 'odbc' as const;
  #pool: OdbcConnectionPool | null = null;

  constructor(
    private readonly config: Sage100OdbcConfig,
    private readonly load: (id: string) => unknown = require,
  ) {}

  async query(sql: string, params: readonly SqlParam[] = []): Promise<SqlRow[]> {
    try {
      // node-odbc binds JS numbers and strings; datetimes go as their naive text, which both
      // SQL Server's and PostgreSQL's drivers convert to the column's type.
      const rows = await this.#connections().use((connection) => connection.query(sql, params.map((p) => p.value)));
      // node-odbc hands dates over as text, never as Date: when the driver already folds names to lower
      // case (psqlODBC), the rows are the executor's rows as they are, without a copy per row.
      if (rows.columns?.every((c) => c.name === c.name.toLowerCase())) return rows.slice();
      const out: SqlRow[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) out[i] = normalizeRow(rows[i] as Record<string, unknown>);
      return out;
    } catch (error) {
      throw classifySageError(error, odbcTarget(this.config));
    }
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = null;
    await pool?.close();
  }

  #connections(): OdbcConnectionPool {
    if (!this.#pool) {
      const odbc = loadOdbc(this.load);
      const timeout = Math.ceil(this.config.queryTimeoutMs / 1000);
      this.#pool = new OdbcConnectionPool(
        () => odbc.connect({ connectionString: odbcConnectionString(this.config), connectionTimeout: timeout, loginTimeout: 30 }),
        this.config.connections,
      );
    }
    return this.#pool;
  }
}
