import type { TenantConfig } from '../../config/tenant-config';
import { erpGroupOf } from '../queue/erp-group';
import { tenantJobId } from '../queue/job-ids';
import type { JobQueues } from '../queue/job-queues';

/**
 * Enqueues one sync job per tenant for the window `window` (an ISO instant), outside the schedule:
 * `arbridge scheduler --now` and tests. Ids come from tenant and window, so enqueueing the same window
 * twice, from two places, still syncs each tenant once. Returns the job ids.
 */
export async function enqueueSyncTick(queues: JobQueues, tenants: readonly TenantConfig[], window: string): Promise<string[]> {
  const ids: string[] = [];
  for (const tenant of tenants) {
    const job = await queues.sync.add('sync', { tenantId: tenant.id, erp: erpGroupOf(tenant), window }, { jobId: tenantJobId('sync', tenant.id, window) });
    ids.push(String(job.id));
  }
  return ids;
}
