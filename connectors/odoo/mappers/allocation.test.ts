import { allocationSchema } from '../../../core/model';
import type { OdooMatchedLine } from '../types';
import { mapAllocation, type AllocationMapping } from './allocation';

function partial(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 501,
    debit_move_id: [812, 'INV/2025/00042'],
    credit_move_id: [900, 'PBNK1/2025/00012'],
    amount: 605.05,
    max_date: '2025-02-10',
    company_id: [1, 'My Company'],
    write_date: '2025-02-10 10:00:01',
    ...overrides,
  };
}

const lines = new Map<number, OdooMatchedLine>([
  [812, { id: 812, move_id: [42, 'INV/2025/00042'], payment_id: false, company_currency_id: [1, 'EUR'] }],
  [900, { id: 900, move_id: [301, 'PBNK1/2025/00012'], payment_id: [77, 'PBNK1/2025/00012'], company_currency_id: [1, 'EUR'] }],
  [901, { id: 901, move_id: [43, 'RINV/2025/00003'], payment_id: false, company_currency_id: [1, 'EUR'] }],
  [902, { id: 902, move_id: [44, 'MISC/2025/00001'], payment_id: false, company_currency_id: [1, 'EUR'] }],
]);
const mapping: AllocationMapping = { lines, moveTypes: new Map([[43, 'out_refund'], [44, 'entry']]) };

function accept(raw: unknown) {
  const result = mapAllocation(raw, mapping);
  if (!result.ok) throw new Error(`rejected: ${result.reason}`);
  allocationSchema.parse({ ...result.record, tenantId: 'acme', sourceId: 'odoo-main' });
  return result.record;
}

describe('mapAllocation', () => {
  it('a payment applied to an invoice installment', () => {
    expect(accept(partial())).toEqual({
      externalId: '501',
      sourceUpdatedAt: '2025-02-10T10:00:01.000Z',
      receivableExternalId: '812',
      appliedFrom: 'payment',
      appliedFromExternalId: '77',
      allocatedOn: '2025-02-10',
      companyCurrency: 'EUR',
      amountCompany: 60505,
    });
  });

  it('a credit note fully used against an invoice: the credit note line is the source', () => {
    expect(accept(partial({ credit_move_id: [901, 'RINV/2025/00003'] }))).toMatchObject({ appliedFrom: 'credit_note', appliedFromExternalId: '901' });
  });

  it('a write-off or exchange entry is other', () => {
    expect(accept(partial({ credit_move_id: [902, 'MISC/2025/00001'] }))).toMatchObject({ appliedFrom: 'other', appliedFromExternalId: null });
  });

  it.each([
    ['no max_date', partial({ max_date: false }), /no max_date/],
    ['debit line unreadable', partial({ debit_move_id: [999, 'X'] }), /receivable line 999 could not be read/],
    ['amount as text', partial({ amount: 'lots' }), /amount: expected a number/],
  ])('rejects with a reason: %s', (_label, raw, reason) => {
    const result = mapAllocation(raw, mapping);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
