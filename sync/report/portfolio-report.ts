import { agingBucketsFrom } from '../../core/kpi/aging-buckets';
import { periodBalances } from '../../core/kpi/period-balances';
import { addPortfolioAmounts, convertPortfolioAmounts, emptyPortfolioAmounts, type PortfolioAmounts } from '../../core/kpi/portfolio-amounts';
import { portfolioKpis, type DsoMethod, type PortfolioKpis } from '../../core/kpi/portfolio-kpis';
import type { CurrencyCode } from '../../core/money/currency';
import { hasRate, type ExchangeRates } from '../../core/money/exchange-rates';
import type { Store } from '../../core/store/store';
import { addMonths, type LocalDate } from '../../core/time/local-date';

/** A tenant as the report needs it. */
export interface ReportTenant {
  id: string;
  name: string;
  /** Upper bounds of its aging buckets (collections.metrics.agingDays). */
  agingDays: readonly number[];
  /** Months of paid history a customer's usual delay is learnt from (collections.metrics.lateWindowMonths). */
  lateWindowMonths: number;
  /** Its own DSO method (reporting.dsoMethod); the report's `dsoMethod` when absent. */
  dsoMethod?: DsoMethod;
}

/** A group of companies whose members the report consolidates. */
export interface ReportGroup {
  /** Its key under firm.yaml's `groups`. */
  id: string;
  /** Its display name. */
  name: string;
}

/** Settings of a report run. */
export interface PortfolioReportOptions {
  /** The report's day: balances at its end, DSO trend to it, forecast after it. */
  asOf: LocalDate;
  /** DSO method of the consolidation, and of each tenant without its own. */
  dsoMethod: DsoMethod;
  /** Months of sales the total method divides by. */
  dsoWindowMonths: number;
  /** Weeks of cash forecast. */
  forecastWeeks: number;
  /** Payments within this many days of a reminder count as collected by it. */
  collectionWindowDays: number;
  /** Rates into a reporting currency; without them nothing is converted. */
  rates?: ExchangeRates;
  /** The group the tenants make up: they are consolidated under its name, even a group of one. */
  group?: ReportGroup;
  /** Called after each tenant is read (for a progress bar). */
  onTenant?: (done: number, total: number, tenantId: string) => void;
}

/** One scope of the report (a tenant, or the consolidation): KPIs per company currency and converted. */
export interface ReportScope {
  /** KPIs in each company currency found, by currency code order. */
  byCurrency: PortfolioKpis[];
  /** All currencies converted into the rate table's currency; null without a rate table. */
  converted: PortfolioKpis | null;
  /** Currencies left out of `converted` for want of a rate. */
  unconverted: CurrencyCode[];
  /** The additive figures behind byCurrency, which consolidation adds. */
  amounts: PortfolioAmounts[];
}

/** The whole report. */
export interface PortfolioReport {
  asOf: LocalDate;
  dsoMethod: DsoMethod;
  dsoWindowMonths: number;
  collectionWindowDays: number;
  /** The rate table used for `converted` figures, as given. */
  rates: ExchangeRates | null;
  /** Why the collection rate after reminders is missing, when it is (no reminder sent yet). */
  collectionRateNote: string | null;
  tenants: Array<ReportScope & { tenantId: string; name: string; dataAsOf: string | null }>;
  /** The group consolidated, when the report is a group's. */
  group: ReportGroup | null;
  /** The sum of the tenants (the firm's or the group's view); null for a one-tenant report that is not a group's. */
  consolidated: ReportScope | null;
}

/** Months of history read: twelve trend points plus the DSO window, and a year more for countback. */
const historyMonths = 24;

