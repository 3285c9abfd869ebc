import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { actionSchema, type Action } from '../../core/model/action';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { createRecordFactory } from '../../test/factories/record-factory';
import { pgliteScratch } from '../../test/dispatch/scratch-stores';
import { FakeErp, dispatchTenantConfig, runDispatch } from '../../test/dispatch/dispatch-harness';

/** SMS through dispatch: the Twilio shape on msw, STOP answered by the provider and remembered in the store. */
process.env.ACME_TWILIO_TOKEN = 'tw-token-for-dispatch';
const sid = 'AC' + 'fedcba9876543210'.repeat(2);
const twilioUrl = `https://api.twilio.com/2010-04-01/Accounts/${sid}/Messages.json`;
const f = createRecordFactory({ tenantId: 'acme', sourceId: 'odoo' });
const customer = { ...f.customer(1, { name: 'Boulangerie Dupont', language: 'fr' }), phone: '+33612345678' };
const inv1 = f.receivable(1, { customerExternalId: customer.externalId, number: 'FA-2026-0001', issueDate: '2026-01-10', dueDate: '2026-02-09', amount: 120_050, openAmount: 120_050, amountCompany: 120_050, openAmountCompany: 120_050 });

function smsAction(id: string, stepId = 'first-reminder'): Action {
  return actionSchema.parse({
    id,
    tenantId: 'acme',
    customerKey: { sourceId: 'odoo', externalId: customer.externalId },
    receivableExternalIds: [inv1.externalId],
    planId: 'standard',
    stepId,
    cycle: inv1.externalId,
    channel: 'sms',
    dueAt: '2026-03-03T08:00:00.000Z',
    status: 'planned',
    attempts: 0,
    providerReference: null,
    reason: 'FA-2026-0001 is 22 days past due',
    createdAt: '2026-03-03T05:00:00.000Z',
    updatedAt: '2026-03-03T05:00:00.000Z',
  });
}

const tenant = () => dispatchTenantConfig(0, { channels: { sms: { provider: 'twilio', accountSid: sid, authToken: 'env:ACME_TWILIO_TOKEN', from: '+33700000000' } } });
const server = setupServer();

describe('dispatch by SMS', () => {
  const scratch = pgliteScratch();
  let store: Store;
  let erp: FakeErp;
  const texts: string[] = [];
  let answer: () => Response;

  beforeAll(async () => {
    store = await openStore(await scratch.setUp());
    server.listen({ onUnhandledRequest: 'error' });
    server.use(
      http.post(twilioUrl, async ({ request }) => {
        texts.push(new URLSearchParams(await request.text()).get('To') ?? '');
        return answer();
      }),
    );
  }, 120_000);
  afterAll(async () => {
    server.close();
    await store?.close();
    await scratch.tearDown();
  });
  beforeEach(async () => {
    await store.deleteTenant('acme');
    await store.savePage({ tenantId: 'acme', sourceId: 'odoo', stream: 'customers', records: [customer], quarantined: [], cursor: null, at: new Date('2026-03-03T04:00:00Z'), completesRun: true });
    await store.savePage({ tenantId: 'acme', sourceId: 'odoo', stream: 'receivables', records: [inv1], quarantined: [], cursor: null, at: new Date('2026-03-03T04:00:00Z'), completesRun: true });
    texts.length = 0;
    answer = () => HttpResponse.json({ sid: 'SM1' }, { status: 201 });
    erp = new FakeErp();
    erp.receivables.set(inv1.externalId, inv1);
  });

  test('the reminder is texted to the customer and recorded with the provider id', async () => {
    await store.enqueueActions('acme', [smsAction('act_sms_1')]);
    const report = await runDispatch(store, tenant(), new FakeClock('2026-03-03T09:00:00Z'), erp);
    expect(report.outcomes).toEqual([expect.objectContaining({ id: 'act_sms_1', status: 'sent' })]);
    expect(texts).toEqual(['+33612345678']);
    expect((await store.listActions('acme', { statuses: ['sent'] }))[0]?.providerReference).toBe('SM1');
  });

  test('STOP answered by the provider (Twilio 21610) skips the action, is remembered, and the next reminder is never texted', async () => {
    answer = () => HttpResponse.json({ code: 21610, message: 'Attempt to send to unsubscribed recipient' }, { status: 400 });
    await store.enqueueActions('acme', [smsAction('act_sms_1')]);
    const first = await runDispatch(store, tenant(), new FakeClock('2026-03-03T09:00:00Z'), erp);
    expect(first.outcomes).toEqual([expect.objectContaining({ id: 'act_sms_1', status: 'skipped' })]);
    expect(await store.isOptedOut('acme', 'sms', customer.phone)).toBe(true);

    answer = () => HttpResponse.json({ sid: 'SM2' }, { status: 201 });
    await store.enqueueActions('acme', [smsAction('act_sms_2', 'second-reminder')]);
    const second = await runDispatch(store, tenant(), new FakeClock('2026-03-03T09:05:00Z'), erp);
    expect(second.outcomes).toEqual([expect.objectContaining({ id: 'act_sms_2', status: 'skipped', reason: expect.stringContaining('STOP') })]);
    expect(texts).toHaveLength(1);
  });

  test('a customer with a stored opt-out is never texted', async () => {
    await store.recordOptOut('acme', 'sms', customer.phone, 'replied STOP on 2026-02-01', new Date('2026-02-01T10:00:00Z'));
    await store.enqueueActions('acme', [smsAction('act_sms_1')]);
    const report = await runDispatch(store, tenant(), new FakeClock('2026-03-03T09:00:00Z'), erp);
    expect(report.outcomes).toEqual([expect.objectContaining({ id: 'act_sms_1', status: 'skipped' })]);
    expect(texts).toEqual([]);
  });
});
