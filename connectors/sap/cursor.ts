import { z } from 'zod';
import { localDateSchema } from '../../core/time/local-date';

/**
 * Where an ECC or S/4HANA stream's pull stands. Neither the AR BAPIs nor the OData cube have a delta
 * of open items: each pass reads every customer's open items at today's key date and the items
 * cleared since the last pass's key date (minus a look-back). What is gone from SAP altogether is
 * found by the deletions sweep (`liveKeys`), not by the cursor.
 *
 * - `keyDate`: key date of the last COMPLETED pass (null before the first); the cleared-items
 *   window of the next pass starts there.
 * - `pass`: a pass under way (after a crash or SIGTERM it resumes after `after` on the same key date).
 * - `open`: written until 2026-12 (the snapshot of open item keys per customer, which grew with the
 *   ledger); a stored cursor that still has it parses, and the field is dropped: it is not written again.
 */
export const sapSnapshotCursorSchema = z
  .object({
    keyDate: localDateSchema.nullable(),
    open: z.unknown().optional().transform(() => undefined),
    pass: z.object({ keyDate: localDateSchema, after: z.string() }).strict().optional(),
  })
  .strict()
  .transform(({ keyDate, pass }) => ({ keyDate, ...(pass ? { pass } : {}) }));
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
