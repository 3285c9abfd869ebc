import type { MinorUnits } from '../money/money';

/**
 * Days sales outstanding. Two methods, named because vendors disagree (collections.md §4.1):
 * - total ("méthode comptable"): ending AR ÷ credit sales of the period × days in the period;
 * - countback ("méthode par épuisement"): walk back month by month through sales until AR is used up.
 * AR and sales must be on the same basis (both incl. VAT in France) and in the same currency.
 * Results are days (a ratio, not money), unrounded: callers round for display.
 */

/** Inputs of the total method. */
export interface DsoTotalInput {
  /** Receivables outstanding at the end of the period, in minor units. */
  endingReceivables: MinorUnits;
  /** Credit sales invoiced over the period, in minor units. */
  creditSales: MinorUnits;
  /** Length of the period in days. */
  days: number;
}

/** DSO by the total method: endingReceivables ÷ creditSales × days; null when there were no sales. */
export function dsoTotal(input: DsoTotalInput): number | null {
  if (input.creditSales <= 0) return null;
  return (input.endingReceivables / input.creditSales) * input.days;
}

/** One month of sales for the countback method. */
export interface MonthOfSales {
  /** Credit sales of the month, in minor units. */
  sales: MinorUnits;
  /** Days in the month (30 in the worked example, the calendar's otherwise). */
  days: number;
}

/**
 * DSO by countback: from the most recent month backwards, whole months whose sales the AR exceeds
 * count their days; the remainder counts as the matching fraction of the next month back. When AR is
 * larger than every month given, the result is the days of all of them (a floor: more history is
 * needed for the exact figure).
 */
export function dsoCountback(endingReceivables: MinorUnits, monthsNewestFirst: readonly MonthOfSales[]): number {
  let remaining = endingReceivables;
  let days = 0;
  for (const month of monthsNewestFirst) {
    if (remaining <= 0) break;
    if (month.sales <= 0) {
      days += month.days;
      continue;
    }
    if (remaining >= month.sales) {
      remaining -= month.sales;
      days += month.days;
    } else {
      days += (remaining / month.sales) * month.days;
      remaining = 0;
    }
  }
  return days;
}

/** Best possible DSO: the current (not yet due) part of AR ÷ credit sales × days; null without sales. */
export function bestPossibleDso(input: { currentReceivables: MinorUnits; creditSales: MinorUnits; days: number }): number | null {
  if (input.creditSales <= 0) return null;
  return (input.currentReceivables / input.creditSales) * input.days;
}
