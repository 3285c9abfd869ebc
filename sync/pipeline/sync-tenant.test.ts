import { z } from 'zod';
import { silentLogger } from '../../core/logging/logger';
import type { PageWrite, PageWriteResult, Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import type { AnyConnectorDefinition, Page } from '../../connectors/contract';
import { tenantConfigSchema } from '../../config/tenant-config';
import { createRecordFactory } from '../../test/factories/record-factory';
import { syncTenant } from './sync-tenant';

const factory = createRecordFactory({ tenantId: 'acme', sourceId: 'erp' });
const tenant = tenantConfigSchema.parse({ id: 'acme', name: 'Acme', timeZone: 'Europe/Paris', currency: 'EUR', sources: [{ id: 'erp', type: 'fake', connection: {} }] });

/** A customers-only connector of `pages` pages of two customers, cursor = page number. */
function pagedConnector(pages: number, events: string[], failFetchAt?: number): (type: string) => AnyConnectorDefinition {
  return () => ({
    id: 'fake',
    label: 'Fake ERP',
    configSchema: z.object({}),
    cursorSchema: z.number(),
    streams: ['customers'],
    create: () => ({
      async *pull(_stream, cursor: number | null): AsyncIterable<Page<number>> {
        for (let page = (cursor ?? 0) + 1; page <= pages; page += 1) {
          events.push(`fetch ${page}`);
          await new Promise((resolve) => setTimeout(resolve, 2));
          if (page === failFetchAt) throw new Error('ERP connection reset');
          const rows = [2 * page - 1, 2 * page].map((n) => {
            const { tenantId: _t, sourceId: _s, ...record } = factory.customer(n);
            return { ok: true as const, record };
          });
          yield { rows, cursor: page };
        }
      },
      testConnection: async () => ({ ok: true, details: [] }),
      close: async () => undefined,
    }),
  });
}

/** A store that records each page write; `failAt` makes the nth write fail, `onWrite` runs during a write. */
function recordingStore(events: string[], options: { failAt?: number; onWrite?: (n: number) => void } = {}): { store: Store; writes: PageWrite[] } {
  const writes: PageWrite[] = [];
  const store = {
    getSyncState: async () => null,
    savePage: async (page: PageWrite): Promise<PageWriteResult> => {
      const n = writes.length + 1;
      events.push(`write ${n} begins`);
      options.onWrite?.(n);
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (n === options.failAt) throw new Error('disk full');
      writes.push(page);
      events.push(`write ${n} ends`);
      return { written: page.records.length, unchanged: 0, quarantined: page.quarantined.length };
    },
  } as unknown as Store;
  return { store, writes };
}

const run = (store: Store, resolveConnector: (type: string) => AnyConnectorDefinition, signal?: AbortSignal) =>
  syncTenant({ store, tenant, clock: new FakeClock(new Date('2026-03-02T08:00:00Z')), logger: silentLogger(), resolveConnector, ...(signal ? { signal } : {}) });

describe('syncTenant page by page', () => {
  it('stores every page in order with its cursor, then stamps the run complete', async () => {
    const events: string[] = [];
    const { store, writes } = recordingStore(events);
    const report = await run(store, pagedConnector(4, events));
    expect(writes.map((w) => [w.cursor, w.records.map((r) => r.externalId), w.completesRun])).toEqual([
      [1, ['C00001', 'C00002'], false],
      [2, ['C00003', 'C00004'], false],
      [3, ['C00005', 'C00006'], false],
      [4, ['C00007', 'C00008'], false],
      [4, [], true],
    ]);
    expect(report.streams).toEqual([expect.objectContaining({ stream: 'customers', pages: 4, written: 8 })]);
    expect(report.failures).toEqual([]);
    // The ERP is asked for the next page before the current one is stored.
    expect(events.indexOf('fetch 2')).toBeLessThan(events.indexOf('write 1 ends'));
  });

  it('keeps the pages stored before a failed write, and neither goes on nor stamps the run complete', async () => {
    const events: string[] = [];
    const { store, writes } = recordingStore(events, { failAt: 2 });
    const report = await run(store, pagedConnector(5, events));
    expect(writes.map((w) => w.cursor)).toEqual([1]);
    expect(events.filter((e) => e.startsWith('write'))).toEqual(['write 1 begins', 'write 1 ends', 'write 2 begins']);
    expect(report.failures).toEqual([expect.objectContaining({ stream: 'customers', message: 'disk full' })]);
  });

  it('lands the page already sent when the ERP fails on the next one', async () => {
    const events: string[] = [];
    const { store, writes } = recordingStore(events);
    const report = await run(store, pagedConnector(5, events, 3));
    expect(writes.map((w) => w.cursor)).toEqual([1, 2]);
    expect(report.failures).toEqual([expect.objectContaining({ stream: 'customers', message: 'ERP connection reset' })]);
  });

  it('stops after the page being stored when aborted (SIGTERM), without the completion stamp', async () => {
    const events: string[] = [];
    const controller = new AbortController();
    const { store, writes } = recordingStore(events, { onWrite: (n) => n === 2 && controller.abort() });
    const report = await run(store, pagedConnector(5, events), controller.signal);
    expect(writes.map((w) => [w.cursor, w.completesRun])).toEqual([
      [1, false],
      [2, false],
    ]);
    expect(report.interrupted).toBe(true);
  });
});
