import { silentLogger } from '../../core/logging/logger';
import type { StreamName } from '../../core/model';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import type { TenantConfig } from '../../config/tenant-config';
import type { AnyConnectorDefinition } from '../../connectors/contract';
import { generateCompany } from '../../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo, type FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { getConnector } from '../../connectors/registry';
import { sweepTenant } from '../../sync/pipeline/sweep-deletions';
import { syncTenant } from '../../sync/pipeline/sync-tenant';
import { evaluateTenant } from '../../sync/rules/evaluate-tenant';
import { runSyncStep } from '../../sync/worker/sync-step';
import { pgliteScratch, postgresScratch } from '../dispatch/scratch-stores';
import { odooTenantConfig } from './odoo-tenant-config';

// Odoo unlinks deleted draft moves and undone reconciliations without a tombstone (reference/odoo.md §5):
// only the periodic sweep of keys finds them. Both store backends, against the fake Odoo on loopback.
const keyVariable = 'ARBRIDGE_TEST_SWEEP_ODOO_KEY';
const asOf = '2026-03-31';

/** The real connector, its key listing passed through `listing` (which may fail or stop it part-way). */
function withListing(listing: (keys: AsyncIterable<string[]>, stream: StreamName) => AsyncIterable<string[]>): (type: string) => AnyConnectorDefinition {
  return (type) => {
    const definition = getConnector(type);
    return {
      ...definition,
      create: (config, context) => {
        const instance = definition.create(config, context);
        return {
          ...instance,
          pull: (stream, cursor) => instance.pull(stream, cursor),
          testConnection: () => instance.testConnection(),
          close: () => instance.close(),
          liveKeys: (stream) => {
            if (!instance.liveKeys) throw new Error(`${type} lists no keys`);
            return listing(instance.liveKeys(stream), stream);
          },
        };
      },
    };
  };
}

