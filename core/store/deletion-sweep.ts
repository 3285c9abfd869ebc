import { randomUUID } from 'node:crypto';
import { DataError, TransientError } from '../errors';
import type { StreamName } from '../model';
import { jsonbParam } from './jsonb-param';
import type { SqlClient } from './sql-client';
import type { StreamKey, SweepResult, SweepScope } from './store';
import { streamTables, type StreamTable } from './stream-tables';

/** Live keys staged per statement. */
const stageBatchSize = 5000;

/*
 * The listed keys are staged in sweep_staged_keys (migration 5) by short statements outside any
 * transaction: a listing takes as long as the ERP does (minutes of HTTP or ODBC calls), and a
 * transaction open meanwhile would hold PGlite's one session (every other statement of the process
 * waiting for it) or leave a PostgreSQL connection idle in transaction. Only the mark, the revival and
 * the state update run in one transaction, once the listing is complete. $1-$4: tenant, source, stream,
 * the sweep's id.
 */
const staged = `sweep_staged_keys k WHERE k.tenant_id = $1 AND k.source_id = $2 AND k.stream = $3 AND k.sweep_id = $4`;
/** What a sweep of the stream that crashed (or lost its connection) left behind. */
const clearLeftovers = `DELETE FROM sweep_staged_keys WHERE tenant_id = $1 AND source_id = $2 AND stream = $3 AND sweep_id <> $4`;
const insertStage = `WITH added AS (
    INSERT INTO sweep_staged_keys (tenant_id, source_id, stream, sweep_id, external_id)
    SELECT $1, $2, $3, $4, k FROM jsonb_array_elements_text($5::jsonb) AS k ON CONFLICT DO NOTHING RETURNING 1
  ) SELECT count(*)::int AS n FROM added`;
const countStage = `SELECT count(*)::int AS n FROM ${staged}`;
const clearStage = `DELETE FROM sweep_staged_keys WHERE tenant_id = $1 AND source_id = $2 AND stream = $3 AND sweep_id = $4`;

/** The sweep's two moves on a record table, and the stream's state after it. */
function statementsFor(table: string): { mark: string; revive: string; state: string } {
  const listed = `EXISTS (SELECT 1 FROM ${staged} AND k.external_id = t.external_id)`;
  // $6, the scope's instant (null: the listing reaches every record). An open receivable is always in reach.
  const reached = `($6::timestamptz IS NULL OR t.source_updated_at >= $6::timestamptz${table === 'receivables' ? ' OR t.open_amount <> 0' : ''})`;
  return {
    mark: `UPDATE ${table} t SET deleted_at = $5::timestamptz
      WHERE t.tenant_id = $1 AND t.source_id = $2 AND t.deleted_at IS NULL AND ${reached} AND NOT ${listed} RETURNING 1`,
    revive: `UPDATE ${table} t SET deleted_at = NULL
      WHERE t.tenant_id = $1 AND t.source_id = $2 AND t.deleted_at IS NOT NULL AND ${listed} RETURNING 1`,
    // The stream's record count becomes what is live, so that `status` counts no deleted record.
    state: `UPDATE sync_states SET swept_at = $4::timestamptz,
      record_count = (SELECT count(*) FROM ${table} WHERE tenant_id = $1 AND source_id = $2 AND deleted_at IS NULL)
      WHERE tenant_id = $1 AND source_id = $2 AND stream = $3`,
  };
}

/**
 * Store.sweepDeleted over SQL: stage the listed keys batch by batch (autocommit statements, memory
 * holds one batch), then mark, revive and update the stream's state in one short transaction, then
 * remove the staged keys. A listing that throws marks nothing, and its staged keys are removed too.
 */
export async function sweepDeletedRecords(
  client: SqlClient,
  key: StreamKey,
  liveKeys: AsyncIterable<readonly string[]>,
  at: Date,
  scope?: SweepScope,
): Promise<SweepResult> {
  const spec = streamTables[key.stream] as StreamTable<StreamName> | undefined;
  if (!spec) throw new DataError('unknown_stream', `unknown stream "${String(key.stream)}"`);
  const statements = statementsFor(spec.table);
  const stageKey = [key.tenantId, key.sourceId, key.stream, randomUUID()];
  await client.query(clearLeftovers, stageKey);
  try {
    let live = 0;
    let stagedRows = 0;
    let batch: string[] = [];
    const stage = async () => {
      if (batch.length > 0) {
        const [row] = await client.query<{ n: number }>(insertStage, [...stageKey, jsonbParam(batch)]);
        stagedRows += Number(row?.n ?? 0);
      }
      batch = [];
    };
    for await (const keys of liveKeys) {
      for (const k of keys) {
        batch.push(k);
        live += 1;
        if (batch.length >= stageBatchSize) await stage();
      }
    }
    await stage();
    const iso = at.toISOString();
    return await client.transaction(async (tx) => {
      // Another sweep of the same stream that began meanwhile clears what it takes for leftovers: a
      // partial staging must mark nothing.
      const [row] = await tx.query<{ n: number }>(countStage, stageKey);
      if (Number(row?.n ?? 0) !== stagedRows) {
        throw new TransientError('sweep_overlap', `another sweep of ${key.sourceId}/${key.stream} began during this one's listing: nothing marked`);
      }
      // An ERP listing no key at all is more likely misconfigured than emptied: nothing is marked.
      const marked = live === 0 ? 0 : (await tx.query(statements.mark, [...stageKey, iso, scope?.changedSince.toISOString() ?? null])).length;
      const revived = (await tx.query(statements.revive, stageKey)).length;
      await tx.query(statements.state, [key.tenantId, key.sourceId, key.stream, iso]);
      return { live, marked, revived };
    });
  } finally {
    // Best effort: what a failed removal leaves is cleared by the stream's next sweep.
    await client.query(clearStage, stageKey).catch(() => undefined);
  }
}

/** When the stream's last sweep committed, or null. */
export async function readLastSweptAt(client: SqlClient, key: StreamKey): Promise<Date | null> {
  const [row] = await client.query<{ swept_at: unknown }>(
    `SELECT swept_at FROM sync_states WHERE tenant_id = $1 AND source_id = $2 AND stream = $3`,
    [key.tenantId, key.sourceId, key.stream],
  );
  if (row?.swept_at == null) return null;
  return row.swept_at instanceof Date ? row.swept_at : new Date(String(row.swept_at));
}
