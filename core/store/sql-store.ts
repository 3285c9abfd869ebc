import type { z } from 'zod';
import { DataError } from '../errors';
import {
  allocationSchema,
  streamSchemas,
  type Allocation,
  type AnyStreamRecord,
  type CustomerLedger,
  type PlanAssignment,
  type QuarantineEntry,
  type StreamName,
  type SyncState,
} from '../model';
import { actionSchema, type Action, type ActionStatus, type Channel } from '../model/action';
import { customerSchema, type Customer } from '../model/customer';
import { receivableSchema, type Receivable } from '../model/receivable';
import { readLastSweptAt, sweepDeletedRecords } from './deletion-sweep';
import { jsonbParam } from './jsonb-param';
import { runMigrations } from './migrations';
import {
  readAgedAmounts,
  readExpectedReceipts,
  readReceivableHistory,
  readReminderOutcomes,
  type AgedAmountRow,
  type ExpectedReceiptRow,
  type ReceivableHistory,
  type ReminderOutcomeRow,
} from './portfolio-aggregates';
import type { LocalDate } from '../time/local-date';
import { readActionCounts, type ActionCountRow } from './action-reads';
import type { SqlClient, SqlRow } from './sql-client';
import type { ActionQuery, ActionTransition, PageWrite, PageWriteResult, ReceivableQuery, Store, StreamKey, SweepResult, SweepScope, TenantCounts } from './store';
import { streamTables, type StreamTable } from './stream-tables';

/** Rows read per query when iterating, unless the caller says otherwise. */
const defaultReadPageSize = 1000;
/** Quarantine entries listed when the caller gives no limit. */
const defaultQuarantineLimit = 100;

/** Customers per round of ledger queries, unless the caller says otherwise. */
const defaultLedgerPageSize = 500;

/** Plan assignments written per statement. */
const assignmentBatchSize = 1000;

/** The keys of a page of customers, as the jsonb recordset the ledger queries join on. */
const customerKeysRecordset = `jsonb_to_recordset($2::jsonb) AS k(source_id text, external_id text)`;

const ledgerReceivables = `SELECT r.source_id, r.external_id, r.data FROM receivables r
  JOIN ${customerKeysRecordset} ON r.source_id = k.source_id AND r.customer_external_id = k.external_id
  WHERE r.tenant_id = $1 AND r.deleted_at IS NULL ORDER BY r.source_id, r.customer_external_id, r.external_id`;

const ledgerAllocations = `SELECT a.source_id, a.external_id, a.data, r.customer_external_id FROM allocations a
  JOIN receivables r ON r.tenant_id = a.tenant_id AND r.source_id = a.source_id AND r.external_id = a.receivable_external_id
  JOIN ${customerKeysRecordset} ON r.source_id = k.source_id AND r.customer_external_id = k.external_id
  WHERE a.tenant_id = $1 AND a.deleted_at IS NULL AND r.deleted_at IS NULL ORDER BY a.source_id, a.external_id`;

/** `since` survives when the plan is unchanged: it says since when the customer is on the plan. */
const assignmentUpsert = `INSERT INTO plan_assignments AS p (tenant_id, source_id, customer_external_id, plan_id, rule_id, inputs, since, evaluated_at)
  SELECT $1::text, r.source_id, r.customer_external_id, r.plan_id, r.rule_id, r.inputs, r.since, r.evaluated_at
  FROM jsonb_to_recordset($2::jsonb) AS r(source_id text, customer_external_id text, plan_id text, rule_id text, inputs jsonb, since timestamptz, evaluated_at timestamptz)
  ON CONFLICT (tenant_id, source_id, customer_external_id) DO UPDATE SET
    since = CASE WHEN p.plan_id = EXCLUDED.plan_id THEN p.since ELSE EXCLUDED.since END,
    plan_id = EXCLUDED.plan_id, rule_id = EXCLUDED.rule_id, inputs = EXCLUDED.inputs, evaluated_at = EXCLUDED.evaluated_at`;

const assignmentColumns = `tenant_id, source_id, customer_external_id, plan_id, rule_id, inputs, since, evaluated_at`;

interface AssignmentRow extends SqlRow {
  tenant_id: string;
  source_id: string;
  customer_external_id: string;
  plan_id: string;
  rule_id: string | null;
  inputs: Record<string, unknown>;
  since: unknown;
  evaluated_at: unknown;
}

