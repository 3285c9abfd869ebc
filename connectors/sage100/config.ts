import { z } from 'zod';
import { secretRefSchema } from '../../core/secret';
import { timeZoneSchema } from '../../core/time/time-zone';
import { currencyCodeSchema } from '../../core/money/currency';

/** Why arbridge never writes to Sage's tables, said wherever someone asks it to. */
export const noSqlWritesExplanation =
  'arbridge never writes to Sage 100 tables with SQL: they carry Sage triggers, record locks held by Sage itself, ' +
  'counters, stored totals and (from 100c) a hash chain that plain UPDATEs bypass. Write-backs go through the ' +
  'arbridge agent for Sage (connectors/sage100/AGENT.md), which uses Sage\'s own business API (Objets Métiers)';

/** The write-back agent that runs beside Sage on Windows. */
const agentSchema = z
  .object({
    mode: z.literal('agent'),
    /** Base URL of the agent, e.g. https://sage-host:8443 (its API lives under /v1). */
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'expected an http:// or https:// URL')
      .transform((u) => u.replace(/\/+$/, '')),
    /** The agent's bearer token, as env:NAME or file:path. */
    token: secretRefSchema,
    /** Timeout of one agent call, in milliseconds. */
    timeoutMs: z.number().int().positive().default(30_000),
  })
  .strict();

/** `writeBack: { mode: sql }` is read and refused with the reason, never silently ignored. */
const sqlWriteSchema = z.object({ mode: z.literal('sql') }).loose().superRefine((_value, ctx) => {
  ctx.addIssue({ code: 'custom', message: `direct SQL writes are refused: ${noSqlWritesExplanation}` });
});

const writeBackSchema = z.union([
  z.object({ mode: z.literal('none') }).strict(),
  agentSchema,
  sqlWriteSchema,
]);

/** Options every Sage source has, whatever the driver. */
const commonShape = {
  /** The Sage company this source reads (one SQL database per company); defaults to the database or DSN name. */
  companyId: z.string().min(1).max(64).optional(),
  /** The company's accounting currency (N_Devise 0); the tenant's currency when absent. */
  companyCurrency: currencyCodeSchema.optional(),
  /** The time zone of the SQL server's clock, in which cbModification is written; the tenant's when absent. */
  serverTimeZone: timeZoneSchema.optional(),
  /** Rows read per query (one page of a stream). */
  pageSize: z.number().int().min(1).max(10_000).default(1_000),
  /** Minutes re-read before the saved cbModification watermark (at least 1: the column has minute precision). */
  overlapMinutes: z.number().int().min(1).max(24 * 60).default(5),
  /** Minutes between two sweeps (per-bucket checksums that catch deletions and changes made without a cbModification bump); 0: every run. */
  sweepIntervalMinutes: z.number().int().min(0).max(31 * 24 * 60).default(24 * 60),
  /** Connections opened to the company database at most: with 2 or more, a page's lookups run while the next page is read. */
  connections: z.number().int().min(1).max(8).default(2),
  /** Timeout of one query, in milliseconds. */
  queryTimeoutMs: z.number().int().positive().default(120_000),
  /** Retries of one query after a transient failure (never after an auth or config error). */
  maxRetries: z.number().int().min(0).max(20).default(3),
  /** First backoff delay between retries, in milliseconds; doubles on each retry. */
  retryBaseDelayMs: z.number().int().min(0).default(1_000),
  /** Where write-backs go: none (read-only, the default) or the agent; `sql` is refused with the reason. */
  writeBack: writeBackSchema.default({ mode: 'none' }),
};

/** Sage 100 on SQL Server through mssql (tedious): the common case. */
export const sage100MssqlConfigSchema = z
  .object({
    /** Selects the mssql (tedious) executor. */
    driver: z.literal('mssql'),
    /** SQL Server host name or address. */
    server: z.string().min(1),
    /** TCP port (ignored when instanceName is set: SQL Browser finds it). */
    port: z.number().int().min(1).max(65535).default(1433),
    /** Named instance, e.g. SAGE100 for HOST\SAGE100. */
    instanceName: z.string().min(1).optional(),
    /** The company database (its name equals the company file's base name). */
    database: z.string().min(1),
    /** A read-only SQL login (db_datareader). */
    user: z.string().min(1),
    /** The login's password, as env:NAME or file:path. */
    password: secretRefSchema,
    /** Encrypt the connection (TLS). */
    encrypt: z.boolean().default(true),
    /** Accept a self-signed server certificate (common on Sage servers; prefer a real one). */
    trustServerCertificate: z.boolean().default(false),
    ...commonShape,
  })
  .strict();

/** Sage 100 through any ODBC data source (SQL Server's ODBC driver, Sage's own driver, PostgreSQL in tests). */
export const sage100OdbcConfigSchema = z
  .object({
    /** Selects the node-odbc executor. */
    driver: z.literal('odbc'),
    /** A system DSN name (odbc.ini); or give connectionString instead. */
    dsn: z.string().min(1).optional(),
    /** A DSN-less connection string without credentials, e.g. Driver={ODBC Driver 18 for SQL Server};Server=...;Database=... */
    connectionString: z
      .string()
      .min(1)
      .refine((s) => !/(^|;)\s*(pwd|password)\s*=/i.test(s), 'put the password in `password` (env:NAME or file:path), not in the connection string')
      .optional(),
    /** User name sent as UID. */
    user: z.string().min(1).optional(),
    /** Password sent as PWD, as env:NAME or file:path. */
    password: secretRefSchema.optional(),
    ...commonShape,
  })
  .strict()
  .refine((c) => (c.dsn === undefined) !== (c.connectionString === undefined), {
    message: 'give exactly one of dsn or connectionString',
    path: ['dsn'],
  });

/** The `connection` block of a Sage 100 source; `driver` defaults to odbc when a dsn is given. */
export const sage100ConfigSchema = z.preprocess(
  (input) => {
    if (typeof input === 'object' && input !== null && !('driver' in input)) {
      return { ...input, driver: 'dsn' in input || 'connectionString' in input ? 'odbc' : 'mssql' };
    }
    return input;
  },
  z.discriminatedUnion('driver', [sage100MssqlConfigSchema, sage100OdbcConfigSchema]),
);

export type Sage100Config = z.infer<typeof sage100ConfigSchema>;
export type Sage100MssqlConfig = z.infer<typeof sage100MssqlConfigSchema>;
export type Sage100OdbcConfig = z.infer<typeof sage100OdbcConfigSchema>;
export type Sage100ConfigInput = z.input<typeof sage100ConfigSchema>;
