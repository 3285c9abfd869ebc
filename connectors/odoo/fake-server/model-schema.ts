import type { FakeDatabase } from './fake-database';
import type { BaseRow, FakeModelName, MoveLineRow, MoveRow, PartnerRow, PaymentRow, PartialReconcileRow } from './fake-rows';
import type { OdooVersion } from './odoo-version';

export type FieldType =
  | 'char'
  | 'text'
  | 'selection'
  | 'boolean'
  | 'integer'
  | 'float'
  | 'monetary'
  | 'date'
  | 'datetime'
  | 'many2one'
  | 'one2many'
  | 'many2many';

/** What a computed field sees: the database and the request's companies (company-dependent values). */
export interface ComputeEnv {
  db: FakeDatabase;
  version: OdooVersion;
  /** env.company: the first of allowed_company_ids, else the user's company. */
  company: number;
  /** env.companies. */
  companies: readonly number[];
}

type AnyRow = BaseRow & Record<string, unknown>;

/** A field as one Odoo version exposes it. */
export interface FieldDef {
  name: string;
  type: FieldType;
  /** The label fields_get reports. */
  string: string;
  relation?: FakeModelName;
  selection?: ReadonlyArray<readonly [string, string]>;
  /** Stored in the database: orderable. Non-stored computed fields are still searchable here. */
  store: boolean;
  /** Row property holding the value when it differs from the name (renamed fields share a column). */
  column?: string;
  /** Value per company (credit_limit, trust, ...), resolved for env.company. */
  companyDependent?: boolean;
  /** Computed on read and search, from the row and the database. */
  compute?: (row: AnyRow, env: ComputeEnv) => unknown;
  /** Custom write; fields with `compute` and no `write` ignore writes, as Odoo does without an inverse. */
  write?: (row: AnyRow, value: unknown, env: ComputeEnv) => void;
  readonly?: boolean;
}

export interface ModelDef {
  name: FakeModelName;
  description: string;
  fields: ReadonlyMap<string, FieldDef>;
  /** `_order`, used when a call gives no order. */
  defaultOrder: string;
  /** How the multi-company record rule restricts rows: by company_id (false = shared) or not at all. */
  companyRule: boolean;
  /** Has an `active` field: archived rows are hidden unless active_test is false. */
  hasActive: boolean;
  displayName(row: AnyRow, db: FakeDatabase): string;
}

interface FieldSpec extends Omit<FieldDef, 'store'> {
  store?: boolean;
  since?: OdooVersion;
  until?: OdooVersion;
}

function field(name: string, type: FieldType, string: string, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { name, type, string, store: extra.compute === undefined, ...extra };
}

const m2o = (name: string, relation: FakeModelName, string: string, extra: Partial<FieldSpec> = {}): FieldSpec =>
  field(name, 'many2one', string, { relation, ...extra });

const paymentStates16 = [
  ['not_paid', 'Not Paid'],
  ['in_payment', 'In Payment'],
  ['paid', 'Paid'],
  ['partial', 'Partially Paid'],
  ['reversed', 'Reversed'],
  ['invoicing_legacy', 'Invoicing App Legacy'],
] as const;
const paymentStates18 = [...paymentStates16, ['blocked', 'Blocked']] as const;

const accountTypes = [
  'asset_receivable', 'asset_cash', 'asset_current', 'asset_non_current', 'asset_prepayments', 'asset_fixed',
  'liability_payable', 'liability_credit_card', 'liability_current', 'liability_non_current', 'equity',
  'equity_unaffected', 'income', 'income_other', 'expense', 'expense_depreciation', 'expense_direct_cost', 'off_balance',
].map((t) => [t, t] as const);

const moveTypes = [
  ['entry', 'Journal Entry'],
  ['out_invoice', 'Customer Invoice'],
  ['out_refund', 'Customer Credit Note'],
  ['in_invoice', 'Vendor Bill'],
  ['in_refund', 'Vendor Credit Note'],
  ['out_receipt', 'Sales Receipt'],
  ['in_receipt', 'Purchase Receipt'],
] as const;

