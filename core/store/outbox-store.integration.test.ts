import { actionSchema, type Action } from '../model/action';
import { pgliteScratch, postgresScratch } from '../../test/dispatch/scratch-stores';
import { createRecordFactory } from '../../test/factories/record-factory';
import { openStore } from './open-store';
import type { Store } from './store';

/** The outbox on both backends: insert if absent, compare-and-set transitions, rate-limit counts, opt-outs. */
function action(id: string, overrides: Partial<Action> = {}): Action {
  return actionSchema.parse({
    id,
    tenantId: 'acme',
    customerKey: { sourceId: 'odoo', externalId: 'C1' },
    receivableExternalIds: ['INV-1', 'INV-2'],
    planId: 'standard',
    stepId: 'first-reminder',
    cycle: 'INV-1',
    channel: 'email',
    dueAt: '2026-03-02T08:00:00.000Z',
    status: 'planned',
    attempts: 0,
    providerReference: null,
    reason: 'INV-1 is 3 days past due',
    createdAt: '2026-03-02T06:00:00.000Z',
    updatedAt: '2026-03-02T06:00:00.000Z',
    ...overrides,
  });
}

const at = (iso: string): Date => new Date(iso);

describe.each([pgliteScratch(), postgresScratch()])('outbox on $name', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await openStore(await backend.setUp());
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    await backend.tearDown();
  });
  beforeEach(async () => {
    await store.deleteTenant('acme');
    await store.deleteTenant('other');
  });

  test('an action planned again on every run is stored once and keeps its progress', async () => {
    expect(await store.enqueueActions('acme', [action('a1'), action('a2', { dueAt: '2026-03-02T09:00:00.000Z' })])).toEqual(['a1', 'a2']);
    await store.transitionAction('acme', 'a1', { from: ['planned'], to: 'dispatching', at: at('2026-03-02T08:00:00Z'), countAttempt: true });
    await store.transitionAction('acme', 'a1', { from: ['dispatching'], to: 'sent', at: at('2026-03-02T08:00:01Z'), providerReference: '<m1@acme>' });
    expect(await store.enqueueActions('acme', [action('a1'), action('a2')])).toEqual([]);
    const a1 = await store.getAction('acme', 'a1');
    expect(a1).toMatchObject({ status: 'sent', attempts: 1, providerReference: '<m1@acme>', finishedAt: '2026-03-02T08:00:01.000Z', dispatchingAt: '2026-03-02T08:00:00.000Z' });
    expect((await store.listActions('acme')).map((a) => a.id)).toEqual(['a1', 'a2']);
  });

  test('only one of two dispatchers claims an action; a final status is not overwritten by a late writer', async () => {
    await store.enqueueActions('acme', [action('a1')]);
    const claims = await Promise.all([
      store.transitionAction('acme', 'a1', { from: ['planned'], to: 'dispatching', at: at('2026-03-02T08:00:00Z'), countAttempt: true }),
      store.transitionAction('acme', 'a1', { from: ['planned'], to: 'dispatching', at: at('2026-03-02T08:00:00Z'), countAttempt: true }),
    ]);
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
    await store.transitionAction('acme', 'a1', { from: ['dispatching'], to: 'unknown', at: at('2026-03-02T09:00:00Z'), reason: 'the dispatcher stopped while sending' });
    expect(await store.transitionAction('acme', 'a1', { from: ['dispatching'], to: 'sent', at: at('2026-03-02T09:00:01Z') })).toBeNull();
    expect(await store.getAction('acme', 'a1')).toMatchObject({ status: 'unknown', attempts: 1, reason: 'the dispatcher stopped while sending' });
    // A move allowed from several statuses (a person's resend of an unknown one) applies from any of them, and from no other.
    expect(await store.transitionAction('acme', 'a1', { from: ['awaiting_approval', 'sent'], to: 'planned', at: at('2026-03-02T10:00:00Z') })).toBeNull();
    expect(await store.transitionAction('acme', 'a1', { from: ['awaiting_approval', 'unknown'], to: 'planned', at: at('2026-03-02T10:00:00Z') })).toMatchObject({ status: 'planned' });
  });

  test('listing filters by status, due time and channel, and never shows another tenant', async () => {
    await store.enqueueActions('acme', [
      action('a1'),
      action('a2', { status: 'awaiting_approval', channel: 'letter' }),
      action('a3', { dueAt: '2026-03-03T08:00:00.000Z' }),
    ]);
    await store.enqueueActions('other', [action('a1', { tenantId: 'other' })]);
    expect((await store.listActions('acme', { statuses: ['planned'], dueBy: at('2026-03-02T12:00:00Z') })).map((a) => a.id)).toEqual(['a1']);
    expect((await store.listActions('acme', { channel: 'letter' })).map((a) => a.id)).toEqual(['a2']);
    expect((await store.listActions('acme', { statuses: ['awaiting_approval', 'planned'] })).map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
    expect(await store.listActions('acme', { statuses: [] })).toEqual([]);
    expect(await store.listActions('acme', { limit: 2 })).toHaveLength(2);
    expect(await store.listActions('other')).toHaveLength(1);
    await expect(store.enqueueActions('acme', [action('x', { tenantId: 'other' })])).rejects.toThrow(/belongs to tenant other/);
  });

  test('the outbox read page by page after the last action seen: each due action once, in due order, even those left planned', async () => {
    const due = (n: number) => `2026-03-02T${String(8 + (n % 3)).padStart(2, '0')}:00:00.000Z`; // three due times, so ties on due time are paged by id
    await store.enqueueActions('acme', Array.from({ length: 7 }, (_, n) => action(`a${n}`, { dueAt: due(n) })));
    const seen: string[] = [];
    let after: Pick<Action, 'dueAt' | 'id'> | undefined;
    for (;;) {
      const page = await store.listActions('acme', { statuses: ['planned'], limit: 2, ...(after ? { after } : {}) });
      if (page.length === 0) break;
      seen.push(...page.map((a) => a.id));
      const last = page[page.length - 1]!;
      after = { dueAt: last.dueAt, id: last.id };
      // The first of each page is claimed, the others stay planned, as a dispatch with a closed window leaves them.
      await store.transitionAction('acme', page[0]!.id, { from: ['planned'], to: 'dispatching', at: at('2026-03-02T10:00:00Z') });
    }
    expect(seen).toEqual(['a0', 'a3', 'a6', 'a1', 'a4', 'a2', 'a5']);
  });

  test("a page of actions' customers is read at once, only the tenant's own", async () => {
    const mine = createRecordFactory({ tenantId: 'acme', sourceId: 'odoo' });
    const mineInSage = createRecordFactory({ tenantId: 'acme', sourceId: 'sage' });
    const theirs = createRecordFactory({ tenantId: 'other', sourceId: 'odoo' });
    const written = at('2026-03-02T04:00:00Z');
    await store.savePage({ tenantId: 'acme', sourceId: 'odoo', stream: 'customers', records: [mine.customer(1), mine.customer(2)], quarantined: [], cursor: null, at: written, completesRun: true });
    await store.savePage({ tenantId: 'acme', sourceId: 'sage', stream: 'customers', records: [mineInSage.customer(5)], quarantined: [], cursor: null, at: written, completesRun: true });
    await store.savePage({ tenantId: 'other', sourceId: 'odoo', stream: 'customers', records: [theirs.customer(3)], quarantined: [], cursor: null, at: written, completesRun: true });
    const keys = [1, 2, 3, 4, 5].map((n) => ({ sourceId: 'odoo', externalId: mine.customer(n).externalId })).concat([{ sourceId: 'sage', externalId: mineInSage.customer(5).externalId }]);
    const found = (await store.getCustomers('acme', keys)).map((c) => `${c.sourceId}/${c.externalId}`).sort();
    expect(found).toEqual([`odoo/${mine.customer(1).externalId}`, `odoo/${mine.customer(2).externalId}`, `sage/${mineInSage.customer(5).externalId}`]);
    expect(await store.getCustomers('acme', [])).toEqual([]);
  });

  test('rate limits count what a channel sent since an instant', async () => {
    await store.enqueueActions('acme', [action('a1'), action('a2'), action('a3', { channel: 'sms' })]);
    for (const [id, when] of [['a1', '2026-03-02T07:00:00Z'], ['a2', '2026-03-02T08:30:00Z'], ['a3', '2026-03-02T08:30:00Z']] as const) {
      await store.transitionAction('acme', id, { from: ['planned'], to: 'sent', at: at(when) });
    }
    expect(await store.countSentSince('acme', 'email', at('2026-03-02T08:00:00Z'))).toBe(1);
    expect(await store.countSentSince('other', 'email', at('2026-03-02T00:00:00Z'))).toBe(0);
  });

  test('an SMS opt-out is remembered per tenant', async () => {
    await store.recordOptOut('acme', 'sms', '+33612345678', 'replied STOP', at('2026-03-02T08:00:00Z'));
    await store.recordOptOut('acme', 'sms', '+33612345678', 'replied STOP again', at('2026-03-03T08:00:00Z'));
    expect(await store.isOptedOut('acme', 'sms', '+33612345678')).toBe(true);
    expect(await store.isOptedOut('other', 'sms', '+33612345678')).toBe(false);
  });
});
