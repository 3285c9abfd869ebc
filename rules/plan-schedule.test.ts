import type { Customer, Receivable } from '../core/model';
import { defaultPlans } from '../config/default-plans';
import { createRecordFactory } from '../test/factories/record-factory';
import { compilePlan, scheduleCustomer, type ScheduleInput } from './plan-schedule';

const f = createRecordFactory({ tenantId: 'acme', seed: 3 });
const standard = compilePlan('standard', defaultPlans.standard!, 'EUR');

function item(n: number, dueDate: string, amount: number, overrides: Partial<Receivable> = {}): Receivable {
  return f.receivable(n, { customerExternalId: 'C00001', dueDate, issueDate: '2026-01-01', amount, amountCompany: amount, openAmount: amount, openAmountCompany: amount, ...overrides });
}

function run(receivables: Receivable[], asOf: string, overrides: Partial<ScheduleInput> = {}, customer: Customer = f.customer(1)) {
  return scheduleCustomer({ tenantId: 'acme', customer, receivables, plan: standard, asOf, currency: 'EUR', tolerance: 500, lastContactedOn: null, ...overrides });
}

describe('plan schedule', () => {
  it('sends one message at the step of the oldest overdue item, listing every item that reached a step', () => {
    const r = run([item(1, '2026-05-01', 100_000), item(2, '2026-05-25', 40_000), item(3, '2026-07-30', 10_000)], '2026-06-10');
    expect(r.action?.stepId).toBe('formal-notice'); // oldest: 40 days past due
    expect(r.action?.items.map((i) => i.externalId)).toEqual(['R000001', 'R000002']);
    expect(r.action?.amountDue).toBe(140_000);
    expect(r.action?.status).toBe('awaiting_approval');
    expect(r.action?.channel).toBe('letter');
    expect(r.next).toEqual({ stepId: 'litigation', on: '2026-06-30' });
  });

  it('reminds before the due date with a negative offset', () => {
    const r = run([item(1, '2026-06-12', 100_000)], '2026-06-10');
    expect(r.action?.stepId).toBe('pre-due');
    expect(r.action?.reason).toContain('due in 2 days');
    // Two days late and the first late step (+3) not reached yet: no "before due" reminder after the fact.
    const late = run([item(1, '2026-06-08', 100_000)], '2026-06-10');
    expect(late.action).toBeNull();
    expect(late.next).toEqual({ stepId: 'first-reminder', on: '2026-06-11' });
  });

  it('after missed runs sends only the highest step due, under the same id on every run', () => {
    const ledger = [item(1, '2026-05-01', 100_000)];
    const late = run(ledger, '2026-06-01'); // 31 days: call is the highest step reached
    expect(late.action?.stepId).toBe('call');
    expect(run(ledger, '2026-06-01').action?.id).toBe(late.action?.id);
    expect(run(ledger, '2026-06-03').action?.id).toBe(late.action?.id); // still the call step
    expect(run(ledger, '2026-06-06').action?.id).not.toBe(late.action?.id); // formal notice: a new step
  });

  it('excludes paid, disputed, blocked, promised and below-tolerance items', () => {
    const r = run(
      [
        item(1, '2026-05-01', 100_000, { status: 'paid', openAmount: 0, openAmountCompany: 0 }),
        item(2, '2026-05-01', 100_000, { dispute: { disputed: true, reason: 'price', since: '2026-05-02' } }),
        item(3, '2026-05-01', 100_000, { dunningBlocked: true }),
        item(4, '2026-05-01', 100_000, { promiseToPay: { amount: 100_000, until: '2026-06-10' } }),
        item(5, '2026-05-01', 400),
      ],
      '2026-06-10',
    );
    expect(r.action).toBeNull();
    expect(r.excluded.map((e) => [e.externalId, e.reason])).toEqual([
      ['R000002', 'disputed'],
      ['R000003', 'dunning_blocked'],
      ['R000004', 'promised'],
      ['R000005', 'below_tolerance'],
    ]);
    // The promise's day has passed: the item is dunned again.
    expect(run([item(4, '2026-05-01', 100_000, { promiseToPay: { amount: 100_000, until: '2026-06-10' } })], '2026-06-11').action?.items).toHaveLength(1);
  });

  it('nets open credits against the oldest items first', () => {
    const credit = item(9, '2026-05-20', -120_000, { kind: 'credit_note' });
    const r = run([item(1, '2026-05-01', 100_000), item(2, '2026-05-10', 50_000), credit], '2026-06-10');
    expect(r.excluded).toEqual([{ externalId: 'R000001', number: 'INV/2026/000001', reason: 'netted_by_credits' }]);
    expect(r.action?.items.map((i) => [i.externalId, i.amountDue])).toEqual([['R000002', 30_000]]);
    // Credits covering everything: nothing is owed, nothing goes out.
    expect(run([item(1, '2026-05-01', 100_000), item(9, '2026-05-20', -100_000, { kind: 'credit_note' })], '2026-06-10').action).toBeNull();
  });

  it('leaves a customer on stop alone', () => {
    const r = run([item(1, '2026-05-01', 100_000)], '2026-06-10', {}, f.customer(1, { dunningBlocked: true }));
    expect(r.action).toBeNull();
    expect(r.excluded[0]?.reason).toBe('customer_on_stop');
  });

  it('waits for the minimum amount and for the days since the last contact', () => {
    const small = run([item(1, '2026-05-01', 3_000)], '2026-06-10'); // formal notice wants 50.00
    expect(small.action).toBeNull();
    expect(small.waiting).toContain('below its minimum');
    const recent = run([item(1, '2026-05-01', 100_000)], '2026-05-17', { lastContactedOn: '2026-05-14' }); // second reminder wants 7 days
    expect(recent.action).toBeNull();
    expect(recent.next).toEqual({ stepId: 'second-reminder', on: '2026-05-21' });
  });

  it('hands the file to litigation at the last step with a statement of account and contact history', () => {
    const credit = item(9, '2026-05-20', -10_000, { kind: 'credit_note' });
    const disputed = item(2, '2026-04-01', 5_000, { dispute: { disputed: true, reason: 'quality', since: '2026-04-10' } });
    const r = run([item(1, '2026-03-01', 100_000, { lastDunnedOn: '2026-04-20', erpDunningLevel: 3 }), disputed, credit], '2026-06-10');
    expect(r.action?.stepId).toBe('litigation');
    expect(r.action?.dossier?.balance).toBe(95_000);
    expect(r.action?.dossier?.statement.map((s) => [s.externalId, s.note])).toEqual([
      ['R000001', null],
      ['R000002', 'disputed'],
      ['R000009', null],
    ]);
    expect(r.action?.dossier?.contactHistory.items[0]).toEqual({ externalId: 'R000001', erpDunningLevel: 3, lastDunnedOn: '2026-04-20' });
  });
});