/** The name Odoo shows for a partner: "Company, Contact" for a child contact. */
export function partnerDisplayName(row: PartnerRow, db: FakeDatabase): string {
  if (row.parent_id === false) return row.name;
  const parent = db.table('res.partner').get(row.parent_id);
  if (!parent) return row.name;
  return row.name ? `${partnerDisplayName(parent, db)}, ${row.name}` : partnerDisplayName(parent, db);
}

/** Resolves a row's value of a field for a request (company-dependent and computed fields included). */
export function fieldValue(def: FieldDef, row: AnyRow, env: ComputeEnv): unknown {
  if (def.compute) return def.compute(row, env);
  const raw = row[def.column ?? def.name];
  if (def.companyDependent) {
    const perCompany = raw as Record<number, unknown> | undefined;
    const value = perCompany?.[env.company];
    if (value !== undefined) return value;
    return def.type === 'float' || def.type === 'monetary' ? 0 : false;
  }
  return raw;
}

function moveLinesOf(move: MoveRow, db: FakeDatabase): MoveLineRow[] {
  const lines: MoveLineRow[] = [];
  for (const id of move.line_ids) {
    const line = db.table('account.move.line').get(id);
    if (line) lines.push(line);
  }
  return lines;
}

/** Open receivable of a partner for env.companies: the non-stored, searchable `res.partner.credit`. */
function partnerCredit(row: PartnerRow, env: ComputeEnv): number {
  let cents = 0;
  const lines = env.db.table('account.move.line');
  const accounts = env.db.table('account.account');
  for (const id of env.db.linesByPartner.get(row.commercial_partner_id) ?? []) {
    const line = lines.get(id);
    if (!line || line.reconciled || line.parent_state !== 'posted' || !env.companies.includes(line.company_id)) continue;
    if (accounts.get(line.account_id)?.account_type !== 'asset_receivable') continue;
    cents += Math.round(line.amount_residual * 100);
  }
  return cents / 100;
}

