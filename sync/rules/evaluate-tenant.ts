import type { PlanAssignment } from '../../core/model';
import type { Store } from '../../core/store/store';
import type { LocalDate } from '../../core/time/local-date';
import { instantAtLocalTime } from '../../core/time/zoned-time';
import type { TenantConfig } from '../../config/tenant-config';
import { evaluateCustomer, type CustomerEvaluation } from '../../rules/evaluate-customer';
import type { PlannedAction } from '../../rules/plan-schedule';
import { collectionsRunFor } from './collections-run';
import { staleSources, type StaleSource } from './data-freshness';

/** Options of evaluateTenant. */
export interface EvaluateTenantOptions {
  store: Store;
  tenant: TenantConfig;
  /** Today in the tenant's zone. */
  asOf: LocalDate;
  /** The instant of the evaluation (the clock's now, or the planned day's send time for a preview). */
  at: Date;
  /** Store each customer's assignment with its rule and inputs; false for a what-if preview. */
  saveAssignments: boolean;
  /** Called per customer, for callers that want more than the actions (explain, reports). */
  onCustomer?: (evaluation: CustomerEvaluation, ledger: { customerName: string; sourceId: string; externalId: string }) => void;
}

/** What one evaluation of a tenant found. Nothing is sent: the outbox takes `actions` from here. */
export interface TenantEvaluation {
  tenantId: string;
  asOf: LocalDate;
  /** Sources too old to act on; when any, `actions` is empty (invariant 1). */
  stale: StaleSource[];
  customers: number;
  /** Customers per plan. */
  plans: Record<string, number>;
  /** Customers whose plan changed in this evaluation. */
  planChanges: number;
  /** Actions due on `asOf`, with the customer's name for people reading them. */
  actions: Array<PlannedAction & { customerName: string }>;
  /** Actions the staleness limit held back. */
  heldBack: number;
  /** When the day's actions fall due: `collections.sendAt` on `asOf` in the tenant's zone. */
  dueAt: string;
}

/** Assignments written per batch while the ledgers stream by. */
const assignmentBatch = 1000;

/**
 * The evaluate step: store data → metrics → risk → plan assignment (stored with the rule and the
 * inputs it saw) → today's schedule → planned actions. Customers stream page by page from the store.
 */
export async function evaluateTenant(options: EvaluateTenantOptions): Promise<TenantEvaluation> {
  const { store, tenant, asOf, at } = options;
  const run = collectionsRunFor(tenant, asOf);
  const stale = await staleSources(store, tenant, at);
  const current = new Map<string, PlanAssignment>();
  for (const a of await store.listPlanAssignments(tenant.id)) current.set(`${a.customerKey.sourceId}\u0000${a.customerKey.externalId}`, a);
  const dueAt = instantAtLocalTime(asOf, tenant.collections.sendAt, tenant.timeZone).toISOString();
  const result: TenantEvaluation = { tenantId: tenant.id, asOf, stale, customers: 0, plans: {}, planChanges: 0, actions: [], heldBack: 0, dueAt };
  const instant = at.toISOString();
  let pending: PlanAssignment[] = [];
  const flush = async () => {
    if (options.saveAssignments && pending.length > 0) await store.savePlanAssignments(tenant.id, pending);
    pending = [];
  };
  for await (const ledger of store.iterateCustomerLedgers(tenant.id)) {
    const c = ledger.customer;
    const previous = current.get(`${c.sourceId}\u0000${c.externalId}`) ?? null;
    const evaluation = evaluateCustomer(run, ledger, previous);
    const { decision } = evaluation;
    result.customers += 1;
    result.plans[decision.planId] = (result.plans[decision.planId] ?? 0) + 1;
    if (previous && previous.planId !== decision.planId) result.planChanges += 1;
    pending.push({
      tenantId: tenant.id,
      customerKey: { sourceId: c.sourceId, externalId: c.externalId },
      planId: decision.planId,
      ruleId: decision.ruleId,
      inputs: { ...evaluation.inputs, asOf, heldByHysteresis: decision.heldByHysteresis },
      since: previous && previous.planId === decision.planId ? previous.since : instant,
      evaluatedAt: instant,
    });
    if (pending.length >= assignmentBatch) await flush();
    const action = evaluation.schedule.action;
    if (action) {
      if (stale.length > 0) result.heldBack += 1;
      else result.actions.push({ ...action, customerName: c.name });
    }
    options.onCustomer?.(evaluation, { customerName: c.name, sourceId: c.sourceId, externalId: c.externalId });
  }
  await flush();
  return result;
}
