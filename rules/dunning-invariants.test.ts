import fc from 'fast-check';
import type { Customer, Receivable } from '../core/model';
import { addDays } from '../core/time/local-date';
import { defaultPlans } from '../config/default-plans';
import { createRecordFactory } from '../test/factories/record-factory';
import { compilePlan, scheduleCustomer, type PlannedAction } from './plan-schedule';

/**
 * Invariants 1 and 2 of DESIGN.md over random ledgers and dates: no action on what is not owed, and
 * never two messages for the same customer, step and cycle, however often (or seldom) the schedule runs.
 */
const f = createRecordFactory({ tenantId: 'prop', seed: 11 });
const base = '2026-01-01';
const tolerance = 500;
const plans = Object.entries(defaultPlans).map(([id, plan]) => compilePlan(id, plan, 'EUR'));

const itemArb = fc.record({
  dueDay: fc.integer({ min: 0, max: 200 }),
  amount: fc.integer({ min: 1, max: 2_000_000 }),
  credit: fc.boolean(),
  state: fc.constantFrom('open', 'partially_paid', 'paid', 'cancelled'),
  disputed: fc.boolean(),
  blocked: fc.boolean(),
  promiseDay: fc.option(fc.integer({ min: 0, max: 260 }), { nil: null }),
});
const ledgerArb = fc.record({
  items: fc.array(itemArb, { maxLength: 12 }),
  customerBlocked: fc.boolean(),
  customerActive: fc.boolean(),
  planIndex: fc.integer({ min: 0, max: plans.length - 1 }),
  lastContactDay: fc.option(fc.integer({ min: 0, max: 260 }), { nil: null }),
});
type LedgerSpec = typeof ledgerArb extends fc.Arbitrary<infer T> ? T : never;

function build(spec: LedgerSpec): { customer: Customer; receivables: Receivable[] } {
  const customer = f.customer(1, { dunningBlocked: spec.customerBlocked, active: spec.customerActive });
  const receivables = spec.items.map((it, n): Receivable => {
    const signed = it.credit ? -it.amount : it.amount;
    const open = it.state === 'paid' || it.state === 'cancelled' ? 0 : it.state === 'partially_paid' ? Math.trunc(signed / 2) : signed;
    return f.receivable(n + 1, {
      customerExternalId: customer.externalId,
      kind: it.credit ? 'credit_note' : 'invoice',
      dueDate: addDays(base, it.dueDay),
      amount: signed,
      amountCompany: signed,
      openAmount: open,
      openAmountCompany: open,
      status: it.state as Receivable['status'],
      dispute: { disputed: it.disputed, reason: it.disputed ? 'contested' : null, since: null },
      dunningBlocked: it.blocked,
      promiseToPay: it.promiseDay === null ? null : { amount: Math.abs(open), until: addDays(base, it.promiseDay) },
    });
  });
  return { customer, receivables };
}

function schedule(spec: LedgerSpec, day: number): PlannedAction | null {
  const { customer, receivables } = build(spec);
  return scheduleCustomer({
    tenantId: 'prop',
    customer,
    receivables,
    plan: plans[spec.planIndex]!,
    asOf: addDays(base, day),
    currency: 'EUR',
    tolerance,
    lastContactedOn: spec.lastContactDay === null ? null : addDays(base, Math.min(spec.lastContactDay, day)),
  }).action;
}

describe('dunning invariants (property-based)', () => {
  it('invariant 1: never an action for a paid, disputed, blocked, promised, tolerated or credit-netted receivable', () => {
    fc.assert(
      fc.property(ledgerArb, fc.integer({ min: 0, max: 260 }), (spec, day) => {
        const action = schedule(spec, day);
        if (action === null) return;
        const asOf = addDays(base, day);
        const { customer, receivables } = build(spec);
        expect(customer.dunningBlocked).toBe(false);
        expect(customer.active).toBe(true);
        const byId = new Map(receivables.map((r) => [r.externalId, r]));
        for (const listed of action.items) {
          const r = byId.get(listed.externalId)!;
          expect(r.kind).not.toBe('credit_note');
          expect(['open', 'partially_paid']).toContain(r.status);
          expect(r.openAmountCompany).toBeGreaterThan(tolerance);
          expect(r.dispute.disputed).toBe(false);
          expect(r.dunningBlocked).toBe(false);
          if (r.promiseToPay) expect(r.promiseToPay.until < asOf).toBe(true);
          expect(listed.amountDue).toBeGreaterThan(tolerance);
        }
        // Credits net: what is asked never exceeds what the eligible items come to after every open credit.
        const eligible = receivables.filter(
          (r) => r.kind !== 'credit_note' && r.openAmountCompany > tolerance && ['open', 'partially_paid'].includes(r.status) && !r.dispute.disputed && !r.dunningBlocked && !(r.promiseToPay && r.promiseToPay.until >= asOf),
        );
        const eligibleTotal = eligible.reduce((s, r) => s + r.openAmountCompany, 0);
        const credits = receivables.filter((r) => r.openAmountCompany < 0 && !r.dispute.disputed && ['open', 'partially_paid'].includes(r.status)).reduce((s, r) => s - r.openAmountCompany, 0);
        expect(action.amountDue).toBeLessThanOrEqual(eligibleTotal - Math.min(credits, eligibleTotal));
      }),
      { numRuns: 400, seed: 20260601 },
    );
  });

  it('invariant 2: at most one message per customer, step and cycle over daily runs, repeated runs and missed days', () => {
    fc.assert(
      fc.property(ledgerArb, fc.array(fc.boolean(), { minLength: 30, maxLength: 120 }), fc.integer({ min: 0, max: 100 }), (spec, ranOnDay, start) => {
        const outbox = new Map<string, PlannedAction>(); // the outbox inserts if absent
        const sentPerStepCycle = new Map<string, Set<string>>();
        const offsetsByCycle = new Map<string, number[]>();
        ranOnDay.forEach((ran, i) => {
          if (!ran) return; // a missed run
          const first = schedule(spec, start + i);
          const again = schedule(spec, start + i); // the scheduler ran twice the same day
          expect(again?.id).toBe(first?.id);
          if (!first || outbox.has(first.id)) return;
          outbox.set(first.id, first);
          // Keyed by what the customer sees (step and the item driving it), not by the id's own parts.
          const key = `${first.customerKey.externalId}|${first.planId}|${first.stepId}|${first.items[0]!.externalId}`;
          const ids = sentPerStepCycle.get(key) ?? new Set<string>();
          ids.add(first.id);
          sentPerStepCycle.set(key, ids);
          const plan = plans[spec.planIndex]!.plan;
          const driver = first.items[0]!.externalId;
          const offsets = offsetsByCycle.get(driver) ?? [];
          offsets.push(plan.steps.find((s) => s.id === first.stepId)!.offsetDays);
          offsetsByCycle.set(driver, offsets);
        });
        for (const ids of sentPerStepCycle.values()) expect(ids.size).toBe(1);
        // Within a cycle steps only move forward: a missed run never brings back a lower step.
        for (const offsets of offsetsByCycle.values()) expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
      }),
      { numRuns: 200, seed: 20260602 },
    );
  });
});
