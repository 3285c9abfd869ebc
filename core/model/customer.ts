import { z } from 'zod';
import { moneySchema } from '../money/money';
import { localDateSchema } from '../time/local-date';
import { recordKeyShape } from './record-key';

/** A customer (the company-level partner that receivables are dunned against). */
export const customerSchema = z.object({
  ...recordKeyShape,
  name: z.string().min(1),
  /** Addresses reminders go to, first one preferred. */
  emails: z.array(z.string().email()),
  phone: z.string().nullable(),
  /** Language for messages, as an IETF tag ("fr", "en-GB"). */
  language: z.string().nullable(),
  vatId: z.string().nullable(),
  /** The ERP's payment terms, by code and label. */
  paymentTerms: z.object({ code: z.string(), name: z.string() }).nullable(),
  creditLimit: moneySchema.nullable(),
  tags: z.array(z.string()),
  segment: z.string().nullable(),
  salesRep: z.string().nullable(),
  /** The ERP's own risk rating, as the ERP spells it (Odoo trust, Sage risk code, SAP risk class). */
  erpRiskCode: z.string().nullable(),
  /** The ERP says: never dun this customer. */
  dunningBlocked: z.boolean(),
  /** The ERP company (Odoo company, Sage database, SAP company code) when a source spans several. */
  companyId: z.string().nullable(),
  active: z.boolean(),
  /** The last day someone (a reminder, a call) contacted the customer about payment; optional for connectors that do not know it. */
  lastContactedOn: localDateSchema.nullable().optional(),
});
export type Customer = z.infer<typeof customerSchema>;
