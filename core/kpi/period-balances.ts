import type { CurrencyCode } from '../money/currency';
import type { MinorUnits } from '../money/money';
import type { ReceivableHistory } from '../store/portfolio-aggregates';
import { daysBetween, type LocalDate } from '../time/local-date';

/** The receivables of one currency at the end of one period. */
export interface PeriodBalance {
  /** Last day of the period. */
  end: LocalDate;
  /** Days in the period (from the previous period end, excluded, to this one). */
  days: number;
  /** Net credit sales issued in the period (credit notes reduce them). */
  sales: MinorUnits;
  /** Total AR at the end of the period (credits netted). */
  receivables: MinorUnits;
  /** The part of it not yet due at the end of the period. */
  currentReceivables: MinorUnits;
}

/**
 * Folds the stored history into per-currency balances at each period end, oldest first. The first
 * period end only opens the history: it has no sales of its own and is left out of the result.
 * AR at ck = Σ stored open amount of items issued by ck + Σ settled after ck on those items.
 */
export function periodBalances(history: ReceivableHistory): Map<CurrencyCode, PeriodBalance[]> {
  const ends = history.periodEnds;
  const n = ends.length;
  const byCurrency = new Map<CurrencyCode, PeriodBalance[]>();
  const periods = (currency: CurrencyCode): PeriodBalance[] => {
    let found = byCurrency.get(currency);
    if (!found) {
      found = ends.map((end, k) => ({ end, days: k === 0 ? 0 : daysBetween(ends[k - 1] as LocalDate, end), sales: 0, receivables: 0, currentReceivables: 0 }));
      byCurrency.set(currency, found);
    }
    return found;
  };
  for (const row of history.receivables) {
    const balances = periods(row.currency);
    if (row.issued >= 1 && row.issued < n) (balances[row.issued] as PeriodBalance).sales += row.amount;
    for (let k = row.issued; k < n; k++) {
      const balance = balances[k] as PeriodBalance;
      balance.receivables += row.openAmount;
      if (k < row.due) balance.currentReceivables += row.openAmount;
    }
  }
  for (const row of history.settlements) {
    const balances = periods(row.currency);
    // Settled after ck (k < settled) on an item issued by ck (k ≥ issued): still open at ck.
    for (let k = row.issued; k < Math.min(row.settled, n); k++) {
      const balance = balances[k] as PeriodBalance;
      balance.receivables += row.amount;
      if (k < row.due) balance.currentReceivables += row.amount;
    }
  }
  for (const [currency, balances] of byCurrency) byCurrency.set(currency, balances.slice(1));
  return byCurrency;
}
