import type { FakeDatabase } from './fake-database';
import type { AccountRow, JournalRow, MoveLineRow, MoveRow, PartialReconcileRow, PaymentRow } from './fake-rows';
import { dateOfInstant } from './odoo-datetime';
import type { OdooVersion } from './odoo-version';

/** One installment of an invoice or credit note, in the document currency's minor units. */
export interface InstallmentSpec {
  amountCents: number;
  dueDate: string;
  /** Company-currency cents; computed at the fixed rate when absent. */
  companyCents?: number;
}

export interface InvoiceSpec {
  moveType: 'out_invoice' | 'out_refund';
  /** The invoiced partner (a contact or the company); lines carry its commercial partner. */
  partnerId: number;
  companyId: number;
  currencyId: number;
  invoiceDate: string;
  installments: InstallmentSpec[];
  paymentTermId: number | false;
  userId: number | false;
  ref?: string | false;
  reversedEntryId?: number | false;
}

export interface PaymentSpec {
  /** The commercial partner paying. */
  partnerId: number;
  companyId: number;
  currencyId: number;
  amountCents: number;
  companyCents: number;
  date: string;
  memo: string | false;
}

const cents = (amount: number): number => Math.round(amount * 100);

/**
 * The shared empty id list of new rows: most of the ~10^6 x2many values of a large company stay empty,
 * and one frozen array instead of one each halves the generator's garbage. Lists grow by copy-on-first-write.
 */
const noIds: number[] = Object.freeze([]) as unknown as number[];

function withId(list: number[], id: number): number[] {
  if (list === noIds) return [id];
  list.push(id);
  return list;
}
const units = (c: number): number => c / 100;

/**
 * Journal entries the collections side reads, kept consistent the way Odoo keeps them: receivable
 * lines, partial reconciliations, residuals, `reconciled`, full reconciles, the move's amounts and
 * payment_state, the payment's state. Every record a call changes gets write_date = `at` (the
 * transaction start), as Odoo's recompute of stored fields does. Shared by the generator and the
 * mutation API so both follow the same rules.
 */
export class Ledger {
  private readonly receivableAccounts = new Map<number, AccountRow>();
  private readonly journals = new Map<string, JournalRow>();

  constructor(
    readonly db: FakeDatabase,
    readonly version: OdooVersion,
    /** write_uid of the changes: the accountant who posts and reconciles. */
    readonly uid = 2,
  ) {}

  receivableAccount(companyId: number): AccountRow {
    let account = this.receivableAccounts.get(companyId);
    if (!account) {
      for (const row of this.db.table('account.account').rows.values()) {
        if (row.company_id === companyId && row.account_type === 'asset_receivable') {
          account = row;
          break;
        }
      }
      if (!account) throw new RangeError(`company ${companyId} has no receivable account`);
      this.receivableAccounts.set(companyId, account);
    }
    return account;
  }

  journal(companyId: number, type: JournalRow['type']): JournalRow {
    const key = `${companyId}/${type}`;
    let journal = this.journals.get(key);
    if (!journal) {
      for (const row of this.db.table('account.journal').rows.values()) {
        if (row.company_id === companyId && row.type === type) {
          journal = row;
          break;
        }
      }
      if (!journal) throw new RangeError(`company ${companyId} has no ${type} journal`);
      this.journals.set(key, journal);
    }
    return journal;
  }

  private companyCurrency(companyId: number): number {
    return this.db.table('res.company').require(companyId).currency_id;
  }

  /** Converts document-currency cents to company cents at the fixed rate. */
  toCompanyCents(amountCents: number, currencyId: number, companyId: number): number {
    if (currencyId === this.companyCurrency(companyId)) return amountCents;
    const rate = this.db.rates.get(currencyId);
    if (rate === undefined) throw new RangeError(`no rate for currency ${currencyId}`);
    return Math.round(amountCents * rate);
  }

