import { today } from '../../core/time/local-date';
import type { TenantConfig } from '../../config/tenant-config';
import { evaluateTenant } from '../rules/evaluate-tenant';
import type { StepContext } from './step-context';

/** What an evaluate step found, as a job's return value. */
export interface EvaluateStepResult {
  asOf: string;
  customers: number;
  /** Actions due today, for the dispatch step. */
  actions: number;
  /** Actions held back because a source is older than the staleness limit. */
  heldBack: number;
  staleSources: string[];
}

/**
 * The evaluate step, run after the sync of the same window: plan assignments from what the ERP says
 * now (a dispute, a block, a payment entered by a user has just been pulled), stored with their rule
 * and inputs; today's actions are counted, and the dispatch step takes them from the store.
 */
export async function runEvaluateStep(ctx: StepContext, tenant: TenantConfig): Promise<EvaluateStepResult> {
  const at = ctx.clock.now();
  const asOf = today(ctx.clock, tenant.timeZone);
  const evaluation = await evaluateTenant({ store: ctx.store, tenant, asOf, at, saveAssignments: true });
  return {
    asOf,
    customers: evaluation.customers,
    actions: evaluation.actions.length,
    heldBack: evaluation.heldBack,
    staleSources: evaluation.stale.map((s) => s.sourceId),
  };
}
