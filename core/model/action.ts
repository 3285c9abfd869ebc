import { z } from 'zod';
import { instantSchema } from '../time/instant';
import { slugSchema } from './record-key';

export const channelSchema = z.enum(['erp', 'email', 'sms', 'letter', 'webhook', 'call_task']);
export type Channel = z.infer<typeof channelSchema>;

/**
 * planned → dispatching → sent | failed | skipped | cancelled; `unknown` when a crash hid whether a
 * customer message went out (a person resolves it: a duplicate reminder is worse than a late one).
 */
export const actionStatusSchema = z.enum(['planned', 'awaiting_approval', 'dispatching', 'sent', 'failed', 'skipped', 'cancelled', 'unknown']);
export type ActionStatus = z.infer<typeof actionStatusSchema>;

/** One thing to do for a customer at one plan step: a message, an ERP write-back, a task. */
export const actionSchema = z.object({
  /** Derived from (tenant, customer, plan, step, cycle): the outbox inserts if absent. */
  id: z.string().min(1),
  tenantId: slugSchema,
  customerKey: z.object({ sourceId: slugSchema, externalId: z.string().min(1) }),
  receivableExternalIds: z.array(z.string().min(1)).min(1),
  planId: z.string().min(1),
  stepId: z.string().min(1),
  cycle: z.string().min(1),
  channel: channelSchema,
  dueAt: instantSchema,
  status: actionStatusSchema,
  attempts: z.number().int().nonnegative(),
  providerReference: z.string().nullable(),
  /** Why it was planned, skipped or failed, in words a credit manager reads. */
  reason: z.string().nullable(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  /** When the last send began (status dispatching written); null before the first attempt. */
  dispatchingAt: instantSchema.nullable().optional(),
  /** When it reached sent, failed, skipped or cancelled. */
  finishedAt: instantSchema.nullable().optional(),
});
export type Action = z.infer<typeof actionSchema>;

/** The statuses an action does not leave on its own. */
export const finalActionStatuses: readonly ActionStatus[] = ['sent', 'failed', 'skipped', 'cancelled'];
