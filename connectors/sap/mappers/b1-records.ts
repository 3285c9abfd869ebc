import type { CurrencyCode } from '../../../core/money/currency';
import { currencyCodeSchema } from '../../../core/money/currency';
import { toMinorUnits } from '../../../core/money/money';
import { z } from 'zod';
import type { MappedRow } from '../../contract';
import type { B1BusinessPartner, B1Document, B1IncomingPayment } from '../types';
import { dayInstant } from '../wire-values';

const emailSchema = z.string().email();

/** A B1 date ("2026-03-01" or "2026-03-01T00:00:00Z") as a local date; null when absent. */
export function b1Date(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  if (!m) throw new RangeError(`${JSON.stringify(value)} is not a date`);
  return m[1]!;
}

function money(value: unknown, currency: CurrencyCode): number {
  if (typeof value !== 'number' && typeof value !== 'string') throw new RangeError(`${JSON.stringify(value)} is not an amount`);
  return toMinorUnits(value, currency);
}

/** B1's keys are per object type: "Invoices/12" and "CreditNotes/12" are two documents. */
export function b1DocumentId(resource: string, docEntry: unknown): string {
  return `${resource}/${String(docEntry)}`;
}

/**
 * An A/R invoice or credit note to a receivable: open = DocTotal − PaidToDate (local currency),
 * DocTotalFc − PaidToDateFC in a foreign currency (reference §4.3); credit notes negative.
 */
export function mapB1Document(resource: 'Invoices' | 'CreditNotes', doc: B1Document, companyCurrency: CurrencyCode): MappedRow {
  const externalId = b1DocumentId(resource, doc.DocEntry);
  try {
    const currency = String(doc.DocCurrency ?? companyCurrency);
    if (!currencyCodeSchema.safeParse(currency).success) throw new RangeError(`DocCurrency ${JSON.stringify(doc.DocCurrency)} is not an ISO 4217 code`);
    const foreign = currency !== companyCurrency;
    const sign = resource === 'CreditNotes' ? -1 : 1;
    const total = money(doc.DocTotal, companyCurrency);
    const paid = money(doc.PaidToDate ?? 0, companyCurrency);
    const totalTx = foreign ? money(doc.DocTotalFc, currency as CurrencyCode) : total;
    const paidTx = foreign ? money(doc.PaidToDateFC ?? 0, currency as CurrencyCode) : paid;
    const issue = b1Date(doc.DocDate);
    const due = b1Date(doc.DocDueDate) ?? issue;
    const updated = b1Date(doc.UpdateDate) ?? issue;
    if (issue === null || due === null || updated === null) throw new RangeError('DocDate is empty');
    if (typeof doc.CardCode !== 'string' || doc.CardCode === '') throw new RangeError('CardCode is empty');
    const cancelled = doc.Cancelled === 'tYES';
    const open = cancelled ? 0 : total - paid;
    return {
      ok: true,
      record: {
        externalId,
        sourceUpdatedAt: dayInstant(updated),
        customerExternalId: doc.CardCode,
        number: String(doc.DocNum ?? doc.DocEntry),
        kind: resource === 'Invoices' ? 'invoice' : 'credit_note',
        documentExternalId: externalId,
        installment: null,
        issueDate: issue,
        dueDate: due,
        currency,
        amount: sign * totalTx,
        openAmount: cancelled ? 0 : sign * (totalTx - paidTx),
        companyCurrency,
        amountCompany: sign * total,
        openAmountCompany: sign * open,
        status: cancelled ? 'cancelled' : open === 0 ? 'paid' : paid > 0 ? 'partially_paid' : 'open',
        dispute: { disputed: false, reason: null, since: null },
        dunningBlocked: doc.BlockDunning === 'tYES',
        erpDunningLevel: null,
        lastDunnedOn: null,
        companyId: null,
      },
    };
  } catch (error) {
    return { ok: false, externalId, reason: `SAP B1 ${resource}(${String(doc.DocEntry)}): ${(error as Error).message}`, raw: doc };
  }
}

