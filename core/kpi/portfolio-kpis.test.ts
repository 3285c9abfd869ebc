import { agingBucketsFrom } from './aging-buckets';
import { addPortfolioAmounts, convertPortfolioAmounts, type PortfolioAmounts } from './portfolio-amounts';
import { portfolioKpis, type PortfolioKpiOptions } from './portfolio-kpis';

/** collections.md §4.2 as a portfolio: Q1 of 30-day months, amounts TTC in cents of EUR. */
const eur = (units: number): number => units * 100;
const workedExample: PortfolioAmounts = {
  currency: 'EUR',
  periods: [
    { end: '2026-01-30', days: 30, sales: eur(70_000), receivables: eur(150_000), currentReceivables: eur(90_000) },
    { end: '2026-03-01', days: 30, sales: eur(80_000), receivables: eur(190_000), currentReceivables: eur(100_000) },
    { end: '2026-03-31', days: 30, sales: eur(100_000), receivables: eur(212_000), currentReceivables: eur(120_000) },
  ],
  aged: [
    { daysPastDue: -30, disputed: false, amount: eur(120_000), count: 12 },
    { daysPastDue: 15, disputed: false, amount: eur(50_000), count: 5 },
    { daysPastDue: 45, disputed: false, amount: eur(25_000), count: 3 },
    { daysPastDue: 75, disputed: false, amount: eur(12_000), count: 2 },
    { daysPastDue: 135, disputed: false, amount: eur(5_000), count: 1 },
  ],
  expected: [],
  reminders: [],
};
const options: PortfolioKpiOptions = { dsoMethod: 'total', dsoWindowMonths: 3, buckets: agingBucketsFrom([30, 60, 90]), forecastWeeks: 4, collectionWindowDays: 14 };
const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

