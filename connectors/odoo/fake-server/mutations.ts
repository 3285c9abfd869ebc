import type { Clock } from '../../../core/time/clock';
import type { FakeDatabase } from './fake-database';
import type { BaseRow, FakeModelName, MoveLineRow, MoveRow } from './fake-rows';
import { Ledger } from './ledger';
import { dateOfInstant } from './odoo-datetime';
import type { OdooVersion } from './odoo-version';
import type { FakeOrm } from './orm';
import { splitByTerm } from './payment-terms';

/** Amounts in the API are decimals of the document currency (123.45), as Odoo shows them. */
export interface RegisterPaymentOptions {
  /** Pay this invoice's open installments, earliest due first. */
  invoiceId?: number;
  /** Or pay this receivable line only. */
  lineId?: number;
  /** Amount in the invoice currency; default: everything still open on the target. More than that leaves an unmatched surplus. */
  amount?: number;
  /** Payment date ("YYYY-MM-DD"); default: the clock's UTC date. */
  date?: string;
  memo?: string;
}

export interface RegisteredPayment {
  paymentId: number;
  moveId: number;
  lineId: number;
  partialIds: number[];
}

export interface AddInvoiceOptions {
  /** The invoiced partner (company or contact). */
  partnerId: number;
  /** Total in the document currency. */
  amount: number;
  /** ISO code ("EUR", "USD") or currency id; default the company currency. */
  currency?: string | number;
  /** Default: the clock's UTC date. */
  invoiceDate?: string;
  /** Explicit installments (amounts summing to `amount`); default: split by the payment term. */
  installments?: { amount: number; dueDate: string }[];
  /** Default: the partner's term for the company, else "30 Days". */
  paymentTermId?: number;
  /** Default 1. */
  companyId?: number;
  ref?: string;
  /** `out_refund` makes a credit note (see also addCreditNote). Default `out_invoice`. */
  moveType?: 'out_invoice' | 'out_refund';
}

export interface AddedMove {
  moveId: number;
  name: string;
  lineIds: number[];
}

export interface AddCreditNoteOptions {
  /** The invoice reversed: the credit note takes its partner, company and currency, and is matched against it. */
  invoiceId?: number;
  /** Without an invoice: the partner credited (the credit stays open). */
  partnerId?: number;
  amount: number;
  date?: string;
  /** Match against the invoice (default true when invoiceId is given). */
  reconcile?: boolean;
  companyId?: number;
  currency?: string | number;
}

/**
 * Changes to the fake Odoo for tests and the demo, each one a transaction: every record it touches gets
 * write_date = the clock's now (or the instant given to `at()`), cascading as Odoo recomputes stored
 * fields: a payment changes the invoice line's residual and `reconciled`, the move's amount_residual and
 * payment_state, and creates the account.payment, its line and the account.partial.reconcile.
 */
export class FakeOdooMutations {
  private readonly ledger: Ledger;

  constructor(
    private readonly db: FakeDatabase,
    private readonly version: OdooVersion,
    private readonly clock: Clock,
    private readonly orm: FakeOrm,
    private readonly fixedAt?: number,
  ) {
    this.ledger = new Ledger(db, version);
  }

  /** The same API, stamping `instant` instead of now: a transaction that started earlier and commits late. */
  at(instant: Date): FakeOdooMutations {
    return new FakeOdooMutations(this.db, this.version, this.clock, this.orm, instant.getTime());
  }

  private now(): number {
    return this.fixedAt ?? this.clock.now().getTime();
  }

  private currencyId(currency: string | number | undefined, companyId: number): number {
    if (currency === undefined) return this.db.table('res.company').require(companyId).currency_id;
    if (typeof currency === 'number') return currency;
    for (const row of this.db.table('res.currency').rows.values()) if (row.name === currency) return row.id;
    throw new RangeError(`unknown currency ${currency}`);
  }

  registerPayment(options: RegisterPaymentOptions): RegisteredPayment {
    const at = this.now();
    const lines = this.db.table('account.move.line');
    let targets: MoveLineRow[];
    let move: MoveRow;
    if (options.lineId !== undefined) {
      const line = lines.require(options.lineId);
      move = this.db.table('account.move').require(line.move_id);
      targets = [line];
    } else if (options.invoiceId !== undefined) {
      move = this.db.table('account.move').require(options.invoiceId);
      targets = move.line_ids
        .map((id) => lines.require(id))
        .filter((l) => !l.reconciled && l.amount_residual_currency > 0)
        .sort((a, b) => String(a.date_maturity).localeCompare(String(b.date_maturity)) || a.id - b.id);
    } else {
      throw new RangeError('registerPayment needs invoiceId or lineId');
    }
    const open = targets.reduce((s, l) => s + Math.max(0, Math.round(l.amount_residual_currency * 100)), 0);
    let remaining = options.amount === undefined ? open : Math.round(options.amount * 100);
    if (remaining <= 0) throw new RangeError('nothing to pay');
    const allocations: { line: MoveLineRow; currencyCents: number; companyCents: number }[] = [];
    for (const line of targets) {
      if (remaining <= 0) break;
      const allocation = this.ledger.allocation(line, remaining);
      if (allocation.currencyCents <= 0) continue;
      allocations.push({ line, ...allocation });
      remaining -= allocation.currencyCents;
    }
    const currencyId = move.currency_id === false ? move.company_currency_id : move.currency_id;
    const totalCurrency = allocations.reduce((s, a) => s + a.currencyCents, 0) + remaining;
    const totalCompany = allocations.reduce((s, a) => s + a.companyCents, 0) + this.ledger.toCompanyCents(remaining, currencyId, move.company_id);
    const paid = this.ledger.createPayment(
      {
        partnerId: move.commercial_partner_id === false ? (move.partner_id as number) : move.commercial_partner_id,
        companyId: move.company_id,
        currencyId,
        amountCents: totalCurrency,
        companyCents: totalCompany,
        date: options.date ?? dateOfInstant(at),
        memo: options.memo ?? move.name,
      },
      at,
    );
    const partialIds: number[] = [];
    for (const a of allocations) {
      const partial = this.ledger.reconcile(a.line, paid.line, at, a.currencyCents, a.companyCents);
      if (partial) partialIds.push(partial.id);
    }
    return { paymentId: paid.payment.id, moveId: paid.move.id, lineId: paid.line.id, partialIds };
  }

