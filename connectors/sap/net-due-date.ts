import { addDays, type LocalDate } from '../../core/time/local-date';

/** The fields of a BAPI3007_2 line item that SAP's due-date logic reads (DETERMINE_DUE_DATE). */
export interface DueDateInputs {
  /** BLINE_DATE (ZFBDT), the baseline date; null when initial. */
  baselineDate: LocalDate | null;
  /** DOC_DATE (BLDAT), the fallback baseline. */
  documentDate: LocalDate;
  /** DB_CR_IND (SHKZG): S debit, H credit. */
  debitCredit: 'S' | 'H';
  /** INV_REF (REBZG): the invoice a credit item refers to, null when none. */
  invoiceReference: string | null;
  /** NETTERMS (ZBD3T), DSCT_DAYS2 (ZBD2T), DSCT_DAYS1 (ZBD1T). */
  netDays: number;
  discountDays2: number;
  discountDays1: number;
}

/**
 * The net due date as SAP computes it (reference §1.10, DETERMINE_DUE_DATE / NET_DUE_DATE_GET):
 * baseline + the net term, else the second discount term, else the first. A credit item without an
 * invoice reference is due on its baseline date. Not returned by the BAPI, not stored in BSEG.
 */
export function netDueDate(item: DueDateInputs): LocalDate {
  const baseline = item.baselineDate ?? item.documentDate;
  if (item.debitCredit === 'H' && item.invoiceReference === null) return baseline;
  const days = item.netDays !== 0 ? item.netDays : item.discountDays2 !== 0 ? item.discountDays2 : item.discountDays1;
  return addDays(baseline, days);
}
