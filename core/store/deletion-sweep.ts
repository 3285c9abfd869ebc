import { DataError } from '../errors';
import type { StreamName } from '../model';
import { jsonbParam } from './jsonb-param';
import type { SqlClient } from './sql-client';
import type { StreamKey, SweepResult } from './store';
import { streamTables, type StreamTable } from './stream-tables';

/** Live keys staged per statement. */
const stageBatchSize = 5000;

/** The sweep's staging table: one per transaction (temporary tables belong to the session), dropped at its end. */
const createStage = `CREATE TEMPORARY TABLE sweep_live_keys (external_id text COLLATE "C" PRIMARY KEY) ON COMMIT DROP`;
const insertStage = `INSERT INTO sweep_live_keys SELECT jsonb_array_elements_text($1::jsonb) ON CONFLICT DO NOTHING`;

/** The sweep's two moves on a record table, and the stream's state after it. */
function statementsFor(table: string): { mark: string; revive: string; state: string } {
  const listed = `EXISTS (SELECT 1 FROM sweep_live_keys k WHERE k.external_id = t.external_id)`;
  return {
    mark: `UPDATE ${table} t SET deleted_at = $3::timestamptz
      WHERE t.tenant_id = $1 AND t.source_id = $2 AND t.deleted_at IS NULL AND NOT ${listed} RETURNING 1`,
    revive: `UPDATE ${table} t SET deleted_at = NULL
      WHERE t.tenant_id = $1 AND t.source_id = $2 AND t.deleted_at IS NOT NULL AND ${listed} RETURNING 1`,
    // The stream's record count becomes what is live, so that `status` counts no deleted record.
    state: `UPDATE sync_states SET swept_at = $4::timestamptz,
      record_count = (SELECT count(*) FROM ${table} WHERE tenant_id = $1 AND source_id = $2 AND deleted_at IS NULL)
      WHERE tenant_id = $1 AND source_id = $2 AND stream = $3`,
  };
}

/** Store.sweepDeleted over SQL: stage the listed keys, then mark and revive, in one transaction. */
export async function sweepDeletedRecords(client: SqlClient, key: StreamKey, liveKeys: AsyncIterable<readonly string[]>, at: Date): Promise<SweepResult> {
  const spec = streamTables[key.stream] as StreamTable<StreamName> | undefined;
  if (!spec) throw new DataError('unknown_stream', `unknown stream "${String(key.stream)}"`);
  const statements = statementsFor(spec.table);
  return client.transaction(async (tx) => {
    await tx.query(createStage);
    let live = 0;
    let batch: string[] = [];
    const stage = async () => {
      if (batch.length > 0) await tx.query(insertStage, [jsonbParam(batch)]);
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
    const where = [key.tenantId, key.sourceId, at.toISOString()];
    // An ERP listing no key at all is more likely misconfigured than emptied: nothing is marked.
    const marked = live === 0 ? 0 : (await tx.query(statements.mark, where)).length;
    const revived = (await tx.query(statements.revive, where.slice(0, 2))).length;
    await tx.query(statements.state, [key.tenantId, key.sourceId, key.stream, at.toISOString()]);
    return { live, marked, revived };
  });
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
