import { receivableSchema } from '../../../core/model';
import type { OdooVersion } from '../config';
import { mapReceivable, numberInstallments } from './receivable';

/** A receivable line as JSON-RPC read() returns it (many2one [id, name], false for empty, floats). */
function line(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 812,
    move_id: [42, 'INV/2025/00042'],
    partner_id: [14, 'Deco Addict'],
    company_id: [1, 'My Company'],
    currency_id: [2, 'USD'],
    company_currency_id: [1, 'EUR'],
    date: '2025-01-02',
    date_maturity: '2025-02-01',
    amount_currency: 1210.0,
    amount_residual_currency: 1210.0,
    balance: 1100.1,
    amount_residual: 1100.1,
    reconciled: false,
    parent_state: 'posted',
    write_date: '2025-02-01 08:13:27',
    ...overrides,
  };
}

function move(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 42,
    name: 'INV/2025/00042',
    move_type: 'out_invoice',
    state: 'posted',
    invoice_date: '2025-01-02',
    date: '2025-01-02',
    currency_id: [2, 'USD'],
    payment_state: 'not_paid',
    write_date: '2025-02-01 09:00:00',
    ...overrides,
  };
}

const key = { tenantId: 'acme', sourceId: 'odoo-main' };

function accept(version: OdooVersion, l = line(), m: unknown = move(), installment: { index: number; count: number } | null = null, companyId: number | null = null) {
  const result = mapReceivable(l, m, installment, { version, companyId });
  if (!result.ok) throw new Error(`rejected: ${result.reason}`);
  // The candidate must pass the model once the pipeline stamps it.
  receivableSchema.parse({ ...result.record, ...key });
  return result.record;
}

