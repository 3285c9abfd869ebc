import { z } from 'zod';

/** cbModification as the server wrote it: naive server-local time, minute precision on smalldatetime. */
export const sageDatetimeSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'expected a datetime as YYYY-MM-DD HH:MM:SS');

/**
 * Where a stream's pull stands, per table. Two scans, each with its own mark:
 * - `maxMarq`: the highest cbMarq the insert scan (cbMarq order) has read: new rows are caught by it,
 *   even when their cbModification is NULL or older than the watermark;
 * - `watermark`: the highest cbModification the change scan ((cbModification, cbMarq) order) has read,
 *   on the SERVER's clock; the next run re-reads from it minus the overlap.
 * On a first run the watermark is the table's MAX(cbModification) read before the insert scan, so a
 * row changed during a long full load is read again by the change scan.
 */
export const sage100CursorSchema = z
  .object({
    maxMarq: z.number().int().nonnegative(),
    watermark: sageDatetimeSchema.nullable(),
  })
  .strict();
export type Sage100Cursor = z.infer<typeof sage100CursorSchema>;
