import { ArbridgeError } from '../../../core/errors';
import { toMinorUnits } from '../../../core/money/money';
import type { MappedRow } from '../../contract';
import type { OdooVersion } from '../config';
import { odooAccountMoveLineSchema, odooAccountMoveSchema } from '../types';
import { customerExternalId } from './customer-key';
import { accepted, describeShapeError, externalIdOf, rejected } from './mapped-row';
import { amount, currencyCode, latestDatetime, many2oneId, odooDatetimeToInstant, text } from './wire-values';

/** What a receivable line needs beyond itself. */
export interface ReceivableMapping {
  version: OdooVersion;
  /** The company pass (companyIds configured), or null for a single pass. */
  companyId: number | null;
}

/** 1-based position of a line among its move's receivable lines (by due date), or null for a single one. */
export type Installment = { index: number; count: number } | null;

const kinds: Readonly<Record<string, 'invoice' | 'credit_note'>> = {
  out_invoice: 'invoice',
  out_receipt: 'invoice',
  out_refund: 'credit_note',
};

/**
 * One receivable account.move.line (an installment) joined to its move → receivable candidate.
 * Amounts are signed from the company's side (credit notes negative), as Odoo signs them.
 */
export function mapReceivable(rawLine: unknown, rawMove: unknown, installment: Installment, mapping: ReceivableMapping): MappedRow {
  const raw = { line: rawLine, move: rawMove ?? null };
  const lineId = externalIdOf(rawLine);
  const reject = (reason: string) => rejected(raw, reason, lineId);

  const parsedLine = odooAccountMoveLineSchema.safeParse(rawLine);
  if (!parsedLine.success) return reject(describeShapeError('account.move.line', rawLine, parsedLine.error));
  const line = parsedLine.data;
  const where = `receivable line ${line.id}`;

  if (rawMove === undefined) return reject(`the journal entry of ${where} could not be read (deleted, or not readable by the bot user)`);
  const parsedMove = odooAccountMoveSchema.safeParse(rawMove);
  if (!parsedMove.success) return reject(describeShapeError('account.move', rawMove, parsedMove.error));
  const move = parsedMove.data;

  const kind = kinds[move.move_type];
  if (!kind) return reject(`move_type "${move.move_type}" of ${move.name || move.id} is not a customer invoice, receipt or credit note`);
  if (line.parent_state !== 'posted' && line.parent_state !== 'cancel') {
    return reject(`${where} is in state "${line.parent_state}", not posted or cancelled`);
  }
  const partnerId = many2oneId(line.partner_id);
  if (partnerId === null) return reject(`${where} has no partner: Odoo does not say which customer owes it`);
  if (line.date_maturity === false) return reject(`date_maturity is empty on a posted receivable line (${where} of ${text(move.name) ?? move.id})`);
  const issueDate = move.invoice_date || move.date || line.date;
  if (issueDate === false) return reject(`${where}: its move has neither invoice_date nor date`);
  const number = text(move.name);
  if (number === null) return reject(`${where}: its move has no number (name)`);
  const currency = currencyCode(line.currency_id);
  if (currency === null) return reject(`${where}: currency_id ${JSON.stringify(line.currency_id)} is not an ISO 4217 currency`);
  const companyCurrency = currencyCode(line.company_currency_id);
  if (companyCurrency === null) return reject(`${where}: company_currency_id ${JSON.stringify(line.company_currency_id)} is not an ISO 4217 currency`);

  let amounts: { amount: number; open: number; amountCompany: number; openCompany: number };
  try {
    amounts = {
      amount: toMinorUnits(amount(line.amount_currency), currency),
      open: toMinorUnits(amount(line.amount_residual_currency), currency),
      amountCompany: toMinorUnits(amount(line.balance), companyCurrency),
      openCompany: toMinorUnits(amount(line.amount_residual), companyCurrency),
    };
  } catch (error) {
    return reject(`${where}: ${error instanceof ArbridgeError ? error.message : String(error)}`);
  }

  const cancelled = line.parent_state === 'cancel';
  const settled = line.reconciled || (amounts.open === 0 && amounts.openCompany === 0);
  const status = cancelled ? 'cancelled' : settled ? 'paid' : amounts.open !== amounts.amount ? 'partially_paid' : 'open';

  // "No Follow-up" by version: 16/17 the line's `blocked` (Odoo's help calls it litigation),
  // 18+ the move's payment_state "blocked", 19 the line's `no_followup`.
  const litigation = mapping.version <= 17 && line.blocked === true;
  const dunningBlocked =
    litigation || (mapping.version >= 18 && move.payment_state === 'blocked') || (mapping.version >= 19 && line.no_followup === true);

  const companyId = many2oneId(line.company_id);
  return accepted({
    externalId: String(line.id),
    sourceUpdatedAt: odooDatetimeToInstant(latestDatetime(line.write_date, move.write_date) as string),
    customerExternalId: customerExternalId(partnerId, mapping.companyId),
    number,
    kind,
    documentExternalId: String(move.id),
    installment,
    issueDate,
    dueDate: line.date_maturity,
    currency,
    // A cancelled entry owes nothing, whatever residual its lines kept.
    amount: amounts.amount,
    openAmount: cancelled ? 0 : amounts.open,
    companyCurrency,
    amountCompany: amounts.amountCompany,
    openAmountCompany: cancelled ? 0 : amounts.openCompany,
    status,
    dispute: { disputed: litigation, reason: litigation ? 'marked "No Follow-up" (blocked, litigation) in Odoo' : null, since: null },
    dunningBlocked,
    erpDunningLevel: null,
    lastDunnedOn: null,
    companyId: companyId === null ? null : String(companyId),
  });
}

/** Installment numbers of lines from their moves' receivable lines, read ordered by date_maturity then id. */
export function numberInstallments(siblings: ReadonlyArray<{ id: number; moveId: number }>): Map<number, Installment> {
  const byMove = new Map<number, number[]>();
  for (const s of siblings) {
    const list = byMove.get(s.moveId) ?? [];
    list.push(s.id);
    byMove.set(s.moveId, list);
  }
  const result = new Map<number, Installment>();
  for (const ids of byMove.values()) {
    ids.forEach((id, i) => result.set(id, ids.length === 1 ? null : { index: i + 1, count: ids.length }));
  }
  return result;
}
