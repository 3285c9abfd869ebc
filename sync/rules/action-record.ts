import { actionSchema, type Action } from '../../core/model';
import type { PlannedAction } from '../../rules/plan-schedule';

/**
 * The outbox record of a planned action (issue #7 inserts it if absent, by id): validated by the
 * model, status planned or awaiting approval, no attempt yet. Amounts and the dossier stay with the
 * planned action; the record keeps what dispatch needs and the reason a person reads.
 */
export function actionRecordOf(planned: PlannedAction, dueAt: Date, now: Date): Action {
  return actionSchema.parse({
    id: planned.id,
    tenantId: planned.tenantId,
    customerKey: planned.customerKey,
    receivableExternalIds: planned.items.map((item) => item.externalId),
    planId: planned.planId,
    stepId: planned.stepId,
    cycle: planned.cycle,
    channel: planned.channel,
    dueAt: dueAt.toISOString(),
    status: planned.status,
    attempts: 0,
    providerReference: null,
    reason: planned.reason,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
}
