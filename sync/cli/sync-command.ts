import { openStore } from '../../core/store/open-store';
import { keepSourcesOpen, sweepTenant, type SweepReport } from '../pipeline/sweep-deletions';
import { syncTenant } from '../pipeline/sync-tenant';
import { totals, type SyncReport } from '../pipeline/sync-report';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { loadCliConfig } from './cli-config';
import { createProgressReporter } from './progress-reporter';
import { storeOptionsFrom } from './store-options';
import { renderTable } from './table';

/** `arbridge sync`: pulls every enabled source of the selected tenants into the store. */
export async function runSync(global: GlobalOptions, ctx: CliContext, opts: { tenant?: string; source?: string; sweep?: boolean }): Promise<number> {
  const tenants = loadCliConfig(global, ctx, opts.tenant);
  if (!tenants) return exitCodes.badConfig;
  const store = await openStore(storeOptionsFrom(global, ctx.env));
  let failed = false;
  try {
    for (const loaded of tenants) {
      // With --sweep, the sync's connector instances stay open for the sweep: one login per source, not two.
      const held = opts.sweep ? keepSourcesOpen(ctx.logger) : null;
      try {
        // On stderr, so stdout keeps only the report: a bar on a terminal, a line per page otherwise.
        const progress = createProgressReporter(ctx.err as NodeJS.WritableStream & { isTTY?: boolean }, `sync ${loaded.tenant.id}`);
        const report = await syncTenant({
          store,
          tenant: loaded.tenant,
          clock: ctx.clock,
          logger: ctx.logger,
          signal: ctx.signal,
          ...(opts.source ? { sourceIds: [opts.source] } : {}),
          ...(held ? { resolveConnector: held.resolveConnector } : {}),
          onPage: (p) => progress.update(p.pages, null, `${p.sourceId}/${p.stream}: page ${p.pages}, ${p.written + p.unchanged} rows stored, ${p.quarantined} quarantined`),
        });
        progress.finish();
        printSyncReport(ctx.out, report);
        if (report.failures.length > 0) failed = true;
        if (report.interrupted) break;
        if (held && report.failures.length === 0) {
          const sweep = await sweepTenant({
            store,
            tenant: loaded.tenant,
            clock: ctx.clock,
            logger: ctx.logger,
            signal: ctx.signal,
            openSources: held.opened,
            ...(opts.source ? { sourceIds: [opts.source] } : {}),
          });
          printSweepReport(ctx.out, sweep);
          if (sweep.failures.length > 0) failed = true;
        }
      } finally {
        await held?.close();
      }
    }
  } finally {
    await store.close();
  }
  return failed ? exitCodes.failed : exitCodes.ok;
}

/** Prints what a deletions sweep did, stream by stream, and why one failed. */
function printSweepReport(out: NodeJS.WritableStream, report: SweepReport): void {
  if (report.streams.length > 0) {
    print(out, renderTable(['source', 'stream', 'keys in the ERP', 'marked deleted', 'live again'], report.streams.map((s) => [s.sourceId, s.stream, String(s.live), String(s.marked), String(s.revived)])));
  }
  for (const id of report.unsupported) print(out, `${id}: its connector cannot list its keys; deletions there are not detected`);
  for (const f of report.failures) print(out, `SWEEP FAILED ${f.sourceId}${f.stream ? `/${f.stream}` : ''}: ${f.message} [${f.code}/${f.reason}] (nothing marked in that stream)`);
}

/** Prints what a sync did, stream by stream, and why a source failed. */
export function printSyncReport(out: NodeJS.WritableStream, report: SyncReport): void {
  const rows = report.streams.map((s) => [s.sourceId, s.stream, String(s.pages), String(s.written), String(s.unchanged), String(s.quarantined), (s.durationMs / 1000).toFixed(1)]);
  const sum = totals(report);
  print(out, `tenant ${report.tenantId} (run ${report.runId})${report.interrupted ? ' — interrupted, resumes from the saved cursors' : ''}`);
  if (rows.length > 0) {
    print(out, renderTable(['source', 'stream', 'pages', 'written', 'unchanged', 'quarantined', 'seconds'], rows), `total: ${sum.written} written, ${sum.unchanged} unchanged, ${sum.quarantined} quarantined`);
  }
  for (const f of report.failures) {
    print(out, `FAILED ${f.sourceId}${f.stream ? `/${f.stream}` : ''}: ${f.message} [${f.code}/${f.reason}]`);
  }
}