describe('portfolio KPIs on the worked example of collections.md', () => {
  it('gives DSO 76.3 (total), 73.7 (countback), best possible 43.2, ADD 33.1 or 30.5, CEI 45.9 %', () => {
    const total = portfolioKpis(workedExample, options);
    expect([total.dso, total.dsoTotal, total.dsoCountback, total.bestPossibleDso, total.averageDaysDelinquent, total.collectionEffectivenessIndex].map(round1)).toEqual([
      76.3, 76.3, 73.7, 43.2, 33.1, 45.9,
    ]);
    expect(total.dsoBasis).toEqual({ sales: eur(250_000), days: 90 });
    const countback = portfolioKpis(workedExample, { ...options, dsoMethod: 'countback' });
    expect([countback.dso, countback.averageDaysDelinquent].map(round1)).toEqual([73.7, 30.5]);
  });

  it('gives the published aged balance: not due 120,000, then 50,000, 25,000, 12,000, 5,000 over 90', () => {
    const kpis = portfolioKpis(workedExample, options);
    expect(kpis.agedBalance.map((b) => [b.label, b.amount / 100])).toEqual([
      ['not due', 120_000],
      ['1-30', 50_000],
      ['31-60', 25_000],
      ['61-90', 12_000],
      ['over 90', 5_000],
    ]);
    expect([kpis.openReceivables, kpis.notDue, kpis.pastDue, kpis.inDispute].map((a) => a / 100)).toEqual([212_000, 120_000, 92_000, 0]);
    expect(kpis.disputeShare).toBe(0);
  });

  it('keeps disputed items out of the buckets and gives their share of the balance', () => {
    const kpis = portfolioKpis({ ...workedExample, aged: [...workedExample.aged, { daysPastDue: 40, disputed: true, amount: eur(53_000), count: 1 }] }, options);
    expect(kpis.inDispute).toBe(eur(53_000));
    expect(kpis.openReceivables).toBe(eur(265_000));
    expect(kpis.disputeShare).toBe(0.2);
    expect(kpis.agedBalance.find((b) => b.label === '31-60')?.amount).toBe(eur(25_000));
  });

  it('says DSO is unknown for a month end with too little history rather than inventing one', () => {
    const kpis = portfolioKpis(workedExample, options);
    expect(kpis.dsoTrend.map((p) => [p.end, round1(p.dso)])).toEqual([
      ['2026-01-30', null],
      ['2026-03-01', null],
      ['2026-03-31', 76.3],
    ]);
  });

  it('puts expected receipts in their week, promises counted apart, late ones and later ones outside the weeks', () => {
    const kpis = portfolioKpis(
      {
        ...workedExample,
        expected: [
          { expectedOn: '2026-03-20', promised: false, amount: 700, count: 1 }, // before the day: already late
          { expectedOn: '2026-04-01', promised: false, amount: 100, count: 1 }, // week 1 (04-01..04-07)
          { expectedOn: '2026-04-07', promised: true, amount: 50, count: 1 }, // week 1, promised
          { expectedOn: '2026-04-08', promised: false, amount: 30, count: 1 }, // week 2
          { expectedOn: '2026-05-30', promised: false, amount: 9, count: 1 }, // after week 4
        ],
      },
      options,
    );
    expect(kpis.cashForecast).toEqual({
      overdue: 700,
      weeks: [
        { from: '2026-04-01', to: '2026-04-07', amount: 150, promised: 50 },
        { from: '2026-04-08', to: '2026-04-14', amount: 30, promised: 0 },
        { from: '2026-04-15', to: '2026-04-21', amount: 0, promised: 0 },
        { from: '2026-04-22', to: '2026-04-28', amount: 0, promised: 0 },
      ],
      later: 9,
    });
  });

  it('gives the collection rate after reminders per plan, step and channel, and no rate when nothing was dunned', () => {
    const kpis = portfolioKpis(
      {
        ...workedExample,
        reminders: [
          { planId: 'standard', stepId: 'first-reminder', channel: 'email', actions: 4, dunnedAmount: 80_000, collectedAmount: 20_000 },
          { planId: 'standard', stepId: 'formal-notice', channel: 'letter', actions: 1, dunnedAmount: 0, collectedAmount: 0 },
        ],
      },
      options,
    );
    expect(kpis.collectionAfterReminders.map((r) => [r.stepId, r.rate])).toEqual([
      ['first-reminder', 0.25],
      ['formal-notice', null],
    ]);
  });
});

describe('consolidating and converting portfolios', () => {
  it('adds amounts, so that DSO is recomputed from the summed balance and sales, not averaged', () => {
    const doubled = addPortfolioAmounts(workedExample, workedExample);
    const kpis = portfolioKpis(doubled, options);
    expect(kpis.openReceivables).toBe(eur(424_000));
    expect(round1(kpis.dso)).toBe(76.3);
    const other: PortfolioAmounts = { ...workedExample, periods: workedExample.periods.map((p) => ({ ...p, receivables: 0, currentReceivables: 0 })), aged: [] };
    // As much sales again with no balance: the firm's DSO halves, which no average of the two DSOs gives.
    expect(round1(portfolioKpis(addPortfolioAmounts(workedExample, other), options).dso)).toBe(38.2);
  });

  it('converts each sum once at the stated rate, rounding half away from zero', () => {
    const usd: PortfolioAmounts = { ...workedExample, currency: 'USD', aged: [{ daysPastDue: 3, disputed: false, amount: 1_001, count: 1 }] };
    const converted = convertPortfolioAmounts(usd, { into: 'EUR', rates: { USD: '0.9215' } });
    expect(converted.currency).toBe('EUR');
    expect(converted.aged[0]?.amount).toBe(922); // 10.01 USD × 0.9215 = 9.224215 EUR
    expect(converted.periods[2]?.receivables).toBe(eur(212_000 * 0.9215));
    expect(() => convertPortfolioAmounts({ ...usd, currency: 'JPY' }, { into: 'EUR', rates: {} })).toThrow('no exchange rate from JPY into EUR');
  });
});
