import { metricsPolicySchema, type CustomerLedger } from '../core/model';
import { createRecordFactory } from '../test/factories/record-factory';
import { customerMetrics } from './customer-metrics';

const f = createRecordFactory({ tenantId: 'acme', seed: 7 });
const policy = metricsPolicySchema.parse({ dsoWindowDays: 90, lateWindowMonths: 12, trendWindowMonths: 3 });
const asOf = '2026-06-30';

/** An invoice of `amount` cents, issued/due on the given days, paid on `paidOn` (or open). */
function invoice(n: number, amount: number, issueDate: string, dueDate: string, paidOn: string | null = null) {
  const receivable = f.receivable(n, {
    customerExternalId: 'C00001',
    issueDate,
    dueDate,
    amount,
    amountCompany: amount,
    openAmount: paidOn ? 0 : amount,
    openAmountCompany: paidOn ? 0 : amount,
    status: paidOn ? 'paid' : 'open',
  });
  const allocation = paidOn ? f.allocation(n, { receivableExternalId: receivable.externalId, allocatedOn: paidOn, amountCompany: amount }) : null;
  return { receivable, allocation };
}

function ledger(items: Array<ReturnType<typeof invoice>>, customer = f.customer(1, { creditLimit: { amount: 1_000_000, currency: 'EUR' } })): CustomerLedger {
  return {
    customer,
    receivables: items.map((i) => i.receivable),
    allocations: items.flatMap((i) => (i.allocation ? [i.allocation] : [])),
  };
}

describe('customer metrics', () => {
  it('computes open, overdue, aging, DSO (total method), best possible DSO and ADD from the ledger', () => {
    const m = customerMetrics(
      ledger([
        invoice(1, 300_000, '2026-04-15', '2026-05-15'), // 46 days past due
        invoice(2, 200_000, '2026-06-10', '2026-07-10'), // not due
        invoice(3, 400_000, '2026-05-01', '2026-05-31', '2026-06-05'), // paid 5 days late
      ]),
      asOf,
      policy,
      'EUR',
    );
    expect(m.openAmount).toBe(500_000);
    expect(m.overdueAmount).toBe(300_000);
    expect(m.oldestOverdueDays).toBe(46);
    expect(m.aging.find((b) => b.label === '31-60')?.amount).toBe(300_000);
    expect(m.aging.find((b) => b.label === 'not due')?.amount).toBe(200_000);
    // Sales of the last 90 days: 900,000; AR 500,000 → 50 days; current 200,000 → 20 days.
    expect(m.dso).toBe(50);
    expect(m.bestPossibleDso).toBe(20);
    expect(m.add).toBe(30);
    expect(m.weightedDaysLate).toBe(5);
    expect(m.lateShare).toBe(1);
    expect(m.exposure).toBe(0.5);
  });

  it('nets open credit notes in the balance and reduces sales by credits issued in the window', () => {
    const credit = f.receivable(9, { customerExternalId: 'C00001', kind: 'credit_note', issueDate: '2026-06-01', dueDate: '2026-06-01', amount: -100_000, amountCompany: -100_000, openAmount: -100_000, openAmountCompany: -100_000 });
    const l = ledger([invoice(1, 300_000, '2026-04-15', '2026-05-15')]);
    l.receivables.push(credit);
    const m = customerMetrics(l, asOf, policy, 'EUR');
    expect(m.openAmount).toBe(200_000);
    expect(m.openCredits).toBe(-100_000);
    expect(m.dso).toBe(90); // 200,000 ÷ (300,000 − 100,000) × 90
  });

  it('sees the trend: paying later recently than in the window before', () => {
    const m = customerMetrics(
      ledger([
        invoice(1, 100_000, '2026-01-01', '2026-01-31', '2026-01-31'), // previous window, on time
        invoice(2, 100_000, '2026-02-01', '2026-02-28', '2026-03-02'), // previous window, 2 days late
        invoice(3, 100_000, '2026-04-01', '2026-04-30', '2026-05-30'), // recent window, 30 days late
      ]),
      asOf,
      policy,
      'EUR',
    );
    expect(m.previousDaysLate).toBe(1);
    expect(m.recentDaysLate).toBe(30);
    expect(m.trendDays).toBe(29);
    expect(m.lateShare).toBeCloseTo(2 / 3);
  });

  it('counts open disputes and broken promises, and the latest contact', () => {
    const l = ledger([invoice(1, 100_000, '2026-04-01', '2026-05-01'), invoice(2, 100_000, '2026-04-01', '2026-05-01')]);
    l.receivables[0] = { ...l.receivables[0]!, dispute: { disputed: true, reason: 'damaged', since: '2026-05-10' }, lastDunnedOn: '2026-06-20' };
    l.receivables[1] = { ...l.receivables[1]!, promiseToPay: { amount: 100_000, until: '2026-06-15' } };
    const m = customerMetrics(l, asOf, policy, 'EUR');
    expect(m.openDisputes).toBe(1);
    expect(m.brokenPromises).toBe(1);
    expect(m.lastContactedOn).toBe('2026-06-20');
    // The same promise, still running, is not broken.
    expect(customerMetrics(l, '2026-06-15', policy, 'EUR').brokenPromises).toBe(0);
  });

  it('ignores payments dated after the evaluation day: a past day is evaluated as it was', () => {
    const l = ledger([invoice(1, 100_000, '2026-04-01', '2026-05-01', '2026-07-15')]);
    const m = customerMetrics(l, asOf, policy, 'EUR');
    expect(m.weightedDaysLate).toBeNull();
  });
});
