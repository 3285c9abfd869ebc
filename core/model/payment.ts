import { z } from 'zod';
import { currencyCodeSchema } from '../money/currency';
import { minorUnitsSchema } from '../money/money';
import { localDateSchema } from '../time/local-date';
import { recordKeyShape } from './record-key';

/** Money received from a customer. Amounts are positive. */
export const paymentSchema = z.object({
  ...recordKeyShape,
  customerExternalId: z.string().min(1),
  reference: z.string().nullable(),
  receivedOn: localDateSchema,
  currency: currencyCodeSchema,
  amount: minorUnitsSchema,
  companyCurrency: currencyCodeSchema,
  amountCompany: minorUnitsSchema,
  status: z.enum(['posted', 'cancelled']),
  method: z.string().nullable(),
  companyId: z.string().nullable(),
});
export type Payment = z.infer<typeof paymentSchema>;
