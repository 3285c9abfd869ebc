import type { TenantConfig } from '../../config/tenant-config';
import { erpGroupOf } from '../queue/erp-group';
import { tenantJobId } from '../queue/job-ids';
import type { JobQueues } from '../queue/job-queues';

/**
 * Enqueues one tick per tenant for the window `window` (an ISO instant), outside the schedule:
 * `arbridge scheduler --now`, benches and tests. A worker turns each into the tenant's sync job. Ids
 * come from tenant and window, so enqueueing the same window twice, from two places, still syncs each
 * tenant once. Returns the tick ids.
 */
export async function enqueueSyncTick(queues: JobQueues, tenants: readonly TenantConfig[], window: string): Promise<string[]> {
  const ids: string[] = [];
  for (const tenant of tenants) {
    const job = await queues.tick.add('sync', { tenantId: tenant.id, erp: erpGroupOf(tenant), window }, { jobId: `tick:${tenantJobId('sync', tenant.id, window)}` });
    ids.push(String(job.id));
  }
  return ids;
}
