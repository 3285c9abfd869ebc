import { Counter, Histogram, type Registry } from 'prom-client';
import type { SyncReport } from '../pipeline/sync-report';
import type { JobEnd } from '../worker/queue-worker';

/** What a process records as its syncs and jobs end; the same names and labels in serve, worker and run. */
export interface SyncMetrics {
  /** Records a sync run done in this process: its duration and rows per stream, its failed sources. */
  observeSync(report: SyncReport): void;
  /** Counts a step (sync, evaluate, dispatch) that ended in this process, by outcome. */
  observeJob(end: Pick<JobEnd, 'step' | 'tenantId' | 'outcome'>): void;
}

/**
 * Registers the sync metrics on `registry`. They are observed in the process that runs the syncs, so
 * each `arbridge worker` and `arbridge run` exports its own and Prometheus sums them across targets.
 */
export function registerSyncMetrics(registry: Registry): SyncMetrics {
  const syncDuration = new Histogram({
    name: 'arbridge_sync_duration_seconds',
    help: 'Duration of one stream of one sync run',
    labelNames: ['tenant', 'source', 'stream'],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 1800],
    registers: [registry],
  });
  const rowsPulled = new Counter({ name: 'arbridge_rows_pulled_total', help: 'Rows pulled from the ERP by sync runs in this process (written + unchanged + quarantined)', labelNames: ['tenant', 'source', 'stream'], registers: [registry] });
  const syncFailures = new Counter({ name: 'arbridge_sync_failures_total', help: 'Sources that failed in sync runs of this process', labelNames: ['tenant', 'source'], registers: [registry] });
  const jobs = new Counter({ name: 'arbridge_jobs_total', help: 'Steps that ended in this process, by step and outcome (done, retrying, failed)', labelNames: ['tenant', 'step', 'outcome'], registers: [registry] });
  return {
    observeSync(report) {
      for (const s of report.streams) {
        const labels = { tenant: report.tenantId, source: s.sourceId, stream: s.stream };
        syncDuration.observe(labels, s.durationMs / 1000);
        rowsPulled.inc(labels, s.written + s.unchanged + s.quarantined);
      }
      // A stop (SIGTERM) can surface as an aborted ERP request: a deploy is not a failing source.
      if (report.interrupted) return;
      for (const f of report.failures) syncFailures.inc({ tenant: report.tenantId, source: f.sourceId });
    },
    observeJob(end) {
      jobs.inc({ tenant: end.tenantId, step: end.step, outcome: end.outcome });
    },
  };
}
