import type { PortfolioKpis } from '../../core/kpi/portfolio-kpis';
import { formatMoney } from '../../core/money/money';
import { renderTable } from '../cli/table';
import type { PortfolioReport } from './portfolio-report';
import { kpiSets, reportScopes } from './report-figures';

const days = (n: number | null): string => (n === null ? 'n/a' : `${n.toFixed(1)} days`);
const percent = (n: number | null): string => (n === null ? 'n/a' : `${(n * 100).toFixed(1)} %`);

/** The report as terminal text: per scope and currency, the KPIs, aged balance, trend, forecast, collection rate. */
export function reportTable(report: PortfolioReport): string {
  const lines: string[] = [
    `Portfolio report as of ${report.asOf}; DSO by the ${report.dsoMethod} method over ${report.dsoWindowMonths} months of sales.`,
  ];
  if (report.rates) {
    const used = Object.entries(report.rates.rates).map(([c, r]) => `1 ${c} = ${r} ${report.rates?.into}`);
    lines.push(`Converted into ${report.rates.into} at ${used.join(', ') || 'no other rate'}${report.rates.source ? ` (${report.rates.source})` : ''}.`);
  }
  if (report.collectionRateNote) lines.push(`Collection rate after reminders: unavailable (${report.collectionRateNote}).`);
  for (const { title, scope } of reportScopes(report)) {
    lines.push('', `== ${title}`);
    if ('dataAsOf' in scope) lines.push(`data as of ${(scope as { dataAsOf: string | null }).dataAsOf ?? 'an incomplete sync'}`);
    if (scope.unconverted.length > 0) lines.push(`not converted (no rate): ${scope.unconverted.join(', ')}`);
    for (const { label, kpis } of kpiSets(scope)) lines.push('', ...kpiLines(label, kpis));
  }
  return lines.join('\n');
}

function kpiLines(label: string, k: PortfolioKpis): string[] {
  const m = (amount: number): string => formatMoney({ amount, currency: k.currency });
  return [
    `-- ${label}`,
    renderTable(
      ['figure', 'value'],
      [
        [`DSO (${k.dsoMethod})`, days(k.dso)],
        ['DSO total / countback', `${days(k.dsoTotal)} / ${days(k.dsoCountback)}`],
        ['best possible DSO', days(k.bestPossibleDso)],
        ['ADD', days(k.averageDaysDelinquent)],
        ['CEI (last month)', k.collectionEffectivenessIndex === null ? 'n/a' : `${k.collectionEffectivenessIndex.toFixed(1)} %`],
        ['open receivables', m(k.openReceivables)],
        ['not due', m(k.notDue)],
        ['past due', m(k.pastDue)],
        ['in dispute', `${m(k.inDispute)} (${percent(k.disputeShare)})`],
      ],
    ),
    '',
    renderTable(['aged balance', 'amount', 'items'], k.agedBalance.map((b) => [b.label, m(b.amount), String(b.count)])),
    '',
    renderTable(['month end', 'DSO'], k.dsoTrend.map((p) => [p.end, p.dso === null ? 'n/a' : p.dso.toFixed(1)])),
    '',
    renderTable(
      ['expected', 'amount', 'of which promised'],
      [
        ['late beyond usual delay', m(k.cashForecast.overdue), ''],
        ...k.cashForecast.weeks.map((w) => [`${w.from}..${w.to}`, m(w.amount), m(w.promised)]),
        ['later', m(k.cashForecast.later), ''],
      ],
    ),
    ...(k.collectionAfterReminders.length > 0
      ? ['', renderTable(['plan/step/channel', 'actions', 'dunned', 'collected', 'rate'], k.collectionAfterReminders.map((r) => [`${r.planId}/${r.stepId}/${r.channel}`, String(r.actions), m(r.dunned), m(r.collected), percent(r.rate)]))]
      : []),
  ];
}
