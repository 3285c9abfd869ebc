import { Registry } from 'prom-client';
import type { SyncReport } from '../pipeline/sync-report';
import { parseMetrics, samplesOf } from '../../test/serve/prometheus-text';
import { registerSyncMetrics } from './sync-metrics';

const report = (interrupted: boolean): SyncReport => ({
  tenantId: 'acme',
  runId: 'sync:acme:all:w',
  startedAt: '2026-03-31T16:00:00.000Z',
  finishedAt: '2026-03-31T16:00:05.000Z',
  streams: [{ sourceId: 'odoo', stream: 'customers', pages: 2, written: 30, unchanged: 5, quarantined: 1, durationMs: 2_000 }],
  failures: [{ sourceId: 'sage', stream: 'receivables', code: 'aborted', reason: 'transient', message: 'request aborted' }],
  interrupted,
});

async function figures(reports: SyncReport[]): Promise<{ rows: Record<string, number>; failures: Record<string, number> }> {
  const registry = new Registry();
  const metrics = registerSyncMetrics(registry);
  for (const r of reports) metrics.observeSync(r);
  const samples = parseMetrics(await registry.metrics());
  return { rows: samplesOf(samples, 'arbridge_rows_pulled_total'), failures: samplesOf(samples, 'arbridge_sync_failures_total') };
}

describe('sync metrics', () => {
  it('counts a failed source of a run that ended on its own', async () => {
    expect(await figures([report(false)])).toEqual({ rows: { 'tenant=acme,source=odoo,stream=customers': 36 }, failures: { 'tenant=acme,source=sage': 1 } });
  });

  it('counts the rows a stopped run pulled, but not the request the stop aborted as a failing source', async () => {
    expect(await figures([report(true)])).toEqual({ rows: { 'tenant=acme,source=odoo,stream=customers': 36 }, failures: {} });
  });
});