describe('mapReceivable', () => {
  it('maps an open 17.0 invoice line in a foreign currency', () => {
    const r = accept(17, line({ blocked: false }));
    expect(r).toEqual({
      externalId: '812',
      sourceUpdatedAt: '2025-02-01T09:00:00.000Z', // the move changed last
      customerExternalId: '14',
      number: 'INV/2025/00042',
      kind: 'invoice',
      documentExternalId: '42',
      installment: null,
      issueDate: '2025-01-02',
      dueDate: '2025-02-01',
      currency: 'USD',
      amount: 121000,
      openAmount: 121000,
      companyCurrency: 'EUR',
      amountCompany: 110010,
      openAmountCompany: 110010,
      status: 'open',
      dispute: { disputed: false, reason: null, since: null },
      dunningBlocked: false,
      erpDunningLevel: null,
      lastDunnedOn: null,
      companyId: '1',
    });
  });

  it('rounds float noise at the currency exponent', () => {
    const r = accept(16, line({ currency_id: [1, 'EUR'], amount_currency: 0.1 + 0.2, amount_residual_currency: 0.30000000000000004, balance: 0.3, amount_residual: 0.3 }));
    expect([r.amount, r.openAmount, r.amountCompany]).toEqual([30, 30, 30]);
  });

  it('uses the currency exponent (JPY 0, TND 3)', () => {
    expect(accept(17, line({ currency_id: [5, 'JPY'], amount_currency: 125000.0, amount_residual_currency: 125000.0 })).amount).toBe(125000);
    expect(accept(17, line({ currency_id: [6, 'TND'], amount_currency: 12.345, amount_residual_currency: 12.345 })).amount).toBe(12345);
  });

  it('16/17: a blocked line is a dispute and dunning-blocked', () => {
    const r = accept(16, line({ blocked: true }));
    expect(r.dispute).toEqual({ disputed: true, reason: expect.stringContaining('No Follow-up'), since: null });
    expect(r.dunningBlocked).toBe(true);
  });

  it('18: payment_state blocked on the move blocks dunning, without a dispute', () => {
    const r = accept(18, line(), move({ payment_state: 'blocked' }));
    expect(r.dunningBlocked).toBe(true);
    expect(r.dispute).toEqual({ disputed: false, reason: null, since: null });
  });

  it('18: a stray `blocked` key is ignored (the field is gone in 18)', () => {
    expect(accept(18, line({ blocked: true })).dunningBlocked).toBe(false);
  });

  it('19: no_followup blocks dunning', () => {
    expect(accept(19, line({ no_followup: true })).dunningBlocked).toBe(true);
    expect(accept(19, line({ no_followup: false })).dunningBlocked).toBe(false);
  });

  it('a credit note is negative, kind credit_note', () => {
    const r = accept(17, line({ amount_currency: -200.0, amount_residual_currency: -200.0, balance: -181.82, amount_residual: -181.82 }), move({ move_type: 'out_refund', name: 'RINV/2025/00003' }));
    expect([r.kind, r.amount, r.openAmount, r.amountCompany, r.status]).toEqual(['credit_note', -20000, -20000, -18182, 'open']);
  });

  it('status: partially paid, paid, cancelled', () => {
    expect(accept(17, line({ amount_residual_currency: 210.0, amount_residual: 190.9 })).status).toBe('partially_paid');
    expect(accept(17, line({ amount_residual_currency: 0.0, amount_residual: 0.0, reconciled: true }), move({ payment_state: 'paid' })).status).toBe('paid');
    const cancelled = accept(17, line({ parent_state: 'cancel' }), move({ state: 'cancel' }));
    expect([cancelled.status, cancelled.openAmount, cancelled.openAmountCompany]).toEqual(['cancelled', 0, 0]);
  });

  it('an out_receipt is an invoice; invoice_date missing falls back to the accounting date', () => {
    const r = accept(17, line(), move({ move_type: 'out_receipt', invoice_date: false, date: '2025-01-05' }));
    expect([r.kind, r.issueDate]).toEqual(['invoice', '2025-01-05']);
  });

  it('keys the customer per company when passes are per company', () => {
    expect(accept(17, line(), move(), { index: 2, count: 3 }, 1)).toMatchObject({ customerExternalId: '1:14', installment: { index: 2, count: 3 } });
  });

  it.each([
    ['empty due date', line({ date_maturity: false }), move(), /date_maturity is empty on a posted receivable line/],
    ['no partner', line({ partner_id: false }), move(), /has no partner/],
    ['move unreadable', line(), undefined, /journal entry of receivable line 812 could not be read/],
    ['vendor bill', line(), move({ move_type: 'in_invoice' }), /move_type "in_invoice".*not a customer invoice/],
    ['draft', line({ parent_state: 'draft' }), move(), /state "draft"/],
    ['amount as text', line({ amount_currency: '1210,00' }), move(), /amount_currency: expected a number \(got "1210,00"\)/],
    ['many2one as bare id', line({ currency_id: 2 }), move(), /currency_id: expected \[id, "name"\] or false \(got 2\)/],
    ['currency name not ISO', line({ currency_id: [2, 'Dollar'] }), move(), /not an ISO 4217 currency/],
    ['datetime with a zone', line({ write_date: '2025-02-01T08:13:27Z' }), move(), /write_date: expected a datetime/],
    ['not an object', 'garbage', move(), /does not have the expected shape/],
  ])('rejects with a reason: %s', (_label, l, m, reason) => {
    const result = mapReceivable(l, m, null, { version: 17, companyId: null });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(reason);
    expect(result.raw).toEqual({ line: l, move: m ?? null });
    if (typeof l === 'object') expect(result.externalId).toBe('812');
  });
});

describe('numberInstallments', () => {
  it('numbers the lines of each move in the order given, single lines get null', () => {
    const result = numberInstallments([
      { id: 10, moveId: 1 },
      { id: 11, moveId: 1 },
      { id: 12, moveId: 1 },
      { id: 20, moveId: 2 },
    ]);
    expect(result.get(11)).toEqual({ index: 2, count: 3 });
    expect(result.get(20)).toBeNull();
  });
});
