import { agedBalance } from './aged-balance';

describe('aged balance', () => {
  const asOf = '2026-06-30';
  it('puts each open item in the bucket of its days past due, and nets credits', () => {
    const result = agedBalance(
      [
        { dueDate: '2026-07-15', openAmount: 10_000, currency: 'EUR' }, // not due
        { dueDate: '2026-06-30', openAmount: 5_000, currency: 'EUR' }, // due today: not late
        { dueDate: '2026-06-29', openAmount: 1_000, currency: 'EUR' }, // 1 day
        { dueDate: '2026-05-31', openAmount: 2_000, currency: 'EUR' }, // 30 days
        { dueDate: '2026-05-30', openAmount: 3_000, currency: 'EUR' }, // 31 days
        { dueDate: '2026-01-01', openAmount: 7_000, currency: 'EUR' }, // 180 days
        { dueDate: '2026-06-01', openAmount: -1_500, currency: 'EUR' }, // credit note, 29 days
        { dueDate: '2026-06-01', openAmount: 99_999, currency: 'USD' }, // other currency: not in this balance
      ],
      asOf,
      'EUR',
    );
    expect(result.buckets.map((b) => [b.label, b.amount])).toEqual([
      ['not due', 15_000],
      ['1-30', 1_500],
      ['31-60', 3_000],
      ['61-90', 0],
      ['91-120', 0],
      ['over 120', 7_000],
    ]);
    expect(result.total).toBe(26_500);
    expect(result.overdue).toBe(11_500);
  });
});
