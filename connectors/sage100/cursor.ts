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
 * - `relatedWatermark`: the same for the rows of other tables that change a stream's records (the
 *   recouvrement tables for receivables), read as MAX(cbModification) at the start of the run;
 * - `sweep`: when the last sweep ran (our clock: it schedules, it compares no server data) and the
 *   signature of each cbMarq bucket it saw.
 * The last two are optional so that cursors saved before them stay valid.
 */
export const sage100CursorSchema = z
  .object({
    maxMarq: z.number().int().nonnegative(),
    watermark: sageDatetimeSchema.nullable(),
    relatedWatermark: sageDatetimeSchema.nullable().optional(),
    sweep: z
      .object({
        at: z.iso.datetime(),
        /** Bucket number (cbMarq / bucket size) → a short hash of its count and checksums. */
        buckets: z.record(z.string().regex(/^\d+$/), z.string()),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Sage100Cursor = z.infer<typeof sage100CursorSchema>;
