import type { StreamName } from '../../core/model';
import type { Store } from '../../core/store/store';

const streams: StreamName[] = ['customers', 'receivables', 'payments', 'allocations'];

/**
 * What a sync left in the store for a tenant, its id left out so that two tenants synced from the same
 * ERP compare equal: every stream's records in key order, and each stream's cursor and record count.
 */
export async function syncedRecords(store: Store, tenantId: string): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const stream of streams) {
    const rows: unknown[] = [];
    for await (const r of store.iterateRecords(tenantId, stream)) rows.push({ ...r, tenantId: undefined });
    result[stream] = rows;
  }
  result.syncStates = (await store.listSyncStates(tenantId)).map((s) => ({ source: s.sourceId, stream: s.stream, cursor: s.cursor, records: s.recordCount }));
  return result;
}