function toAssignment(row: AssignmentRow): PlanAssignment {
  return {
    tenantId: row.tenant_id,
    customerKey: { sourceId: row.source_id, externalId: row.customer_external_id },
    planId: row.plan_id,
    ruleId: row.rule_id,
    inputs: row.inputs,
    since: toInstant(row.since),
    evaluatedAt: toInstant(row.evaluated_at),
  };
}

/** Every table holding tenant rows, for deleteTenant. */
const tenantTables = [
  'customers',
  'receivables',
  'payments',
  'allocations',
  'sync_states',
  'quarantine',
  'plan_assignments',
  'actions',
  'opt_outs',
  'sweep_staged_keys',
] as const;

const actionColumns = `id, tenant_id, source_id, customer_external_id, receivable_external_ids, plan_id, step_id, cycle, channel,
  due_at, status, attempts, provider_reference, reason, created_at, updated_at, dispatching_at, finished_at`;

/** Insert if absent, by (tenant, id): an action already in the outbox keeps its status and history. */
const actionInsert = `INSERT INTO actions (${actionColumns})
  SELECT r.id, $1::text, r.source_id, r.customer_external_id, r.receivable_external_ids, r.plan_id, r.step_id, r.cycle, r.channel,
    r.due_at, r.status, r.attempts, r.provider_reference, r.reason, r.created_at, r.updated_at, NULL, NULL
  FROM jsonb_to_recordset($2::jsonb) AS r(id text, source_id text, customer_external_id text, receivable_external_ids jsonb,
    plan_id text, step_id text, cycle text, channel text, due_at timestamptz, status text, attempts integer,
    provider_reference text, reason text, created_at timestamptz, updated_at timestamptz)
  ON CONFLICT (tenant_id, id) DO NOTHING
  RETURNING id`;

interface ActionRow extends SqlRow {
  id: string;
  tenant_id: string;
  source_id: string;
  customer_external_id: string;
  receivable_external_ids: string[];
  plan_id: string;
  step_id: string;
  cycle: string;
  channel: string;
  due_at: unknown;
  status: string;
  attempts: number;
  provider_reference: string | null;
  reason: string | null;
  created_at: unknown;
  updated_at: unknown;
  dispatching_at: unknown;
  finished_at: unknown;
}

function toAction(row: ActionRow): Action {
  return actionSchema.parse({
    id: row.id,
    tenantId: row.tenant_id,
    customerKey: { sourceId: row.source_id, externalId: row.customer_external_id },
    receivableExternalIds: row.receivable_external_ids,
    planId: row.plan_id,
    stepId: row.step_id,
    cycle: row.cycle,
    channel: row.channel,
    dueAt: toInstant(row.due_at),
    status: row.status,
    attempts: Number(row.attempts),
    providerReference: row.provider_reference,
    reason: row.reason,
    createdAt: toInstant(row.created_at),
    updatedAt: toInstant(row.updated_at),
    dispatchingAt: row.dispatching_at == null ? null : toInstant(row.dispatching_at),
    finishedAt: row.finished_at == null ? null : toInstant(row.finished_at),
  });
}

/**
 * `status IN ($n, ...)`, one parameter per status, appended to `params`. Plain values let the planner
 * use an equality (one status) or a short list; the jsonb subselect this replaces cost a semi-join on
 * every outbox transition, about a millisecond each on PGlite.
 */
function statusIn(params: unknown[], statuses: readonly ActionStatus[]): string {
  if (statuses.length === 0) return 'false';
  const first = params.length + 1;
  params.push(...statuses);
  return `status IN (${statuses.map((_, i) => `$${first + i}`).join(', ')})`;
}

/** An instant read back from a timestamptz column (a Date from either driver) as an ISO UTC string. */
function toInstant(value: unknown): string {
  return (value instanceof Date ? value : new Date(String(value))).toISOString();
}

/**
 * The upsert of one page of a stream: one statement whatever the page size. The page travels as one
 * jsonb array of records, which both backends expand alike; the typed columns are read out of each
 * record in SQL, so no value is sent twice (half the bytes to serialise and parse per page).
 *
 * A stored row is replaced only when the incoming copy is at least as recent (sourceUpdatedAt) AND
 * differs from it: an overlap re-send is left alone and an older copy never overwrites a newer one.
 * RETURNING yields the rows actually written; `xmax = 0` tells an insert from an update.
 */
