import type { ActionStatus, Channel } from '../model/action';
import type { SqlExecutor } from './sql-client';

/** Actions of a tenant counted by status and channel (for /metrics and the API). */
export interface ActionCountRow {
  status: ActionStatus;
  channel: Channel;
  count: number;
}

export async function readActionCounts(db: SqlExecutor, tenantId: string): Promise<ActionCountRow[]> {
  const rows = await db.query(`SELECT status, channel, count(*)::int AS count FROM actions WHERE tenant_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`, [tenantId]);
  return rows.map((r) => ({ status: r.status as ActionStatus, channel: r.channel as Channel, count: Number(r.count) }));
}
