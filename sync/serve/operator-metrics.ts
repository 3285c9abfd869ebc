import { Gauge, Registry } from 'prom-client';
import type { Store } from '../../core/store/store';
import type { JobCount } from '../queue/job-counts';
import { registerSyncMetrics, type SyncMetrics } from './sync-metrics';

/** What /metrics reads at each scrape. */
export interface OperatorMetricsSource {
  store: Store;
  /** The tenants to report on; the store's own list when absent. */
  tenantIds?: () => Promise<string[]>;
  /** Jobs per queue and state, when there are queues (Redis); null when they cannot be read now. The gauge is left out without them. */
  queueCounts?: () => Promise<JobCount[] | null>;
}

/** The operator metrics: a registry of its own (no global state), filled from the store at each scrape. */
export interface OperatorMetrics extends SyncMetrics {
  registry: Registry;
}

/**
 * Metric names follow Prometheus conventions (base units, _total for counters). Store-derived figures
 * are gauges set at scrape time, so a serve process reports runs done by other workers too; the sync
 * metrics (durations, rows pulled) are observed from runs in this process, which for serve is none:
 * workers and `run` export theirs on their own /metrics (see sync-metrics.ts).
 */
export function createOperatorMetrics(source: OperatorMetricsSource): OperatorMetrics {
  const registry = new Registry();
  const tenants = async (): Promise<string[]> => (source.tenantIds ? source.tenantIds() : source.store.listTenantIds());
  const sync = registerSyncMetrics(registry);
  new Gauge({
    name: 'arbridge_stored_records',
    help: 'Records stored per stream (sync state record count)',
    labelNames: ['tenant', 'source', 'stream'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const tenant of await tenants()) for (const s of await source.store.listSyncStates(tenant)) this.set({ tenant, source: s.sourceId, stream: s.stream }, s.recordCount);
    },
  });
  new Gauge({
    name: 'arbridge_quarantined_rows',
    help: 'Rows held in quarantine per stream',
    labelNames: ['tenant', 'source', 'stream'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const tenant of await tenants()) for (const s of await source.store.listSyncStates(tenant)) this.set({ tenant, source: s.sourceId, stream: s.stream }, s.quarantinedCount);
    },
  });
  new Gauge({
    name: 'arbridge_last_success_timestamp_seconds',
    help: 'End of the last complete sync per tenant and source (the oldest of its streams), Unix seconds',
    labelNames: ['tenant', 'source'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const tenant of await tenants()) {
        const oldest = new Map<string, number | null>();
        for (const s of await source.store.listSyncStates(tenant)) {
          const at = s.lastSuccessAt === null ? null : Date.parse(s.lastSuccessAt) / 1000;
          const seen = oldest.get(s.sourceId);
          oldest.set(s.sourceId, seen === undefined ? at : seen === null || at === null ? null : Math.min(seen, at));
        }
        for (const [sourceId, at] of oldest) if (at !== null) this.set({ tenant, source: sourceId }, at);
      }
    },
  });
  new Gauge({
    name: 'arbridge_actions',
    help: 'Actions per status and channel',
    labelNames: ['tenant', 'status', 'channel'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const tenant of await tenants()) for (const row of await source.store.actionCounts(tenant)) this.set({ tenant, status: row.status, channel: row.channel }, row.count);
    },
  });
  if (source.queueCounts) {
    const counts = source.queueCounts;
    new Gauge({
      name: 'arbridge_queue_depth',
      help: 'Jobs in each queue (tick, sync, evaluate, dispatch) by state (waiting, active, delayed, failed), read from Redis at scrape time',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const c of (await counts()) ?? []) this.set({ queue: c.queue, state: c.state }, c.count);
      },
    });
  }
  return { registry, ...sync };
}
