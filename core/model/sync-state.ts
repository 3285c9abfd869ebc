import { z } from 'zod';
import { instantSchema } from '../time/instant';
import { slugSchema, streamNameSchema } from './record-key';

/** Where a stream's incremental pull stands, per (tenant, source, stream). */
export const syncStateSchema = z.object({
  tenantId: slugSchema,
  sourceId: slugSchema,
  stream: streamNameSchema,
  /** The connector's own cursor, validated by its cursor schema; null before the first page. */
  cursor: z.unknown().nullable(),
  lastSuccessAt: instantSchema.nullable(),
  /** When the latest page was stored. */
  updatedAt: instantSchema,
  /** Records stored for the stream (each key counted once, when first stored) and rows in quarantine now. */
  recordCount: z.number().int().nonnegative(),
  quarantinedCount: z.number().int().nonnegative(),
});
export type SyncState = z.infer<typeof syncStateSchema>;