function specs(version: OdooVersion): Record<FakeModelName, { description: string; order: string; companyRule: boolean; fields: FieldSpec[] }> {
  const pay16 = version <= 17;
  return {
    'res.company': {
      description: 'Companies',
      order: 'name',
      companyRule: false,
      fields: [field('name', 'char', 'Company Name'), m2o('currency_id', 'res.currency', 'Currency'), m2o('partner_id', 'res.partner', 'Partner')],
    },
    'res.currency': {
      description: 'Currency',
      order: 'name',
      companyRule: false,
      fields: [
        field('name', 'char', 'Currency'),
        field('full_name', 'char', 'Name'),
        field('symbol', 'char', 'Symbol'),
        field('decimal_places', 'integer', 'Decimal Places'),
        field('rounding', 'float', 'Rounding Factor'),
        field('position', 'selection', 'Symbol Position', { selection: [['after', 'After Amount'], ['before', 'Before Amount']] }),
        field('active', 'boolean', 'Active'),
      ],
    },
    'res.users': {
      description: 'User',
      order: 'name, login',
      companyRule: false,
      fields: [
        field('name', 'char', 'Name'),
        field('login', 'char', 'Login'),
        field('active', 'boolean', 'Active'),
        m2o('company_id', 'res.company', 'Company'),
        field('company_ids', 'many2many', 'Companies', { relation: 'res.company' }),
      ],
    },
    'res.partner.category': {
      description: 'Partner Tags',
      order: 'name',
      companyRule: false,
      fields: [field('name', 'char', 'Tag Name'), field('color', 'integer', 'Color'), field('active', 'boolean', 'Active')],
    },
    'account.payment.term': {
      description: 'Payment Terms',
      order: 'id',
      companyRule: false,
      fields: [field('name', 'char', 'Payment Terms'), field('active', 'boolean', 'Active')],
    },
    'account.account': {
      description: 'Account',
      order: 'code',
      companyRule: true,
      fields: [
        field('code', 'char', 'Code'),
        field('name', 'char', 'Account Name'),
        field('account_type', 'selection', 'Type', { selection: accountTypes }),
        field('reconcile', 'boolean', 'Allow Reconciliation'),
        m2o('company_id', 'res.company', 'Company', { until: 17 }),
        field('company_ids', 'many2many', 'Companies', { relation: 'res.company', since: 18, compute: (r) => [r['company_id']], store: true }),
        field('deprecated', 'boolean', 'Deprecated', { until: 18, compute: () => false, store: true }),
        field('active', 'boolean', 'Active', { since: 19, compute: () => true, store: true }),
      ],
    },
    'account.journal': {
      description: 'Journal',
      order: 'code',
      companyRule: true,
      fields: [
        field('name', 'char', 'Journal Name'),
        field('code', 'char', 'Short Code'),
        field('type', 'selection', 'Type', { selection: [['sale', 'Sales'], ['purchase', 'Purchase'], ['cash', 'Cash'], ['bank', 'Bank'], ['general', 'Miscellaneous']] }),
        m2o('company_id', 'res.company', 'Company'),
      ],
    },
    'res.partner': {
      description: 'Contact',
      order: version <= 16 ? 'display_name ASC, id DESC' : 'complete_name ASC, id DESC',
      companyRule: true,
      fields: [
        field('name', 'char', 'Name'),
        field('display_name', 'char', 'Display Name', { compute: (r, e) => partnerDisplayName(r as unknown as PartnerRow, e.db), store: version <= 16 }),
        field('complete_name', 'char', 'Complete Name', { since: 17, compute: (r, e) => partnerDisplayName(r as unknown as PartnerRow, e.db), store: true }),
        field('email', 'char', 'Email'),
        field('phone', 'char', 'Phone'),
        field('mobile', 'char', 'Mobile', { until: 18 }),
        field('lang', 'selection', 'Language', { selection: [['en_US', 'English (US)'], ['fr_FR', 'French / Français'], ['de_DE', 'German / Deutsch'], ['nl_BE', 'Dutch (BE) / Nederlands (BE)']] }),
        field('tz', 'selection', 'Timezone', { selection: [['Europe/Paris', 'Europe/Paris'], ['Europe/Brussels', 'Europe/Brussels'], ['Europe/Berlin', 'Europe/Berlin'], ['America/New_York', 'America/New_York'], ['UTC', 'UTC']] }),
        field('vat', 'char', 'Tax ID'),
        field('ref', 'char', 'Reference'),
        field('street', 'char', 'Street'),
        field('zip', 'char', 'Zip'),
        field('city', 'char', 'City'),
        field('type', 'selection', 'Address Type', { selection: [['contact', 'Contact'], ['invoice', 'Invoice Address'], ['delivery', 'Delivery Address'], ['other', 'Other Address']] }),
        field('is_company', 'boolean', 'Is a Company'),
        m2o('parent_id', 'res.partner', 'Related Company'),
        m2o('commercial_partner_id', 'res.partner', 'Commercial Entity'),
        m2o('company_id', 'res.company', 'Company'),
        field('active', 'boolean', 'Active'),
        m2o('user_id', 'res.users', 'Salesperson'),
        field('category_id', 'many2many', 'Tags', { relation: 'res.partner.category' }),
        m2o('property_payment_term_id', 'account.payment.term', 'Customer Payment Terms', { companyDependent: true }),
        field('credit_limit', 'float', 'Credit Limit', { companyDependent: true }),
        field('trust', 'selection', 'Degree of trust you have in this debtor', { companyDependent: true, selection: [['good', 'Good Debtor'], ['normal', 'Normal Debtor'], ['bad', 'Bad Debtor']] }),
        field('customer_rank', 'integer', 'Customer Rank'),
        field('credit', 'monetary', 'Total Receivable', { compute: (r, e) => partnerCredit(r as unknown as PartnerRow, e) }),
        field('debit', 'monetary', 'Total Payable', { compute: () => 0 }),
      ],
    },
    'account.move': {
      description: 'Journal Entry',
      order: version <= 16 ? 'date desc, name desc, id desc' : 'date desc, name desc, invoice_date desc, id desc',
      companyRule: true,
      fields: [
        field('name', 'char', 'Number'),
        field('ref', 'char', 'Reference'),
        field('payment_reference', 'char', 'Payment Reference'),
        field('move_type', 'selection', 'Type', { selection: moveTypes }),
        field('state', 'selection', 'Status', { selection: [['draft', 'Draft'], ['posted', 'Posted'], ['cancel', 'Cancelled']] }),
        m2o('journal_id', 'account.journal', 'Journal'),
        field('invoice_date', 'date', 'Invoice/Bill Date'),
        field('invoice_date_due', 'date', 'Due Date'),
        field('date', 'date', 'Date'),
        m2o('invoice_payment_term_id', 'account.payment.term', 'Payment Terms'),
        m2o('partner_id', 'res.partner', 'Partner'),
        m2o('commercial_partner_id', 'res.partner', 'Commercial Entity'),
        m2o('company_id', 'res.company', 'Company'),
        m2o('currency_id', 'res.currency', 'Currency'),
        m2o('company_currency_id', 'res.currency', 'Company Currency'),
        field('amount_total', 'monetary', 'Total'),
        field('amount_residual', 'monetary', 'Amount Due'),
        field('amount_total_signed', 'monetary', 'Total Signed'),
        field('amount_residual_signed', 'monetary', 'Amount Due Signed'),
        field('amount_total_in_currency_signed', 'monetary', 'Total in Currency Signed'),
        m2o('invoice_user_id', 'res.users', 'Salesperson'),
        m2o('reversed_entry_id', 'account.move', 'Reversal of'),
        m2o('payment_id', 'account.payment', 'Payment', { until: 17, column: 'origin_payment_id' }),
        m2o('origin_payment_id', 'account.payment', 'Payment', { since: 18 }),
        field('matched_payment_ids', 'many2many', 'Matched Payments', { relation: 'account.payment', since: 18 }),
        field('line_ids', 'one2many', 'Journal Items', { relation: 'account.move.line' }),
        field('payment_state', 'selection', 'Payment Status', {
          selection: version >= 18 ? paymentStates18 : paymentStates16,
          store: true,
          compute: version >= 18 ? (r, e) => (isPaymentBlocked(r as unknown as MoveRow, e) ? 'blocked' : r['payment_state']) : undefined,
          write: version >= 18 ? (r, v, e) => writePaymentState(r as unknown as MoveRow, v, e) : undefined,
        }),
        field('no_followup', 'boolean', 'No Follow-Up', {
          since: 19,
          compute: (r, e) => moveLinesOf(r as unknown as MoveRow, e.db).some((l) => l.followup_blocked),
        }),
        field('is_move_sent', 'boolean', 'Is Move Sent', { compute: (r) => r['move_type'] !== 'entry', store: true }),
      ],
    },
    'account.move.line': {
      description: 'Journal Item',
      order: 'date desc, move_name desc, id',
      companyRule: true,
      fields: [
        m2o('move_id', 'account.move', 'Journal Entry'),
        field('move_name', 'char', 'Number'),
        field('name', 'char', 'Label'),
        field('parent_state', 'selection', 'Status', { selection: [['draft', 'Draft'], ['posted', 'Posted'], ['cancel', 'Cancelled']] }),
        m2o('journal_id', 'account.journal', 'Journal'),
        field('date', 'date', 'Date'),
        field('invoice_date', 'date', 'Invoice/Bill Date', { since: 17 }),
        field('date_maturity', 'date', 'Due Date'),
        m2o('account_id', 'account.account', 'Account'),
        field('account_type', 'selection', 'Internal Type', {
          selection: accountTypes,
          compute: (r, e) => e.db.table('account.account').get(r['account_id'] as number)?.account_type ?? false,
        }),
        m2o('partner_id', 'res.partner', 'Partner'),
        m2o('company_id', 'res.company', 'Company'),
        m2o('currency_id', 'res.currency', 'Currency'),
        m2o('company_currency_id', 'res.currency', 'Company Currency'),
        field('debit', 'monetary', 'Debit'),
        field('credit', 'monetary', 'Credit'),
        field('balance', 'monetary', 'Balance'),
        field('amount_currency', 'monetary', 'Amount in Currency'),
        field('amount_residual', 'monetary', 'Residual Amount'),
        field('amount_residual_currency', 'monetary', 'Residual Amount in Currency'),
        field('reconciled', 'boolean', 'Reconciled'),
        m2o('full_reconcile_id', 'account.full.reconcile', 'Matching'),
        field('matched_debit_ids', 'one2many', 'Matched Debits', { relation: 'account.partial.reconcile' }),
        field('matched_credit_ids', 'one2many', 'Matched Credits', { relation: 'account.partial.reconcile' }),
        field('matching_number', 'char', 'Matching #', { store: true, compute: (r, e) => matchingNumber(r as unknown as MoveLineRow, e) }),
        m2o('payment_id', 'account.payment', 'Originator Payment', {
          store: true,
          compute: (r, e) => e.db.table('account.move').get(r['move_id'] as number)?.origin_payment_id ?? false,
        }),
        field('display_type', 'selection', 'Display Type', {
          selection: [['product', 'Product'], ['cogs', 'Cost of Goods Sold'], ['tax', 'Tax'], ['discount', 'Discount'], ['rounding', 'Rounding'], ['payment_term', 'Payment Term'], ['line_section', 'Section'], ['line_note', 'Note'], ['epd', 'Early Payment Discount']],
        }),
        field('blocked', 'boolean', 'No Follow-up', { until: 17, column: 'followup_blocked' }),
        field('no_followup', 'boolean', 'No Follow-Up', { since: 19, column: 'followup_blocked' }),
      ],
    },
    'account.payment': {
      description: 'Payments',
      order: 'date desc, name desc',
      companyRule: true,
      fields: [
        field('name', 'char', 'Number'),
        field('date', 'date', 'Date'),
        field('state', 'selection', 'Status', {
          selection: pay16
            ? [['draft', 'Draft'], ['posted', 'Posted'], ['cancel', 'Cancelled']]
            : [['draft', 'Draft'], ['in_process', 'In Process'], ['paid', 'Paid'], ['canceled', 'Canceled'], ['rejected', 'Rejected']],
          store: true,
          // 16/17: the payment _inherits its move, so its state is the move's.
          compute: pay16 ? (r) => payment16State(r as unknown as PaymentRow) : undefined,
        }),
        field('ref', 'char', 'Reference', { until: 17, column: 'memo' }),
        field('memo', 'char', 'Memo', { since: 18 }),
        field('payment_reference', 'char', 'Payment Reference'),
        field('amount', 'monetary', 'Amount'),
        field('amount_signed', 'monetary', 'Amount Signed'),
        field('amount_company_currency_signed', 'monetary', 'Amount Company Currency Signed'),
        m2o('currency_id', 'res.currency', 'Currency'),
        m2o('partner_id', 'res.partner', 'Customer/Vendor'),
        field('payment_type', 'selection', 'Payment Type', { selection: [['outbound', 'Send'], ['inbound', 'Receive']] }),
        field('partner_type', 'selection', 'Partner Type', { selection: [['customer', 'Customer'], ['supplier', 'Vendor']] }),
        m2o('journal_id', 'account.journal', 'Journal'),
        m2o('company_id', 'res.company', 'Company'),
        m2o('move_id', 'account.move', 'Journal Entry'),
        field('is_reconciled', 'boolean', 'Is Reconciled'),
        field('is_matched', 'boolean', 'Is Matched With a Bank Statement', { compute: () => false, store: true }),
        field('invoice_ids', 'many2many', 'Invoices', { relation: 'account.move', since: 18 }),
        field('reconciled_invoice_ids', 'many2many', 'Reconciled Invoices', { relation: 'account.move', compute: (r, e) => reconciledInvoices(r as unknown as PaymentRow, e.db) }),
      ],
    },
    'account.partial.reconcile': {
      description: 'Partial Reconcile',
      order: 'id',
      companyRule: true,
      fields: [
        m2o('debit_move_id', 'account.move.line', 'Debit Move'),
        m2o('credit_move_id', 'account.move.line', 'Credit Move'),
        field('amount', 'monetary', 'Amount'),
        field('debit_amount_currency', 'monetary', 'Debit Amount in Currency'),
        field('credit_amount_currency', 'monetary', 'Credit Amount in Currency'),
        m2o('debit_currency_id', 'res.currency', 'Currency of the debit journal item'),
        m2o('credit_currency_id', 'res.currency', 'Currency of the credit journal item'),
        m2o('full_reconcile_id', 'account.full.reconcile', 'Full Reconcile'),
        field('max_date', 'date', 'Max Date of Matched Lines'),
        m2o('company_id', 'res.company', 'Company'),
      ],
    },
    'account.full.reconcile': {
      description: 'Full Reconcile',
      order: 'id',
      companyRule: false,
      fields: [
        field('name', 'char', 'Number', { until: 16 }),
        field('partial_reconcile_ids', 'one2many', 'Reconciliation Parts', { relation: 'account.partial.reconcile' }),
        field('reconciled_line_ids', 'one2many', 'Matched Journal Items', { relation: 'account.move.line' }),
      ],
    },
    // Only what write-back reads back to stay idempotent (res_id is a many2one_reference in Odoo: an integer on the wire).
    'mail.message': {
      description: 'Message',
      order: 'id desc',
      companyRule: false,
      fields: [
        field('model', 'char', 'Related Document Model'),
        field('res_id', 'integer', 'Related Document ID'),
        field('body', 'text', 'Contents'),
        field('message_type', 'selection', 'Type', { selection: [['email', 'Email'], ['comment', 'Comment'], ['notification', 'System notification']] }),
      ],
    },
    'mail.activity': {
      description: 'Activity',
      order: 'date_deadline asc, id asc',
      companyRule: false,
      fields: [
        field('res_model', 'char', 'Related Document Model'),
        field('res_id', 'integer', 'Related Document ID'),
        field('summary', 'char', 'Summary'),
        field('note', 'text', 'Note'),
        field('date_deadline', 'date', 'Due Date'),
        m2o('user_id', 'res.users', 'Assigned to'),
        field('automated', 'boolean', 'Automated activity'),
      ],
    },
  };
}

