import type { PortfolioKpis } from '../../core/kpi/portfolio-kpis';
import { formatDecimal } from '../../core/money/money';
import type { PortfolioReport, ReportScope } from './portfolio-report';

/** One figure of the report, flat: what CSV rows and HTML data attributes carry. */
export interface ReportFigure {
  /** Tenant id, or `consolidated`. */
  scope: string;
  /** Company currency, or `converted:XXX` for figures converted with the rate table. */
  currency: string;
  /** dso, best-possible-dso, add, cei, open, not-due, past-due, in-dispute, dispute-share, aged, dso-trend, forecast, collection-rate ... */
  figure: string;
  /** Bucket, month end, week or plan/step/channel; empty for a single figure. */
  key: string;
  /** Days and percentages with one decimal; amounts as exact decimals of the currency; empty when unknown. */
  value: string;
}

const days = (n: number | null): string => (n === null ? '' : n.toFixed(1));

/** The scopes of a report in print order: each tenant, then the consolidation. */
export function reportScopes(report: PortfolioReport): Array<{ id: string; title: string; scope: ReportScope }> {
  const scopes = report.tenants.map((t) => ({ id: t.tenantId, title: `${t.name} (${t.tenantId})`, scope: t as ReportScope }));
  if (report.consolidated) {
    const title = report.group ? `${report.group.name} (group ${report.group.id}, ${report.tenants.length} ${report.tenants.length === 1 ? 'company' : 'companies'}), consolidated` : `All ${report.tenants.length} tenants, consolidated`;
    scopes.push({ id: 'consolidated', title, scope: report.consolidated });
  }
  return scopes;
}

/** Each KPI set of a scope with the currency label it is printed under. */
export function kpiSets(scope: ReportScope): Array<{ label: string; kpis: PortfolioKpis }> {
  const sets = scope.byCurrency.map((k) => ({ label: k.currency, kpis: k }));
  if (scope.converted) sets.push({ label: `converted:${scope.converted.currency}`, kpis: scope.converted });
  return sets;
}

/** Every figure of one KPI set, flat. */
export function figuresOf(scopeId: string, label: string, k: PortfolioKpis): ReportFigure[] {
  const money = (amount: number): string => formatDecimal(amount, k.currency);
  const f = (figure: string, key: string, value: string): ReportFigure => ({ scope: scopeId, currency: label, figure, key, value });
  return [
    f('dso', k.dsoMethod, days(k.dso)),
    f('dso-total', '', days(k.dsoTotal)),
    f('dso-countback', '', days(k.dsoCountback)),
    f('best-possible-dso', '', days(k.bestPossibleDso)),
    f('add', '', days(k.averageDaysDelinquent)),
    f('cei', '', days(k.collectionEffectivenessIndex)),
    f('open', '', money(k.openReceivables)),
    f('not-due', '', money(k.notDue)),
    f('past-due', '', money(k.pastDue)),
    f('in-dispute', '', money(k.inDispute)),
    f('dispute-share', '', k.disputeShare === null ? '' : (k.disputeShare * 100).toFixed(1)),
    ...k.agedBalance.map((b) => f('aged', b.label, money(b.amount))),
    ...k.dsoTrend.map((p) => f('dso-trend', p.end, days(p.dso))),
    f('forecast', 'overdue', money(k.cashForecast.overdue)),
    ...k.cashForecast.weeks.map((w) => f('forecast', w.from, money(w.amount))),
    f('forecast', 'later', money(k.cashForecast.later)),
    ...k.collectionAfterReminders.map((r) => f('collection-rate', `${r.planId}/${r.stepId}/${r.channel}`, r.rate === null ? '' : (r.rate * 100).toFixed(1))),
  ];
}

/** Every figure of the report, flat. */
export function reportFigures(report: PortfolioReport): ReportFigure[] {
  return reportScopes(report).flatMap(({ id, scope }) => kpiSets(scope).flatMap(({ label, kpis }) => figuresOf(id, label, kpis)));
}

/** The report as JSON: the KPIs without the additive figures they were computed from. */
export function reportJson(report: PortfolioReport): unknown {
  const strip = ({ amounts: _a, ...scope }: ReportScope) => scope;
  return { ...report, tenants: report.tenants.map((t) => strip(t)), consolidated: report.consolidated ? strip(report.consolidated) : null };
}

/** The report as CSV: one row per figure (scope, currency, figure, key, value). */
export function reportCsv(report: PortfolioReport): string {
  const cell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = reportFigures(report).map((r) => [r.scope, r.currency, r.figure, r.key, r.value].map(cell).join(','));
  return ['scope,currency,figure,key,value', ...rows].join('\n') + '\n';
}