  private nextName(prefix: string, date: string): string {
    const key = `${prefix}/${date.slice(0, 4)}`;
    const next = (this.db.sequences.get(key) ?? 0) + 1;
    this.db.sequences.set(key, next);
    return `${key}/${String(next).padStart(5, '0')}`;
  }

  /** Creates and posts a customer invoice or credit note: the move and one receivable line per installment. */
  createInvoice(spec: InvoiceSpec, at: number): { move: MoveRow; lines: MoveLineRow[] } {
    const db = this.db;
    const partner = db.table('res.partner').require(spec.partnerId);
    const commercial = partner.commercial_partner_id;
    const journal = this.journal(spec.companyId, 'sale');
    const account = this.receivableAccount(spec.companyId);
    const companyCurrency = this.companyCurrency(spec.companyId);
    const refund = spec.moveType === 'out_refund';
    const name = this.nextName(refund ? `R${journal.code}` : journal.code, spec.invoiceDate);
    const sign = refund ? -1 : 1;

    const totalCents = spec.installments.reduce((s, i) => s + i.amountCents, 0);
    const totalCompany = this.toCompanyCents(totalCents, spec.currencyId, spec.companyId);
    // Per-installment company amounts; the last one absorbs the rounding so the lines sum to the total.
    const companyParts: number[] = [];
    let assigned = 0;
    spec.installments.forEach((inst, i) => {
      const part = inst.companyCents ?? (i === spec.installments.length - 1 ? totalCompany - assigned : this.toCompanyCents(inst.amountCents, spec.currencyId, spec.companyId));
      companyParts.push(part);
      assigned += part;
    });
    const dueDate = spec.installments.reduce((max, i) => (i.dueDate > max ? i.dueDate : max), spec.installments[0]?.dueDate ?? spec.invoiceDate);

    const move = db.insert('account.move', {
      create_date: at,
      write_date: at,
      create_uid: this.uid,
      write_uid: this.uid,
      name,
      ref: spec.ref ?? false,
      payment_reference: refund ? false : name,
      move_type: spec.moveType,
      state: 'posted',
      journal_id: journal.id,
      invoice_date: spec.invoiceDate,
      invoice_date_due: dueDate,
      date: spec.invoiceDate,
      partner_id: spec.partnerId,
      commercial_partner_id: commercial,
      company_id: spec.companyId,
      currency_id: spec.currencyId,
      company_currency_id: companyCurrency,
      invoice_payment_term_id: spec.paymentTermId,
      invoice_user_id: spec.userId,
      reversed_entry_id: spec.reversedEntryId ?? false,
      origin_payment_id: false,
      line_ids: noIds,
      matched_payment_ids: noIds,
      amount_total: units(totalCents),
      amount_residual: units(totalCents),
      amount_total_signed: units(sign * totalCompany),
      amount_residual_signed: units(sign * totalCompany),
      amount_total_in_currency_signed: units(sign * totalCents),
      payment_state: 'not_paid',
      payment_blocked: false,
    });
    const lines = spec.installments.map((inst, i) => {
      const company = (companyParts[i] as number) * sign;
      const label = spec.installments.length > 1 ? `${name} installment #${i + 1}` : refund ? name : name;
      const line = db.insert('account.move.line', {
        create_date: at,
        write_date: at,
        create_uid: this.uid,
        write_uid: this.uid,
        move_id: move.id,
        move_name: name,
        name: label,
        parent_state: 'posted',
        journal_id: journal.id,
        date: spec.invoiceDate,
        invoice_date: spec.invoiceDate,
        date_maturity: inst.dueDate,
        account_id: account.id,
        partner_id: commercial,
        company_id: spec.companyId,
        currency_id: spec.currencyId,
        company_currency_id: companyCurrency,
        debit: company > 0 ? units(company) : 0,
        credit: company < 0 ? units(-company) : 0,
        balance: units(company),
        amount_currency: units(sign * inst.amountCents),
        amount_residual: units(company),
        amount_residual_currency: units(sign * inst.amountCents),
        reconciled: false,
        full_reconcile_id: false,
        matched_debit_ids: noIds,
        matched_credit_ids: noIds,
        display_type: 'payment_term',
        followup_blocked: false,
      });
      move.line_ids = withId(move.line_ids, line.id);
      return line;
    });
    return { move, lines };
  }

