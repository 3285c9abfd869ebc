import type { TenantConfig } from '../../config/tenant-config';
import { erpGroupOf } from '../queue/erp-group';

/** One tenant's sync schedule as the scheduler keeps it in Redis. */
export interface TenantSchedule {
  tenantId: string;
  erp: string;
  cron: string;
  timeZone: string;
}

/**
 * The repeatable job id of a schedule. Bull splits a repeatable job's key on `:`, so the id holds none;
 * it carries the ERP group, which the job's data (fixed when the schedule is made) carries too, so a
 * tenant moving to another ERP gets its schedule replaced.
 */
export function scheduleJobId(schedule: Pick<TenantSchedule, 'tenantId' | 'erp'>): string {
  return `${schedule.tenantId}@${schedule.erp}`;
}

/** The tenant whose schedule a repeatable job id names, or null for an id arbridge did not make. */
export function tenantOfScheduleJobId(id: string | null | undefined): string | null {
  const at = id?.indexOf('@') ?? -1;
  return id && at > 0 ? id.slice(0, at) : null;
}

/** What the config says a tenant's schedule is. */
export function tenantScheduleOf(tenant: TenantConfig): TenantSchedule {
  return { tenantId: tenant.id, erp: erpGroupOf(tenant), cron: tenant.schedule.sync, timeZone: tenant.timeZone };
}
