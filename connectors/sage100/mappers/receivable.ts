import type { MappedRow } from '../../contract';
import { toMinorUnits } from '../../../core/money/money';
import { sageEcritureRowSchema } from '../types';
import { addDaysToDate, naiveToInstant, sageDate, sageInt, sageText } from '../wire-values';
import { unknownModification } from './customer';
import { accepted, describeShapeError, guarded, rejected } from './mapped-row';
import type { SageCurrencies } from './sage-currencies';
import type { SageRecouvrement } from '../streams/recouvrement';

/** The sales document an entry belongs to (F_DOCENTETE, types 6/7), and its schedule (F_DOCREGL). */
export interface SageDocument {
  piece: string;
  /** DO_Provenance 1 (return) or 2 (credit note) on an invoice type: a credit note. */
  creditNote: boolean;
  /** Due dates of the schedule lines, in order, with the entry each is linked to (0 = none); read only when there are several (one line is no installment). */
  schedule: ReadonlyArray<{ dueDate: string | null; ecNo: number }>;
}

/** What a receivable row needs beyond itself. */
export interface ReceivableMapping {
  companyId: string | null;
  currencies: SageCurrencies;
  serverTimeZone: string;
  /** Sales documents of the page, by DO_Piece (= EC_RefPiece by Sage's convention). */
  documents: ReadonlyMap<string, SageDocument>;
  /** Dispute and promise of the page's entries from the recouvrement tables, by EC_No (empty without them). */
  recouvrement: ReadonlyMap<number, SageRecouvrement>;
}

/** Sage journal types (F_JOURNAUX.JO_Type): 1 = ventes. */
const salesJournal = 1;

/** `value × numerator / denominator`, rounded half away from zero, in integers (no float on the way). */
function prorate(value: number, numerator: number, denominator: number): number {
  if (denominator === 0) return 0;
  const n = BigInt(value) * BigInt(numerator);
  const d = BigInt(denominator);
  const q = n / d;
  const r = n % d;
  const twice = (r < 0n ? -r : r) * 2n;
  const rounded = twice >= (d < 0n ? -d : d) ? q + (n < 0n !== d < 0n ? -1n : 1n) : q;
  return Number(rounded);
}

/**
 * F_ECRITUREC (a line of a client account, outside situation and treasury journals) → receivable.
 * EC_Montant is always positive; EC_Sens gives the side (0 débit: the customer owes, 1 crédit: a credit).
 * A fully lettered line (EC_Lettre 1) is paid; otherwise what is open is EC_Montant − EC_MontantRegle,
 * which covers partial lettering (lower-case EC_Lettrage codes) and partial payments.
 */
