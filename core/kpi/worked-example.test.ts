import { agedBalance, type AgingBucket } from './aged-balance';
import { averageDaysDelinquent } from './average-days-delinquent';
import { collectionEffectivenessIndex } from './collection-effectiveness-index';
import { bestPossibleDso, dsoCountback, dsoTotal } from './dso';
import { weightedDaysLate } from './weighted-days-late';

/** collections.md §4.2: Q1 of 30-day months, amounts TTC, here in cents of EUR. */
const eur = (units: number): number => units * 100;
const months = { january: eur(70_000), february: eur(80_000), march: eur(100_000) };
const quarterSales = months.january + months.february + months.march;
const endingAr = eur(212_000);
const currentAr = eur(120_000);
const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10);

describe('the worked example of collections.md, to the published figures', () => {
  it('DSO by the total method is 76.3 days', () => {
    expect(round1(dsoTotal({ endingReceivables: endingAr, creditSales: quarterSales, days: 90 }))).toBe(76.3);
  });

  it('DSO by countback is 73.7 days', () => {
    const dso = dsoCountback(endingAr, [
      { sales: months.march, days: 30 },
      { sales: months.february, days: 30 },
      { sales: months.january, days: 30 },
    ]);
    expect(round1(dso)).toBe(73.7);
  });

  it('best possible DSO is 43.2 days, and ADD 33.1 (total) or 30.5 (countback)', () => {
    const best = bestPossibleDso({ currentReceivables: currentAr, creditSales: quarterSales, days: 90 });
    expect(round1(best)).toBe(43.2);
    const total = dsoTotal({ endingReceivables: endingAr, creditSales: quarterSales, days: 90 });
    const countback = dsoCountback(endingAr, [
      { sales: months.march, days: 30 },
      { sales: months.february, days: 30 },
      { sales: months.january, days: 30 },
    ]);
    expect(round1(averageDaysDelinquent(total, best))).toBe(33.1);
    expect(round1(averageDaysDelinquent(countback, best))).toBe(30.5);
  });

  it('CEI for March is 45.9 %', () => {
    const cei = collectionEffectivenessIndex({
      beginningReceivables: eur(190_000),
      creditSales: months.march,
      endingReceivables: endingAr,
      endingCurrentReceivables: currentAr,
      months: 1,
    });
    expect(round1(cei)).toBe(45.9);
  });

  it('the weighted average days late is 7.5 days', () => {
    expect(
      weightedDaysLate([
        { amount: eur(10_000), daysLate: 5 },
        { amount: eur(5_000), daysLate: 20 },
        { amount: eur(5_000), daysLate: -3 }, // paid early: counts as on time
      ]),
    ).toBe(7.5);
  });

  it('the aged balance gives the published buckets and shares', () => {
    const buckets: AgingBucket[] = [
      { label: 'not due', fromDays: Number.NEGATIVE_INFINITY, toDays: 0 },
      { label: '1-30', fromDays: 1, toDays: 30 },
      { label: '31-60', fromDays: 31, toDays: 60 },
      { label: '61-90', fromDays: 61, toDays: 90 },
      { label: 'over 90', fromDays: 91, toDays: null },
    ];
    const asOf = '2026-03-31';
    const result = agedBalance(
      [
        { dueDate: '2026-04-30', openAmount: eur(120_000), currency: 'EUR' },
        { dueDate: '2026-03-16', openAmount: eur(50_000), currency: 'EUR' },
        { dueDate: '2026-02-14', openAmount: eur(25_000), currency: 'EUR' },
        { dueDate: '2026-01-15', openAmount: eur(12_000), currency: 'EUR' },
        { dueDate: '2025-11-30', openAmount: eur(5_000), currency: 'EUR' },
      ],
      asOf,
      'EUR',
      buckets,
    );
    expect(result.total).toBe(endingAr);
    expect(result.overdue).toBe(eur(92_000));
    expect(result.buckets.map((b) => [b.label, b.amount / 100, round1((b.amount / result.total) * 100)])).toEqual([
      ['not due', 120_000, 56.6],
      ['1-30', 50_000, 23.6],
      ['31-60', 25_000, 11.8],
      ['61-90', 12_000, 5.7],
      ['over 90', 5_000, 2.4],
    ]);
  });

  it('cross-checks: creditguru ADD 45 − 12 = 33, Divalto DSO 45 days', () => {
    const dso = dsoTotal({ endingReceivables: 15_000, creditSales: 10_000, days: 30 });
    const best = bestPossibleDso({ currentReceivables: 4_000, creditSales: 10_000, days: 30 });
    expect([dso, best, averageDaysDelinquent(dso, best)]).toEqual([45, 12, 33]);
    expect(dsoTotal({ endingReceivables: 30_000, creditSales: 60_000, days: 90 })).toBe(45);
  });

  it('says when a figure cannot be computed rather than inventing one', () => {
    expect(dsoTotal({ endingReceivables: 1_000, creditSales: 0, days: 90 })).toBeNull();
    expect(weightedDaysLate([])).toBeNull();
    // AR larger than all the history given: countback is a floor of every month's days.
    expect(dsoCountback(eur(500_000), [{ sales: eur(100_000), days: 30 }])).toBe(30);
  });
});
