import { TransientError } from '../../core/errors';
import type { TenantConfig } from '../../config/tenant-config';
import { keepSourcesOpen, sweepTenant } from '../pipeline/sweep-deletions';
import { syncTenant } from '../pipeline/sync-tenant';
import { totals } from '../pipeline/sync-report';
import { failureError } from './failure-error';
import type { StepContext } from './step-context';

/** What a sync step did, as a job's return value. */
export interface SyncStepResult {
  runId: string;
  written: number;
  unchanged: number;
  quarantined: number;
  /** Records the deletions sweep marked deleted, when one was due (see StepContext.sweepEveryHours). */
  markedDeleted?: number;
}

/**
 * The sync step: pulls every enabled source of the tenant into the store. A failed source fails the
 * step with that source's error, so the queue retries what may pass and stops on what will not; a
 * stop on SIGTERM fails it as transient, and the retry resumes from the saved cursors.
 */
export async function runSyncStep(ctx: StepContext, tenant: TenantConfig, runId: string): Promise<SyncStepResult> {
  // When a sweep may follow, the sync's connector instances stay open for it: one login per source, not two.
  const held = ctx.sweepEveryHours ? keepSourcesOpen(ctx.logger, ctx.resolveConnector) : null;
  const resolveConnector = held?.resolveConnector ?? ctx.resolveConnector;
  try {
    const report = await syncTenant({
      store: ctx.store,
      tenant,
      clock: ctx.clock,
      logger: ctx.logger,
      runId,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      ...(resolveConnector ? { resolveConnector } : {}),
    });
    ctx.onSyncReport?.(report);
    // Checked first: a stop can also surface as a source failure (the ERP request in flight is aborted),
    // which must not fail the job for good.
    if (report.interrupted || ctx.signal?.aborted) {
      throw new TransientError('interrupted', `tenant ${tenant.id}: the worker stopped; the sync resumes from the saved cursors`);
    }
    const [failure] = report.failures;
    if (failure) throw failureError(failure);
    const result: SyncStepResult = { runId, ...totals(report) };
    if (held && ctx.sweepEveryHours) {
      // The streams whose last sweep is older than the interval; a failed sweep marks nothing and waits for
      // the next run without failing a sync that succeeded.
      const sweep = await sweepTenant({
        store: ctx.store,
        tenant,
        clock: ctx.clock,
        logger: ctx.logger,
        dueBefore: new Date(ctx.clock.now().getTime() - ctx.sweepEveryHours * 3_600_000),
        openSources: held.opened,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        ...(ctx.resolveConnector ? { resolveConnector: ctx.resolveConnector } : {}),
      });
      result.markedDeleted = sweep.streams.reduce((sum, s) => sum + s.marked, 0);
    }
    return result;
  } finally {
    await held?.close();
  }
}
