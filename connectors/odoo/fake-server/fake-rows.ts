/**
 * The rows the fake Odoo keeps in memory: one superset per model, independent of the version played.
 * Values are internal: many2one as an id or false, x2many as id arrays, datetimes as epoch ms, dates as
 * "YYYY-MM-DD" or false. The per-version schema (model-schema.ts) decides which fields exist on the
 * wire, under which name, and how they read.
 */

/** Log-access columns every model has. */
export interface BaseRow {
  id: number;
  create_date: number;
  write_date: number;
  create_uid: number;
  write_uid: number;
}

/** A company-dependent value per company id (Odoo's `company_dependent=True`); missing means unset. */
export type PerCompany<T> = Record<number, T>;

export type Falsy<T> = T | false;

export interface CompanyRow extends BaseRow {
  name: string;
  currency_id: number;
  partner_id: number;
}

export interface CurrencyRow extends BaseRow {
  name: string;
  full_name: string;
  symbol: string;
  decimal_places: number;
  rounding: number;
  position: 'before' | 'after';
  active: boolean;
}

export interface UserRow extends BaseRow {
  name: string;
  login: string;
  active: boolean;
  company_id: number;
  company_ids: number[];
}

export interface PartnerCategoryRow extends BaseRow {
  name: string;
  color: number;
  active: boolean;
}

/** One installment of a payment term: a share of the total due `days` after the invoice date. */
export interface PaymentTermInstallment {
  percent: number;
  days: number;
  /** Due at the end of the month reached after `days`. */
  endOfMonth?: boolean;
}

export interface PaymentTermRow extends BaseRow {
  name: string;
  active: boolean;
  /** Not an Odoo field: the schedule the generator and addInvoice apply. */
  schedule: PaymentTermInstallment[];
}

export interface AccountRow extends BaseRow {
  code: string;
  name: string;
  account_type: string;
  reconcile: boolean;
  company_id: number;
}

export interface JournalRow extends BaseRow {
  name: string;
  code: string;
  type: 'sale' | 'bank' | 'cash' | 'general' | 'purchase';
  company_id: number;
}

export interface PartnerRow extends BaseRow {
  name: string;
  email: Falsy<string>;
  phone: Falsy<string>;
  mobile: Falsy<string>;
  lang: Falsy<string>;
  tz: Falsy<string>;
  vat: Falsy<string>;
  ref: Falsy<string>;
  street: Falsy<string>;
  zip: Falsy<string>;
  city: Falsy<string>;
  type: 'contact' | 'invoice' | 'delivery' | 'other';
  is_company: boolean;
  parent_id: Falsy<number>;
  commercial_partner_id: number;
  company_id: Falsy<number>;
  active: boolean;
  user_id: Falsy<number>;
  category_id: number[];
  property_payment_term_id: PerCompany<number>;
  credit_limit: PerCompany<number>;
  trust: PerCompany<'good' | 'normal' | 'bad'>;
  customer_rank: number;
}

export type MoveType = 'entry' | 'out_invoice' | 'out_refund' | 'in_invoice' | 'in_refund' | 'out_receipt' | 'in_receipt';
/** payment_state as computed from the lines; the 18+ manual `blocked` is kept apart in `payment_blocked`. */
export type ComputedPaymentState = 'not_paid' | 'partial' | 'paid' | 'reversed' | 'in_payment' | 'invoicing_legacy';

export interface MoveRow extends BaseRow {
  name: string;
  ref: Falsy<string>;
  payment_reference: Falsy<string>;
  move_type: MoveType;
  state: 'draft' | 'posted' | 'cancel';
  journal_id: number;
  invoice_date: Falsy<string>;
  invoice_date_due: Falsy<string>;
  date: string;
  partner_id: Falsy<number>;
  commercial_partner_id: Falsy<number>;
  company_id: number;
  currency_id: Falsy<number>;
  company_currency_id: number;
  invoice_payment_term_id: Falsy<number>;
  invoice_user_id: Falsy<number>;
  reversed_entry_id: Falsy<number>;
  /** `payment_id` in 16/17, `origin_payment_id` from 18. */
  origin_payment_id: Falsy<number>;
  line_ids: number[];
  matched_payment_ids: number[];
  amount_total: number;
  amount_residual: number;
  amount_total_signed: number;
  amount_residual_signed: number;
  amount_total_in_currency_signed: number;
  payment_state: ComputedPaymentState;
  /** 18+: the manual payment_state `blocked` (a dispute), kept across recomputes. */
  payment_blocked: boolean;
}