/**
 * 18+: `blocked` is a manual payment_state kept across recomputes. In 18 it is also how a dispute shows
 * (the line flag `blocked` is gone and `no_followup` is not in Community), so an open line flagged
 * "No Follow-up" blocks its move there; 19 has `no_followup` on the line for that.
 */
function isPaymentBlocked(move: MoveRow, env: ComputeEnv): boolean {
  if (move.payment_blocked) return true;
  return env.version === 18 && moveLinesOf(move, env.db).some((l) => l.followup_blocked && !l.reconciled);
}

function writePaymentState(move: MoveRow, value: unknown, env: ComputeEnv): void {
  move.payment_blocked = value === 'blocked';
  if (value !== 'blocked' && env.version === 18) for (const line of moveLinesOf(move, env.db)) line.followup_blocked = false;
}

function payment16State(row: PaymentRow): 'draft' | 'posted' | 'cancel' {
  if (row.state === 'draft') return 'draft';
  if (row.state === 'canceled' || row.state === 'rejected') return 'cancel';
  return 'posted';
}

/** 16: the full reconcile's name or "P"; 17+: the full reconcile id, or "P" + the lowest partial id. */
function matchingNumber(line: MoveLineRow, env: ComputeEnv): string | false {
  if (line.full_reconcile_id !== false) {
    if (env.version <= 16) return env.db.table('account.full.reconcile').get(line.full_reconcile_id)?.name ?? false;
    return String(line.full_reconcile_id);
  }
  const partials = [...line.matched_debit_ids, ...line.matched_credit_ids];
  if (partials.length === 0) return false;
  return env.version <= 16 ? 'P' : `P${Math.min(...partials)}`;
}