  /** Registers a customer payment: the account.payment, its move and its receivable (credit) line. */
  createPayment(spec: PaymentSpec, at: number): { payment: PaymentRow; move: MoveRow; line: MoveLineRow } {
    const db = this.db;
    const journal = this.journal(spec.companyId, 'bank');
    const account = this.receivableAccount(spec.companyId);
    const companyCurrency = this.companyCurrency(spec.companyId);
    // 16/17 payments are named by their move (BNK1/...); 18+ payments have their own P-prefixed name.
    const name = this.nextName(this.version >= 18 ? `P${journal.code}` : journal.code, spec.date);
    const payment = db.insert('account.payment', {
      create_date: at,
      write_date: at,
      create_uid: this.uid,
      write_uid: this.uid,
      name,
      date: spec.date,
      state: 'in_process',
      memo: spec.memo,
      payment_reference: spec.memo,
      amount: units(spec.amountCents),
      amount_signed: units(spec.amountCents),
      amount_company_currency_signed: units(spec.companyCents),
      currency_id: spec.currencyId,
      partner_id: spec.partnerId,
      payment_type: 'inbound',
      partner_type: 'customer',
      journal_id: journal.id,
      company_id: spec.companyId,
      move_id: false,
      is_reconciled: false,
      invoice_ids: noIds,
    });
    const move = db.insert('account.move', {
      create_date: at,
      write_date: at,
      create_uid: this.uid,
      write_uid: this.uid,
      name,
      ref: spec.memo,
      payment_reference: false,
      move_type: 'entry',
      state: 'posted',
      journal_id: journal.id,
      invoice_date: false,
      invoice_date_due: false,
      date: spec.date,
      partner_id: spec.partnerId,
      commercial_partner_id: spec.partnerId,
      company_id: spec.companyId,
      currency_id: spec.currencyId,
      company_currency_id: companyCurrency,
      invoice_payment_term_id: false,
      invoice_user_id: false,
      reversed_entry_id: false,
      origin_payment_id: payment.id,
      line_ids: noIds,
      matched_payment_ids: noIds,
      amount_total: units(spec.amountCents),
      amount_residual: units(spec.amountCents),
      amount_total_signed: units(spec.companyCents),
      amount_residual_signed: units(spec.companyCents),
      amount_total_in_currency_signed: units(spec.amountCents),
      payment_state: 'not_paid',
      payment_blocked: false,
    });
    payment.move_id = move.id;
    const line = db.insert('account.move.line', {
      create_date: at,
      write_date: at,
      create_uid: this.uid,
      write_uid: this.uid,
      move_id: move.id,
      move_name: name,
      name: spec.memo === false ? 'Customer Payment' : `Customer Payment ${spec.memo}`,
      parent_state: 'posted',
      journal_id: journal.id,
      date: spec.date,
      invoice_date: false,
      date_maturity: spec.date,
      account_id: account.id,
      partner_id: spec.partnerId,
      company_id: spec.companyId,
      currency_id: spec.currencyId,
      company_currency_id: companyCurrency,
      debit: 0,
      credit: units(spec.companyCents),
      balance: units(-spec.companyCents),
      amount_currency: units(-spec.amountCents),
      amount_residual: units(-spec.companyCents),
      amount_residual_currency: units(-spec.amountCents),
      reconciled: false,
      full_reconcile_id: false,
      matched_debit_ids: noIds,
      matched_credit_ids: noIds,
      display_type: 'product',
      followup_blocked: false,
    });
    move.line_ids = withId(move.line_ids, line.id);
    return { payment, move, line };
  }

