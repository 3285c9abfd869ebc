import type { CurrencyCode } from '../money/currency';
import { convertMinorUnits, type ExchangeRates } from '../money/exchange-rates';
import type { MinorUnits } from '../money/money';
import type { LocalDate } from '../time/local-date';
import type { PeriodBalance } from './period-balances';

/**
 * The additive figures of a portfolio in one currency: everything the portfolio KPIs are computed
 * from. Two portfolios (tenants of a firm, companies of a group) consolidate by adding these, never
 * by adding or averaging the KPIs themselves.
 */
export interface PortfolioAmounts {
  currency: CurrencyCode;
  /** Balances at each period end, oldest first; the last ends on the report's day. */
  periods: PeriodBalance[];
  /** Open amounts on the report's day by days past due (negative: not yet due). */
  aged: Array<{ daysPastDue: number; disputed: boolean; amount: MinorUnits; count: number }>;
  /** Open undisputed items by the day payment is expected. */
  expected: Array<{ expectedOn: LocalDate; promised: boolean; amount: MinorUnits; count: number }>;
  /** Sent reminders by plan, step and channel with what they dunned and collected. */
  reminders: Array<{ planId: string; stepId: string; channel: string; actions: number; dunnedAmount: MinorUnits; collectedAmount: MinorUnits }>;
}

/** An empty portfolio over the given period ends (oldest first, excluding the opening one). */
export function emptyPortfolioAmounts(currency: CurrencyCode, periods: ReadonlyArray<Pick<PeriodBalance, 'end' | 'days'>>): PortfolioAmounts {
  return { currency, periods: periods.map((p) => ({ end: p.end, days: p.days, sales: 0, receivables: 0, currentReceivables: 0 })), aged: [], expected: [], reminders: [] };
}

/** Adds `b` into a copy of `a`; both in the same currency over the same period ends. */
export function addPortfolioAmounts(a: PortfolioAmounts, b: PortfolioAmounts): PortfolioAmounts {
  if (a.currency !== b.currency) throw new RangeError(`cannot add ${b.currency} figures to ${a.currency} figures`);
  if (a.periods.length !== b.periods.length || a.periods.some((p, i) => p.end !== b.periods[i]?.end)) throw new RangeError('portfolios cover different periods');
  const periods = a.periods.map((p, i) => {
    const q = b.periods[i] as PeriodBalance;
    return { ...p, sales: p.sales + q.sales, receivables: p.receivables + q.receivables, currentReceivables: p.currentReceivables + q.currentReceivables };
  });
  return {
    currency: a.currency,
    periods,
    aged: merge([...a.aged, ...b.aged], (r) => `${r.daysPastDue}|${r.disputed}`, (x, y) => ({ ...x, amount: x.amount + y.amount, count: x.count + y.count })),
    expected: merge([...a.expected, ...b.expected], (r) => `${r.expectedOn}|${r.promised}`, (x, y) => ({ ...x, amount: x.amount + y.amount, count: x.count + y.count })),
    reminders: merge(
      [...a.reminders, ...b.reminders],
      (r) => `${r.planId}|${r.stepId}|${r.channel}`,
      (x, y) => ({ ...x, actions: x.actions + y.actions, dunnedAmount: x.dunnedAmount + y.dunnedAmount, collectedAmount: x.collectedAmount + y.collectedAmount }),
    ),
  };
}

/**
 * The same figures in the rate table's currency. Each stored sum is converted and rounded once, so a
 * converted total may differ from the sum of converted parts by rounding (at most half a minor unit each).
 */
export function convertPortfolioAmounts(amounts: PortfolioAmounts, rates: ExchangeRates): PortfolioAmounts {
  const c = (amount: MinorUnits): MinorUnits => convertMinorUnits(amount, amounts.currency, rates);
  return {
    currency: rates.into,
    periods: amounts.periods.map((p) => ({ ...p, sales: c(p.sales), receivables: c(p.receivables), currentReceivables: c(p.currentReceivables) })),
    aged: amounts.aged.map((r) => ({ ...r, amount: c(r.amount) })),
    expected: amounts.expected.map((r) => ({ ...r, amount: c(r.amount) })),
    reminders: amounts.reminders.map((r) => ({ ...r, dunnedAmount: c(r.dunnedAmount), collectedAmount: c(r.collectedAmount) })),
  };
}

function merge<T>(rows: readonly T[], key: (row: T) => string, add: (a: T, b: T) => T): T[] {
  const byKey = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    const seen = byKey.get(k);
    byKey.set(k, seen === undefined ? row : add(seen, row));
  }
  return [...byKey.values()];
}
