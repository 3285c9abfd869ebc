import { agingBucketsFrom } from '../../core/kpi/aging-buckets';
import { toMinorUnits } from '../../core/money/money';
import type { LocalDate } from '../../core/time/local-date';
import { effectivePlans } from '../../config/rules-config';
import type { TenantConfig } from '../../config/tenant-config';
import { compileRules } from '../../rules/compile-rules';
import type { CollectionsRun } from '../../rules/evaluate-customer';
import { compilePlan, type CompiledPlan } from '../../rules/plan-schedule';

/** Prepares one run for a tenant: rules and plans compiled once, money converted to minor units. */
export function collectionsRunFor(tenant: TenantConfig, asOf: LocalDate): CollectionsRun {
  const settings = tenant.collections;
  const plans = new Map<string, CompiledPlan>();
  for (const [id, plan] of Object.entries(effectivePlans(settings))) plans.set(id, compilePlan(id, plan, tenant.currency));
  return {
    tenantId: tenant.id,
    asOf,
    currency: tenant.currency,
    metrics: settings.metrics,
    risk: settings.risk,
    rules: compileRules(settings.rules, { currency: tenant.currency, defaultPlan: settings.defaultPlan, hysteresis: settings.hysteresis }),
    plans,
    tolerance: toMinorUnits(settings.tolerance, tenant.currency),
    agingBuckets: agingBucketsFrom(settings.metrics.agingDays),
  };
}