function reconciledInvoices(payment: PaymentRow, db: FakeDatabase): number[] {
  if (payment.move_id === false) return [...payment.invoice_ids];
  const move = db.table('account.move').get(payment.move_id);
  const result = new Set<number>();
  for (const line of move ? moveLinesOf(move, db) : []) {
    for (const partialId of [...line.matched_debit_ids, ...line.matched_credit_ids]) {
      const partial: PartialReconcileRow | undefined = db.table('account.partial.reconcile').get(partialId);
      if (!partial) continue;
      const otherId = partial.debit_move_id === line.id ? partial.credit_move_id : partial.debit_move_id;
      const other = db.table('account.move.line').get(otherId);
      const otherMove = other ? db.table('account.move').get(other.move_id) : undefined;
      if (otherMove && otherMove.move_type !== 'entry') result.add(otherMove.id);
    }
  }
  return [...result].sort((a, b) => a - b);
}

function displayNameFor(model: FakeModelName): (row: AnyRow, db: FakeDatabase) => string {
  switch (model) {
    case 'res.partner':
      return (row, db) => partnerDisplayName(row as unknown as PartnerRow, db);
    case 'account.account':
      return (row) => `${String(row['code'])} ${String(row['name'])}`;
    case 'account.move':
      return (row) => {
        const move = row as unknown as MoveRow;
        if (move.state === 'draft' && (move.name === '/' || !move.name)) return `Draft (* ${move.id})`;
        return move.ref ? `${move.name} (${move.ref})` : move.name;
      };
    case 'account.move.line':
      return (row) => String(row['move_name'] ?? '');
    case 'account.partial.reconcile':
      return (row) => `account.partial.reconcile,${row.id}`;
    case 'account.full.reconcile':
      return (row) => (typeof row['name'] === 'string' ? row['name'] : `account.full.reconcile,${row.id}`);
    default:
      return (row) => String(row['name'] ?? `${model},${row.id}`);
  }
}

