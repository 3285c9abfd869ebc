import type { CurrencyCode } from '../money/currency';
import type { MinorUnits } from '../money/money';
import { daysBetween, type LocalDate } from '../time/local-date';

/** An aging bucket by days past due: `[fromDays, toDays]`, toDays null for "and over". */
export interface AgingBucket {
  label: string;
  /** First day past due in the bucket (0 or less = not yet due). */
  fromDays: number;
  /** Last day past due in the bucket, null for the open-ended last bucket. */
  toDays: number | null;
}

/** The usual buckets: not due, 1–30, 31–60, 61–90, 91–120, over 120 days. */
export const defaultAgingBuckets: readonly AgingBucket[] = [
  { label: 'not due', fromDays: Number.NEGATIVE_INFINITY, toDays: 0 },
  { label: '1-30', fromDays: 1, toDays: 30 },
  { label: '31-60', fromDays: 31, toDays: 60 },
  { label: '61-90', fromDays: 61, toDays: 90 },
  { label: '91-120', fromDays: 91, toDays: 120 },
  { label: 'over 120', fromDays: 121, toDays: null },
];

/** What the aged balance needs of an open item. */
export interface AgedItem {
  dueDate: LocalDate;
  /** Signed open amount in `currency` (credits negative, so they net). */
  openAmount: MinorUnits;
  currency: CurrencyCode;
}

export interface AgedBalance {
  asOf: LocalDate;
  currency: CurrencyCode;
  buckets: Array<{ label: string; amount: MinorUnits; count: number }>;
  total: MinorUnits;
  /** Sum of the buckets past due. */
  overdue: MinorUnits;
}

/**
 * Aged balance: open amounts by days past due as of a date, one currency at a time (method: each
 * item's signed open amount goes to the bucket of its own due date; credits sit in theirs and net in
 * the total, as in a standard aged trial balance).
 */
export function agedBalance(
  items: Iterable<AgedItem>,
  asOf: LocalDate,
  currency: CurrencyCode,
  buckets: readonly AgingBucket[] = defaultAgingBuckets,
): AgedBalance {
  const rows = buckets.map((b) => ({ label: b.label, amount: 0, count: 0 }));
  let total = 0;
  let overdue = 0;
  for (const item of items) {
    if (item.currency !== currency || item.openAmount === 0) continue;
    const late = daysBetween(item.dueDate, asOf);
    const index = buckets.findIndex((b) => late >= b.fromDays && (b.toDays === null || late <= b.toDays));
    if (index < 0) throw new RangeError(`aging buckets leave ${late} days past due uncovered`);
    const row = rows[index] as { amount: number; count: number };
    row.amount += item.openAmount;
    row.count += 1;
    total += item.openAmount;
    if (late > 0) overdue += item.openAmount;
  }
  return { asOf, currency, buckets: rows, total, overdue };
}