  /**
   * How much of `amountCents` (document currency) a debit line can take, and its company value: the
   * line's whole company residual when the payment closes it, else the fixed-rate conversion.
   */
  allocation(debit: MoveLineRow, amountCents: number): { currencyCents: number; companyCents: number } {
    const open = cents(debit.amount_residual_currency);
    const take = Math.max(0, Math.min(open, amountCents));
    if (take === open) return { currencyCents: take, companyCents: cents(debit.amount_residual) };
    const company = this.toCompanyCents(take, debit.currency_id === false ? this.companyCurrency(debit.company_id) : debit.currency_id, debit.company_id);
    return { currencyCents: take, companyCents: Math.min(company, cents(debit.amount_residual)) };
  }

  /**
   * Matches a debit (invoice) line with a credit (payment or credit note) line for up to
   * `maxCurrencyCents`, creating an account.partial.reconcile and cascading the recomputes.
   */
  reconcile(debit: MoveLineRow, credit: MoveLineRow, at: number, maxCurrencyCents = Number.MAX_SAFE_INTEGER, companyCentsOverride?: number): PartialReconcileRow | null {
    const debitOpen = cents(debit.amount_residual_currency);
    const creditOpen = -cents(credit.amount_residual_currency);
    const take = Math.min(debitOpen, creditOpen, maxCurrencyCents);
    if (take <= 0) return null;
    let company: number;
    if (companyCentsOverride !== undefined) company = companyCentsOverride;
    else if (take === creditOpen) company = -cents(credit.amount_residual);
    else if (take === debitOpen) company = cents(debit.amount_residual);
    else company = this.toCompanyCents(take, debit.currency_id === false ? this.companyCurrency(debit.company_id) : debit.currency_id, debit.company_id);
    company = Math.min(company, cents(debit.amount_residual), -cents(credit.amount_residual));

    const db = this.db;
    const partial = db.insert('account.partial.reconcile', {
      create_date: at,
      write_date: at,
      create_uid: this.uid,
      write_uid: this.uid,
      debit_move_id: debit.id,
      credit_move_id: credit.id,
      amount: units(company),
      debit_amount_currency: units(take),
      credit_amount_currency: units(take),
      debit_currency_id: debit.currency_id === false ? debit.company_currency_id : debit.currency_id,
      credit_currency_id: credit.currency_id === false ? credit.company_currency_id : credit.currency_id,
      full_reconcile_id: false,
      max_date: debit.date > credit.date ? debit.date : credit.date,
      company_id: debit.company_id,
    });
    // matched_credit_ids of a debit line are the partials whose credit side is matched to it.
    debit.matched_credit_ids = withId(debit.matched_credit_ids, partial.id);
    credit.matched_debit_ids = withId(credit.matched_debit_ids, partial.id);
    debit.amount_residual = units(cents(debit.amount_residual) - company);
    debit.amount_residual_currency = units(debitOpen - take);
    credit.amount_residual = units(cents(credit.amount_residual) + company);
    credit.amount_residual_currency = units(-(creditOpen - take));
    this.afterMatchingChange([debit, credit], at);
    return partial;
  }

  /** Deletes a partial reconcile (Odoo leaves no tombstone) and recomputes what it touched. */
  unreconcile(partialId: number, at: number): void {
    const db = this.db;
    const partial = db.table('account.partial.reconcile').require(partialId);
    const lines = db.table('account.move.line');
    const debit = lines.require(partial.debit_move_id);
    const credit = lines.require(partial.credit_move_id);
    if (partial.full_reconcile_id !== false) this.dropFullReconcile(partial.full_reconcile_id, at);
    debit.matched_credit_ids = debit.matched_credit_ids.filter((id) => id !== partialId);
    credit.matched_debit_ids = credit.matched_debit_ids.filter((id) => id !== partialId);
    debit.amount_residual = units(cents(debit.amount_residual) + cents(partial.amount));
    debit.amount_residual_currency = units(cents(debit.amount_residual_currency) + cents(partial.debit_amount_currency));
    credit.amount_residual = units(cents(credit.amount_residual) - cents(partial.amount));
    credit.amount_residual_currency = units(cents(credit.amount_residual_currency) - cents(partial.credit_amount_currency));
    db.table('account.partial.reconcile').delete(partialId);
    db.revision++;
    this.afterMatchingChange([debit, credit], at);
  }

