import type { Queue } from 'bull';
import type { TenantConfig } from '../../config/tenant-config';
import type { TenantJobData } from '../queue/tenant-job-data';
import { scheduleJobId, tenantOfScheduleJobId, tenantScheduleOf } from './tenant-schedule';

/** What a reconciliation changed. */
export interface ScheduleChanges {
  /** Tenants that got a schedule (new, or replaced because it changed). */
  added: string[];
  /** Tenants whose schedule was removed (gone from config, or replaced). */
  removed: string[];
  /** Tenants whose schedule was already right. */
  kept: string[];
}

/**
 * Makes the sync queue's repeatable jobs match the config: one per tenant, cron in the tenant's zone.
 * A tenant gone from config loses its schedule; a changed cron, zone or ERP replaces the old schedule
 * (removed, then added). Only `arbridge scheduler` calls this: workers never add repeatable jobs, so
 * booting ten workers leaves one schedule per tenant. Running it twice changes nothing the second time.
 */
export async function reconcileSchedules(queue: Queue<TenantJobData>, tenants: readonly TenantConfig[]): Promise<ScheduleChanges> {
  const wanted = new Map(tenants.map((t) => [t.id, tenantScheduleOf(t)]));
  const changes: ScheduleChanges = { added: [], removed: [], kept: [] };
  const present = new Set<string>();
  for (const job of await queue.getRepeatableJobs()) {
    const tenantId = tenantOfScheduleJobId(job.id);
    const want = tenantId ? wanted.get(tenantId) : undefined;
    const same = want && job.name === 'sync' && job.id === scheduleJobId(want) && job.cron === want.cron && (job.tz ?? null) === want.timeZone;
    if (same && !present.has(want.tenantId)) {
      present.add(want.tenantId);
      changes.kept.push(want.tenantId);
      continue;
    }
    await queue.removeRepeatableByKey(job.key);
    changes.removed.push(tenantId ?? job.key);
  }
  for (const want of wanted.values()) {
    if (present.has(want.tenantId)) continue;
    await queue.add('sync', { tenantId: want.tenantId, erp: want.erp }, { repeat: { cron: want.cron, tz: want.timeZone }, jobId: scheduleJobId(want) });
    changes.added.push(want.tenantId);
  }
  for (const list of [changes.added, changes.removed, changes.kept]) list.sort();
  return changes;
}
