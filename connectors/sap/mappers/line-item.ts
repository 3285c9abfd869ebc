import { currencyCodeSchema, type CurrencyCode } from '../../../core/money/currency';
import type { LocalDate } from '../../../core/time/local-date';
import { netDueDate } from '../net-due-date';
import type { SapLineItem } from '../types';
import { sapAmount, sapDate, sapInteger, sapText } from '../wire-values';

/** A BAPI3007_2 row read into plain values: the wire quirks gone, amounts still unsigned (the sign is in `debitCredit`). */
export interface LineItem {
  companyCode: string;
  customer: string;
  fiscalYear: string;
  documentNumber: string;
  itemNumber: string;
  /** cc/year/doc/item: the item's key, stable across open and cleared lists. */
  key: string;
  /** cc/year/doc: the accounting document's key. */
  documentKey: string;
  documentType: string;
  postingKey: string | null;
  debitCredit: 'S' | 'H';
  specialGl: string | null;
  postingDate: LocalDate;
  documentDate: LocalDate;
  entryDate: LocalDate | null;
  netDueDate: LocalDate;
  currency: CurrencyCode;
  localCurrency: CurrencyCode;
  /** Unsigned, minor units of `currency`. */
  amount: number;
  /** Unsigned, minor units of `localCurrency`. */
  amountLocal: number;
  reference: string | null;
  /** The invoice item this one refers to (partial payment, credit memo), as its key. */
  invoiceKey: string | null;
  clearDate: LocalDate | null;
  clearingDocument: string | null;
  dunningBlock: string | null;
  dunningLevel: number;
  lastDunnedOn: LocalDate | null;
  paymentMethod: string | null;
  paymentTerms: string | null;
}

/** Reads one LINEITEMS row, or says what is wrong with it and where. */
export function readLineItem(raw: SapLineItem): { ok: true; item: LineItem } | { ok: false; key: string | null; reason: string } {
  const companyCode = sapText(raw.COMP_CODE);
  const fiscalYear = sapText(raw.FISC_YEAR);
  const documentNumber = sapText(raw.DOC_NO);
  const itemNumber = sapText(raw.ITEM_NUM) ?? '001';
  const key = companyCode && fiscalYear && documentNumber ? `${companyCode}/${fiscalYear}/${documentNumber}/${itemNumber}` : null;
  const where = `SAP line item ${key ?? JSON.stringify({ COMP_CODE: raw.COMP_CODE, FISC_YEAR: raw.FISC_YEAR, DOC_NO: raw.DOC_NO })}`;
  const fail = (reason: string) => ({ ok: false as const, key, reason: `${where}: ${reason}` });
  if (key === null || companyCode === null || fiscalYear === null || documentNumber === null) return fail('COMP_CODE, FISC_YEAR and DOC_NO are required');
  const customer = sapText(raw.CUSTOMER);
  if (customer === null) return fail('CUSTOMER is empty');
  const debitCredit = sapText(raw.DB_CR_IND);
  if (debitCredit !== 'S' && debitCredit !== 'H') return fail(`DB_CR_IND ${JSON.stringify(raw.DB_CR_IND)} is neither S (debit) nor H (credit)`);
  const currency = sapText(raw.CURRENCY);
  const localCurrency = sapText(raw.LOC_CURRCY);
  if (!currencyCodeSchema.safeParse(currency).success) return fail(`CURRENCY ${JSON.stringify(raw.CURRENCY)} is not an ISO 4217 code`);
  if (!currencyCodeSchema.safeParse(localCurrency).success) return fail(`LOC_CURRCY ${JSON.stringify(raw.LOC_CURRCY)} is not an ISO 4217 code`);
  try {
    const documentDate = sapDate(raw.DOC_DATE) ?? sapDate(raw.PSTNG_DATE);
    const postingDate = sapDate(raw.PSTNG_DATE) ?? documentDate;
    if (documentDate === null || postingDate === null) return fail('DOC_DATE and PSTNG_DATE are both initial');
    const invoiceRef = sapText(raw.INV_REF);
    const invoiceYear = sapText(raw.INV_YEAR);
    const invoiceItem = sapText(raw.INV_ITEM);
    const invoiceKey =
      invoiceRef === null ? null : `${companyCode}/${invoiceYear && !/^0+$/.test(invoiceYear) ? invoiceYear : fiscalYear}/${invoiceRef}/${invoiceItem && !/^0+$/.test(invoiceItem) ? invoiceItem : '001'}`;
    const level = sapInteger(raw.DUNN_LEVEL);
    return {
      ok: true,
      item: {
        companyCode,
        customer,
        fiscalYear,
        documentNumber,
        itemNumber,
        key,
        documentKey: `${companyCode}/${fiscalYear}/${documentNumber}`,
        documentType: sapText(raw.DOC_TYPE) ?? '',
        postingKey: sapText(raw.POST_KEY),
        debitCredit,
        specialGl: sapText(raw.SP_GL_IND),
        postingDate,
        documentDate,
        entryDate: sapDate(raw.ENTRY_DATE),
        netDueDate: netDueDate({
          baselineDate: sapDate(raw.BLINE_DATE),
          documentDate,
          debitCredit,
          invoiceReference: invoiceRef,
          netDays: sapInteger(raw.NETTERMS),
          discountDays2: sapInteger(raw.DSCT_DAYS2),
          discountDays1: sapInteger(raw.DSCT_DAYS1),
        }),
        currency: currency as CurrencyCode,
        localCurrency: localCurrency as CurrencyCode,
        amount: Math.abs(sapAmount(raw.AMT_DOCCUR, currency as CurrencyCode)),
        amountLocal: Math.abs(sapAmount(raw.LC_AMOUNT, localCurrency as CurrencyCode)),
        reference: sapText(raw.REF_DOC_NO),
        invoiceKey,
        clearDate: sapDate(raw.CLEAR_DATE),
        clearingDocument: sapText(raw.CLR_DOC_NO),
        dunningBlock: sapText(raw.DUNN_BLOCK),
        dunningLevel: level,
        lastDunnedOn: sapDate(raw.LAST_DUNN),
        paymentMethod: sapText(raw.PYMT_METH),
        paymentTerms: sapText(raw.PMNTTRMS),
      },
    };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}
