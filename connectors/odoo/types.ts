import { z } from 'zod';

/*
 * Raw Odoo shapes as the read format sends them (reference §2.5): `false` for any empty value,
 * many2one as [id, "display name"], dates as "YYYY-MM-DD", datetimes as naive UTC
 * "YYYY-MM-DD HH:MM:SS", amounts as JSON floats. Version-specific fields are optional. These never
 * leave connectors/odoo/.
 */

/** many2one with the classic load: [id, "display name"], or false when empty. The name is false when the record has none. */
export const odooMany2oneSchema = z.union([z.tuple([z.number().int().positive(), z.union([z.string(), z.literal(false)])]), z.literal(false)], {
  error: 'expected [id, "name"] or false',
});
export type OdooMany2one = z.infer<typeof odooMany2oneSchema>;

/** A char or text field: a string, or false when empty. */
export const odooCharSchema = z.union([z.string(), z.literal(false)], { error: 'expected text or false' });

/** A date field: "YYYY-MM-DD" or false. */
export const odooDateSchema = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.literal(false)], {
  error: 'expected a date as YYYY-MM-DD or false',
});

/** A datetime field: naive UTC "YYYY-MM-DD HH:MM:SS" (microseconds dropped by the server). */
export const odooDatetimeValueSchema = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, {
  error: 'expected a datetime as YYYY-MM-DD HH:MM:SS',
});

/** A float or monetary field. Odoo sends 0.0 rather than false, but false is tolerated as 0. */
export const odooAmountSchema = z.union([z.number().finite(), z.literal(false)], { error: 'expected a number' });

const idSchema = z.number({ error: 'expected a numeric id' }).int().positive();
const many2manySchema = z.array(z.number().int().positive(), { error: 'expected a list of ids' });

/** `res.partner` as the customers stream reads it. */
export const odooResPartnerSchema = z.object({
  id: idSchema,
  name: odooCharSchema,
  display_name: odooCharSchema.optional(),
  ref: odooCharSchema.optional(),
  email: odooCharSchema,
  phone: odooCharSchema,
  /** 16–18 only (removed in 19). */
  mobile: odooCharSchema.optional(),
  lang: odooCharSchema,
  vat: odooCharSchema,
  is_company: z.boolean(),
  parent_id: odooMany2oneSchema,
  company_id: odooMany2oneSchema,
  active: z.boolean(),
  user_id: odooMany2oneSchema,
  property_payment_term_id: odooMany2oneSchema,
  credit_limit: odooAmountSchema,
  trust: odooCharSchema,
  category_id: many2manySchema,
  write_date: odooDatetimeValueSchema,
});
export type OdooResPartner = z.infer<typeof odooResPartnerSchema>;

/** `res.partner.category` (customer tags). */
export const odooResPartnerCategorySchema = z.object({ id: idSchema, display_name: odooCharSchema });
export type OdooResPartnerCategory = z.infer<typeof odooResPartnerCategorySchema>;

/** `res.partner` read only to find a contact's commercial (company-level) partner. */
export const odooCommercialPartnerSchema = z.object({ id: idSchema, commercial_partner_id: odooMany2oneSchema });
export type OdooCommercialPartner = z.infer<typeof odooCommercialPartnerSchema>;

/** `res.company` read for its currency. */
export const odooResCompanySchema = z.object({ id: idSchema, currency_id: odooMany2oneSchema });
export type OdooResCompany = z.infer<typeof odooResCompanySchema>;

/** A receivable `account.move.line` (one installment of an invoice or credit note). */
export const odooAccountMoveLineSchema = z.object({
  id: idSchema,
  move_id: odooMany2oneSchema,
  partner_id: odooMany2oneSchema,
  company_id: odooMany2oneSchema,
  currency_id: odooMany2oneSchema,
  company_currency_id: odooMany2oneSchema,
  date: odooDateSchema,
  date_maturity: odooDateSchema,
  amount_currency: odooAmountSchema,
  amount_residual_currency: odooAmountSchema,
  balance: odooAmountSchema,
  amount_residual: odooAmountSchema,
  reconciled: z.boolean(),
  parent_state: z.string(),
  write_date: odooDatetimeValueSchema,
  /** 16/17 "No Follow-up" flag (Odoo's help text calls it litigation). */
  blocked: z.boolean().optional(),
  /** 19 (Community) "No Follow-up" flag. */
  no_followup: z.boolean().optional(),
});
export type OdooAccountMoveLine = z.infer<typeof odooAccountMoveLineSchema>;

