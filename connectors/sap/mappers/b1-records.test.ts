import { mapB1Document, mapB1Payment } from './b1-records';

const invoice = {
  DocEntry: 7, DocNum: 100007, CardCode: 'C00001', DocDate: '2026-03-01T00:00:00Z', DocDueDate: '2026-03-31', DocCurrency: 'USD',
  DocTotal: 1000.1, DocTotalFc: 1080.11, PaidToDate: 400.05, PaidToDateFC: 432.05, Cancelled: 'tNO', BlockDunning: 'tYES', UpdateDate: '2026-03-20T00:00:00Z',
};

describe('Business One documents and payments', () => {
  it('reads a foreign-currency invoice’s open amounts in both currencies, exactly', () => {
    expect(mapB1Document('Invoices', invoice, 'EUR')).toMatchObject({
      ok: true,
      record: { externalId: 'Invoices/7', currency: 'USD', amount: 108011, openAmount: 64806, companyCurrency: 'EUR', amountCompany: 100010, openAmountCompany: 60005, status: 'partially_paid', dunningBlocked: true, dueDate: '2026-03-31' },
    });
  });

  it('makes credit notes negative and cancelled documents owe nothing', () => {
    expect(mapB1Document('CreditNotes', { ...invoice, DocCurrency: 'EUR', PaidToDate: 0 }, 'EUR')).toMatchObject({ record: { externalId: 'CreditNotes/7', amount: -100010, openAmount: -100010, kind: 'credit_note' } });
    expect(mapB1Document('Invoices', { ...invoice, Cancelled: 'tYES' }, 'EUR')).toMatchObject({ record: { status: 'cancelled', openAmountCompany: 0 } });
  });

  it('links a payment to the invoices it pays and quarantines a line it cannot link', () => {
    const mapped = mapB1Payment(
      { DocEntry: 3, DocNum: 200003, CardCode: 'C00001', DocDate: '2026-03-20', DocCurrency: 'EUR', TransferSum: 500.5, CashSum: 0, Cancelled: 'tNO', PaymentInvoices: [{ DocEntry: 7, SumApplied: 400.05, InvoiceType: 'it_Invoice' }, { DocEntry: 9, SumApplied: 100.45, InvoiceType: 'it_JournalEntry' }] },
      'EUR',
    );
    expect(mapped.payment).toMatchObject({ ok: true, record: { amount: 50050, method: 'transfer' } });
    expect(mapped.allocations[0]).toMatchObject({ ok: true, record: { receivableExternalId: 'Invoices/7', amountCompany: 40005, allocatedOn: '2026-03-20' } });
    expect(mapped.allocations[1]).toMatchObject({ ok: false, reason: expect.stringContaining('a line of type it_JournalEntry is not an invoice or credit note') });
  });
});
