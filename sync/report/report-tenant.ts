import type { DsoMethod } from '../../core/kpi/dso-method';
import type { TenantConfig } from '../../config/tenant-config';
import type { ReportTenant } from './portfolio-report';

/** A configured tenant as the report needs it; `override` (--dso-method) replaces its own DSO method. */
export function reportTenantFrom(tenant: TenantConfig, override?: DsoMethod): ReportTenant {
  return {
    id: tenant.id,
    name: tenant.name,
    agingDays: tenant.collections.metrics.agingDays,
    lateWindowMonths: tenant.collections.metrics.lateWindowMonths,
    dsoMethod: override ?? tenant.reporting.dsoMethod,
  };
}

/** A tenant known only from the store (no config directory): the default settings. */
export function unconfiguredReportTenant(id: string, dsoMethod: DsoMethod = 'total'): ReportTenant {
  return { id, name: id, agingDays: [30, 60, 90, 120], lateWindowMonths: 12, dsoMethod };
}

/**
 * The DSO method of a consolidation: the one its tenants share, else `fallback` (firm.yaml's default,
 * or `total`). A ratio of the whole is recomputed by one method, never averaged across methods.
 */
export function consolidationDsoMethod(tenants: readonly ReportTenant[], fallback: DsoMethod): DsoMethod {
  const methods = new Set(tenants.map((t) => t.dsoMethod ?? fallback));
  return methods.size === 1 ? ([...methods][0] as DsoMethod) : fallback;
}
