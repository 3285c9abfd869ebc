import type { Customer } from '../../core/model/customer';
import type { Receivable } from '../../core/model/receivable';
import { toMinorUnits } from '../../core/money/money';
import { addDays, type LocalDate } from '../../core/time/local-date';

/**
 * The customer a preview shows when none is named: an invented company with two overdue invoices,
 * in the tenant's currency, so that a template can be read before any sync.
 */
export function previewSample(tenant: { id: string; currency: string }, language: string, asOf: LocalDate): { customer: Customer; receivables: Receivable[] } {
  const key = { tenantId: tenant.id, sourceId: 'preview', sourceUpdatedAt: '2026-01-01T00:00:00.000Z' };
  const customer: Customer = {
    ...key,
    externalId: 'SAMPLE',
    name: language === 'fr' ? 'Exemple SARL' : 'Example Ltd',
    emails: ['accounts@example.com'],
    phone: null,
    language,
    vatId: null,
    paymentTerms: null,
    creditLimit: null,
    tags: [],
    segment: null,
    salesRep: null,
    erpRiskCode: null,
    dunningBlocked: false,
    companyId: null,
    active: true,
  };
  const invoice = (n: number, daysLate: number, amount: string): Receivable => {
    const minor = toMinorUnits(amount, tenant.currency as never);
    const due = addDays(asOf, -daysLate);
    return {
      ...key,
      externalId: `SAMPLE-${n}`,
      customerExternalId: 'SAMPLE',
      number: `INV-SAMPLE-000${n}`,
      kind: 'invoice',
      documentExternalId: `SAMPLE-${n}`,
      installment: null,
      issueDate: addDays(due, -30),
      dueDate: due,
      currency: tenant.currency as never,
      amount: minor,
      openAmount: minor,
      companyCurrency: tenant.currency as never,
      amountCompany: minor,
      openAmountCompany: minor,
      status: 'open',
      dispute: { disputed: false, reason: null, since: null },
      dunningBlocked: false,
      erpDunningLevel: null,
      lastDunnedOn: null,
      companyId: null,
    };
  };
  return { customer, receivables: [invoice(1, 24, '1200.50'), invoice(2, 9, '300.00')] };
}
