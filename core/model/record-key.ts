import { z } from 'zod';
import { instantSchema } from '../time/instant';

/** A tenant or source id: lower-case slug, safe in keys, file names, queue names and metrics labels. */
export const slugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected a lower-case id of letters, digits, "-" or "_" (at most 63)');

/** The fields every synced record carries; its primary key is (tenantId, sourceId, externalId). */
export const recordKeyShape = {
  /** The tenant (client company) this record belongs to. */
  tenantId: slugSchema,
  /** Which configured connection the record came from. */
  sourceId: slugSchema,
  /** The ERP's own key, as text. */
  externalId: z.string().min(1).max(200),
  /** When the ERP last changed the record (its write date), UTC. */
  sourceUpdatedAt: instantSchema,
};

export type RecordKey = { tenantId: string; sourceId: string; externalId: string };

/** The streams a connector can offer, one per synced record type. */
export const streamNameSchema = z.enum(['customers', 'receivables', 'payments', 'allocations']);
export type StreamName = z.infer<typeof streamNameSchema>;
