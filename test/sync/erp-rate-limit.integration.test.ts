import { z } from 'zod';
import { silentLogger } from '../../core/logging/logger';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { tenantConfigSchema, type TenantConfig } from '../../config/tenant-config';
import type { AnyConnectorDefinition } from '../../connectors/contract';
import { queueOptionsFrom } from '../../sync/cli/queue-options';
import { openJobQueues, type JobQueues } from '../../sync/queue/job-queues';
import { enqueueSyncTick } from '../../sync/scheduler/enqueue-tick';
import { reconcileSchedules } from '../../sync/scheduler/reconcile-schedules';
import { startQueueWorker, type QueueWorker } from '../../sync/worker/queue-worker';
import { postgresScratch } from '../dispatch/scratch-stores';
import { testBullPrefix, type TestBullPrefix } from './bull-prefix';

// ARBRIDGE_ERP_RATE: sync jobs of one ERP group are spaced by bull's limiter, while the tenants of another
// group go ahead. Checked by the order in which sync jobs start, never by elapsed time.
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** An ERP with nothing in it: the sync step is instant, so only the limiter decides when jobs start. */
const emptyErp: AnyConnectorDefinition = {
  id: 'empty',
  label: 'Empty ERP',
  configSchema: z.object({}).passthrough(),
  cursorSchema: z.unknown(),
  streams: ['customers'],
  create: () => ({
    async *pull() {},
    testConnection: async () => ({ ok: true, details: [] }),
    close: async () => undefined,
  }),
};

function tenant(id: string, type: string, cron = '0 */2 * * *'): TenantConfig {
  return tenantConfigSchema.parse({ id, name: id, timeZone: 'Europe/Paris', currency: 'EUR', schedule: { sync: cron }, sources: [{ id: 'erp', type, connection: {} }] });
}

describe('the per-ERP rate limit of sync jobs', () => {
  const scratch = postgresScratch();
  let store: Store;
  let bull: TestBullPrefix;
  let queues: JobQueues;
  let worker: QueueWorker;
  const starts: Array<{ tenantId: string; window: string }> = [];

  beforeAll(async () => {
    store = await openStore(await scratch.setUp());
    bull = testBullPrefix(redisUrl, 'erp-rate');
    queues = openQueues();
  }, 60_000);

  afterAll(async () => {
    await worker?.close();
    await bull?.cleanUp();
    await store?.close();
    await scratch.tearDown();
  }, 60_000);

  /** One sync job per ERP group every 2 seconds, as an operator sets it. */
  function openQueues(): JobQueues {
    const options = queueOptionsFrom({ REDIS_URL: redisUrl, ARBRIDGE_QUEUE_PREFIX: bull.prefix, ARBRIDGE_ERP_RATE: '1/2' }, silentLogger());
    if (!options?.syncLimit) throw new Error('ARBRIDGE_ERP_RATE was not read');
    return openJobQueues({ ...options, attempts: 1 });
  }

  function startWorker(tenants: TenantConfig[]): void {
    worker = startQueueWorker({
      queues,
      tenants,
      store,
      clock: new FakeClock('2026-03-31T17:00:00Z'),
      logger: silentLogger(),
      resolveConnector: () => emptyErp,
      concurrency: 5,
      onJobStart: (e) => {
        if (e.step === 'sync') starts.push({ tenantId: e.tenantId, window: e.window });
      },
    });
  }

  async function syncStartsOf(window: string, count: number): Promise<string[]> {
    const of = () => starts.filter((s) => s.window === window).map((s) => s.tenantId);
    while (of().length < count) await new Promise((r) => setTimeout(r, 50));
    return of();
  }

  /** Three Odoo tenants ticked before two SAP ones: the first SAP sync is not held behind Odoo's queue. */
  function expectSpacedPerGroup(order: string[]): void {
    expect(order).toHaveLength(5);
    // The first start of each group comes first: one Odoo, one SAP, whatever the tick order.
    expect(order.slice(0, 2).map((id) => id[0]).sort()).toEqual(['o', 's']);
    // Odoo's third tenant waits two limiter periods, SAP's second only one: it starts last.
    expect(order.filter((id) => id.startsWith('o'))).toHaveLength(3);
    expect(order.at(-1)?.startsWith('o')).toBe(true);
  }

  it('manual ticks: one job per group per period, the other group not held back', async () => {
    const tenants = ['o1', 'o2', 'o3'].map((id) => tenant(id, 'odoo')).concat(['s1', 's2'].map((id) => tenant(id, 'sap')));
    startWorker(tenants);
    const window = '2026-03-31T16:00:00.000Z';
    await enqueueSyncTick(queues, tenants, window);
    expectSpacedPerGroup(await syncStartsOf(window, 5));
  }, 60_000);

  it('scheduled ticks: tenants firing at the same instant are limited by ERP, not all together', async () => {
    // Every 5 seconds (cron with seconds), the five tenants fire at the same instant.
    const tenants = ['o1', 'o2', 'o3'].map((id) => tenant(id, 'odoo', '*/5 * * * * *')).concat(['s1', 's2'].map((id) => tenant(id, 'sap', '*/5 * * * * *')));
    // A worker of its own (closing one closes its queues).
    await worker?.close();
    queues = openQueues();
    startWorker(tenants);
    const before = starts.length;
    await reconcileSchedules(queues.tick, tenants);
    while (starts.length === before) await new Promise((r) => setTimeout(r, 50));
    const window = (starts[before] as { window: string }).window;
    await reconcileSchedules(queues.tick, []);
    expectSpacedPerGroup(await syncStartsOf(window, 5));
  }, 60_000);
});