  private dropFullReconcile(fullId: number, at: number): void {
    const full = this.db.table('account.full.reconcile').get(fullId);
    if (!full) return;
    for (const id of full.reconciled_line_ids) {
      const line = this.db.table('account.move.line').get(id);
      if (line) {
        line.full_reconcile_id = false;
        this.db.touch(line, at, this.uid);
      }
    }
    for (const id of full.partial_reconcile_ids) {
      const partial = this.db.table('account.partial.reconcile').get(id);
      if (partial) {
        partial.full_reconcile_id = false;
        this.db.touch(partial, at, this.uid);
      }
    }
    this.db.table('account.full.reconcile').delete(fullId);
    this.db.revision++;
  }

  private afterMatchingChange(lines: MoveLineRow[], at: number): void {
    const moves = new Set<number>();
    for (const line of lines) {
      line.reconciled = this.isSettled(line);
      this.db.touch(line, at, this.uid);
      moves.add(line.move_id);
    }
    for (const line of lines) if (line.reconciled && line.full_reconcile_id === false) this.tryFullReconcile(line, at);
    for (const moveId of moves) this.recomputeMove(this.db.table('account.move').require(moveId), at);
  }

  private isSettled(line: MoveLineRow): boolean {
    const foreign = line.currency_id !== false && line.currency_id !== line.company_currency_id;
    return foreign ? cents(line.amount_residual_currency) === 0 : cents(line.amount_residual) === 0;
  }

  /** When every line connected through partials is settled, Odoo groups them in an account.full.reconcile. */
  private tryFullReconcile(start: MoveLineRow, at: number): void {
    const lines = this.db.table('account.move.line');
    const partials = this.db.table('account.partial.reconcile');
    const seenLines = new Set<number>([start.id]);
    const seenPartials = new Set<number>();
    const queue = [start];
    while (queue.length > 0) {
      const line = queue.pop() as MoveLineRow;
      if (!line.reconciled) return;
      for (const pid of [...line.matched_debit_ids, ...line.matched_credit_ids]) {
        if (seenPartials.has(pid)) continue;
        seenPartials.add(pid);
        const partial = partials.get(pid);
        if (!partial) continue;
        for (const lid of [partial.debit_move_id, partial.credit_move_id]) {
          if (seenLines.has(lid)) continue;
          seenLines.add(lid);
          const other = lines.get(lid);
          if (other) queue.push(other);
        }
      }
    }
    const full = this.db.insert('account.full.reconcile', {
      create_date: at,
      write_date: at,
      create_uid: this.uid,
      write_uid: this.uid,
      name: '',
      partial_reconcile_ids: [...seenPartials].sort((a, b) => a - b),
      reconciled_line_ids: [...seenLines].sort((a, b) => a - b),
    });
    full.name = `A${full.id}`;
    for (const id of full.reconciled_line_ids) {
      const line = lines.require(id);
      line.full_reconcile_id = full.id;
      this.db.touch(line, at, this.uid);
    }
    for (const id of full.partial_reconcile_ids) {
      const partial = partials.require(id);
      partial.full_reconcile_id = full.id;
      this.db.touch(partial, at, this.uid);
    }
  }

