import type { CurrencyCode } from '../money/currency';
import type { MinorUnits } from '../money/money';
import { addDays, type LocalDate } from '../time/local-date';
import { defaultAgingBuckets, type AgingBucket } from './aged-balance';
import { averageDaysDelinquent } from './average-days-delinquent';
import { collectionEffectivenessIndex } from './collection-effectiveness-index';
import { bestPossibleDso, dsoCountback, dsoTotal } from './dso';
import type { DsoMethod } from './dso-method';
import type { PortfolioAmounts } from './portfolio-amounts';
import type { PeriodBalance } from './period-balances';

// Callers that take the method from the KPIs' options import its type from here too.
export type { DsoMethod } from './dso-method';

/** Settings of the portfolio KPIs. */
export interface PortfolioKpiOptions {
  /** The DSO method the tenant chose; best possible DSO and ADD follow it. */
  dsoMethod: DsoMethod;
  /** Months of sales the total method and best possible DSO divide by (3: a quarter, as in the worked example). */
  dsoWindowMonths: number;
  /** Aging buckets of the aged balance. */
  buckets?: readonly AgingBucket[];
  /** Weeks the cash forecast covers after the report's day. */
  forecastWeeks: number;
  /** Payments within this many days of a reminder count as collected by it. */
  collectionWindowDays: number;
}

/** The portfolio's KPIs in one currency on the report's day. Days unrounded; amounts in minor units. */
export interface PortfolioKpis {
  currency: CurrencyCode;
  asOf: LocalDate;
  dsoMethod: DsoMethod;
  /** DSO by the chosen method; null without sales. */
  dso: number | null;
  /** Both methods, for comparison. */
  dsoTotal: number | null;
  dsoCountback: number | null;
  bestPossibleDso: number | null;
  /** dso − bestPossibleDso, with the chosen method's DSO. */
  averageDaysDelinquent: number | null;
  /** CEI of the month ending on the report's day, percent. */
  collectionEffectivenessIndex: number | null;
  /** Sales the DSO divides by, and over how many days. */
  dsoBasis: { sales: MinorUnits; days: number };
  /** Total AR (credits netted). */
  openReceivables: MinorUnits;
  /** Undisputed AR not yet due, undisputed AR past due, AR in dispute: they add up to openReceivables. */
  notDue: MinorUnits;
  pastDue: MinorUnits;
  inDispute: MinorUnits;
  /** inDispute ÷ openReceivables (0..1); null with nothing open. */
  disputeShare: number | null;
  /** Undisputed open amounts by aging bucket; disputed items are in `inDispute`. */
  agedBalance: Array<{ label: string; amount: MinorUnits; count: number }>;
  /** DSO by the chosen method at each of the last month ends, oldest first (the last is the report's day). */
  dsoTrend: Array<{ end: LocalDate; dso: number | null }>;
  /** Expected receipts: already late beyond the customer's usual delay, then week by week, then later. */
  cashForecast: {
    overdue: MinorUnits;
    weeks: Array<{ from: LocalDate; to: LocalDate; amount: MinorUnits; promised: MinorUnits }>;
    later: MinorUnits;
  };
  /** Collection rate after reminders by plan, step and channel; null rates when nothing was dunned. */
  collectionAfterReminders: Array<{ planId: string; stepId: string; channel: string; actions: number; dunned: MinorUnits; collected: MinorUnits; rate: number | null }>;
}

/** DSO by total method over the last `window` periods ending at index `at`; null before enough history. */
function windowOf(periods: readonly PeriodBalance[], at: number, window: number): { sales: number; days: number } | null {
  if (at - window + 1 < 0) return null;
  let sales = 0;
  let days = 0;
  for (let k = at - window + 1; k <= at; k++) {
    sales += (periods[k] as PeriodBalance).sales;
    days += (periods[k] as PeriodBalance).days;
  }
  return { sales, days };
}

function dsoAt(periods: readonly PeriodBalance[], at: number, options: PortfolioKpiOptions): { total: number | null; countback: number | null; best: number | null; basis: { sales: number; days: number } } {
  const point = periods[at] as PeriodBalance;
  const basis = windowOf(periods, at, options.dsoWindowMonths) ?? { sales: 0, days: 0 };
  const total = dsoTotal({ endingReceivables: point.receivables, creditSales: basis.sales, days: basis.days });
  const newestFirst = periods.slice(0, at + 1).reverse();
  const countback = newestFirst.some((p) => p.sales > 0) ? dsoCountback(point.receivables, newestFirst) : null;
  const best = bestPossibleDso({ currentReceivables: point.currentReceivables, creditSales: basis.sales, days: basis.days });
  return { total, countback, best, basis };
}