describe.each([
  ['pglite', pgliteScratch],
  ['postgres', postgresScratch],
] as const)('the deletions sweep (%s store)', (_name, scratchOf) => {
  const scratch = scratchOf();
  const clock = new FakeClock('2026-03-31T17:00:00Z');
  const logger = silentLogger();
  let store: Store;
  let odoo: FakeOdoo;
  let tenant: TenantConfig;

  beforeAll(async () => {
    store = await openStore(await scratch.setUp());
    odoo = await startFakeOdoo({ version: 17, clock, company: generateCompany({ seed: 41, asOf, customers: 12, invoices: 90, version: 17 }) });
    process.env[keyVariable] = odoo.apiKey;
    tenant = odooTenantConfig('acme', odoo, { name: 'ACME', apiKey: `env:${keyVariable}`, connection: { version: 17, pageSize: 20, maxRetries: 0 } });
    expect((await syncTenant({ store, tenant, clock, logger })).failures).toEqual([]);
  }, 120_000);

  afterAll(async () => {
    await odoo?.close();
    await store?.close();
    await scratch.tearDown();
    delete process.env[keyVariable];
  });

  const sync = async () => expect((await syncTenant({ store, tenant, clock, logger })).failures).toEqual([]);
  const sweep = (resolveConnector?: (type: string) => AnyConnectorDefinition) =>
    sweepTenant({ store, tenant, clock, logger, ...(resolveConnector ? { resolveConnector } : {}) });
  const keys = async (stream: StreamName) => {
    const out: string[] = [];
    for await (const r of store.iterateRecords('acme', stream)) out.push(r.externalId);
    return out;
  };
  const openBalance = async () => {
    let sum = 0;
    for await (const r of store.iterateReceivables('acme', { openOnly: true })) sum += r.openAmountCompany;
    return sum;
  };
  const plannedReceivables = async () =>
    (await evaluateTenant({ store, tenant, asOf, at: clock.now(), saveAssignments: false })).actions.flatMap((a) => a.items.map((i) => i.externalId));
  const moveOfLine = (lineId: string) => odoo.company.db.table('account.move.line').require(Number(lineId)).move_id;
  /** An invoice that today's plan duns, and the ids of its receivable lines. */
  const dunnedInvoice = async (skip: number[] = []) => {
    for (const lineId of await plannedReceivables()) {
      const move = odoo.company.db.table('account.move').require(moveOfLine(lineId));
      if (move.move_type === 'out_invoice' && !skip.includes(move.id)) return { moveId: move.id, lineIds: move.line_ids.map(String) };
    }
    throw new Error('the plan duns no invoice');
  };

  it('an invoice deleted and a reconciliation undone in Odoo: marked deleted, gone from the plan and the open balance', async () => {
    const invoice = await dunnedInvoice();
    const partialId = [...odoo.company.db.table('account.partial.reconcile').rows.keys()][0] as number;
    clock.advance(3_600_000);
    odoo.mutations.deleteMove(invoice.moveId);
    odoo.mutations.unreconcile(partialId);

    // The pull sees neither: no tombstone, the invoice and the allocation stay as they were.
    await sync();
    expect(await keys('receivables')).toEqual(expect.arrayContaining(invoice.lineIds));
    expect(await keys('allocations')).toContain(String(partialId));
    const countsBefore = await store.counts('acme');
    const balanceBefore = await openBalance();
    let deletedOpen = 0;
    for await (const r of store.iterateReceivables('acme')) if (invoice.lineIds.includes(r.externalId)) deletedOpen += r.openAmountCompany;
    expect(deletedOpen).toBeGreaterThan(0);

    const report = await sweep();
    expect(report.failures).toEqual([]);
    const by = (stream: StreamName) => report.streams.find((s) => s.stream === stream);
    expect(by('receivables')).toMatchObject({ marked: invoice.lineIds.length, revived: 0 });
    expect(by('allocations')?.marked).toBeGreaterThanOrEqual(1);
    expect(by('customers')?.marked).toBe(0);

    expect(await keys('receivables')).not.toEqual(expect.arrayContaining([invoice.lineIds[0]]));
    expect(await keys('allocations')).not.toContain(String(partialId));
    expect(await plannedReceivables()).not.toEqual(expect.arrayContaining([invoice.lineIds[0]]));
    expect(await openBalance()).toBe(balanceBefore - deletedOpen);
    const counts = await store.counts('acme');
    expect(counts.receivables).toBe(countsBefore.receivables - invoice.lineIds.length);
    expect(counts.allocations).toBe(countsBefore.allocations - (by('allocations')?.marked ?? 0));
    // status's per-stream figure counts live records only.
    expect((await store.getSyncState({ tenantId: 'acme', sourceId: 'odoo', stream: 'receivables' }))?.recordCount).toBe(counts.receivables);
    // A second sweep finds nothing new.
    expect((await sweep()).streams.map((s) => s.marked)).toEqual([0, 0, 0, 0]);
  }, 120_000);

  it('an invoice reset to draft is marked deleted, and live again once posted and pulled', async () => {
    const invoice = await dunnedInvoice();
    clock.advance(3_600_000);
    odoo.mutations.resetToDraft(invoice.moveId);
    await sync();
    await sweep();
    expect(await keys('receivables')).not.toContain(invoice.lineIds[0]);
    expect(await plannedReceivables()).not.toContain(invoice.lineIds[0]);

    clock.advance(3_600_000);
    odoo.mutations.post(invoice.moveId);
    await sync();
    expect(await keys('receivables')).toEqual(expect.arrayContaining(invoice.lineIds));
    const again = await sweep();
    expect(again.streams.find((s) => s.stream === 'receivables')).toMatchObject({ marked: 0 });
  }, 120_000);

  it('a sweep whose ERP fails mid-way marks nothing in that stream; the next one does', async () => {
    const invoice = await dunnedInvoice();
    clock.advance(3_600_000);
    odoo.mutations.deleteMove(invoice.moveId);
    await sync();
    const before = await store.counts('acme');

    // The real connector, with Odoo starting to answer 500 once the first page of receivable keys is in.
    const failingMidway = withListing(async function* (keys, stream) {
      let batches = 0;
      for await (const batch of keys) {
        yield batch;
        batches += 1;
        if (stream === 'receivables' && batches === 1) odoo.failNext({ status: 500, count: 5, match: { model: 'account.move.line', method: 'search' } });
      }
    });
    const failed = await sweep(failingMidway);
    expect(failed.failures).toEqual([expect.objectContaining({ sourceId: 'odoo', stream: 'receivables' })]);
    expect(failed.streams.map((s) => s.stream)).toEqual(['customers']);
    expect(await store.counts('acme')).toEqual(before);
    expect(await keys('receivables')).toEqual(expect.arrayContaining(invoice.lineIds));

    odoo.failures.clear();
    const next = await sweep();
    expect(next.failures).toEqual([]);
    expect(next.streams.find((s) => s.stream === 'receivables')).toMatchObject({ marked: invoice.lineIds.length });
  }, 120_000);

  it('the sync step of worker and run sweeps a stream once its last sweep is older than sweepEveryHours', async () => {
    const invoice = await dunnedInvoice();
    clock.advance(3_600_000);
    odoo.mutations.deleteMove(invoice.moveId);
    const ctx = { store, clock, logger, sweepEveryHours: 24 };
    // The last sweep (an earlier test) is hours old: not due yet.
    expect(await runSyncStep(ctx, tenant, 'not-due')).toMatchObject({ markedDeleted: 0 });
    expect(await keys('receivables')).toEqual(expect.arrayContaining(invoice.lineIds));
    clock.advance(24 * 3_600_000);
    odoo.clearRequestLog();
    expect(await runSyncStep(ctx, tenant, 'due')).toMatchObject({ markedDeleted: invoice.lineIds.length });
    expect(await keys('receivables')).not.toContain(invoice.lineIds[0]);
    // The sweep lists the keys on the connection the sync opened: one login to Odoo for the whole step.
    expect(odoo.requestLog.filter((r) => r.method === 'authenticate')).toHaveLength(1);
  }, 120_000);

  it('the sync step opens each source once for the sync and the sweep after it, and closes it once, after the sweep', async () => {
    clock.advance(48 * 3_600_000);
    const events: string[] = [];
    const counted = (type: string): AnyConnectorDefinition => {
      const definition = getConnector(type);
      return {
        ...definition,
        create: (config, context) => {
          const instance = definition.create(config, context);
          events.push('open');
          return {
            pull: (stream, cursor) => instance.pull(stream, cursor),
            testConnection: () => instance.testConnection(),
            liveKeys: (stream) => {
              events.push(`list ${stream}`);
              return (instance.liveKeys as NonNullable<typeof instance.liveKeys>)(stream);
            },
            close: async () => {
              events.push('close');
              await instance.close();
            },
          };
        },
      };
    };
    const result = await runSyncStep({ store, clock, logger, sweepEveryHours: 24, resolveConnector: counted }, tenant, 'counted');
    expect(result.markedDeleted).toBe(0);
    expect(events).toEqual(['open', 'list customers', 'list receivables', 'list payments', 'list allocations', 'close']);
  }, 120_000);

  it('a sweep stopped (SIGTERM) while a connector lists its keys marks nothing, even when the connector just ends its listing', async () => {
    const invoice = await dunnedInvoice();
    clock.advance(3_600_000);
    odoo.mutations.deleteMove(invoice.moveId);
    await sync();
    const before = await store.counts('acme');
    const stop = new AbortController();
    // A connector that ends its listing quietly on a stop, after the first batch of receivable keys.
    const quietOnStop = withListing(async function* (keys, stream) {
      for await (const batch of keys) {
        yield batch;
        if (stream === 'receivables') stop.abort();
        if (stop.signal.aborted) return;
      }
    });
    const stopped = await sweepTenant({ store, tenant, clock, logger, signal: stop.signal, resolveConnector: quietOnStop });
    expect(stopped.failures).toEqual([expect.objectContaining({ stream: 'receivables', code: 'transient' })]);
    expect(await store.counts('acme')).toEqual(before);
    expect(await keys('receivables')).toEqual(expect.arrayContaining(invoice.lineIds));
  }, 120_000);
});
