import { z } from 'zod';
import { currencyCodeSchema } from '../money/currency';
import { minorUnitsSchema } from '../money/money';
import { localDateSchema } from '../time/local-date';
import { recordKeyShape } from './record-key';

export const receivableKindSchema = z.enum(['invoice', 'credit_note', 'debit_note']);
export type ReceivableKind = z.infer<typeof receivableKindSchema>;

export const receivableStatusSchema = z.enum(['open', 'partially_paid', 'paid', 'cancelled']);
export type ReceivableStatus = z.infer<typeof receivableStatusSchema>;

/**
 * One installment of an invoice, credit note or debit note: the unit of dunning. Amounts are signed
 * from the company's side: what the customer owes is positive, a credit note is negative.
 */
export const receivableSchema = z.object({
  ...recordKeyShape,
  customerExternalId: z.string().min(1),
  /** The document number the customer sees (INV/2026/00042). */
  number: z.string().min(1),
  kind: receivableKindSchema,
  /** The ERP id of the whole document (invoice), shared by its installments. */
  documentExternalId: z.string().nullable(),
  /** 1-based installment position and count, null when the document has a single due date. */
  installment: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).nullable(),
  issueDate: localDateSchema,
  dueDate: localDateSchema,
  /** Transaction currency and amounts in it. */
  currency: currencyCodeSchema,
  amount: minorUnitsSchema,
  openAmount: minorUnitsSchema,
  /** Company (functional) currency and amounts in it. */
  companyCurrency: currencyCodeSchema,
  amountCompany: minorUnitsSchema,
  openAmountCompany: minorUnitsSchema,
  status: receivableStatusSchema,
  dispute: z.object({
    disputed: z.boolean(),
    reason: z.string().nullable(),
    since: localDateSchema.nullable(),
  }),
  /** The ERP says: do not dun this item. */
  dunningBlocked: z.boolean(),
  erpDunningLevel: z.number().int().nonnegative().nullable(),
  /**
   * The customer promised to pay `amount` (company currency, minor units) by `until`: no reminder until
   * that day has passed. Optional so that connectors without promises need not set it.
   */
  promiseToPay: z.object({ amount: minorUnitsSchema, until: localDateSchema }).nullable().optional(),
  lastDunnedOn: localDateSchema.nullable(),
  companyId: z.string().nullable(),
});
export type Receivable = z.infer<typeof receivableSchema>;