export interface MoveLineRow extends BaseRow {
  move_id: number;
  move_name: string;
  name: Falsy<string>;
  parent_state: 'draft' | 'posted' | 'cancel';
  journal_id: number;
  date: string;
  invoice_date: Falsy<string>;
  date_maturity: Falsy<string>;
  account_id: number;
  partner_id: Falsy<number>;
  company_id: number;
  currency_id: Falsy<number>;
  company_currency_id: number;
  debit: number;
  credit: number;
  balance: number;
  amount_currency: number;
  amount_residual: number;
  amount_residual_currency: number;
  reconciled: boolean;
  full_reconcile_id: Falsy<number>;
  matched_debit_ids: number[];
  matched_credit_ids: number[];
  display_type: Falsy<string>;
  /** The "No Follow-up" flag: `blocked` in 16/17, `no_followup` in 19. */
  followup_blocked: boolean;
}

/** State of a payment in 18+ terms; 16/17 read it through the move (draft/posted/cancel). */
export type PaymentState = 'draft' | 'in_process' | 'paid' | 'canceled' | 'rejected';

export interface PaymentRow extends BaseRow {
  name: string;
  date: string;
  state: PaymentState;
  /** `ref` in 16/17 (the move's), `memo` from 18. */
  memo: Falsy<string>;
  payment_reference: Falsy<string>;
  amount: number;
  amount_signed: number;
  amount_company_currency_signed: number;
  currency_id: number;
  partner_id: Falsy<number>;
  payment_type: 'inbound' | 'outbound';
  partner_type: 'customer' | 'supplier';
  journal_id: number;
  company_id: number;
  move_id: Falsy<number>;
  is_reconciled: boolean;
  invoice_ids: number[];
}

export interface PartialReconcileRow extends BaseRow {
  debit_move_id: number;
  credit_move_id: number;
  amount: number;
  debit_amount_currency: number;
  credit_amount_currency: number;
  debit_currency_id: number;
  credit_currency_id: number;
  full_reconcile_id: Falsy<number>;
  max_date: string;
  company_id: number;
}

export interface FullReconcileRow extends BaseRow {
  name: string;
  partial_reconcile_ids: number[];
  reconciled_line_ids: number[];
}

/** A chatter message, as message_post leaves it (only what write-back tests look at). */
export interface MailMessageRow extends BaseRow {
  model: string;
  res_id: number;
  /** HTML as stored: 17+ escape a body not flagged body_is_html. */
  body: string;
  message_type: string;
  /** mail.mt_note / mail.mt_comment; the fake has no mail.message.subtype table, so kept by xmlid, off the wire. */
  subtype_xmlid: Falsy<string>;
}

/** A scheduled activity, as activity_schedule leaves it. */
export interface MailActivityRow extends BaseRow {
  res_model: string;
  res_id: number;
  /** The type's xmlid; the fake has no mail.activity.type table, so kept off the wire. */
  act_type_xmlid: string;
  summary: string;
  note: string;
  date_deadline: string;
  user_id: number;
  automated: boolean;
}

/** Model name → row type. */
export interface FakeRowTypes {
  'res.company': CompanyRow;
  'res.currency': CurrencyRow;
  'res.users': UserRow;
  'res.partner.category': PartnerCategoryRow;
  'account.payment.term': PaymentTermRow;
  'account.account': AccountRow;
  'account.journal': JournalRow;
  'res.partner': PartnerRow;
  'account.move': MoveRow;
  'account.move.line': MoveLineRow;
  'account.payment': PaymentRow;
  'account.partial.reconcile': PartialReconcileRow;
  'account.full.reconcile': FullReconcileRow;
  'mail.message': MailMessageRow;
  'mail.activity': MailActivityRow;
}

export type FakeModelName = keyof FakeRowTypes;

export const fakeModelNames: readonly FakeModelName[] = [
  'res.company',
  'res.currency',
  'res.users',
  'res.partner.category',
  'account.payment.term',
  'account.account',
  'account.journal',
  'res.partner',
  'account.move',
  'account.move.line',
  'account.payment',
  'account.partial.reconcile',
  'account.full.reconcile',
  'mail.message',
  'mail.activity',
];