export function mapReceivable(raw: unknown, mapping: ReceivableMapping): MappedRow {
  const parsed = sageEcritureRowSchema.safeParse(raw);
  const rawNo = (raw as { ec_no?: unknown } | null)?.ec_no;
  const id = rawNo === undefined || rawNo === null ? null : String(rawNo);
  if (!parsed.success) return rejected(raw, id, describeShapeError(`F_ECRITUREC EC_No ${id ?? '?'}`, raw, parsed.error));
  const e = parsed.data;
  const externalId = String(e.ec_no);
  const where = `F_ECRITUREC EC_No ${externalId}`;
  return guarded(raw, externalId, where, () => {
    const customer = sageText(e.ct_num);
    if (customer === null) return rejected(raw, externalId, `${where} has no CT_Num`);
    if (e.ec_sens !== 0 && e.ec_sens !== 1) return rejected(raw, externalId, `${where}: EC_Sens is ${e.ec_sens}, expected 0 (débit) or 1 (crédit)`);
    const jmDate = sageDate(e.jm_date);
    if (jmDate === null) return rejected(raw, externalId, `${where}: JM_Date (journal period) is empty`);
    // JM_Date is the first of the period; EC_Jour the day in it.
    const entryDate = addDaysToDate(jmDate, e.ec_jour - 1);
    const issueDate = sageDate(e.ec_date) ?? entryDate;
    // No due date (sentinel) means due at once: a credit note, or an entry keyed without a schedule.
    const dueDate = sageDate(e.ec_echeance) ?? issueDate;

    const companyCurrency = mapping.currencies.company;
    const nDevise = sageInt(e.n_devise);
    const currency = mapping.currencies.of(nDevise);
    const foreign = mapping.currencies.isForeign(nDevise);
    const amountCompany = toMinorUnits(e.ec_montant, companyCurrency);
    if (amountCompany < 0) return rejected(raw, externalId, `${where}: EC_Montant is negative (${e.ec_montant}); Sage keeps it positive with EC_Sens`);
    const amount = foreign ? toMinorUnits(e.ec_devise ?? '0', currency) : amountCompany;
    if (foreign && amount === 0 && amountCompany !== 0) {
      return rejected(raw, externalId, `${where}: N_Devise ${nDevise} (${currency}) but EC_Devise is 0: the amount in ${currency} is unknown`);
    }

    const lettered = sageInt(e.ec_lettre) === 1;
    const paidCompany = lettered ? amountCompany : Math.min(amountCompany, Math.max(0, toMinorUnits(e.ec_montantregle ?? '0', companyCurrency)));
    const openCompany = amountCompany - paidCompany;
    const open = lettered ? 0 : foreign ? prorate(amount, openCompany, amountCompany) : openCompany;
    const status = openCompany === 0 && amountCompany !== 0 ? 'paid' : paidCompany > 0 ? 'partially_paid' : 'open';
    const sign = e.ec_sens === 0 ? 1 : -1;

    const refPiece = sageText(e.ec_refpiece);
    const document = refPiece === null ? undefined : mapping.documents.get(refPiece);
    const kind = e.ec_sens === 1 || document?.creditNote ? 'credit_note' : e.jo_type === salesJournal || document ? 'invoice' : 'debit_note';
    const schedule = document?.schedule ?? [];
    let installment: { index: number; count: number } | null = null;
    if (schedule.length > 1) {
      const at = schedule.findIndex((s) => s.ecNo === e.ec_no);
      const byDate = at >= 0 ? at : schedule.findIndex((s) => s.dueDate === dueDate);
      if (byDate >= 0) installment = { index: byDate + 1, count: schedule.length };
    }
    const recouvrement = mapping.recouvrement.get(e.ec_no);
    if (recouvrement?.problem) return rejected(raw, externalId, `${where}: ${recouvrement.problem}`);
    const dispute = recouvrement?.dispute;
    // Sage records a promise date, not an amount: the promise covers what is open on the entry.
    const promised = recouvrement?.promiseUntil && sign > 0 && openCompany > 0 ? { amount: openCompany, until: recouvrement.promiseUntil } : null;
    const modified = e.cbmodification?.trim() || null;
    const rappel = sageInt(e.ec_rappel);
    return accepted({
      externalId,
      sourceUpdatedAt: modified ? naiveToInstant(modified, mapping.serverTimeZone) : unknownModification,
      customerExternalId: customer,
      number: refPiece ?? sageText(e.ec_piece) ?? externalId,
      kind,
      // The sales document when the commercial side has it; else the journal piece that groups the entry's lines.
      documentExternalId: document ? `doc:${document.piece}` : sageText(e.ec_piece) ? `piece:${sageText(e.jo_num)}/${sageText(e.ec_piece)}` : null,
      installment,
      issueDate,
      dueDate,
      currency,
      amount: sign * amount,
      openAmount: sign * open,
      companyCurrency,
      amountCompany: sign * amountCompany,
      openAmountCompany: sign * openCompany,
      status,
      dispute: dispute ? { disputed: true, reason: dispute.reason, since: dispute.since } : { disputed: false, reason: null, since: null },
      dunningBlocked: false,
      promiseToPay: promised,
      erpDunningLevel: rappel !== null && rappel >= 0 ? rappel : null,
      lastDunnedOn: sageDate(e.ec_daterelance),
      companyId: mapping.companyId,
    });
  });
}
