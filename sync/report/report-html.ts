import type { PortfolioKpis } from '../../core/kpi/portfolio-kpis';
import { formatDecimal, formatMoney } from '../../core/money/money';
import type { PortfolioReport } from './portfolio-report';
import { kpiSets, reportScopes } from './report-figures';

/*
 * A self-contained page: inline CSS and SVG, no script, no external asset, so it can be mailed,
 * archived or served as is. Every chart element carries its figure in data-label / data-value (exact
 * decimals for money) and in a <title>, so the page can be checked by a program as well as read.
 */

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Bar {
  label: string;
  /** What the bar's height is drawn from. */
  magnitude: number;
  /** The figure as text, exact. */
  value: string;
  /** What a person reads under the bar and in its tooltip. */
  caption: string;
}

/** A bar chart as inline SVG; negative values are drawn as empty bars (their figure is still carried). */
function barChart(chart: string, title: string, bars: readonly Bar[]): string {
  const width = 640;
  const height = 220;
  const top = 24;
  const bottom = 40;
  const max = Math.max(1, ...bars.map((b) => b.magnitude));
  const slot = (width - 20) / Math.max(1, bars.length);
  const rects = bars
    .map((b, i) => {
      const h = Math.max(0, (b.magnitude / max) * (height - top - bottom));
      const x = 10 + i * slot + slot * 0.15;
      const y = height - bottom - h;
      return (
        `<g class="bar" data-label="${escape(b.label)}" data-value="${escape(b.value)}">` +
        `<title>${escape(b.label)}: ${escape(b.caption)}</title>` +
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="#2f6f9f"/>` +
        `<text x="${(x + slot * 0.35).toFixed(1)}" y="${height - bottom + 14}" font-size="10" text-anchor="middle">${escape(b.label)}</text>` +
        `</g>`
      );
    })
    .join('');
  return (
    `<figure><figcaption>${escape(title)}</figcaption>` +
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" data-chart="${chart}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">` +
    `<line x1="10" y1="${height - bottom}" x2="${width - 10}" y2="${height - bottom}" stroke="#999"/>${rects}</svg></figure>`
  );
}

function kpiSection(scopeId: string, label: string, k: PortfolioKpis): string {
  const money = (amount: number): string => formatDecimal(amount, k.currency);
  const shown = (amount: number): string => formatMoney({ amount, currency: k.currency });
  const days = (n: number | null): string => (n === null ? 'n/a' : n.toFixed(1));
  const kpi = (name: string, title: string, value: string, unit: string): string =>
    `<tr><th>${escape(title)}</th><td data-kpi="${name}" data-value="${escape(value === 'n/a' ? '' : value)}">${escape(value)}${value === 'n/a' ? '' : unit}</td></tr>`;
  const rows = [
    kpi('dso', `DSO (${k.dsoMethod} method)`, days(k.dso), ' days'),
    kpi('best-possible-dso', 'Best possible DSO', days(k.bestPossibleDso), ' days'),
    kpi('add', 'Average days delinquent', days(k.averageDaysDelinquent), ' days'),
    kpi('cei', 'CEI, last month', days(k.collectionEffectivenessIndex), ' %'),
    kpi('open', 'Open receivables', money(k.openReceivables), ` ${k.currency}`),
    kpi('not-due', 'Not due', money(k.notDue), ` ${k.currency}`),
    kpi('past-due', 'Past due', money(k.pastDue), ` ${k.currency}`),
    kpi('in-dispute', 'In dispute', money(k.inDispute), ` ${k.currency}`),
    kpi('dispute-share', 'Dispute share', k.disputeShare === null ? 'n/a' : (k.disputeShare * 100).toFixed(1), ' %'),
  ].join('');
  const charts = [
    barChart('aged-balance', `Aged balance (${label}, undisputed)`, [
      ...k.agedBalance.map((b) => ({ label: b.label, magnitude: b.amount, value: money(b.amount), caption: shown(b.amount) })),
      { label: 'in dispute', magnitude: k.inDispute, value: money(k.inDispute), caption: shown(k.inDispute) },
    ]),
    barChart(
      'dso-trend',
      `DSO trend, ${k.dsoMethod} method (days at each month end)`,
      k.dsoTrend.map((p) => ({ label: p.end, magnitude: p.dso ?? 0, value: p.dso === null ? '' : p.dso.toFixed(1), caption: p.dso === null ? 'n/a' : `${p.dso.toFixed(1)} days` })),
    ),
    barChart('forecast', `Cash forecast by week (${label})`, [
      { label: 'late', magnitude: k.cashForecast.overdue, value: money(k.cashForecast.overdue), caption: `${shown(k.cashForecast.overdue)} expected already` },
      ...k.cashForecast.weeks.map((w) => ({ label: w.from, magnitude: w.amount, value: money(w.amount), caption: `${shown(w.amount)} (${shown(w.promised)} promised)` })),
      { label: 'later', magnitude: k.cashForecast.later, value: money(k.cashForecast.later), caption: shown(k.cashForecast.later) },
    ]),
    k.collectionAfterReminders.length > 0
      ? barChart(
          'collection-rate',
          'Collection rate after reminders (% of the dunned amount paid within the window)',
          k.collectionAfterReminders.map((r) => ({
            label: `${r.planId}/${r.stepId}/${r.channel}`,
            magnitude: (r.rate ?? 0) * 100,
            value: r.rate === null ? '' : (r.rate * 100).toFixed(1),
            caption: `${r.rate === null ? 'n/a' : (r.rate * 100).toFixed(1) + ' %'} of ${shown(r.dunned)} over ${r.actions} action(s)`,
          })),
        )
      : `<p class="unavailable" data-chart="collection-rate" data-unavailable="true">Collection rate after reminders: unavailable (no reminder sent).</p>`,
  ].join('');
  return `<section class="kpis" data-scope="${escape(scopeId)}" data-currency="${escape(label)}"><h3>${escape(label)}</h3><table>${rows}</table>${charts}</section>`;
}

/** The report as one self-contained HTML page. */
export function reportHtml(report: PortfolioReport): string {
  const body = reportScopes(report)
    .map(({ id, title, scope }) => `<section class="scope" data-scope="${escape(id)}"><h2>${escape(title)}</h2>${kpiSets(scope).map(({ label, kpis }) => kpiSection(id, label, kpis)).join('')}</section>`)
    .join('');
  const rates = report.rates
    ? `<p data-rates="${escape(JSON.stringify(report.rates))}">Converted into ${escape(report.rates.into)} at ${escape(Object.entries(report.rates.rates).map(([c, r]) => `1 ${c} = ${r} ${report.rates?.into}`).join(', ') || 'no other rate')}${report.rates.source ? ` (${escape(report.rates.source)})` : ''}.</p>`
    : '';
  const note = report.collectionRateNote ? `<p class="note">Collection rate after reminders: unavailable (${escape(report.collectionRateNote)}).</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>arbridge report ${escape(report.asOf)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}th,td{padding:.2em .8em;border-bottom:1px solid #ddd;text-align:left}td{text-align:right}figure{margin:1em 0}figcaption{font-weight:600}</style>
</head><body data-as-of="${escape(report.asOf)}" data-dso-method="${report.dsoMethod}">
<h1>Receivables as of ${escape(report.asOf)}</h1>
<p>DSO by the ${report.dsoMethod} method over ${report.dsoWindowMonths} months of sales; payments within ${report.collectionWindowDays} days of a reminder count as collected by it.</p>
${rates}${note}${body}
</body></html>
`;
}