function upsertStatement(spec: StreamTable<StreamName>): string {
  const extra = spec.columns.map((c) => c.name);
  const columns = ['tenant_id', 'source_id', 'external_id', 'source_updated_at', 'stored_at', 'data', ...extra];
  const values = [
    '$2::text',
    '$3::text',
    `r.d ->> 'externalId'`,
    `(r.d ->> 'sourceUpdatedAt')::timestamptz`,
    '$4::timestamptz',
    'r.d',
    ...spec.columns.map((c) => `(r.d #>> '{${c.path.join(',')}}')::${c.type}`),
  ];
  const updates = [...columns.slice(3).map((c) => `${c} = EXCLUDED.${c}`), 'deleted_at = NULL'];
  return `INSERT INTO ${spec.table} AS t (${columns.join(', ')})
    SELECT ${values.join(', ')}
    FROM jsonb_array_elements($1::jsonb) AS r(d)
    ON CONFLICT (tenant_id, source_id, external_id) DO UPDATE SET ${updates.join(', ')}
    WHERE EXCLUDED.source_updated_at >= t.source_updated_at AND (EXCLUDED.data IS DISTINCT FROM t.data OR t.deleted_at IS NOT NULL)
    RETURNING (t.xmax = 0) AS inserted`;
}

/**
 * A whole page in ONE statement, so it is atomic without BEGIN/COMMIT and costs one round trip instead
 * of five (on a busy machine each round trip waits for the server to be scheduled): data-modifying CTEs
 * file the page's rejects in quarantine, release the entries of rows that now land, upsert the records
 * (see upsertStatement) and save the cursor with the counts.
 *
 * The CTEs all see the table as it was before the statement, so the quarantine count is that count plus
 * the entries filed new minus those released (rejected and landed ids are disjoint).
 * Parameters: $1 records, $2 tenant, $3 source, $4 at, $5 rejects, $6 stream, $7 landed ids, $8 cursor,
 * $9 whether the page completes the run.
 */
function pageStatement(spec: StreamTable<StreamName>): string {
  return `WITH rejected AS (
    INSERT INTO quarantine AS q (tenant_id, source_id, stream, external_id, reason, raw, first_seen_at, last_seen_at)
    SELECT $2::text, $3::text, $6::text, r.external_id, r.reason, r.raw, $4::timestamptz, $4::timestamptz
    FROM jsonb_to_recordset($5::jsonb) AS r(external_id text, reason text, raw jsonb)
    ON CONFLICT (tenant_id, source_id, stream, external_id)
    DO UPDATE SET reason = EXCLUDED.reason, raw = EXCLUDED.raw, last_seen_at = EXCLUDED.last_seen_at
    RETURNING (q.xmax = 0) AS filed
  ), released AS (
    DELETE FROM quarantine
    WHERE tenant_id = $2::text AND source_id = $3::text AND stream = $6::text
      AND external_id IN (SELECT jsonb_array_elements_text($7::jsonb))
    RETURNING 1
  ), written AS (
    ${upsertStatement(spec)}
  ), state AS (
    INSERT INTO sync_states AS s
      (tenant_id, source_id, stream, cursor, last_success_at, updated_at, record_count, quarantined_count)
    VALUES ($2::text, $3::text, $6::text, $8::jsonb, CASE WHEN $9::boolean THEN $4::timestamptz END, $4::timestamptz,
      (SELECT count(*) FROM written WHERE inserted),
      (SELECT count(*) FROM quarantine q WHERE q.tenant_id = $2::text AND q.source_id = $3::text AND q.stream = $6::text)
        + (SELECT count(*) FROM rejected WHERE filed) - (SELECT count(*) FROM released))
    ON CONFLICT (tenant_id, source_id, stream) DO UPDATE SET
      cursor = EXCLUDED.cursor,
      last_success_at = COALESCE(EXCLUDED.last_success_at, s.last_success_at),
      updated_at = EXCLUDED.updated_at,
      record_count = s.record_count + EXCLUDED.record_count,
      quarantined_count = EXCLUDED.quarantined_count
  )
  SELECT (SELECT count(*) FROM written)::int AS written`;
}

const pageStatements = Object.fromEntries(
  Object.entries(streamTables).map(([stream, spec]) => [stream, pageStatement(spec as StreamTable<StreamName>)]),
) as Record<StreamName, string>;

const syncStateColumns = `tenant_id, source_id, stream, cursor, last_success_at, updated_at,
  record_count::int AS record_count, quarantined_count::int AS quarantined_count`;

