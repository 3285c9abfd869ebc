import { existsSync } from 'node:fs';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { exitCodes, print, type CliContext, type GlobalOptions } from './cli-context';
import { loadCliConfig } from './cli-config';
import { storeOptionsFrom } from './store-options';
import { renderTable } from './table';
import { listFailedJobs, type FailedJob } from '../queue/failed-jobs';
import { openJobQueues } from '../queue/job-queues';
import { queueOptionsFrom } from './queue-options';

/** `arbridge status`: per tenant and stream, last success, cursor, counts and quarantined rows. */
export async function runStatus(global: GlobalOptions, ctx: CliContext, opts: { tenant?: string; json?: boolean }): Promise<number> {
  // Without a config directory (e.g. after `arbridge demo`), the store itself says which tenants it holds.
  let tenantIds: string[] | null = null;
  if (existsSync(global.config)) {
    const tenants = loadCliConfig(global, ctx, opts.tenant);
    if (!tenants) return exitCodes.badConfig;
    tenantIds = tenants.map((t) => t.tenant.id);
  }
  const store = await openStore(storeOptionsFrom(global, ctx.env));
  try {
    tenantIds ??= opts.tenant ? [opts.tenant] : await store.listTenantIds();
    const statuses = [];
    for (const tenantId of tenantIds) statuses.push(await tenantStatus(store, tenantId));
    const failedJobs = await queueFailures(ctx, opts.tenant);
    if (opts.json) {
      print(ctx.out, JSON.stringify({ backend: store.backend, tenants: statuses, ...(failedJobs ? { failedJobs } : {}) }, null, 2));
    } else if (statuses.length === 0) {
      print(ctx.out, `no tenant has been synced into the ${store.backend} store yet; run \`arbridge sync\` or \`arbridge demo\``);
    } else {
      for (const status of statuses) printTenantStatus(ctx.out, status);
    }
    if (failedJobs && !opts.json) printFailedJobs(ctx.out, failedJobs);
  } finally {
    await store.close();
  }
  return exitCodes.ok;
}

type TenantStatus = Awaited<ReturnType<typeof tenantStatus>>;

async function tenantStatus(store: Store, tenantId: string) {
  const [states, counts, quarantine] = await Promise.all([store.listSyncStates(tenantId), store.counts(tenantId), store.listQuarantine(tenantId, { limit: 20 })]);
  return {
    tenantId,
    counts,
    streams: states.map((s) => ({
      sourceId: s.sourceId,
      stream: s.stream,
      lastSuccessAt: s.lastSuccessAt,
      updatedAt: s.updatedAt,
      records: s.recordCount,
      quarantined: s.quarantinedCount,
      cursor: s.cursor,
    })),
    quarantine: quarantine.map((q) => ({ sourceId: q.sourceId, stream: q.stream, externalId: q.externalId, reason: q.reason, lastSeenAt: q.lastSeenAt })),
  };
}

function printTenantStatus(out: NodeJS.WritableStream, status: TenantStatus): void {
  const c = status.counts;
  print(out, `tenant ${status.tenantId}: ${c.customers} customers, ${c.receivables} receivables, ${c.payments} payments, ${c.allocations} allocations, ${c.quarantined} quarantined`);
  if (status.streams.length === 0) {
    print(out, '  never synced', '');
    return;
  }
  const rows = status.streams.map((s) => [s.sourceId, s.stream, s.lastSuccessAt ?? 'never', String(s.records), String(s.quarantined), JSON.stringify(s.cursor) ?? '']);
  print(out, renderTable(['source', 'stream', 'last success', 'records', 'quarantined', 'cursor'], rows));
  if (status.quarantine.length > 0) {
    print(out, `quarantined rows (latest ${status.quarantine.length}):`);
    for (const q of status.quarantine) print(out, `  ${q.sourceId}/${q.stream} ${q.externalId}: ${q.reason}`);
  }
  print(out, '');
}

/** With REDIS_URL set, the queue's failed jobs (latest first) with their reason; null without queues. */
async function queueFailures(ctx: CliContext, tenantId?: string): Promise<FailedJob[] | null> {
  const options = queueOptionsFrom(ctx.env, ctx.logger);
  if (!options) return null;
  const queues = openJobQueues(options);
  try {
    return await listFailedJobs(queues, tenantId ? { tenantId } : {});
  } finally {
    await queues.close();
  }
}

function printFailedJobs(out: NodeJS.WritableStream, failed: FailedJob[]): void {
  if (failed.length === 0) {
    print(out, 'queue: no failed jobs');
    return;
  }
  print(out, `queue: ${failed.length} failed jobs (latest first)`);
  print(out, renderTable(['tenant', 'step', 'window', 'attempts', 'failed at', 'reason'], failed.map((f) => [f.tenantId, f.step, f.window, String(f.attempts), f.failedAt ?? '', f.reason])));
}
