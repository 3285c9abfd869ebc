import type { AgingBucket } from './aged-balance';

/**
 * Aging buckets from their upper bounds in days past due: [30, 60, 90] gives not due, 1-30, 31-60,
 * 61-90 and over 90 (the worked example's buckets); [30, 60, 90, 120] gives the defaults.
 */
export function agingBucketsFrom(upperBounds: readonly number[]): AgingBucket[] {
  const buckets: AgingBucket[] = [{ label: 'not due', fromDays: Number.NEGATIVE_INFINITY, toDays: 0 }];
  let from = 1;
  for (const bound of upperBounds) {
    if (!Number.isInteger(bound) || bound < from) throw new RangeError(`aging bounds must be increasing whole days from 1 (got ${bound} after ${from - 1})`);
    buckets.push({ label: `${from}-${bound}`, fromDays: from, toDays: bound });
    from = bound + 1;
  }
  buckets.push({ label: `over ${from - 1}`, fromDays: from, toDays: null });
  return buckets;
}
