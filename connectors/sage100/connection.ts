import { ArbridgeError, ConfigError, PermanentError } from '../../core/errors';
import { currencyCodeSchema, type CurrencyCode } from '../../core/money/currency';
import type { StreamName } from '../../core/model';
import type { ConnectionCheck, ConnectorContext, ConnectorInstance, Page, PushRequest } from '../contract';
import { SageAgentClient } from './agent/agent-client';
import { noSqlWritesExplanation, type Sage100Config } from './config';
import type { Sage100Cursor } from './cursor';
import { odbcTarget } from './executor/odbc-executor';
import { openExecutor } from './executor/open-executor';
import type { SqlExecutor, SqlParam, SqlRow } from './executor/sql-executor';
import { SageCurrencies } from './mappers/sage-currencies';
import { withRetry, type RetryPolicy } from '../erp-call-retry';
import { detectSchema, type SageSchema } from './schema-detection';
import { allocationsStream } from './streams/allocations';
import { customersStream } from './streams/customers';
import { intParam } from './executor/sql-executor';
import { pullIncremental } from './streams/incremental-pull';
import { paymentsStream } from './streams/payments';
import { receivablesStream } from './streams/receivables';
import { sweepBucketSize } from './streams/bucket-sweep';
import { pageClause, type SageStream } from './streams/sage-stream';
import { sageInt, sageText } from './wire-values';

/** What a connection found once: the schema and the currency table. */
interface Session {
  schema: SageSchema;
  currencies: SageCurrencies;
}

/** A running connection to one Sage 100 company database: reads by SQL, writes only through the agent. */
export class Sage100Connection implements ConnectorInstance<Sage100Cursor> {
  readonly #executor: SqlExecutor;
  #session: Promise<Session> | null = null;
  readonly #agent: SageAgentClient | null;

  constructor(
    private readonly config: Sage100Config,
    private readonly context: ConnectorContext,
    executor?: SqlExecutor,
  ) {
    this.#executor = executor ?? openExecutor(config);
    const wb = config.writeBack;
    this.#agent =
      wb.mode === 'agent'
        ? new SageAgentClient({ url: wb.url, token: wb.token, timeoutMs: wb.timeoutMs, company: this.companyId ?? 'default', retry: this.#retry })
        : null;
  }

  /** The company this source reads: config, else the database or DSN name. */
  get companyId(): string | null {
    if (this.config.companyId) return this.config.companyId;
    return this.config.driver === 'mssql' ? this.config.database : (this.config.dsn ?? null);
  }

  get #retry(): RetryPolicy {
    // Only the agent answers with a Retry-After (429); a longer wait than a minute fails the call.
    return { maxRetries: this.config.maxRetries, baseDelayMs: this.config.retryBaseDelayMs, maxRetryAfterMs: 60_000 };
  }

  get #where(): string {
    return this.config.driver === 'mssql' ? `SQL Server ${this.config.server}/${this.config.database}` : odbcTarget(this.config);
  }

