import { agedBalance, defaultAgingBuckets } from './aged-balance';
import { agingBucketsFrom } from './aging-buckets';

describe('aging buckets from their bounds', () => {
  it('gives the default buckets from 30, 60, 90, 120 and the worked example’s from 30, 60, 90', () => {
    expect(agingBucketsFrom([30, 60, 90, 120])).toEqual(defaultAgingBuckets);
    expect(agingBucketsFrom([30, 60, 90]).map((b) => b.label)).toEqual(['not due', '1-30', '31-60', '61-90', 'over 90']);
  });

  it('puts an item 45 days late in 31-45 with bounds 15, 45', () => {
    const result = agedBalance([{ dueDate: '2026-01-01', openAmount: 100, currency: 'EUR' }], '2026-02-15', 'EUR', agingBucketsFrom([15, 45]));
    expect(result.buckets.map((b) => [b.label, b.amount])).toEqual([['not due', 0], ['1-15', 0], ['16-45', 100], ['over 45', 0]]);
  });

  it('refuses bounds out of order', () => {
    expect(() => agingBucketsFrom([60, 30])).toThrow(RangeError);
  });
});