/**
 * The portfolio KPIs on the last period end. DSO total: AR ÷ sales of the last `dsoWindowMonths`
 * periods × their days; countback over all the periods given; best possible DSO on the same basis as
 * the total method; CEI of the last period (N = 1). The trend is the chosen DSO at each of the last
 * twelve period ends.
 */
export function portfolioKpis(amounts: PortfolioAmounts, options: PortfolioKpiOptions): PortfolioKpis {
  const periods = amounts.periods;
  const last = periods.length - 1;
  if (last < 1) throw new RangeError('portfolio KPIs need at least two periods');
  const latest = periods[last] as PeriodBalance;
  const asOf = latest.end;
  const pick = (d: { total: number | null; countback: number | null }): number | null => (options.dsoMethod === 'total' ? d.total : d.countback);
  const now = dsoAt(periods, last, options);
  const dso = pick(now);

  const buckets = options.buckets ?? defaultAgingBuckets;
  const agedBalance = buckets.map((b) => ({ label: b.label, amount: 0, count: 0 }));
  let notDue = 0;
  let pastDue = 0;
  let inDispute = 0;
  for (const row of amounts.aged) {
    if (row.disputed) {
      inDispute += row.amount;
      continue;
    }
    const index = buckets.findIndex((b) => row.daysPastDue >= b.fromDays && (b.toDays === null || row.daysPastDue <= b.toDays));
    if (index < 0) throw new RangeError(`aging buckets leave ${row.daysPastDue} days past due uncovered`);
    const bucket = agedBalance[index] as { amount: number; count: number };
    bucket.amount += row.amount;
    bucket.count += row.count;
    if (row.daysPastDue > 0) pastDue += row.amount;
    else notDue += row.amount;
  }
  const openReceivables = notDue + pastDue + inDispute;

  const weeks = Array.from({ length: options.forecastWeeks }, (_, w) => ({ from: addDays(asOf, 7 * w + 1), to: addDays(asOf, 7 * w + 7), amount: 0, promised: 0 }));
  let overdue = 0;
  let later = 0;
  for (const row of amounts.expected) {
    if (row.expectedOn <= asOf) {
      overdue += row.amount;
      continue;
    }
    const week = weeks.find((w) => row.expectedOn >= w.from && row.expectedOn <= w.to);
    if (!week) {
      later += row.amount;
      continue;
    }
    week.amount += row.amount;
    if (row.promised) week.promised += row.amount;
  }

  const previous = periods[last - 1] as PeriodBalance;
  return {
    currency: amounts.currency,
    asOf,
    dsoMethod: options.dsoMethod,
    dso,
    dsoTotal: now.total,
    dsoCountback: now.countback,
    bestPossibleDso: now.best,
    averageDaysDelinquent: averageDaysDelinquent(dso, now.best),
    collectionEffectivenessIndex: collectionEffectivenessIndex({
      beginningReceivables: previous.receivables,
      creditSales: latest.sales,
      endingReceivables: latest.receivables,
      endingCurrentReceivables: latest.currentReceivables,
      months: 1,
    }),
    dsoBasis: now.basis,
    openReceivables,
    notDue,
    pastDue,
    inDispute,
    disputeShare: openReceivables === 0 ? null : inDispute / openReceivables,
    agedBalance,
    dsoTrend: periods.slice(Math.max(0, periods.length - 12)).map((p, i, trend) => ({ end: p.end, dso: pick(dsoAt(periods, periods.length - trend.length + i, options)) })),
    cashForecast: { overdue, weeks, later },
    collectionAfterReminders: [...amounts.reminders]
      .sort((a, b) => `${a.planId}|${a.stepId}|${a.channel}`.localeCompare(`${b.planId}|${b.stepId}|${b.channel}`))
      .map((r) => ({ planId: r.planId, stepId: r.stepId, channel: r.channel, actions: r.actions, dunned: r.dunnedAmount, collected: r.collectedAmount, rate: r.dunnedAmount > 0 ? r.collectedAmount / r.dunnedAmount : null })),
  };
}