interface SyncStateRow extends SqlRow {
  tenant_id: string;
  source_id: string;
  stream: StreamName;
  cursor: unknown;
  last_success_at: unknown;
  updated_at: unknown;
  record_count: number;
  quarantined_count: number;
}

function toSyncState(row: SyncStateRow): SyncState {
  return {
    tenantId: row.tenant_id,
    sourceId: row.source_id,
    stream: row.stream,
    cursor: row.cursor ?? null,
    lastSuccessAt: row.last_success_at == null ? null : toInstant(row.last_success_at),
    updatedAt: toInstant(row.updated_at),
    recordCount: Number(row.record_count),
    quarantinedCount: Number(row.quarantined_count),
  };
}

interface RecordRow extends SqlRow {
  source_id: string;
  external_id: string;
  data: unknown;
}

/** Keeps the last copy of each key, so one statement never touches a row twice. */
function lastPerKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    byKey.delete(k); // re-insert so the kept copy sits at its last position
    byKey.set(k, item);
  }
  return [...byKey.values()];
}

/**
 * The Store over SQL. One implementation for both backends: the SqlClient decides where the
 * statements run. Every statement has tenant_id in its WHERE or key (invariant 4).
 */
export class SqlStore implements Store {
  readonly backend: 'pglite' | 'postgres';

  constructor(private readonly client: SqlClient) {
    this.backend = client.backend;
  }

  async migrate(): Promise<void> {
    await runMigrations(this.client);
  }

  async savePage(page: PageWrite): Promise<PageWriteResult> {
    const spec = streamTables[page.stream] as StreamTable<StreamName> | undefined;
    if (!spec) throw new DataError('unknown_stream', `unknown stream "${String(page.stream)}"`);
    for (const record of page.records) {
      if (record.tenantId !== page.tenantId || record.sourceId !== page.sourceId) {
        // Refused before anything is written: a record filed under another tenant is a bug upstream.
        throw new DataError(
          'record_key_mismatch',
          `record ${record.externalId} is for ${record.tenantId}/${record.sourceId}, page is for ${page.tenantId}/${page.sourceId}`,
        );
      }
    }
    // A page may repeat a key (a row moving across an ERP page boundary); its last copy wins.
    const records = lastPerKey(page.records, (r) => r.externalId);
    const rejects = lastPerKey(page.quarantined, (q) => q.externalId);
    const rejectedIds = new Set(rejects.map((q) => q.externalId));
    const landedIds = records.map((r) => r.externalId).filter((id) => !rejectedIds.has(id));
    const at = page.at.toISOString();

    // Serialised before the statement is sent, so a bad value fails the page without holding locks.
    const recordsParam = jsonbParam(records);
    const rejectsParam = jsonbParam(rejects.map((q) => ({ external_id: q.externalId, reason: q.reason, raw: q.raw ?? null })));
    // A row that now lands was fixed in the ERP: its quarantine entry has served its purpose.
    const landedParam = jsonbParam(landedIds);
    const cursorParam = jsonbParam(page.cursor ?? null);

    const [row] = await this.client.query<{ written: number }>(pageStatements[page.stream], [
      recordsParam, page.tenantId, page.sourceId, at, rejectsParam, page.stream, landedParam, cursorParam, page.completesRun,
    ]);
    const written = Number(row?.written ?? 0);
    return { written, unchanged: page.records.length - written, quarantined: page.quarantined.length };
  }

  async getSyncState(key: StreamKey): Promise<SyncState | null> {
    const [row] = await this.client.query<SyncStateRow>(
      `SELECT ${syncStateColumns} FROM sync_states WHERE tenant_id = $1 AND source_id = $2 AND stream = $3`,
      [key.tenantId, key.sourceId, key.stream],
    );
    return row ? toSyncState(row) : null;
  }

  async listSyncStates(tenantId: string): Promise<SyncState[]> {
    const rows = await this.client.query<SyncStateRow>(
      `SELECT ${syncStateColumns} FROM sync_states WHERE tenant_id = $1 ORDER BY source_id, stream`,
      [tenantId],
    );
    return rows.map(toSyncState);
  }