/** Reads each tenant's aggregates from the store and computes the report. */
export async function buildPortfolioReport(store: Store, tenants: readonly ReportTenant[], options: PortfolioReportOptions): Promise<PortfolioReport> {
  const periodEnds = Array.from({ length: historyMonths + 1 }, (_, i) => addMonths(options.asOf, i - historyMonths));
  const scopes: PortfolioReport['tenants'] = [];
  let sentReminders = 0;
  for (const [index, tenant] of tenants.entries()) {
    const amounts = await tenantAmounts(store, tenant, periodEnds, options);
    sentReminders += amounts.reduce((n, a) => n + a.reminders.reduce((m, r) => m + r.actions, 0), 0);
    const states = await store.listSyncStates(tenant.id);
    const successes = states.map((s) => s.lastSuccessAt).filter((s): s is string => s !== null);
    scopes.push({
      tenantId: tenant.id,
      name: tenant.name,
      // The oldest stream's last complete sync: the figures are no fresher than that.
      dataAsOf: successes.length === states.length && successes.length > 0 ? successes.sort()[0] ?? null : null,
      ...scopeOf(amounts, { ...options, dsoMethod: tenant.dsoMethod ?? options.dsoMethod }, agingDaysOf([tenant])),
    });
    options.onTenant?.(index + 1, tenants.length, tenant.id);
  }
  let consolidated: ReportScope | null = null;
  if (tenants.length > 1 || options.group) {
    const byCurrency = new Map<CurrencyCode, PortfolioAmounts>();
    for (const scope of scopes) {
      for (const a of scope.amounts) {
        const seen = byCurrency.get(a.currency);
        byCurrency.set(a.currency, seen ? addPortfolioAmounts(seen, a) : a);
      }
    }
    consolidated = scopeOf([...byCurrency.values()], options, agingDaysOf(tenants));
  }
  return {
    asOf: options.asOf,
    dsoMethod: options.dsoMethod,
    dsoWindowMonths: options.dsoWindowMonths,
    collectionWindowDays: options.collectionWindowDays,
    rates: options.rates ?? null,
    group: options.group ?? null,
    collectionRateNote:
      sentReminders === 0 ? 'no reminder has been sent yet: the collection rate after reminders needs sent actions in the outbox' : null,
    tenants: scopes,
    consolidated,
  };
}

/** Buckets of a tenant, or of a consolidation when its tenants agree; the defaults otherwise. */
function agingDaysOf(tenants: readonly ReportTenant[]): readonly number[] {
  const first = tenants[0]?.agingDays ?? [30, 60, 90, 120];
  return tenants.every((t) => t.agingDays.join() === first.join()) ? first : [30, 60, 90, 120];
}

async function tenantAmounts(store: Store, tenant: ReportTenant, periodEnds: readonly LocalDate[], options: PortfolioReportOptions): Promise<PortfolioAmounts[]> {
  const [history, aged, expected, reminders] = await Promise.all([
    store.receivableHistory(tenant.id, periodEnds),
    store.agedAmounts(tenant.id, options.asOf),
    store.expectedReceipts(tenant.id, options.asOf, addMonths(options.asOf, -tenant.lateWindowMonths)),
    store.reminderOutcomes(tenant.id, options.asOf, options.collectionWindowDays),
  ]);
  const balances = periodBalances(history);
  const currencies = new Set<CurrencyCode>([...balances.keys(), ...aged.map((r) => r.currency), ...expected.map((r) => r.currency), ...reminders.map((r) => r.currency)]);
  const template = periodEnds.slice(1).map((end, i) => ({ end, days: (Date.parse(end) - Date.parse(periodEnds[i] as string)) / 86_400_000 }));
  return [...currencies].sort().map((currency) => {
    const amounts = emptyPortfolioAmounts(currency, template);
    amounts.periods = balances.get(currency) ?? amounts.periods;
    amounts.aged = aged.filter((r) => r.currency === currency).map(({ daysPastDue, disputed, amount, count }) => ({ daysPastDue, disputed, amount, count }));
    amounts.expected = expected.filter((r) => r.currency === currency).map(({ expectedOn, promised, amount, count }) => ({ expectedOn, promised, amount, count }));
    amounts.reminders = reminders.filter((r) => r.currency === currency).map(({ currency: _c, ...r }) => r);
    return amounts;
  });
}

function scopeOf(amounts: PortfolioAmounts[], options: PortfolioReportOptions, agingDays: readonly number[]): ReportScope {
  const kpiOptions = { ...options, buckets: agingBucketsFrom(agingDays) };
  const byCurrency = amounts.map((a) => portfolioKpis(a, kpiOptions));
  let converted: PortfolioKpis | null = null;
  const unconverted: CurrencyCode[] = [];
  const rates = options.rates;
  if (rates) {
    let sum: PortfolioAmounts | null = null;
    for (const a of amounts) {
      if (!hasRate(rates, a.currency)) {
        unconverted.push(a.currency);
        continue;
      }
      const c = convertPortfolioAmounts(a, rates);
      sum = sum ? addPortfolioAmounts(sum, c) : c;
    }
    if (sum) converted = portfolioKpis(sum, kpiOptions);
  }
  return { byCurrency, converted, unconverted, amounts };
}