/** The receivable lines of a move, read to number installments. */
export const odooInstallmentLineSchema = z.object({
  id: idSchema,
  move_id: odooMany2oneSchema,
  date_maturity: odooDateSchema,
});
export type OdooInstallmentLine = z.infer<typeof odooInstallmentLineSchema>;

/** An `account.move` header (invoice, credit note, receipt). */
export const odooAccountMoveSchema = z.object({
  id: idSchema,
  name: odooCharSchema,
  move_type: z.string(),
  state: z.string(),
  invoice_date: odooDateSchema,
  date: odooDateSchema,
  currency_id: odooMany2oneSchema,
  payment_state: odooCharSchema,
  write_date: odooDatetimeValueSchema,
});
export type OdooAccountMove = z.infer<typeof odooAccountMoveSchema>;

/** `account.payment` (16/17 inherit the move's state and ref; 18+ have their own state and memo). */
export const odooAccountPaymentSchema = z.object({
  id: idSchema,
  name: odooCharSchema,
  date: odooDateSchema,
  state: z.string(),
  /** 16/17. */
  ref: odooCharSchema.optional(),
  /** 18+. */
  memo: odooCharSchema.optional(),
  payment_reference: odooCharSchema,
  amount: odooAmountSchema,
  currency_id: odooMany2oneSchema,
  amount_company_currency_signed: odooAmountSchema,
  partner_id: odooMany2oneSchema,
  company_id: odooMany2oneSchema,
  journal_id: odooMany2oneSchema,
  /** Required in 16/17; 18+ payments may have no journal entry (false). */
  move_id: odooMany2oneSchema,
  write_date: odooDatetimeValueSchema,
});
export type OdooAccountPayment = z.infer<typeof odooAccountPaymentSchema>;

/** `account.partial.reconcile`: one matching of a debit line with a credit line. */
export const odooAccountPartialReconcileSchema = z.object({
  id: idSchema,
  debit_move_id: odooMany2oneSchema,
  credit_move_id: odooMany2oneSchema,
  amount: odooAmountSchema,
  max_date: odooDateSchema,
  company_id: odooMany2oneSchema,
  write_date: odooDatetimeValueSchema,
});
export type OdooAccountPartialReconcile = z.infer<typeof odooAccountPartialReconcileSchema>;

/** Either side of a partial, read to say what settled the receivable. */
export const odooMatchedLineSchema = z.object({
  id: idSchema,
  move_id: odooMany2oneSchema,
  payment_id: odooMany2oneSchema,
  company_currency_id: odooMany2oneSchema,
});
export type OdooMatchedLine = z.infer<typeof odooMatchedLineSchema>;

/** A move read only for its type. */
export const odooMoveTypeSchema = z.object({ id: idSchema, move_type: z.string() });
export type OdooMoveType = z.infer<typeof odooMoveTypeSchema>;

/** A move read only for when it last changed (a payment's journal entry). */
export const odooMoveStampSchema = z.object({ id: idSchema, write_date: odooDatetimeValueSchema });
export type OdooMoveStamp = z.infer<typeof odooMoveStampSchema>;

/** `common.version` (JSON-RPC) result. */
export const odooCommonVersionSchema = z.object({
  server_version: z.string(),
  server_version_info: z.array(z.union([z.number(), z.string()])).min(1),
});
export type OdooCommonVersion = z.infer<typeof odooCommonVersionSchema>;

/** `GET /web/version` (19+) result. */
export const odooWebVersionSchema = z.object({
  version: z.string(),
  version_info: z.array(z.union([z.number(), z.string()])).min(1),
});
export type OdooWebVersion = z.infer<typeof odooWebVersionSchema>;

/** The `error` member of a JSON-RPC response, and the body of a JSON-2 error (its `data` part). */
export const odooErrorDataSchema = z.object({
  name: z.string().optional(),
  message: z.string().optional(),
  arguments: z.array(z.unknown()).optional(),
  debug: z.string().optional(),
});
export type OdooErrorData = z.infer<typeof odooErrorDataSchema>;

export const odooJsonRpcErrorSchema = z.object({
  code: z.number().optional(),
  message: z.string().optional(),
  data: odooErrorDataSchema.optional(),
});
export type OdooJsonRpcError = z.infer<typeof odooJsonRpcErrorSchema>;