  addInvoice(options: AddInvoiceOptions): AddedMove {
    const at = this.now();
    const companyId = options.companyId ?? 1;
    const partner = this.db.table('res.partner').require(options.partnerId);
    const commercial = this.db.table('res.partner').require(partner.commercial_partner_id);
    const invoiceDate = options.invoiceDate ?? dateOfInstant(at);
    const termId = options.paymentTermId ?? commercial.property_payment_term_id[companyId] ?? this.termByName('30 Days');
    const total = Math.round(options.amount * 100);
    const installments = options.installments
      ? options.installments.map((i) => ({ amountCents: Math.round(i.amount * 100), dueDate: i.dueDate }))
      : splitByTerm(this.db.table('account.payment.term').require(termId).schedule, invoiceDate, total);
    const { move, lines } = this.ledger.createInvoice(
      {
        moveType: options.moveType ?? 'out_invoice',
        partnerId: options.partnerId,
        companyId,
        currencyId: this.currencyId(options.currency, companyId),
        invoiceDate,
        installments,
        paymentTermId: options.installments ? false : termId,
        userId: commercial.user_id,
        ref: options.ref ?? false,
      },
      at,
    );
    return { moveId: move.id, name: move.name, lineIds: lines.map((l) => l.id) };
  }

  /** A credit note, matched against the invoice it reverses (or left open as customer credit). */
  addCreditNote(options: AddCreditNoteOptions): AddedMove & { partialIds: number[] } {
    const at = this.now();
    const invoice = options.invoiceId !== undefined ? this.db.table('account.move').require(options.invoiceId) : undefined;
    const partnerId = invoice ? (invoice.partner_id as number) : options.partnerId;
    if (partnerId === undefined) throw new RangeError('addCreditNote needs invoiceId or partnerId');
    const companyId = invoice?.company_id ?? options.companyId ?? 1;
    const date = options.date ?? dateOfInstant(at);
    const partner = this.db.table('res.partner').require(partnerId);
    const { move, lines } = this.ledger.createInvoice(
      {
        moveType: 'out_refund',
        partnerId,
        companyId,
        currencyId: invoice ? (invoice.currency_id as number) : this.currencyId(options.currency, companyId),
        invoiceDate: date,
        installments: [{ amountCents: Math.round(options.amount * 100), dueDate: date }],
        paymentTermId: false,
        userId: this.db.table('res.partner').require(partner.commercial_partner_id).user_id,
        ref: invoice ? `Reversal of: ${invoice.name}` : false,
        reversedEntryId: invoice?.id ?? false,
      },
      at,
    );
    const partialIds: number[] = [];
    const refundLine = lines[0] as MoveLineRow;
    if (invoice && options.reconcile !== false) {
      const invoiceLines = invoice.line_ids
        .map((id) => this.db.table('account.move.line').require(id))
        .sort((a, b) => String(a.date_maturity).localeCompare(String(b.date_maturity)) || a.id - b.id);
      for (const line of invoiceLines) {
        if (line.reconciled || line.amount_residual_currency <= 0) continue;
        const partial = this.ledger.reconcile(line, refundLine, at);
        if (partial) partialIds.push(partial.id);
      }
    }
    return { moveId: move.id, name: move.name, lineIds: lines.map((l) => l.id), partialIds };
  }

  /**
   * Puts a receivable line in dispute ("No Follow-up"), the way the version shows it: `blocked` on the
   * line in 16/17, `payment_state = 'blocked'` on its move in 18, `no_followup` on the line in 19.
   */
  setFollowupBlocked(lineId: number, blocked = true): void {
    const at = this.now();
    const line = this.db.table('account.move.line').require(lineId);
    line.followup_blocked = blocked;
    this.db.touch(line, at, 2);
    if (this.version === 18) {
      // 18 shows it as the move's payment_state 'blocked': a stored field, so the move's write_date moves too.
      const move = this.db.table('account.move').require(line.move_id);
      if (!blocked) move.payment_blocked = false;
      this.db.touch(move, at, 2);
    }
  }

