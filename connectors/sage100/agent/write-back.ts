import { z } from 'zod';
import { localDateSchema } from '../../../core/time/local-date';

/**
 * The write-backs the Sage agent accepts (AGENT.md), one zod schema per kind: the single source of truth
 * for the client here and for the agent's own validation (its JSON Schema is generated from these).
 */
export const sageWriteBackSchema = z.discriminatedUnion('kind', [
  z.object({
    /** Sets the reminder level and date of an entry (F_ECRITUREC.EC_Rappel / EC_DateRelance). */
    kind: z.literal('set_dunning_level'),
    entryNo: z.number().int().positive(),
    level: z.number().int().min(0).max(99),
    date: localDateSchema,
  }).strict(),
  z.object({
    /** Adds a note to a customer's collection history, optionally about one entry. */
    kind: z.literal('add_note'),
    customer: z.string().min(1).max(17),
    entryNo: z.number().int().positive().nullable().default(null),
    text: z.string().min(1).max(1000),
  }).strict(),
  z.object({
    /** Flags an entry as disputed (or clears the flag), with the reason. */
    kind: z.literal('set_dispute'),
    entryNo: z.number().int().positive(),
    disputed: z.boolean(),
    reason: z.string().max(69).nullable().default(null),
  }).strict(),
  z.object({
    /** Sets the customer's "no reminder" flag (F_COMPTET.CT_NotRappel). */
    kind: z.literal('set_dunning_block'),
    customer: z.string().min(1).max(17),
    blocked: z.boolean(),
  }).strict(),
]);
export type SageWriteBack = z.infer<typeof sageWriteBackSchema>;

/** The agent's answer to a write-back. */
export const sageWriteBackResultSchema = z.object({
  actionId: z.string(),
  /** applied: done now; already_applied: this action id was done before (the replay is a no-op). */
  status: z.enum(['applied', 'already_applied']),
  /** What Sage calls the change, when it has one (a history line number), for the audit log. */
  reference: z.string().nullable(),
});
export type SageWriteBackResult = z.infer<typeof sageWriteBackResultSchema>;

/** GET /v1/health. */
export const sageAgentHealthSchema = z.object({
  agentVersion: z.string(),
  /** The Sage version the agent's Objets Métiers talk to. */
  sageVersion: z.string(),
  /** The company (database) the agent has open. */
  company: z.string(),
});
export type SageAgentHealth = z.infer<typeof sageAgentHealthSchema>;
