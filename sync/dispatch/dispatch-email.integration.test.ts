import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import { actionSchema, type Action } from '../../core/model/action';
import type { Receivable } from '../../core/model/receivable';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { createRecordFactory } from '../../test/factories/record-factory';
import { pgliteScratch } from '../../test/dispatch/scratch-stores';
import { FakeErp, dispatchTenantConfig, mortalDispatcher, runDispatch, startLoopbackSmtp, type LoopbackSmtp } from '../../test/dispatch/dispatch-harness';
import { silentLogger } from '../../core/logging/logger';
import { ChannelSenders } from './channel-senders';
import { dispatchPageSize, dispatchTenant } from './dispatch-tenant';

/**
 * Dispatch end to end on the embedded store: the outbox, the last-moment re-read, a real SMTP peer on
 * loopback, and dispatcher processes killed at each step of a send.
 */
const password = 's3cret-smtp-pass';
process.env.ACME_SMTP_PASSWORD = password;
const f = createRecordFactory({ tenantId: 'acme', sourceId: 'odoo' });
// Tuesday 3 March 2026, 10:00 in Paris: inside business hours.
const tuesdayMorning = '2026-03-03T09:00:00.000Z';

const customer = f.customer(1, { name: 'Boulangerie Dupont & Fils', emails: ['compta@dupont.fr', 'patron@dupont.fr'], language: 'fr' });
const inv1 = f.receivable(1, { customerExternalId: customer.externalId, number: 'FA-2026-0001', issueDate: '2026-01-10', dueDate: '2026-02-09', amount: 120_050, openAmount: 120_050, amountCompany: 120_050, openAmountCompany: 120_050 });
const inv2 = f.receivable(2, { customerExternalId: customer.externalId, number: 'FA-2026-0002', issueDate: '2026-01-20', dueDate: '2026-02-19', amount: 30_000, openAmount: 30_000, amountCompany: 30_000, openAmountCompany: 30_000 });

function plannedAction(id: string, overrides: Partial<Action> = {}): Action {
  return actionSchema.parse({
    id,
    tenantId: 'acme',
    customerKey: { sourceId: 'odoo', externalId: customer.externalId },
    receivableExternalIds: [inv1.externalId, inv2.externalId],
    planId: 'standard',
    stepId: 'first-reminder',
    cycle: inv1.externalId,
    channel: 'email',
    dueAt: '2026-03-03T08:00:00.000Z',
    status: 'planned',
    attempts: 0,
    providerReference: null,
    reason: 'FA-2026-0001 is 22 days past due',
    createdAt: '2026-03-03T05:00:00.000Z',
    updatedAt: '2026-03-03T05:00:00.000Z',
    ...overrides,
  });
}

const paid = (r: Receivable): Receivable => ({ ...r, openAmount: 0, openAmountCompany: 0, status: 'paid' });