  /**
   * Writes partner fields through the ORM, with the version's field names (so `mobile` fails on 19);
   * company-dependent fields (credit_limit, trust, property_payment_term_id) go to `companyId` (default 1).
   */
  updatePartner(id: number, vals: Record<string, unknown>, companyId = 1): void {
    const at = this.now();
    const env = this.orm.env(2, { allowed_company_ids: [companyId], active_test: false });
    const values = { ...vals };
    this.orm.write('res.partner', env, [id], values, at);
    if ('parent_id' in values) {
      // commercial_partner_id is a stored compute of the parent chain.
      const partners = this.db.table('res.partner');
      const partner = partners.require(id);
      let top = partner;
      for (let depth = 0; top.parent_id !== false && depth < 32; depth++) top = partners.require(top.parent_id);
      partner.commercial_partner_id = top.id;
    }
  }

  /**
   * Overwrites raw values of a record, bypassing every rule, to plant a malformed row (date_maturity
   * false, currency_id false...). Keys are wire field names of this version or internal columns.
   * Bumps write_date unless `touch` is false.
   */
  corruptRecord(model: FakeModelName, id: number, patch: Record<string, unknown>, options: { touch?: boolean } = {}): void {
    const row = this.db.table(model).require(id) as unknown as BaseRow & Record<string, unknown>;
    const schema = this.orm.model(model);
    for (const [key, value] of Object.entries(patch)) {
      const column = schema?.fields.get(key)?.column ?? key;
      if (model === 'account.move.line') this.reindexLine(row as unknown as MoveLineRow, column, value);
      row[column] = value;
    }
    if (options.touch !== false) this.db.touch(row, this.now(), 2);
    else this.db.revision++;
  }

  /** Keeps the search indexes (a move's line_ids, lines per partner) right when a line is moved by hand. */
  private reindexLine(line: MoveLineRow, column: string, value: unknown): void {
    if (column === 'move_id' && value !== line.move_id) {
      const from = this.db.table('account.move').get(line.move_id);
      if (from) from.line_ids = from.line_ids.filter((id) => id !== line.id);
      const to = typeof value === 'number' ? this.db.table('account.move').get(value) : undefined;
      if (to) to.line_ids = [...to.line_ids, line.id];
    }
    if (column === 'partner_id' && value !== line.partner_id) {
      if (line.partner_id !== false) {
        const list = this.db.linesByPartner.get(line.partner_id);
        if (list) this.db.linesByPartner.set(line.partner_id, list.filter((id) => id !== line.id));
      }
      if (typeof value === 'number') this.db.linesByPartner.set(value, [...(this.db.linesByPartner.get(value) ?? []), line.id]);
    }
  }

  /** Removes a partial reconciliation (no tombstone, as in Odoo) and recomputes residuals and states. */
  unreconcile(partialId: number): void {
    this.ledger.unreconcile(partialId, this.now());
  }

  /** Cancels a posted invoice (or payment move), removing its reconciliations first. */
  cancelMove(moveId: number): void {
    this.ledger.cancelMove(this.db.table('account.move').require(moveId), this.now());
  }

  /**
   * Resets a posted move to draft (its reconciliations removed first), as a user correcting an invoice:
   * its lines leave the receivable scope, which the pull cannot see; `post` puts it back.
   */
  resetToDraft(moveId: number): void {
    const move = this.db.table('account.move').require(moveId);
    this.ledger.cancelMove(move, this.now());
    this.setMoveState(move, 'draft');
  }

  /** Posts a draft move again. */
  post(moveId: number): void {
    this.setMoveState(this.db.table('account.move').require(moveId), 'posted');
  }

  /** Resets a move to draft and deletes it with its lines: Odoo unlinks them and leaves no tombstone. */
  deleteMove(moveId: number): void {
    const move = this.db.table('account.move').require(moveId);
    this.resetToDraft(moveId);
    const lines = this.db.table('account.move.line');
    for (const id of move.line_ids) {
      const line = lines.get(id);
      if (line && line.partner_id !== false) this.db.linesByPartner.set(line.partner_id, (this.db.linesByPartner.get(line.partner_id) ?? []).filter((l) => l !== id));
      lines.delete(id);
    }
    this.db.table('account.move').delete(moveId);
    this.db.revision++;
  }

  private setMoveState(move: MoveRow, state: 'draft' | 'posted'): void {
    const at = this.now();
    move.state = state;
    this.db.touch(move, at, 2);
    for (const id of move.line_ids) {
      const line = this.db.table('account.move.line').get(id);
      if (!line) continue;
      line.parent_state = state;
      this.db.touch(line, at, 2);
    }
  }

  /** Bumps write_date of a record without changing it (a recompute that changed nothing visible). */
  touch(model: FakeModelName, id: number): void {
    this.db.touch(this.db.table(model).require(id), this.now(), 2);
  }

  private termByName(name: string): number {
    for (const row of this.db.table('account.payment.term').rows.values()) if (row.name === name) return row.id;
    return 1;
  }
}
