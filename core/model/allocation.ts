import { z } from 'zod';
import { minorUnitsSchema } from '../money/money';
import { currencyCodeSchema } from '../money/currency';
import { localDateSchema } from '../time/local-date';
import { recordKeyShape } from './record-key';

/**
 * A payment or credit note applied to a receivable (a lettering, a reconciliation). Allocations give
 * each receivable its paid date, which DSO and risk need.
 */
export const allocationSchema = z.object({
  ...recordKeyShape,
  /** The receivable that was settled (in part or in full). */
  receivableExternalId: z.string().min(1),
  /** What settled it: a payment, a credit note (itself a receivable) or something else (write-off, exchange). */
  appliedFrom: z.enum(['payment', 'credit_note', 'other']),
  /** External id of the payment or credit-note receivable, when known. */
  appliedFromExternalId: z.string().nullable(),
  allocatedOn: localDateSchema,
  /** Amount settled, positive, in the company currency. */
  companyCurrency: currencyCodeSchema,
  amountCompany: minorUnitsSchema,
});
export type Allocation = z.infer<typeof allocationSchema>;
