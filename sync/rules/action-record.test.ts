import { defaultPlans } from '../../config/default-plans';
import { compilePlan, scheduleCustomer } from '../../rules/plan-schedule';
import { createRecordFactory } from '../../test/factories/record-factory';
import { instantAtLocalTime } from '../../core/time/zoned-time';
import { actionRecordOf } from './action-record';

describe('the outbox record of a planned action', () => {
  it('carries the deterministic id, the receivables, the due time in the tenant zone and the reason', () => {
    const f = createRecordFactory({ tenantId: 'acme', seed: 9 });
    const receivables = [1, 2].map((n) => f.receivable(n, { customerExternalId: 'C00001', dueDate: '2026-05-01', openAmountCompany: 100_000, amountCompany: 100_000 }));
    const { action } = scheduleCustomer({
      tenantId: 'acme', customer: f.customer(1), receivables, plan: compilePlan('strict', defaultPlans.strict!, 'EUR'),
      asOf: '2026-05-10', currency: 'EUR', tolerance: 500, lastContactedOn: null,
    });
    const dueAt = instantAtLocalTime('2026-05-10', '09:00', 'Europe/Paris');
    const record = actionRecordOf(action!, dueAt, new Date('2026-05-10T05:00:00Z'));
    expect(record).toMatchObject({
      id: action!.id,
      receivableExternalIds: ['R000001', 'R000002'],
      planId: 'strict',
      stepId: 'second-reminder',
      channel: 'email',
      status: 'planned',
      dueAt: '2026-05-10T07:00:00.000Z',
      attempts: 0,
    });
    expect(record.reason).toContain('9 days past due');
  });
});