describe('dispatch by email', () => {
  const scratch = pgliteScratch();
  let store: Store;
  let smtp: LoopbackSmtp;
  let erp: FakeErp;
  let clock: FakeClock;

  beforeAll(async () => {
    store = await openStore(await scratch.setUp());
    smtp = await startLoopbackSmtp({ user: 'acme', pass: password });
  }, 120_000);
  afterAll(async () => {
    await smtp?.close();
    await store?.close();
    await scratch.tearDown();
  });
  beforeEach(async () => {
    await store.deleteTenant('acme');
    await store.savePage({ tenantId: 'acme', sourceId: 'odoo', stream: 'customers', records: [customer], quarantined: [], cursor: null, at: new Date('2026-03-03T04:00:00Z'), completesRun: true });
    await store.savePage({ tenantId: 'acme', sourceId: 'odoo', stream: 'receivables', records: [inv1, inv2], quarantined: [], cursor: null, at: new Date('2026-03-03T04:00:00Z'), completesRun: true });
    smtp.messages.length = 0;
    erp = new FakeErp();
    erp.receivables.set(inv1.externalId, inv1);
    erp.receivables.set(inv2.externalId, inv2);
    clock = new FakeClock(tuesdayMorning);
  });

  const tenant = () => dispatchTenantConfig(smtp.port);

  test('the reminder reaches the SMTP server with its headers, both parts and the statement PDF; an invoice paid since planning is not in it', async () => {
    await store.enqueueActions('acme', [plannedAction('act_1')]);
    erp.receivables.set(inv2.externalId, paid(inv2));
    const report = await runDispatch(store, tenant(), clock, erp);

    expect(report.outcomes).toEqual([expect.objectContaining({ id: 'act_1', status: 'sent', reason: 'left out: FA-2026-0002 paid' })]);
    expect(smtp.messages).toHaveLength(1);
    const envelope = smtp.messages[0]!;
    expect(envelope).toMatchObject({ from: 'relances@acme.fr', to: ['compta@dupont.fr', 'patron@dupont.fr'], user: 'acme' });
    const mail = await simpleParser(envelope.raw);
    expect(mail.from?.text).toBe('"Acme Relances" <relances@acme.fr>');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : null).toBe('compta@dupont.fr');
    expect(mail.messageId).toBe('<act_1@acme.fr>');
    expect(mail.headers.get('x-arbridge-action')).toBe('act_1');
    // French formatting puts a narrow no-break space in amounts.
    expect(mail.subject?.replace(/\s/g, ' ')).toBe('Relance : 1 facture(s) échue(s), 1 200,50 €');
    expect(mail.text).toContain('FA-2026-0001');
    expect(mail.text).not.toContain('FA-2026-0002');
    expect(mail.text).toContain('https://pay.acme.fr/c/C00001?action=act_1&amount=1200.50');
    // The customer's name is escaped in HTML, as it is in the text part.
    expect(mail.html).toContain('Boulangerie Dupont &amp; Fils');
    expect(mail.html).toContain('<td style="padding:4px 8px;border-bottom:1px solid #ddd;text-align:left">FA-2026-0001</td>');
    expect(mail.html).not.toContain('FA-2026-0002');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]).toMatchObject({ contentType: 'application/pdf', filename: 'releve-C00001-2026-03-03.pdf' });
    expect(mail.attachments[0]!.content.subarray(0, 5).toString()).toBe('%PDF-');

    const stored = await store.getAction('acme', 'act_1');
    expect(stored).toMatchObject({ status: 'sent', attempts: 1, providerReference: '<act_1@acme.fr>' });
    expect(JSON.stringify(await store.listActions('acme'))).not.toContain(password);
  });

  test('dispatch run again, and the same action planned again, send nothing more', async () => {
    await store.enqueueActions('acme', [plannedAction('act_1')]);
    await runDispatch(store, tenant(), clock, erp);
    await store.enqueueActions('acme', [plannedAction('act_1')]);
    clock.advance(3_600_000);
    const again = await runDispatch(store, tenant(), clock, erp);
    expect(again.outcomes).toEqual([]);
    expect(smtp.messages).toHaveLength(1);
  });

  test('a run longer than an outbox page: every customer gets its one email, in due order, outcomes streamed to the caller, the ERP re-read once per page', async () => {
    const count = 120; // more than two pages
    const customers = Array.from({ length: count }, (_, i) => f.customer(100 + i, { emails: [`client${i}@example.com`] }));
    const invoices = customers.map((c, i) => f.receivable(100 + i, { customerExternalId: c.externalId, dueDate: '2026-02-09', amount: 10_000 + i, openAmount: 10_000 + i, amountCompany: 10_000 + i, openAmountCompany: 10_000 + i }));
    await store.savePage({ tenantId: 'acme', sourceId: 'odoo', stream: 'customers', records: customers, quarantined: [], cursor: null, at: new Date('2026-03-03T04:00:00Z'), completesRun: true });
    for (const r of invoices) erp.receivables.set(r.externalId, r);
    // Due times in reverse of the ids, so the order sent is the outbox's due order, not the order of insertion.
    await store.enqueueActions('acme', customers.map((c, i) => plannedAction(`act_${String(i).padStart(3, '0')}`, {
      customerKey: { sourceId: 'odoo', externalId: c.externalId },
      receivableExternalIds: [invoices[i]!.externalId],
      cycle: invoices[i]!.externalId,
      dueAt: new Date(Date.parse('2026-03-03T08:00:00Z') - i * 1000).toISOString(),
    })));
    const streamed: string[] = [];
    const logger = silentLogger();
    const config = dispatchTenantConfig(smtp.port, { attachStatement: false });
    const channels = new ChannelSenders('acme', config.dispatch, { clock, logger });
    let report;
    try {
      report = await dispatchTenant({ store, tenant: config, clock, logger, channels, erp, onOutcome: (o) => streamed.push(`${o.id} ${o.status}`) });
    } finally {
      await channels.close();
    }

    const expected = customers.map((_, i) => `act_${String(i).padStart(3, '0')}`).reverse();
    expect(streamed).toEqual(expected.map((id) => `${id} sent`));
    expect(report.counts).toEqual({ sent: count });
    expect(report.outcomes).toEqual([]);
    expect(erp.reads).toBe(Math.ceil(count / dispatchPageSize));
    const recipients = await Promise.all(smtp.messages.map(async (m) => (await simpleParser(m.raw)).headers.get('x-arbridge-action')));
    expect(recipients).toEqual(expected);
    expect(await store.listActions('acme', { statuses: ['planned', 'dispatching'] })).toEqual([]);
  }, 120_000);

  test('every invoice paid or disputed since planning: skipped with the reason, nothing sent', async () => {
    await store.enqueueActions('acme', [plannedAction('act_1')]);
    erp.receivables.set(inv1.externalId, { ...inv1, dispute: { disputed: true, reason: 'damaged goods', since: '2026-03-01' } });
    erp.receivables.set(inv2.externalId, paid(inv2));
    await runDispatch(store, tenant(), clock, erp);
    expect(smtp.messages).toHaveLength(0);
    expect(await store.getAction('acme', 'act_1')).toMatchObject({ status: 'skipped', reason: 'nothing left to claim: FA-2026-0001 disputed, FA-2026-0002 paid' });
  });

  test('outside business hours, on a weekend or a day off, nothing goes to customers; the action waits', async () => {
    await store.enqueueActions('acme', [plannedAction('act_1')]);
    for (const at of ['2026-03-03T19:30:00Z', '2026-03-07T10:00:00Z']) {
      clock.set(at);
      const report = await runDispatch(store, tenant(), clock, erp);
      expect(report.windowClosed).not.toBeNull();
    }
    clock.set(tuesdayMorning);
    const holiday = await runDispatch(store, dispatchTenantConfig(smtp.port, { daysOff: ['2026-03-03'] }), clock, erp);
    expect(holiday.windowClosed).toBe('2026-03-03 is a day off');
    expect(smtp.messages).toHaveLength(0);
    expect(await store.getAction('acme', 'act_1')).toMatchObject({ status: 'planned', attempts: 0 });
  });

  test('a rate limit per channel leaves the rest for a later run', async () => {
    const second = { ...customer, externalId: 'C00002', name: 'Client Deux', emails: ['deux@example.com'] };
    await store.savePage({ tenantId: 'acme', sourceId: 'odoo', stream: 'customers', records: [second], quarantined: [], cursor: null, at: new Date('2026-03-03T04:00:00Z'), completesRun: true });
    await store.enqueueActions('acme', [plannedAction('act_1'), plannedAction('act_2', { customerKey: { sourceId: 'odoo', externalId: 'C00002' } })]);
    await runDispatch(store, dispatchTenantConfig(smtp.port, { ratePerHour: { email: 1 } }), clock, erp);
    expect(smtp.messages).toHaveLength(1);
    expect((await store.listActions('acme', { statuses: ['planned'] })).map((a) => a.id)).toEqual(['act_2']);
    // Within the same hour nothing more goes, and the held-back action costs no ERP re-read.
    const reads = erp.reads;
    await runDispatch(store, dispatchTenantConfig(smtp.port, { ratePerHour: { email: 1 } }), clock, erp);
    expect(smtp.messages).toHaveLength(1);
    expect(erp.reads).toBe(reads);
    clock.advance(3_600_000);
    await runDispatch(store, dispatchTenantConfig(smtp.port, { ratePerHour: { email: 1 } }), clock, erp);
    expect(smtp.messages).toHaveLength(2);
  });

  test('killed after `dispatching` was written: the restart sends nothing and marks the action unknown', async () => {
    await store.enqueueActions('acme', [plannedAction('act_1')]);
    const mortal = mortalDispatcher(store, { after: (method, args) => method === 'transitionAction' && (args[2] as { to: string }).to === 'dispatching' });
    await expect(runDispatch(mortal.store, tenant(), clock, erp, mortal.definitions)).rejects.toThrow('killed');
    expect(await store.getAction('acme', 'act_1')).toMatchObject({ status: 'dispatching' });

    clock.advance(600_000);
    const restart = await runDispatch(store, tenant(), clock, erp);
    expect(restart.recovered).toEqual([{ id: 'act_1', status: 'unknown' }]);
    expect(smtp.messages).toHaveLength(0);
    const after = await store.getAction('acme', 'act_1');
    expect(after?.status).toBe('unknown');
    expect(after?.reason).toMatch(/arbridge resolve act_1 --sent or --resend/);
    // Unknown is never resent on its own.
    clock.advance(86_400_000);
    await runDispatch(store, tenant(), clock, erp);
    expect(smtp.messages).toHaveLength(0);
  });

  test('killed after the SMTP server accepted, before `sent` was written: one email only, and the action ends unknown', async () => {
    await store.enqueueActions('acme', [plannedAction('act_1')]);
    const mortal = mortalDispatcher(store, { before: (method, args) => method === 'transitionAction' && (args[2] as { to: string }).to === 'sent' });
    await expect(runDispatch(mortal.store, tenant(), clock, erp, mortal.definitions)).rejects.toThrow('killed');
    expect(smtp.messages).toHaveLength(1);

    const restart = await runDispatch(store, tenant(), clock, erp);
    expect(restart.recovered).toEqual([{ id: 'act_1', status: 'unknown' }]);
    await runDispatch(store, tenant(), clock, erp);
    expect(smtp.messages).toHaveLength(1);
    expect(await store.getAction('acme', 'act_1')).toMatchObject({ status: 'unknown', attempts: 1 });
  });

  test('an ERP write-back interrupted by a crash is retried, never lost', async () => {
    await store.enqueueActions('acme', [plannedAction('act_erp', { stepId: 'erp-block', planId: 'strict', channel: 'erp' })]);
    const mortal = mortalDispatcher(store, { before: (method, args) => method === 'transitionAction' && (args[2] as { to: string }).to === 'sent' });
    await expect(runDispatch(mortal.store, tenant(), clock, erp, mortal.definitions)).rejects.toThrow('killed');
    const restart = await runDispatch(store, tenant(), clock, erp);
    expect(restart.recovered).toEqual([{ id: 'act_erp', status: 'planned' }]);
    expect(await store.getAction('acme', 'act_erp')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(erp.pushes.map((p) => [p.actionId, p.kind, p.payload.level])).toEqual([
      ['act_erp', 'dunning-step', 3],
      ['act_erp', 'dunning-step', 3],
    ]);
  });

  test('however often dispatch runs and however it is killed, one email per customer, step and cycle', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('run', 'enqueue', 'kill-after-claim', 'kill-before-sent', 'advance'), { minLength: 1, maxLength: 8 }),
        async (steps) => {
          await store.deleteTenant('acme');
          await store.savePage({ tenantId: 'acme', sourceId: 'odoo', stream: 'customers', records: [customer], quarantined: [], cursor: null, at: new Date('2026-03-03T04:00:00Z'), completesRun: true });
          smtp.messages.length = 0;
          clock.set(tuesdayMorning);
          await store.enqueueActions('acme', [plannedAction('act_1')]);
          for (const step of steps) {
            if (step === 'run') await runDispatch(store, tenant(), clock, erp);
            if (step === 'enqueue') await store.enqueueActions('acme', [plannedAction('act_1')]);
            if (step === 'advance') clock.advance(1_800_000);
            if (step.startsWith('kill')) {
              const to = step === 'kill-after-claim' ? 'dispatching' : 'sent';
              const when = (method: string, args: unknown[]) => method === 'transitionAction' && (args[2] as { to: string }).to === to;
              const mortal = mortalDispatcher(store, step === 'kill-after-claim' ? { after: when } : { before: when });
              await runDispatch(mortal.store, tenant(), clock, erp, mortal.definitions).catch(() => undefined);
            }
          }
          await runDispatch(store, tenant(), clock, erp);
          expect(smtp.messages.length).toBeLessThanOrEqual(1);
          const final = await store.getAction('acme', 'act_1');
          // Sent exactly when the server got it, unknown when a crash hid it, never anything else at the end of a run in the window.
          if (final?.status === 'sent') expect(smtp.messages).toHaveLength(1);
          else expect(final?.status).toBe('unknown');
        },
      ),
      { numRuns: 25, seed: 7 },
    );
  }, 120_000);
});
