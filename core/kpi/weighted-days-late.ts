import type { MinorUnits } from '../money/money';

/** A paid invoice as the weighted lateness needs it. */
export interface PaidItem {
  /** Amount of the invoice, minor units (the weight). */
  amount: MinorUnits;
  /** Days between due date and paid date; 0 or less means on time. */
  daysLate: number;
}

/**
 * Amount-weighted average days late over paid invoices: Σ(amount × max(days late, 0)) ÷ Σ amount
 * (Upflow's "rating", Altares' "retards"). Early payment counts as 0, not as negative lateness, so a
 * customer cannot buy back one late invoice with another paid early. Null when nothing was paid.
 */
export function weightedDaysLate(items: Iterable<PaidItem>): number | null {
  let weighted = 0;
  let total = 0;
  for (const item of items) {
    if (item.amount <= 0) continue;
    weighted += item.amount * Math.max(0, item.daysLate);
    total += item.amount;
  }
  return total === 0 ? null : weighted / total;
}