/** A business partner of type customer to a customer. */
export function mapB1BusinessPartner(bp: B1BusinessPartner): MappedRow {
  const externalId = typeof bp.CardCode === 'string' ? bp.CardCode : null;
  if (externalId === null || typeof bp.CardName !== 'string' || bp.CardName.trim() === '') return { ok: false, externalId, reason: `SAP B1 BusinessPartners(${String(bp.CardCode)}): CardCode and CardName are required`, raw: bp };
  let updated: string | null;
  try {
    updated = b1Date(bp.UpdateDate);
  } catch (error) {
    return { ok: false, externalId, reason: `SAP B1 BusinessPartners(${externalId}): ${(error as Error).message}`, raw: bp };
  }
  const email = typeof bp.EmailAddress === 'string' ? bp.EmailAddress.trim() : '';
  return {
    ok: true,
    record: {
      externalId,
      sourceUpdatedAt: updated === null ? '1970-01-01T00:00:00.000Z' : dayInstant(updated),
      name: bp.CardName.trim(),
      emails: email !== '' && emailSchema.safeParse(email).success ? [email] : [],
      phone: typeof bp.Phone1 === 'string' && bp.Phone1.trim() !== '' ? bp.Phone1.trim() : null,
      language: null,
      vatId: typeof bp.FederalTaxID === 'string' && bp.FederalTaxID.trim() !== '' ? bp.FederalTaxID.trim() : null,
      paymentTerms: bp.PayTermsGrpCode === undefined || bp.PayTermsGrpCode === null ? null : { code: String(bp.PayTermsGrpCode), name: String(bp.PayTermsGrpCode) },
      creditLimit: null,
      tags: [],
      segment: null,
      salesRep: null,
      erpRiskCode: null,
      dunningBlocked: bp.BlockDunning === 'tYES',
      companyId: null,
      active: bp.Frozen !== 'tYES',
    },
  };
}

/** An incoming payment to a payment, and its invoice lines to allocations. */
export function mapB1Payment(payment: B1IncomingPayment, companyCurrency: CurrencyCode): { payment: MappedRow; allocations: MappedRow[] } {
  const externalId = b1DocumentId('IncomingPayments', payment.DocEntry);
  try {
    const currency = String(payment.DocCurrency ?? companyCurrency);
    if (currency !== companyCurrency) throw new RangeError(`a payment in ${currency} (not the company currency): its company amount is not read`);
    const on = b1Date(payment.DocDate);
    const updated = b1Date(payment.UpdateDate) ?? on;
    if (on === null || updated === null) throw new RangeError('DocDate is empty');
    const amount = money(payment.CashSum ?? 0, companyCurrency) + money(payment.TransferSum ?? 0, companyCurrency) + money(payment.CheckSum ?? 0, companyCurrency);
    const cancelled = payment.Cancelled === 'tYES';
    const allocations: MappedRow[] = cancelled
      ? []
      : (payment.PaymentInvoices ?? []).map((line) => {
          const resource = line.InvoiceType === 'it_Invoice' ? 'Invoices' : line.InvoiceType === 'it_CredItnote' ? 'CreditNotes' : null;
          const target = resource === null ? `${String(line.InvoiceType)}/${String(line.DocEntry)}` : b1DocumentId(resource, line.DocEntry);
          if (resource === null) return { ok: false as const, externalId: `${externalId}>${target}`, reason: `SAP B1 IncomingPayments(${String(payment.DocEntry)}): a line of type ${String(line.InvoiceType)} is not an invoice or credit note; not linked`, raw: line };
          return {
            ok: true as const,
            record: {
              externalId: `${externalId}>${target}`,
              sourceUpdatedAt: dayInstant(updated),
              receivableExternalId: target,
              appliedFrom: 'payment',
              appliedFromExternalId: externalId,
              allocatedOn: on,
              companyCurrency,
              amountCompany: Math.abs(money(line.SumApplied ?? 0, companyCurrency)),
            },
          };
        });
    return {
      payment: {
        ok: true,
        record: {
          externalId,
          sourceUpdatedAt: dayInstant(updated),
          customerExternalId: String(payment.CardCode),
          reference: payment.DocNum === undefined ? null : String(payment.DocNum),
          receivedOn: on,
          currency,
          amount,
          companyCurrency,
          amountCompany: amount,
          status: cancelled ? 'cancelled' : 'posted',
          method: Number(payment.TransferSum ?? 0) > 0 ? 'transfer' : Number(payment.CashSum ?? 0) > 0 ? 'cash' : 'check',
          companyId: null,
        },
      },
      allocations,
    };
  } catch (error) {
    return { payment: { ok: false, externalId, reason: `SAP B1 IncomingPayments(${String(payment.DocEntry)}): ${(error as Error).message}`, raw: payment }, allocations: [] };
  }
}