  async listQuarantine(tenantId: string, options: { limit?: number } = {}): Promise<QuarantineEntry[]> {
    const rows = await this.client.query<{
      tenant_id: string;
      source_id: string;
      stream: StreamName;
      external_id: string;
      reason: string;
      raw: unknown;
      first_seen_at: unknown;
      last_seen_at: unknown;
    }>(
      `SELECT tenant_id, source_id, stream, external_id, reason, raw, first_seen_at, last_seen_at
       FROM quarantine WHERE tenant_id = $1
       ORDER BY last_seen_at DESC, source_id, stream, external_id
       LIMIT $2`,
      [tenantId, options.limit ?? defaultQuarantineLimit],
    );
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      sourceId: row.source_id,
      stream: row.stream,
      externalId: row.external_id,
      reason: row.reason,
      raw: row.raw ?? null,
      firstSeenAt: toInstant(row.first_seen_at),
      lastSeenAt: toInstant(row.last_seen_at),
    }));
  }

  async counts(tenantId: string): Promise<TenantCounts> {
    // ::int because node-postgres returns bigint (count's type) as a string.
    const [row] = await this.client.query<Record<keyof TenantCounts, number>>(
      `SELECT
         (SELECT count(*) FROM customers WHERE tenant_id = $1 AND deleted_at IS NULL)::int AS customers,
         (SELECT count(*) FROM receivables WHERE tenant_id = $1 AND deleted_at IS NULL)::int AS receivables,
         (SELECT count(*) FROM payments WHERE tenant_id = $1 AND deleted_at IS NULL)::int AS payments,
         (SELECT count(*) FROM allocations WHERE tenant_id = $1 AND deleted_at IS NULL)::int AS allocations,
         (SELECT count(*) FROM quarantine WHERE tenant_id = $1)::int AS quarantined`,
      [tenantId],
    );
    return {
      customers: Number(row?.customers ?? 0),
      receivables: Number(row?.receivables ?? 0),
      payments: Number(row?.payments ?? 0),
      allocations: Number(row?.allocations ?? 0),
      quarantined: Number(row?.quarantined ?? 0),
    };
  }

  iterateRecords<S extends StreamName>(tenantId: string, stream: S, options: { pageSize?: number } = {}): AsyncIterable<AnyStreamRecord> {
    const spec = streamTables[stream] as StreamTable<StreamName> | undefined;
    if (!spec) throw new DataError('unknown_stream', `unknown stream "${String(stream)}"`);
    const schema = streamSchemas[stream] as z.ZodType<AnyStreamRecord>;
    return this.readPages(spec.table, tenantId, [], options.pageSize, (row) => this.parseRecord(stream, row, schema));
  }

  iterateReceivables(tenantId: string, query: ReceivableQuery = {}): AsyncIterable<Receivable> {
    const filters: Array<[string, unknown]> = [];
    if (query.openOnly) filters.push(['open_amount <> 0', undefined]);
    if (query.customerExternalId !== undefined) filters.push(['customer_external_id = $?', query.customerExternalId]);
    if (query.sourceId !== undefined) filters.push(['source_id = $?', query.sourceId]);
    return this.readPages('receivables', tenantId, filters, undefined, (row) => this.parseRecord('receivables', row, receivableSchema));
  }

  async getCustomer(tenantId: string, sourceId: string, externalId: string): Promise<Customer | null> {
    const [row] = await this.client.query<RecordRow>(
      `SELECT source_id, external_id, data FROM customers WHERE tenant_id = $1 AND source_id = $2 AND external_id = $3 AND deleted_at IS NULL`,
      [tenantId, sourceId, externalId],
    );
    return row ? this.parseRecord('customers', row, customerSchema) : null;
  }

  async getCustomers(tenantId: string, keys: ReadonlyArray<{ sourceId: string; externalId: string }>): Promise<Customer[]> {
    const bySource = new Map<string, string[]>();
    for (const k of keys) {
      const ids = bySource.get(k.sourceId) ?? [];
      ids.push(k.externalId);
      bySource.set(k.sourceId, ids);
    }
    const customers: Customer[] = [];
    for (const [sourceId, ids] of bySource) {
      // Primary-key lookups (external_id = ANY): a join on the keys as a recordset was planned as a scan
      // of every customer of the tenant, 200 ms per page of 50 at 10,000 customers on PGlite.
      const rows = await this.client.query<RecordRow>(
        `SELECT source_id, external_id, data FROM customers
         WHERE tenant_id = $1 AND source_id = $2 AND external_id = ANY(ARRAY(SELECT jsonb_array_elements_text($3::jsonb))) AND deleted_at IS NULL`,
        [tenantId, sourceId, jsonbParam(ids)],
      );
      for (const row of rows) customers.push(this.parseRecord('customers', row, customerSchema));
    }
    return customers;
  }

  async *iterateCustomerLedgers(tenantId: string, options: { pageSize?: number } = {}): AsyncGenerator<CustomerLedger> {
    const pageSize = options.pageSize ?? defaultLedgerPageSize;
    let batch: Customer[] = [];
    for await (const customer of this.readPages('customers', tenantId, [], pageSize, (row) => this.parseRecord('customers', row, customerSchema))) {
      batch.push(customer);
      if (batch.length < pageSize) continue;
      yield* await this.ledgersOf(tenantId, batch);
      batch = [];
    }
    if (batch.length > 0) yield* await this.ledgersOf(tenantId, batch);
  }

  async getCustomerLedger(tenantId: string, sourceId: string, customerExternalId: string): Promise<CustomerLedger | null> {
    const customer = await this.getCustomer(tenantId, sourceId, customerExternalId);
    if (!customer) return null;
    const [ledger] = await this.ledgersOf(tenantId, [customer]);
    return ledger ?? null;
  }

  async savePlanAssignments(tenantId: string, assignments: readonly PlanAssignment[]): Promise<void> {
    for (const a of assignments) {
      if (a.tenantId !== tenantId) throw new DataError('record_key_mismatch', `plan assignment for tenant ${a.tenantId} saved under ${tenantId}`);
    }
    const rows = lastPerKey(assignments, (a) => `${a.customerKey.sourceId}\u0000${a.customerKey.externalId}`).map((a) => ({
      source_id: a.customerKey.sourceId,
      customer_external_id: a.customerKey.externalId,
      plan_id: a.planId,
      rule_id: a.ruleId,
      inputs: a.inputs,
      since: a.since,
      evaluated_at: a.evaluatedAt,
    }));
    if (rows.length === 0) return;
    await this.client.transaction(async (tx) => {
      for (let start = 0; start < rows.length; start += assignmentBatchSize) {
        await tx.query(assignmentUpsert, [tenantId, jsonbParam(rows.slice(start, start + assignmentBatchSize))]);
      }
    });
  }

  async listPlanAssignments(tenantId: string): Promise<PlanAssignment[]> {
    const rows = await this.client.query<AssignmentRow>(
      `SELECT ${assignmentColumns} FROM plan_assignments WHERE tenant_id = $1 ORDER BY source_id, customer_external_id`,
      [tenantId],
    );
    return rows.map(toAssignment);
  }

  async getPlanAssignment(tenantId: string, sourceId: string, customerExternalId: string): Promise<PlanAssignment | null> {
    const [row] = await this.client.query<AssignmentRow>(
      `SELECT ${assignmentColumns} FROM plan_assignments WHERE tenant_id = $1 AND source_id = $2 AND customer_external_id = $3`,
      [tenantId, sourceId, customerExternalId],
    );
    return row ? toAssignment(row) : null;
  }

  async listTenantIds(): Promise<string[]> {
    // Every stored page writes a sync state, so sync_states names every tenant the store holds.
    const rows = await this.client.query<{ tenant_id: string }>(`SELECT DISTINCT tenant_id FROM sync_states ORDER BY tenant_id`);
    return rows.map((row) => row.tenant_id);
  }

  async enqueueActions(tenantId: string, actions: readonly Action[]): Promise<string[]> {
    if (actions.length === 0) return [];
    const rows = actions.map((a) => {
      if (a.tenantId !== tenantId) throw new DataError('tenant_mismatch', `action ${a.id} belongs to tenant ${a.tenantId}, not ${tenantId}`);
      return {
        id: a.id,
        source_id: a.customerKey.sourceId,
        customer_external_id: a.customerKey.externalId,
        receivable_external_ids: a.receivableExternalIds,
        plan_id: a.planId,
        step_id: a.stepId,
        cycle: a.cycle,
        channel: a.channel,
        due_at: a.dueAt,
        status: a.status,
        attempts: a.attempts,
        provider_reference: a.providerReference,
        reason: a.reason,
        created_at: a.createdAt,
        updated_at: a.updatedAt,
      };
    });
    const inserted = await this.client.query<{ id: string }>(actionInsert, [tenantId, jsonbParam(rows)]);
    return inserted.map((r) => r.id);
  }

  async getAction(tenantId: string, id: string): Promise<Action | null> {
    const [row] = await this.client.query<ActionRow>(`SELECT ${actionColumns} FROM actions WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
    return row ? toAction(row) : null;
  }

  async listActions(tenantId: string, query: ActionQuery = {}): Promise<Action[]> {
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    // One status is an equality, so that the planner walks the (status, due_at, id) index in order for a page.
    if (query.statuses) where.push(statusIn(params, query.statuses));
    if (query.dueBy) {
      params.push(query.dueBy.toISOString());
      where.push(`due_at <= $${params.length}::timestamptz`);
    }
    if (query.channel) {
      params.push(query.channel);
      where.push(`channel = $${params.length}`);
    }
    if (query.after) {
      params.push(query.after.dueAt, query.after.id);
      where.push(`(due_at, id) > ($${params.length - 1}::timestamptz, $${params.length})`);
    }
    let sql = `SELECT ${actionColumns} FROM actions WHERE ${where.join(' AND ')} ORDER BY due_at, id`;
    if (query.limit !== undefined) {
      params.push(query.limit);
      sql += ` LIMIT $${params.length}`;
    }
    return (await this.client.query<ActionRow>(sql, params)).map(toAction);
  }

  async transitionAction(tenantId: string, id: string, t: ActionTransition): Promise<Action | null> {
    const final = ['sent', 'failed', 'skipped', 'cancelled'].includes(t.to);
    const sets = ['status = $3', 'updated_at = $4::timestamptz'];
    const params: unknown[] = [tenantId, id, t.to, t.at.toISOString()];
    if (t.to === 'dispatching') sets.push('dispatching_at = $4::timestamptz');
    if (final) sets.push('finished_at = $4::timestamptz');
    if (t.countAttempt) sets.push('attempts = attempts + 1');
    if (t.reason !== undefined) {
      params.push(t.reason);
      sets.push(`reason = $${params.length}`);
    }
    if (t.providerReference !== undefined) {
      params.push(t.providerReference);
      sets.push(`provider_reference = $${params.length}`);
    }
    const [row] = await this.client.query<ActionRow>(
      `UPDATE actions SET ${sets.join(', ')}
       WHERE tenant_id = $1 AND id = $2 AND ${statusIn(params, t.from)}
       RETURNING ${actionColumns}`,
      params,
    );
    return row ? toAction(row) : null;
  }

  async countSentSince(tenantId: string, channel: Channel, since: Date): Promise<number> {
    const [row] = await this.client.query<{ n: string | number }>(
      `SELECT count(*) AS n FROM actions WHERE tenant_id = $1 AND channel = $2 AND status = 'sent' AND finished_at > $3::timestamptz`,
      [tenantId, channel, since.toISOString()],
    );
    return Number(row?.n ?? 0);
  }

  async recordOptOut(tenantId: string, channel: Channel, address: string, reason: string, at: Date): Promise<void> {
    await this.client.query(
      `INSERT INTO opt_outs (tenant_id, channel, address, reason, recorded_at) VALUES ($1, $2, $3, $4, $5::timestamptz)
       ON CONFLICT (tenant_id, channel, address) DO NOTHING`,
      [tenantId, channel, address, reason, at.toISOString()],
    );
  }

  async isOptedOut(tenantId: string, channel: Channel, address: string): Promise<boolean> {
    const rows = await this.client.query(`SELECT 1 FROM opt_outs WHERE tenant_id = $1 AND channel = $2 AND address = $3`, [tenantId, channel, address]);
    return rows.length > 0;
  }

  receivableHistory(tenantId: string, periodEnds: readonly LocalDate[]): Promise<ReceivableHistory> {
    return readReceivableHistory(this.client, tenantId, periodEnds);
  }

  agedAmounts(tenantId: string, asOf: LocalDate): Promise<AgedAmountRow[]> {
    return readAgedAmounts(this.client, tenantId, asOf);
  }

  expectedReceipts(tenantId: string, asOf: LocalDate, delaysFrom: LocalDate): Promise<ExpectedReceiptRow[]> {
    return readExpectedReceipts(this.client, tenantId, asOf, delaysFrom);
  }

  reminderOutcomes(tenantId: string, asOf: LocalDate, withinDays: number): Promise<ReminderOutcomeRow[]> {
    return readReminderOutcomes(this.client, tenantId, asOf, withinDays);
  }

  actionCounts(tenantId: string): Promise<ActionCountRow[]> {
    return readActionCounts(this.client, tenantId);
  }

  sweepDeleted(key: StreamKey, liveKeys: AsyncIterable<readonly string[]>, at: Date, scope?: SweepScope): Promise<SweepResult> {
    return sweepDeletedRecords(this.client, key, liveKeys, at, scope);
  }

  lastSweptAt(key: StreamKey): Promise<Date | null> {
    return readLastSweptAt(this.client, key);
  }

  async deleteTenant(tenantId: string): Promise<void> {
    await this.client.transaction(async (tx) => {
      for (const table of tenantTables) await tx.query(`DELETE FROM ${table} WHERE tenant_id = $1`, [tenantId]);
    });
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /**
   * Reads a record table in key order, one query per page: each query starts after the last key of
   * the previous one (keyset pagination), so memory holds one page whatever the table size and no
   * page is skipped or repeated as OFFSET would on a table being written.
   * `filters` are SQL conditions with at most one `$?` placeholder each, numbered here.
   */
  private async *readPages<T>(
    table: string,
    tenantId: string,
    filters: ReadonlyArray<[string, unknown]>,
    pageSize: number | undefined,
    parse: (row: RecordRow) => T,
  ): AsyncGenerator<T> {
    const limit = pageSize ?? defaultReadPageSize;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`pageSize must be a positive integer (got ${limit})`);
    const params: unknown[] = [tenantId];
    // Every table read here is a record table: records a sweep marked deleted are not read.
    const conditions = ['tenant_id = $1', 'deleted_at IS NULL'];
    for (const [condition, value] of filters) {
      if (condition.includes('$?')) {
        params.push(value);
        conditions.push(condition.replace('$?', `$${params.length}`));
      } else {
        conditions.push(condition);
      }
    }
    const after = params.length + 1;
    const sql = `SELECT source_id, external_id, data FROM ${table}
      WHERE ${conditions.join(' AND ')} AND (source_id, external_id) > ($${after}::text, $${after + 1}::text)
      ORDER BY source_id, external_id
      LIMIT $${after + 2}`;
    let lastSource = '';
    let lastExternal = '';
    for (;;) {
      const rows = await this.client.query<RecordRow>(sql, [...params, lastSource, lastExternal, limit]);
      for (const row of rows) yield parse(row);
      const last = rows.at(-1);
      if (!last || rows.length < limit) return;
      lastSource = last.source_id;
      lastExternal = last.external_id;
    }
  }

  /** The receivables and allocations of a page of customers: two queries whatever the page size. */
  private async ledgersOf(tenantId: string, customers: readonly Customer[]): Promise<CustomerLedger[]> {
    const keys = jsonbParam(customers.map((c) => ({ source_id: c.sourceId, external_id: c.externalId })));
    const [receivableRows, allocationRows] = await Promise.all([
      this.client.query<RecordRow>(ledgerReceivables, [tenantId, keys]),
      this.client.query<RecordRow & { customer_external_id: string }>(ledgerAllocations, [tenantId, keys]),
    ]);
    const byKey = new Map<string, CustomerLedger>();
    const key = (sourceId: string, externalId: string): string => `${sourceId}\u0000${externalId}`;
    const ledgers = customers.map((customer) => {
      const ledger: CustomerLedger = { customer, receivables: [], allocations: [] };
      byKey.set(key(customer.sourceId, customer.externalId), ledger);
      return ledger;
    });
    for (const row of receivableRows) {
      const receivable = this.parseRecord('receivables', row, receivableSchema);
      byKey.get(key(receivable.sourceId, receivable.customerExternalId))?.receivables.push(receivable);
    }
    for (const row of allocationRows) {
      const allocation: Allocation = this.parseRecord('allocations', row, allocationSchema);
      byKey.get(key(allocation.sourceId, row.customer_external_id))?.allocations.push(allocation);
    }
    return ledgers;
  }

  /** Reads go through the model's schema, so a row written by an older model fails loudly here. */
  private parseRecord<T>(stream: StreamName, row: RecordRow, schema: z.ZodType<T>): T {
    const result = schema.safeParse(row.data);
    if (!result.success) {
      const issue = result.error.issues[0];
      const detail = issue ? `${issue.path.join('.') || '(record)'}: ${issue.message}` : result.error.message;
      throw new DataError(
        'stored_record_invalid',
        `stored ${stream} record ${row.source_id}/${row.external_id} does not match the model: ${detail}`,
      );
    }
    return result.data;
  }
}