  get #serverTimeZone(): string {
    return this.config.serverTimeZone ?? this.context.timeZone;
  }

  /** One query with the retry policy around it. */
  #query = (sql: string, params?: readonly SqlParam[]): Promise<SqlRow[]> =>
    withRetry(() => this.#executor.query(sql, params), this.#retry, this.context.signal);

  async *pull(stream: StreamName, cursor: Sage100Cursor | null): AsyncIterable<Page<Sage100Cursor>> {
    const session = await this.#connect();
    const executor: SqlExecutor = { driver: this.#executor.driver, query: this.#query, close: () => this.#executor.close() };
    yield* pullIncremental(executor, this.#stream(stream, session, executor), cursor, {
      pageSize: this.config.pageSize,
      overlapMinutes: this.config.overlapMinutes,
      sweepIntervalMinutes: this.config.sweepIntervalMinutes,
      now: () => this.context.clock.now(),
      ...(this.context.signal ? { signal: this.context.signal } : {}),
    });
  }

  /**
   * The keys Sage still holds for a stream, in pages (cbMarq order): what the deletions sweep of issue #6
   * compares with the store, since Sage keeps no tombstones for the sweep to emit.
   */
  async *liveKeys(stream: StreamName): AsyncIterable<string[]> {
    const session = await this.#connect();
    const executor: SqlExecutor = { driver: this.#executor.driver, query: this.#query, close: () => this.#executor.close() };
    const s = this.#stream(stream, session, executor);
    let after = 0;
    for (;;) {
      if (this.context.signal?.aborted) return;
      const rows = await this.#query(
        `SELECT ${s.alias}.cbMarq, ${s.key.columns} ${s.from} AND ${s.alias}.cbMarq > ? ORDER BY ${s.alias}.cbMarq ${pageClause(this.config.pageSize)}`,
        [intParam(after)],
      );
      if (rows.length === 0) return;
      after = sageInt(rows[rows.length - 1]?.cbmarq) ?? after;
      yield rows.map((r) => s.key.of(r)).filter((k): k is string => k !== null);
      if (rows.length < this.config.pageSize) return;
    }
  }

  async testConnection(): Promise<ConnectionCheck> {
    const details: string[] = [];
    try {
      const { schema, currencies } = await this.#connect();
      details.push(`${schema.label} at ${this.#where} (${this.#executor.driver})`);
      details.push(
        `schema: cbModification ${schema.cbModificationType}, dates ${schema.businessDateType}, DO_Piece ${schema.doPieceLength ?? 'absent'}` +
          `${schema.hasCbHash ? ', hash chain' : ''}; company currency ${currencies.company}`,
      );
      const count = async (sql: string) => sageInt((await this.#query(sql))[0]?.n) ?? 0;
      details.push(`${await count('SELECT COUNT(*) AS n FROM dbo.F_COMPTET t WHERE t.CT_Type = 0')} customers readable (F_COMPTET, CT_Type 0)`);
      const receivables = receivablesStream(this.#executor, schema, { companyId: null, currencies, serverTimeZone: this.#serverTimeZone });
      details.push(`${await count(`SELECT COUNT(*) AS n ${receivables.from}`)} customer entries readable (F_ECRITUREC, situation and treasury journals left out)`);
      details.push(`${await count('SELECT COUNT(*) AS n FROM dbo.F_CREGLEMENT g WHERE g.RG_Type = 0')} settlements readable (F_CREGLEMENT), ${await count('SELECT COUNT(*) AS n FROM dbo.F_REGLECH x')} allocations (F_REGLECH)`);
      details.push(schema.hasCommercial ? 'sales documents and schedules: F_DOCENTETE/F_DOCREGL read' : 'no commercial side (F_DOCENTETE absent): entries only');
      details.push(
        schema.hasRecouvrement
          ? `recouvrement: disputes read from F_DRECOUVREMENT/F_DRECOUVREMENTEC (${schema.hasLitigeLabels ? 'reasons from P_LITIGE' : 'no P_LITIGE: reasons from the case summary'}), ` +
              (schema.hasPromises ? 'promises to pay from F_DRECOUVREMENTIV' : 'no F_DRECOUVREMENTIV: promises to pay not read')
          : 'recouvrement tables absent: disputes and promises to pay not read (none recorded in Sage)',
      );
      details.push(`sweep for deleted and silently lettered rows every ${this.config.sweepIntervalMinutes} min (cbMarq buckets of ${sweepBucketSize})`);
      if (this.#agent) {
        try {
          const health = await this.#agent.health();
          details.push(`write-back agent ${health.agentVersion}: Sage ${health.sageVersion}, company ${health.company}`);
        } catch (error) {
          details.push(`write-back agent: FAILED: ${error instanceof ArbridgeError ? error.message : 'unexpected failure'}`);
          return { ok: false, details };
        }
      } else details.push('write-back: none (read-only); SQL writes are never made');
      return { ok: true, details };
    } catch (error) {
      const message = error instanceof ArbridgeError ? `${error.message} [${error.code}/${error.reason}]` : 'unexpected failure';
      details.push(`failed: ${message}`);
      return { ok: false, details };
    }
  }

  async push(request: PushRequest): Promise<{ providerReference: string | null }> {
    if (!this.#agent) {
      throw new ConfigError('no_write_path', `source ${this.context.sourceId} has no write-back agent configured (writeBack.mode: agent). ${noSqlWritesExplanation}.`);
    }
    const result = await this.#agent.writeBack(request.actionId, request.kind, request.payload, this.context.signal);
    return { providerReference: result.reference };
  }

  async close(): Promise<void> {
    await this.#executor.close();
  }

  #connect(): Promise<Session> {
    if (!this.#session) {
      this.#session = (async () => {
        const schema = await withRetry(() => detectSchema(this.#executor, this.#where), this.#retry, this.context.signal);
        const company = currencyCodeSchema.parse(this.config.companyCurrency ?? this.context.currency);
        const byIndex = new Map<number, CurrencyCode>();
        for (const row of await this.#query('SELECT p.cbIndice, p.D_CodeISO FROM dbo.P_DEVISE p')) {
          const index = sageInt(row.cbindice);
          const code = sageText(row.d_codeiso)?.toUpperCase();
          if (index !== null && code !== undefined && currencyCodeSchema.safeParse(code).success) byIndex.set(index, code);
        }
        return { schema, currencies: new SageCurrencies(company, byIndex) };
      })();
      this.#session.catch(() => (this.#session = null));
    }
    return this.#session;
  }

  #stream(stream: StreamName, session: Session, executor: SqlExecutor): SageStream {
    const common = { companyId: this.companyId, currencies: session.currencies, serverTimeZone: this.#serverTimeZone };
    switch (stream) {
      case 'customers':
        return customersStream(executor, session.schema, common);
      case 'receivables':
        return receivablesStream(executor, session.schema, common);
      case 'payments':
        return paymentsStream(common);
      case 'allocations':
        return allocationsStream({ companyCurrency: session.currencies.company, serverTimeZone: this.#serverTimeZone });
      default:
        throw new PermanentError('unknown_stream', `the Sage 100 connector has no stream "${String(stream)}"`);
    }
  }
}
