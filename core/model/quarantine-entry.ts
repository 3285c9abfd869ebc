import { z } from 'zod';
import { instantSchema } from '../time/instant';
import { slugSchema, streamNameSchema } from './record-key';

/** An ERP row that could not become a record, kept with the reason (invariant 5). */
export const quarantineEntrySchema = z.object({
  tenantId: slugSchema,
  sourceId: slugSchema,
  stream: streamNameSchema,
  /** The ERP key when the row had one; otherwise a hash of the row. */
  externalId: z.string().min(1),
  /** What was wrong, for a person: "dueDate: expected a date as YYYY-MM-DD (got false)". */
  reason: z.string().min(1),
  /** The raw row as the ERP sent it. */
  raw: z.unknown(),
  firstSeenAt: instantSchema,
  lastSeenAt: instantSchema,
});
export type QuarantineEntry = z.infer<typeof quarantineEntrySchema>;