  /** Recomputes a move's residuals and payment_state from its receivable lines, and its payment's state. */
  recomputeMove(move: MoveRow, at: number): void {
    const lines = this.db.table('account.move.line');
    let residualCompany = 0;
    let residualCurrency = 0;
    let matched = false;
    const counterpartMoves = new Set<number>();
    for (const id of move.line_ids) {
      const line = lines.get(id);
      if (!line) continue;
      residualCompany += cents(line.amount_residual);
      residualCurrency += cents(line.amount_residual_currency);
      for (const pid of line.matched_debit_ids.length === 0 ? line.matched_credit_ids : line.matched_credit_ids.length === 0 ? line.matched_debit_ids : [...line.matched_debit_ids, ...line.matched_credit_ids]) {
        matched = true;
        const partial = this.db.table('account.partial.reconcile').get(pid);
        if (!partial) continue;
        const otherId = partial.debit_move_id === line.id ? partial.credit_move_id : partial.debit_move_id;
        const other = lines.get(otherId);
        if (other) counterpartMoves.add(other.move_id);
      }
    }
    move.amount_residual = units(Math.abs(residualCurrency));
    move.amount_residual_signed = units(move.move_type === 'entry' ? Math.abs(residualCompany) : residualCompany);
    if (move.move_type === 'entry') move.payment_state = 'not_paid';
    else if (move.state !== 'posted') move.payment_state = 'not_paid';
    else if (residualCurrency === 0) {
      const moves = this.db.table('account.move');
      const reversedOnly =
        move.move_type === 'out_invoice' &&
        counterpartMoves.size > 0 &&
        [...counterpartMoves].every((id) => {
          const other = moves.get(id);
          return other !== undefined && other.move_type === 'out_refund' && other.reversed_entry_id === move.id;
        });
      move.payment_state = reversedOnly ? 'reversed' : 'paid';
    } else move.payment_state = matched ? 'partial' : 'not_paid';
    this.db.touch(move, at, this.uid);

    // Payments linked both ways (18+: invoice_ids / matched_payment_ids), and their reconciled state.
    if (move.origin_payment_id !== false) this.recomputePayment(move.origin_payment_id, at);
    if (move.move_type !== 'entry') {
      for (const otherId of counterpartMoves) {
        const other = this.db.table('account.move').get(otherId);
        if (other && other.origin_payment_id !== false && !move.matched_payment_ids.includes(other.origin_payment_id)) {
          move.matched_payment_ids = withId(move.matched_payment_ids, other.origin_payment_id);
          const payment = this.db.table('account.payment').get(other.origin_payment_id);
          if (payment && !payment.invoice_ids.includes(move.id)) payment.invoice_ids = withId(payment.invoice_ids, move.id);
        }
      }
    }
  }

  private recomputePayment(paymentId: number, at: number): void {
    const payment = this.db.table('account.payment').get(paymentId);
    if (!payment || payment.move_id === false) return;
    const move = this.db.table('account.move').require(payment.move_id);
    const lines = move.line_ids.map((id) => this.db.table('account.move.line').get(id)).filter((l): l is MoveLineRow => l !== undefined);
    payment.is_reconciled = lines.length > 0 && lines.every((l) => l.reconciled);
    if (payment.state === 'in_process' || payment.state === 'paid') payment.state = payment.is_reconciled ? 'paid' : 'in_process';
    this.db.touch(payment, at, this.uid);
  }

  /** Cancels a posted move: its reconciliations are removed first, as Odoo's button_draft does. */
  cancelMove(move: MoveRow, at: number): void {
    for (const id of move.line_ids) {
      const line = this.db.table('account.move.line').get(id);
      if (!line) continue;
      for (const pid of [...line.matched_debit_ids, ...line.matched_credit_ids]) this.unreconcile(pid, at);
    }
    move.state = 'cancel';
    for (const id of move.line_ids) {
      const line = this.db.table('account.move.line').get(id);
      if (line) {
        line.parent_state = 'cancel';
        this.db.touch(line, at, this.uid);
      }
    }
    if (move.origin_payment_id !== false) {
      const payment = this.db.table('account.payment').get(move.origin_payment_id);
      if (payment) {
        payment.state = 'canceled';
        this.db.touch(payment, at, this.uid);
      }
    }
    this.recomputeMove(move, at);
  }

  /** The UTC date of an instant, for payment dates defaulting to "today". */
  static dateOf(at: number): string {
    return dateOfInstant(at);
  }
}
