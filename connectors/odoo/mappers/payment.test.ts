import { paymentSchema } from '../../../core/model';
import type { OdooVersion } from '../config';
import { mapPayment, type PaymentMapping } from './payment';

function payment16(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 77,
    name: 'PBNK1/2025/00012',
    date: '2025-02-10',
    state: 'posted',
    ref: 'INV/2025/00042',
    payment_reference: false,
    amount: 1210.0,
    currency_id: [2, 'USD'],
    amount_company_currency_signed: 1100.1,
    partner_id: [15, 'Deco Addict, Jane Doe'],
    company_id: [1, 'My Company'],
    journal_id: [7, 'Bank'],
    move_id: [301, 'PBNK1/2025/00012'],
    write_date: '2025-02-10 10:00:00',
    ...overrides,
  };
}

function payment18(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { ref: _ref, ...rest } = payment16({ state: 'in_process', memo: 'Order 1234' });
  return { ...rest, ...overrides };
}

function mapping(version: OdooVersion, extra: Partial<PaymentMapping> = {}): PaymentMapping {
  return {
    version,
    companyId: null,
    commercialPartnerOf: new Map([[15, 14]]),
    moveWriteDates: new Map([[301, '2025-02-11 07:00:00']]),
    companyCurrencies: new Map([[1, 'EUR']]),
    ...extra,
  };
}

function accept(raw: unknown, m: PaymentMapping) {
  const result = mapPayment(raw, m);
  if (!result.ok) throw new Error(`rejected: ${result.reason}`);
  paymentSchema.parse({ ...result.record, tenantId: 'acme', sourceId: 'odoo-main' });
  return result.record;
}

describe('mapPayment', () => {
  it('16/17: a posted payment, keyed to the commercial partner, updated when its entry was', () => {
    expect(accept(payment16(), mapping(17))).toEqual({
      externalId: '77',
      sourceUpdatedAt: '2025-02-11T07:00:00.000Z',
      customerExternalId: '14',
      reference: 'INV/2025/00042',
      receivedOn: '2025-02-10',
      currency: 'USD',
      amount: 121000,
      companyCurrency: 'EUR',
      amountCompany: 110010,
      status: 'posted',
      method: 'Bank',
      companyId: '1',
    });
  });

  it('16/17: cancel → cancelled; 18 states', () => {
    expect(accept(payment16({ state: 'cancel' }), mapping(16)).status).toBe('cancelled');
    expect(accept(payment18(), mapping(18)).status).toBe('posted');
    expect(accept(payment18({ state: 'paid' }), mapping(19)).status).toBe('posted');
    expect(accept(payment18({ state: 'canceled' }), mapping(18)).status).toBe('cancelled');
    expect(accept(payment18({ state: 'rejected' }), mapping(19)).status).toBe('cancelled');
  });

  it('18+: memo is the reference; a payment without a journal entry keeps its own write_date', () => {
    const r = accept(payment18({ move_id: false }), mapping(18));
    expect([r.reference, r.sourceUpdatedAt]).toEqual(['Order 1234', '2025-02-10T10:00:00.000Z']);
  });

  it('falls back to the payment number when there is no memo', () => {
    expect(accept(payment18({ memo: false }), mapping(19)).reference).toBe('PBNK1/2025/00012');
  });

  it('amounts are positive even when signed negative', () => {
    expect(accept(payment16({ amount_company_currency_signed: -1100.1 }), mapping(16)).amountCompany).toBe(110010);
  });

  it.each([
    ['a 16 state on 18', payment16({ state: 'posted' }), mapping(18), /state "posted", not one Odoo 18\+ uses/],
    ['no partner', payment16({ partner_id: false }), mapping(16), /has no partner/],
    ['no date', payment16({ date: false }), mapping(16), /has no date/],
    ['unknown company currency', payment16({ company_id: [9, 'Other'] }), mapping(16), /currency of its company .* is unknown/],
    ['amount missing', payment16({ amount: undefined }), mapping(16), /amount: expected a number \(got missing\)/],
  ])('rejects with a reason: %s', (_label, raw, m, reason) => {
    const result = mapPayment(raw, m);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toMatch(reason);
      expect(result.externalId).toBe('77');
    }
  });
});
