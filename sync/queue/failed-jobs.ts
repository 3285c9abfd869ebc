import { jobSteps, type JobStep } from './job-ids';
import type { JobQueues } from './job-queues';
import { jobWindow } from './job-window';

/** A job that failed for good, as `arbridge status` shows it. */
export interface FailedJob {
  step: JobStep;
  tenantId: string;
  jobId: string;
  window: string;
  /** The error's message, secrets already masked by the worker. */
  reason: string;
  attempts: number;
  failedAt: string | null;
}

/** The latest failed jobs of each step (most recent first), optionally of one tenant. */
export async function listFailedJobs(queues: JobQueues, options: { tenantId?: string; limit?: number } = {}): Promise<FailedJob[]> {
  const limit = options.limit ?? 20;
  const failed: FailedJob[] = [];
  for (const step of jobSteps) {
    for (const job of await queues.of(step).getFailed(0, 200)) {
      if (!job || (options.tenantId && job.data.tenantId !== options.tenantId)) continue;
      failed.push({
        step,
        tenantId: job.data.tenantId,
        jobId: String(job.id),
        window: jobWindow(job),
        reason: job.failedReason ?? 'unknown',
        attempts: job.attemptsMade,
        failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      });
    }
  }
  return failed.sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? '')).slice(0, limit);
}
