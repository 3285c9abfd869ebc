import { ArbridgeError } from '../../../core/errors';
import { toMinorUnits } from '../../../core/money/money';
import type { MappedRow } from '../../contract';
import { odooAccountPartialReconcileSchema, type OdooMatchedLine } from '../types';
import { accepted, describeShapeError, rejected } from './mapped-row';
import { amount, currencyCode, many2oneId, odooDatetimeToInstant } from './wire-values';

/** What a partial reconcile needs beyond itself: both of its lines and the types of their moves. */
export interface AllocationMapping {
  lines: ReadonlyMap<number, OdooMatchedLine>;
  moveTypes: ReadonlyMap<number, string>;
}

/**
 * account.partial.reconcile whose debit side is a customer receivable → allocation candidate.
 * What settled it is read on the credit side: a payment's entry (payment_id set), a credit note
 * (out_refund), or anything else (write-off, exchange difference, bank statement line).
 */
export function mapAllocation(raw: unknown, mapping: AllocationMapping): MappedRow {
  const parsed = odooAccountPartialReconcileSchema.safeParse(raw);
  if (!parsed.success) return rejected(raw, describeShapeError('account.partial.reconcile', raw, parsed.error));
  const p = parsed.data;
  const where = `partial reconcile ${p.id}`;

  const debitId = many2oneId(p.debit_move_id);
  const creditId = many2oneId(p.credit_move_id);
  if (debitId === null || creditId === null) return rejected(raw, `${where} lacks its debit or credit line`);
  if (p.max_date === false) return rejected(raw, `${where} has no max_date: the settlement date is unknown`);
  const debit = mapping.lines.get(debitId);
  if (!debit) return rejected(raw, `${where}: its receivable line ${debitId} could not be read`);
  const companyCurrency = currencyCode(debit.company_currency_id);
  if (companyCurrency === null) return rejected(raw, `${where}: company currency of line ${debitId} is not an ISO 4217 currency`);

  let amountCompany: number;
  try {
    amountCompany = Math.abs(toMinorUnits(amount(p.amount), companyCurrency));
  } catch (error) {
    return rejected(raw, `${where}: ${error instanceof ArbridgeError ? error.message : String(error)}`);
  }

  const credit = mapping.lines.get(creditId);
  const paymentId = credit ? many2oneId(credit.payment_id) : null;
  const creditMoveId = credit ? many2oneId(credit.move_id) : null;
  const creditMoveType = creditMoveId === null ? undefined : mapping.moveTypes.get(creditMoveId);
  const appliedFrom = paymentId !== null ? 'payment' : creditMoveType === 'out_refund' ? 'credit_note' : 'other';

  return accepted({
    externalId: String(p.id),
    sourceUpdatedAt: odooDatetimeToInstant(p.write_date),
    receivableExternalId: String(debitId),
    appliedFrom,
    // A credit note is itself a receivable, keyed by its line id.
    appliedFromExternalId: appliedFrom === 'payment' ? String(paymentId) : appliedFrom === 'credit_note' ? String(creditId) : null,
    allocatedOn: p.max_date,
    companyCurrency,
    amountCompany,
  });
}
