import { today } from '../../core/time/local-date';
import type { TenantConfig } from '../../config/tenant-config';
import { actionRecordOf } from '../rules/action-record';
import { evaluateTenant } from '../rules/evaluate-tenant';
import type { StepContext } from './step-context';

/** What an evaluate step found, as a job's return value. */
export interface EvaluateStepResult {
  asOf: string;
  customers: number;
  /** Actions due today. */
  actions: number;
  /** Of those, the ones new to the outbox (the others were already there: ids are deterministic). */
  enqueued: number;
  /** Actions held back because a source is older than the staleness limit. */
  heldBack: number;
  staleSources: string[];
}

/**
 * The evaluate step, run after the sync of the same window: plan assignments from what the ERP says
 * now (a dispute, a block, a payment entered by a user has just been pulled), stored with their rule
 * and inputs; today's actions go into the outbox if absent by id, where the dispatch step finds them.
 */
export async function runEvaluateStep(ctx: StepContext, tenant: TenantConfig): Promise<EvaluateStepResult> {
  const at = ctx.clock.now();
  const asOf = today(ctx.clock, tenant.timeZone);
  const evaluation = await evaluateTenant({ store: ctx.store, tenant, asOf, at, saveAssignments: true });
  const dueAt = new Date(evaluation.dueAt);
  const enqueued = await ctx.store.enqueueActions(tenant.id, evaluation.actions.map((a) => actionRecordOf(a, dueAt, at)));
  return {
    asOf,
    enqueued: enqueued.length,
    customers: evaluation.customers,
    actions: evaluation.actions.length,
    heldBack: evaluation.heldBack,
    staleSources: evaluation.stale.map((s) => s.sourceId),
  };
}
