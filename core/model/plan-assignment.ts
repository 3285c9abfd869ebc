import { z } from 'zod';
import { instantSchema } from '../time/instant';
import { slugSchema } from './record-key';

/** Which dunning plan a customer is on, and why (invariant 7: every decision is explainable). */
export const planAssignmentSchema = z.object({
  tenantId: slugSchema,
  customerKey: z.object({ sourceId: slugSchema, externalId: z.string().min(1) }),
  planId: z.string().min(1),
  /** The rule that matched, or null when the tenant's default plan applied. */
  ruleId: z.string().nullable(),
  /** The metric values and flags the rule saw when it matched. */
  inputs: z.record(z.string(), z.unknown()),
  since: instantSchema,
  evaluatedAt: instantSchema,
});
export type PlanAssignment = z.infer<typeof planAssignmentSchema>;
