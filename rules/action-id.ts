import { createHash } from 'node:crypto';

/** What makes an action unique: one message per customer, plan step and cycle (invariant 2). */
export interface ActionIdParts {
  tenantId: string;
  customerSourceId: string;
  customerExternalId: string;
  planId: string;
  stepId: string;
  cycle: string;
}

/**
 * The action's id, derived only from its parts: however often the schedule runs, the same step of the
 * same cycle gets the same id, and the outbox inserts it only if absent. JSON keeps the parts apart
 * (no "a|b" + "c" = "a" + "b|c" collision).
 */
export function actionId(parts: ActionIdParts): string {
  const key = JSON.stringify([parts.tenantId, parts.customerSourceId, parts.customerExternalId, parts.planId, parts.stepId, parts.cycle]);
  return `act_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}
