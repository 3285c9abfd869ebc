import { defaultAgingBuckets, type AgingBucket } from '../core/kpi/aged-balance';
import { bestPossibleDso, dsoTotal } from '../core/kpi/dso';
import { averageDaysDelinquent } from '../core/kpi/average-days-delinquent';
import { weightedDaysLate, type PaidItem } from '../core/kpi/weighted-days-late';
import type { CustomerLedger, MetricsPolicy, Receivable } from '../core/model';
import type { MinorUnits } from '../core/money/money';
import { addDays, addMonths, daysBetween, type LocalDate } from '../core/time/local-date';

/** What a customer's ledger says on a given day; amounts in the company currency, minor units. */
export interface CustomerMetrics {
  asOf: LocalDate;
  currency: string;
  /** Net open balance: open items minus open credits. */
  openAmount: MinorUnits;
  /** Open amount of items past due (credits not netted: see openCredits). */
  overdueAmount: MinorUnits;
  /** Open credit notes and unapplied credits, as a negative amount. */
  openCredits: MinorUnits;
  /** Open amounts by days past due, default buckets unless configured. */
  aging: Array<{ label: string; amount: MinorUnits }>;
  /** Days past due of the oldest overdue item, 0 when nothing is overdue. */
  oldestOverdueDays: number;
  /** DSO by the total method over the policy's window: open balance ÷ net sales of the window × its days. */
  dso: number | null;
  /** The not-yet-due part of the open balance ÷ the same sales × days. */
  bestPossibleDso: number | null;
  /** dso − bestPossibleDso (total method). */
  add: number | null;
  /** Amount-weighted days late over invoices paid in the late window. */
  weightedDaysLate: number | null;
  /** The same over the recent trend window, and over the window before it. */
  recentDaysLate: number | null;
  previousDaysLate: number | null;
  /** recentDaysLate − previousDaysLate: positive when the customer pays later than before. */
  trendDays: number | null;
  /** Share (0..1) of invoices paid in the late window that were paid after their due date. */
  lateShare: number | null;
  /** Invoices paid in the late window (the basis of the two figures above). */
  paidCount: number;
  /** Open items under dispute. */
  openDisputes: number;
  /** Promises to pay whose day has passed with the item still open. */
  brokenPromises: number;
  /** Open balance ÷ credit limit, null without a limit in the company currency. */
  exposure: number | null;
  /** Latest contact known: the customer's own date or the last dunning date of any of its items. */
  lastContactedOn: LocalDate | null;
}

const isDebit = (r: Receivable): boolean => r.kind !== 'credit_note';
const isOpen = (r: Receivable): boolean => r.status !== 'cancelled' && r.status !== 'paid' && r.openAmountCompany !== 0;

/** The day each receivable was settled: its latest allocation (key: sourceId + externalId). */
export function paidDates(ledger: CustomerLedger): Map<string, LocalDate> {
  const paid = new Map<string, LocalDate>();
  for (const a of ledger.allocations) {
    const key = `${a.sourceId}\u0000${a.receivableExternalId}`;
    const seen = paid.get(key);
    if (seen === undefined || a.allocatedOn > seen) paid.set(key, a.allocatedOn);
  }
  return paid;
}

/**
 * Computes a customer's metrics as of a day. Pure: the ledger and the day in, figures out. Each
 * receivable is read once; DSO uses the total method (stated in `dso`'s doc) over signed amounts, so
 * credit notes issued in the window reduce sales and open credits reduce the balance.
 */
export function customerMetrics(
  ledger: CustomerLedger,
  asOf: LocalDate,
  policy: MetricsPolicy,
  currency: string,
  buckets: readonly AgingBucket[] = defaultAgingBuckets,
): CustomerMetrics {
  const dsoFrom = addDays(asOf, -policy.dsoWindowDays);
  const lateFrom = addMonths(asOf, -policy.lateWindowMonths);
  const recentFrom = addMonths(asOf, -policy.trendWindowMonths);
  const previousFrom = addMonths(asOf, -2 * policy.trendWindowMonths);
  const paid = paidDates(ledger);
  const aging = buckets.map((b) => ({ label: b.label, amount: 0 }));

  let openAmount = 0;
  let overdueAmount = 0;
  let openCredits = 0;
  let notDue = 0;
  let oldest = 0;
  let sales = 0;
  let openDisputes = 0;
  let brokenPromises = 0;
  let lastContact: LocalDate | null = ledger.customer.lastContactedOn ?? null;
  const late: PaidItem[] = [];
  const recent: PaidItem[] = [];
  const previous: PaidItem[] = [];
  let lateCount = 0;

  for (const r of ledger.receivables) {
    if (r.status === 'cancelled' || r.companyCurrency !== currency) continue;
    if (r.issueDate > dsoFrom && r.issueDate <= asOf) sales += r.amountCompany;
    if (r.lastDunnedOn && (lastContact === null || r.lastDunnedOn > lastContact)) lastContact = r.lastDunnedOn;
    if (isOpen(r)) {
      const daysPastDue = daysBetween(r.dueDate, asOf);
      openAmount += r.openAmountCompany;
      const bucket = buckets.findIndex((b) => daysPastDue >= b.fromDays && (b.toDays === null || daysPastDue <= b.toDays));
      const row = aging[bucket];
      if (row) row.amount += r.openAmountCompany;
      if (r.openAmountCompany < 0) {
        openCredits += r.openAmountCompany;
      } else if (daysPastDue > 0) {
        overdueAmount += r.openAmountCompany;
        if (daysPastDue > oldest) oldest = daysPastDue;
      } else {
        notDue += r.openAmountCompany;
      }
      if (r.dispute.disputed) openDisputes += 1;
      if (r.promiseToPay && r.promiseToPay.until < asOf && r.openAmountCompany > 0) brokenPromises += 1;
    } else if (isDebit(r) && r.amountCompany > 0) {
      const paidOn = paid.get(`${r.sourceId}\u0000${r.externalId}`);
      if (paidOn === undefined || paidOn > asOf) continue;
      const item = { amount: r.amountCompany, daysLate: daysBetween(r.dueDate, paidOn) };
      if (paidOn > lateFrom) {
        late.push(item);
        if (item.daysLate > 0) lateCount += 1;
      }
      if (paidOn > recentFrom) recent.push(item);
      else if (paidOn > previousFrom) previous.push(item);
    }
  }

  const dso = dsoTotal({ endingReceivables: openAmount, creditSales: sales, days: policy.dsoWindowDays });
  const best = bestPossibleDso({ currentReceivables: notDue, creditSales: sales, days: policy.dsoWindowDays });
  const recentDaysLate = weightedDaysLate(recent);
  const previousDaysLate = weightedDaysLate(previous);
  const limit = ledger.customer.creditLimit;
  return {
    asOf,
    currency,
    openAmount,
    overdueAmount,
    openCredits,
    aging,
    oldestOverdueDays: oldest,
    dso,
    bestPossibleDso: best,
    add: averageDaysDelinquent(dso, best),
    weightedDaysLate: weightedDaysLate(late),
    recentDaysLate,
    previousDaysLate,
    trendDays: recentDaysLate !== null && previousDaysLate !== null ? recentDaysLate - previousDaysLate : null,
    lateShare: late.length === 0 ? null : lateCount / late.length,
    paidCount: late.length,
    openDisputes,
    brokenPromises,
    exposure: limit && limit.currency === currency && limit.amount > 0 ? openAmount / limit.amount : null,
    lastContactedOn: lastContact,
  };
}
