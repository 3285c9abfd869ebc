import { z } from 'zod';
import { localDateSchema } from '../../core/time/local-date';

/**
 * Where an ECC or S/4HANA stream's pull stands. Neither the AR BAPIs nor the OData cube have a delta
 * of open items: each pass reads every customer's open items at today's key date and the items
 * cleared since the last pass's key date (minus a look-back).
 *
 * - `keyDate`: key date of the last COMPLETED pass (null before the first); the cleared-items
 *   window of the next pass starts there.
 * - `open` (receivables only): the snapshot, per "companyCode/customer", of the receivable item
 *   keys ("year/doc/item") open at the last pass. The connector cannot read the store, so the
 *   snapshot travels in the cursor, saved with each page: an item that left the open list and is not
 *   among the cleared items is reported (quarantined with its reason) instead of staying "open".
 * - `pass`: a pass under way (after a crash or SIGTERM it resumes after `after` on the same key date).
 */
export const sapSnapshotCursorSchema = z
  .object({
    keyDate: localDateSchema.nullable(),
    open: z.record(z.string(), z.array(z.string())).optional(),
    pass: z.object({ keyDate: localDateSchema, after: z.string() }).strict().optional(),
  })
  .strict();
export type SapSnapshotCursor = z.infer<typeof sapSnapshotCursorSchema>;

/**
 * Where a Business One stream stands: per Service Layer resource (Invoices, CreditNotes…), the
 * latest UpdateDate stored. The next pass asks `UpdateDate ge` that day minus the overlap (the
 * field has day precision); the store's idempotent upserts absorb the rows read twice.
 */
export const sapB1CursorSchema = z
  .object({
    updatedOn: z.record(z.string(), localDateSchema),
  })
  .strict();
export type SapB1Cursor = z.infer<typeof sapB1CursorSchema>;

/** A stored SAP cursor, whichever flavour wrote it. */
export const sapCursorSchema = z.union([sapSnapshotCursorSchema, sapB1CursorSchema]);
export type SapCursor = z.infer<typeof sapCursorSchema>;