const commonFields: FieldSpec[] = [
  field('id', 'integer', 'ID', { readonly: true }),
  field('create_date', 'datetime', 'Created on', { readonly: true }),
  field('write_date', 'datetime', 'Last Updated on', { readonly: true }),
  m2o('create_uid', 'res.users', 'Created by', { readonly: true }),
  m2o('write_uid', 'res.users', 'Last Updated by', { readonly: true }),
];

/** The models and fields one Odoo version exposes (reference/odoo.md §3). Built once per server. */
export function buildSchema(version: OdooVersion): ReadonlyMap<string, ModelDef> {
  const models = new Map<string, ModelDef>();
  for (const [name, spec] of Object.entries(specs(version)) as [FakeModelName, ReturnType<typeof specs>[FakeModelName]][]) {
    const fields = new Map<string, FieldDef>();
    const displayName = displayNameFor(name);
    const all = [...commonFields, ...spec.fields];
    if (!all.some((f) => f.name === 'display_name')) {
      all.push(field('display_name', 'char', 'Display Name', { compute: (r, e) => displayName(r, e.db) }));
    }
    for (const spec of all) {
      if ((spec.since !== undefined && version < spec.since) || (spec.until !== undefined && version > spec.until)) continue;
      const { since: _since, until: _until, ...def } = spec;
      fields.set(def.name, { ...def, store: def.store ?? true });
    }
    models.set(name, {
      name,
      description: spec.description,
      fields,
      defaultOrder: spec.order,
      companyRule: spec.companyRule,
      hasActive: fields.has('active') && fields.get('active')?.compute === undefined,
      displayName,
    });
  }
  return models;
}
