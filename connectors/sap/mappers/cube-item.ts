import { currencyCodeSchema, type CurrencyCode } from '../../../core/money/currency';
import { odataAmount, odataDate, odataText } from '../odata/odata-values';
import type { SapCubeItem } from '../types';
import { alphaInput } from '../wire-values';
import type { LineItem } from './line-item';

/**
 * One A_OperationalAcctgDocItemCube row read into the same LineItem the SOAP BAPIs give, so that
 * both flavours share one ledger mapping. The cube's amounts are signed (the BAPI's are not) and it
 * carries the net due date SAP computed, which is taken as is.
 */
export function readCubeItem(raw: SapCubeItem): { ok: true; item: LineItem } | { ok: false; key: string | null; reason: string } {
  const companyCode = odataText(raw.CompanyCode);
  const fiscalYear = odataText(raw.FiscalYear);
  const documentNumber = odataText(raw.AccountingDocument);
  // The cube's item number may come without its NUMC3 zeros: pad so keys match the BAPI's BUZEI.
  const itemNumber = (odataText(raw.AccountingDocumentItem) ?? '1').padStart(3, '0');
  const key = companyCode && fiscalYear && documentNumber ? `${companyCode}/${fiscalYear}/${documentNumber}/${itemNumber}` : null;
  const where = `SAP journal entry item ${key ?? JSON.stringify({ CompanyCode: raw.CompanyCode, FiscalYear: raw.FiscalYear, AccountingDocument: raw.AccountingDocument })}`;
  const fail = (reason: string) => ({ ok: false as const, key, reason: `${where}: ${reason}` });
  if (key === null || companyCode === null || fiscalYear === null || documentNumber === null) return fail('CompanyCode, FiscalYear and AccountingDocument are required');
  const customer = odataText(raw.Customer);
  if (customer === null) return fail('Customer is empty');
  const debitCredit = odataText(raw.DebitCreditCode);
  if (debitCredit !== 'S' && debitCredit !== 'H') return fail(`DebitCreditCode ${JSON.stringify(raw.DebitCreditCode)} is neither S (debit) nor H (credit)`);
  const currency = odataText(raw.TransactionCurrency);
  const localCurrency = odataText(raw.CompanyCodeCurrency);
  if (!currencyCodeSchema.safeParse(currency).success) return fail(`TransactionCurrency ${JSON.stringify(raw.TransactionCurrency)} is not an ISO 4217 code`);
  if (!currencyCodeSchema.safeParse(localCurrency).success) return fail(`CompanyCodeCurrency ${JSON.stringify(raw.CompanyCodeCurrency)} is not an ISO 4217 code`);
  try {
    const documentDate = odataDate(raw.DocumentDate) ?? odataDate(raw.PostingDate);
    const postingDate = odataDate(raw.PostingDate) ?? documentDate;
    if (documentDate === null || postingDate === null) return fail('DocumentDate and PostingDate are both empty');
    const netDueDate = odataDate(raw.NetDueDate);
    if (netDueDate === null) return fail('NetDueDate is empty');
    const invoiceRef = odataText(raw.InvoiceReference);
    const invoiceYear = odataText(raw.InvoiceReferenceFiscalYear);
    const invoiceItem = odataText(raw.InvoiceItemReference);
    const level = odataText(raw.DunningLevel);
    if (level !== null && !/^\d$/.test(level)) return fail(`DunningLevel ${JSON.stringify(raw.DunningLevel)} is not a digit`);
    return {
      ok: true,
      item: {
        companyCode,
        customer: alphaInput(customer),
        fiscalYear,
        documentNumber,
        itemNumber,
        key,
        documentKey: `${companyCode}/${fiscalYear}/${documentNumber}`,
        documentType: odataText(raw.AccountingDocumentType) ?? '',
        postingKey: odataText(raw.PostingKey),
        debitCredit,
        specialGl: odataText(raw.SpecialGLCode),
        postingDate,
        documentDate,
        entryDate: odataDate(raw.AccountingDocumentCreationDate),
        netDueDate,
        currency: currency as CurrencyCode,
        localCurrency: localCurrency as CurrencyCode,
        amount: Math.abs(odataAmount(raw.AmountInTransactionCurrency, currency as CurrencyCode)),
        amountLocal: Math.abs(odataAmount(raw.AmountInCompanyCodeCurrency, localCurrency as CurrencyCode)),
        reference: odataText(raw.DocumentReferenceID),
        invoiceKey:
          invoiceRef === null ? null : `${companyCode}/${invoiceYear && !/^0+$/.test(invoiceYear) ? invoiceYear : fiscalYear}/${invoiceRef}/${(invoiceItem && !/^0+$/.test(invoiceItem) ? invoiceItem : '1').padStart(3, '0')}`,
        clearDate: odataDate(raw.ClearingDate),
        clearingDocument: odataText(raw.ClearingAccountingDocument),
        dunningBlock: odataText(raw.DunningBlockingReason),
        dunningLevel: level === null ? 0 : Number(level),
        lastDunnedOn: odataDate(raw.LastDunningDate),
        paymentMethod: odataText(raw.PaymentMethod),
        paymentTerms: odataText(raw.PaymentTerms),
      },
    };
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
}
