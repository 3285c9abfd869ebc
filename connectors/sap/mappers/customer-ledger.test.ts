import { customerLedgerRows } from './customer-ledger';
import type { LineItem } from './line-item';

const rules = { paymentDocumentTypes: ['DZ'], includeSpecialGl: false };

/** A cleared line item of customer 100001 in company code 1000, cleared on 2026-03-20 by document 1400000090. */
function item(doc: string, type: 'RV' | 'DZ' | 'DG', debitCredit: 'S' | 'H', amountLocal: number, postingDate: string, extra: Partial<LineItem> = {}): LineItem {
  return {
    companyCode: '1000', customer: '0000100001', fiscalYear: '2026', documentNumber: doc, itemNumber: '001', key: `1000/2026/${doc}/001`, documentKey: `1000/2026/${doc}`,
    documentType: type, postingKey: null, debitCredit, specialGl: null, postingDate, documentDate: postingDate, entryDate: null, netDueDate: postingDate,
    currency: 'EUR', localCurrency: 'EUR', amount: amountLocal, amountLocal, reference: null, invoiceKey: null, clearDate: '2026-03-20', clearingDocument: '1400000090',
    dunningBlock: null, dunningLevel: 0, lastDunnedOn: null, paymentMethod: 'T', paymentTerms: null, ...extra,
  };
}

/** Allocations as "from > to: amount", and each source's total. */
function split(cleared: LineItem[]): { lines: string[]; bySource: Record<string, number> } {
  const rows = customerLedgerRows([], cleared, rules).allocations.map((r) => (r.ok ? r.record : null)!);
  const bySource: Record<string, number> = {};
  for (const r of rows) bySource[String(r.appliedFromExternalId)] = (bySource[String(r.appliedFromExternalId)] ?? 0) + (r.amountCompany as number);
  return { lines: rows.map((r) => `${String(r.appliedFromExternalId)} > ${String(r.receivableExternalId)}: ${String(r.amountCompany)}`), bySource };
}

describe('allocations of one SAP clearing of several invoices and several payments', () => {
  it('settles the oldest invoice first from the oldest payment first, each payment’s allocations summing to its amount', () => {
    const { lines, bySource } = split([
      item('1400000090', 'DZ', 'H', 70_000, '2026-03-20'),
      item('0090000002', 'RV', 'S', 50_000, '2026-02-10'),
      item('1400000080', 'DZ', 'H', 30_000, '2026-03-05'),
      item('0090000001', 'RV', 'S', 40_000, '2026-01-15'),
      item('0090000003', 'RV', 'S', 10_000, '2026-02-10'),
    ]);
    expect(lines).toEqual([
      '1000/2026/1400000080 > 1000/2026/0090000001/001: 30000',
      '1000/2026/1400000090 > 1000/2026/0090000001/001: 10000',
      '1000/2026/1400000090 > 1000/2026/0090000002/001: 50000',
      '1000/2026/1400000090 > 1000/2026/0090000003/001: 10000',
    ]);
    expect(bySource).toEqual({ '1000/2026/1400000080': 30_000, '1000/2026/1400000090': 70_000 });
  });

  it('nets a credit note of the clearing like a payment, and allocates what no payment covers (a cash discount) from "other"', () => {
    const { lines } = split([
      item('0090000001', 'RV', 'S', 100_000, '2026-02-01'),
      item('1600000007', 'DG', 'H', 20_000, '2026-02-15'),
      item('1400000090', 'DZ', 'H', 78_000, '2026-03-20'),
    ]);
    expect(lines).toEqual([
      '1000/2026/1600000007/001 > 1000/2026/0090000001/001: 20000',
      '1000/2026/1400000090 > 1000/2026/0090000001/001: 78000',
      'null > 1000/2026/0090000001/001: 2000',
    ]);
  });

  it('counts an earlier partial payment of an invoice once: the clearing settles only the rest', () => {
    const invoice = item('0090000001', 'RV', 'S', 100_000, '2026-02-01');
    const { lines, bySource } = split([
      invoice,
      item('1400000050', 'DZ', 'H', 25_000, '2026-02-20', { invoiceKey: invoice.key }),
      item('0090000002', 'RV', 'S', 30_000, '2026-02-05'),
      item('1400000090', 'DZ', 'H', 105_000, '2026-03-20'),
    ]);
    expect(lines).toEqual([
      '1000/2026/1400000050 > 1000/2026/0090000001/001: 25000',
      '1000/2026/1400000090 > 1000/2026/0090000001/001: 75000',
      '1000/2026/1400000090 > 1000/2026/0090000002/001: 30000',
    ]);
    expect(bySource).toEqual({ '1000/2026/1400000050': 25_000, '1000/2026/1400000090': 105_000 });
  });
});
