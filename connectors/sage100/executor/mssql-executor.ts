import type sql from 'mssql';
import { classifySageError } from '../classify-error';
import type { Sage100MssqlConfig } from '../config';
import { toNamedPlaceholders } from './placeholders';
import { normalizeRow, wallClockDate, type SqlExecutor, type SqlParam, type SqlRow } from './sql-executor';

/** The part of an mssql request the executor uses (the seam tests stand in for it). */
export interface MssqlRequestLike {
  input(name: string, type: unknown, value: unknown): unknown;
  query(text: string): Promise<{ recordset?: Array<Record<string, unknown>> }>;
}

/** The part of an mssql connection pool the executor uses. */
export interface MssqlPoolLike {
  request(): MssqlRequestLike;
  close(): Promise<void>;
}

/** Opens a pool from mssql's own config; tests inject a recording fake. */
export type MssqlConnect = (config: sql.config) => Promise<MssqlPoolLike>;

/** mssql (and tedious under it) is loaded on first use: a process that reads Odoo or SAP does not carry its ~35 MB. */
function mssqlModule(): typeof sql {
  return require('mssql') as typeof sql;
}

const defaultConnect: MssqlConnect = async (config) => new (mssqlModule().ConnectionPool)(config).connect();

/** The mssql configuration for a Sage source: naive datetimes stay wall-clock (useUTC false), read-only intent. */
export function mssqlPoolConfig(config: Sage100MssqlConfig): sql.config {
  return {
    server: config.server,
    ...(config.instanceName ? {} : { port: config.port }),
    database: config.database,
    user: config.user,
    password: config.password.reveal(),
    requestTimeout: config.queryTimeoutMs,
    connectionTimeout: 30_000,
    pool: { max: config.connections, min: 0, idleTimeoutMillis: 30_000 },
    options: {
      encrypt: config.encrypt,
      trustServerCertificate: config.trustServerCertificate,
      // Sage's datetimes are naive server-local times: useUTC true would shift them by the offset.
      useUTC: false,
      readOnlyIntent: true,
      appName: 'arbridge',
      ...(config.instanceName ? { instanceName: config.instanceName } : {}),
    },
  };
}

/** How each parameter type is bound: varchar keeps Sage's varchar indexes usable; datetimes are typed. */
function bind(request: MssqlRequestLike, name: string, param: SqlParam): void {
  const sql = mssqlModule();
  switch (param.type) {
    case 'int':
      request.input(name, sql.Int, param.value);
      return;
    case 'varchar':
      request.input(name, sql.VarChar(Math.max(1, param.value.length)), param.value);
      return;
    case 'datetime':
      request.input(name, sql.DateTime2(0), wallClockDate(param.value));
      return;
  }
}

/** Runs the connector's SQL on SQL Server through mssql (tedious). */
export class MssqlExecutor implements SqlExecutor {
  readonly driver = 'mssql' as const;
  #pool: Promise<MssqlPoolLike> | null = null;

  constructor(
    private readonly config: Sage100MssqlConfig,
    private readonly connect: MssqlConnect = defaultConnect,
  ) {}

  async query(text: string, params: readonly SqlParam[] = []): Promise<SqlRow[]> {
    const { text: named, count } = toNamedPlaceholders(text);
    if (count !== params.length) throw new RangeError(`query has ${count} placeholders but ${params.length} parameters`);
    try {
      const pool = await this.#connected();
      const request = pool.request();
      params.forEach((p, i) => bind(request, `p${i + 1}`, p));
      const result = await request.query(named);
      return (result.recordset ?? []).map(normalizeRow);
    } catch (error) {
      throw classifySageError(error, `SQL Server ${this.config.server}/${this.config.database}`);
    }
  }

  async close(): Promise<void> {
    const pool = this.#pool;
    this.#pool = null;
    if (pool) await (await pool.catch(() => null))?.close();
  }

  #connected(): Promise<MssqlPoolLike> {
    if (!this.#pool) {
      this.#pool = this.connect(mssqlPoolConfig(this.config));
      // A failed connect is not cached: the next query tries again.
      this.#pool.catch(() => (this.#pool = null));
    }
    return this.#pool;
  }
}
