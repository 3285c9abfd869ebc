import type { Job } from 'bull';
import { ConfigError, TransientError, isRetryable } from '../../core/errors';
import { withContext } from '../../core/logging/logger';
import { redactText } from '../../core/logging/secret-redaction';
import type { TenantConfig } from '../../config/tenant-config';
import { erpGroupOf } from '../queue/erp-group';
import { jobSteps, nextJobStep, tenantJobId, type JobStep } from '../queue/job-ids';
import type { JobQueues } from '../queue/job-queues';
import { jobWindow } from '../queue/job-window';
import { tenantJobDataSchema, type TenantJobData } from '../queue/tenant-job-data';
import { TenantLock } from '../queue/tenant-lock';
import type { StepContext } from './step-context';
import { tenantSteps } from './tenant-steps';

/** What a queue worker runs with. */
export interface QueueWorkerOptions extends StepContext {
  queues: JobQueues;
  /** The tenants this worker knows; a job for another tenant fails at once with its reason. */
  tenants: readonly TenantConfig[];
  /** Jobs of each step this process runs at once. */
  concurrency?: number;
  /** How long a tenant's lock outlives a worker that died holding it. */
  tenantLockMs?: number;
  /** Told when this worker starts a job, for the CLI's output and for tests. */
  onJobStart?: (event: Pick<JobEnd, 'step' | 'tenantId' | 'window' | 'jobId'>) => void;
  /** Told about each job that ends, for the CLI's output and for tests. */
  onJobEnd?: (event: JobEnd) => void;
}

/** One job that ended on this worker. */
export interface JobEnd {
  step: JobStep;
  tenantId: string;
  window: string;
  jobId: string;
  outcome: 'done' | 'retrying' | 'failed';
  /** Why it failed, secrets masked. */
  reason?: string;
  result?: unknown;
}

/** A running worker. */
export interface QueueWorker {
  /** Stops taking jobs, lets the ones in hand finish (a sync stops after its page), closes the queues. */
  close(): Promise<void>;
}

/**
 * Runs the ticks, sync, evaluate and dispatch jobs of a deployment. A tenant's steps run in order (each
 * enqueues the next with an id derived from the same window, so a retried step never doubles the
 * next), one job per tenant at a time across all workers. Transient failures are retried by the queue
 * with exponential backoff; any other failure fails the job at once with its reason.
 */
export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const { queues } = options;
  const tenants = new Map(options.tenants.map((t) => [t.id, t]));
  const lock = new TenantLock(queues.sync.client, queues.prefix, options.tenantLockMs ?? 60_000);
  const concurrency = options.concurrency ?? 2;

  const handle = async (step: JobStep, job: Job<TenantJobData>): Promise<unknown> => {
    const jobId = String(job.id);
    const data = tenantJobDataSchema.parse(job.data);
    const window = jobWindow(job);
    const tenant = tenants.get(data.tenantId);
    const end = (event: Omit<JobEnd, 'step' | 'tenantId' | 'window' | 'jobId'>) => options.onJobEnd?.({ step, tenantId: data.tenantId, window, jobId, ...event });
    const log = withContext(options.logger, { tenantId: data.tenantId, runId: jobId });
    options.onJobStart?.({ step, tenantId: data.tenantId, window, jobId });
    try {
      if (!tenant) throw new ConfigError('unknown_tenant', `tenant ${data.tenantId} is not in this worker's configuration`);
      const held = await lock.acquire(tenant.id, jobId);
      if (!held) throw new TransientError('tenant_busy', `tenant ${tenant.id} is busy with another job; retried later`);
      try {
        const result = await tenantSteps[step]({ ...options, logger: log }, tenant, jobId);
        const next = nextJobStep(step);
        if (next) {
          await queues.of(next).add(next, { tenantId: tenant.id, erp: erpGroupOf(tenant), window }, { jobId: tenantJobId(next, tenant.id, window) });
        }
        end({ outcome: 'done', result });
        return result;
      } finally {
        await held.release().catch(() => undefined);
      }
    } catch (error) {
      const reason = redactText(error instanceof Error ? error.message : String(error));
      const retrying = isRetryable(error) && job.attemptsMade + 1 < (job.opts.attempts ?? 1);
      // A refused login or a wrong setting will not pass by waiting: fail now, with its reason.
      if (!isRetryable(error)) await job.discard();
      log.warn(retrying ? 'job failed; retried with backoff' : 'job failed', { step, reason });
      end({ outcome: retrying ? 'retrying' : 'failed', reason });
      throw error instanceof Error ? Object.assign(error, { message: reason }) : new Error(reason);
    }
  };

  for (const step of jobSteps) queues.of(step).process(step, concurrency, (job) => handle(step, job));
  // A tick (a schedule firing, a manual run) becomes the tenant's sync job of its window, added from here
  // so that the limiter files it under the tenant's ERP group; its id from tenant and window keeps it single.
  queues.tick.process('sync', concurrency, async (job: Job<TenantJobData>) => {
    const data = tenantJobDataSchema.parse(job.data);
    const window = jobWindow(job);
    const tenant = tenants.get(data.tenantId);
    await queues.sync.add('sync', { tenantId: data.tenantId, erp: tenant ? erpGroupOf(tenant) : data.erp, window }, { jobId: tenantJobId('sync', data.tenantId, window) });
  });
  const stop = () => void queues.close();
  options.signal?.addEventListener('abort', stop, { once: true });
  return {
    close: async () => {
      options.signal?.removeEventListener('abort', stop);
      await queues.close();
    },
  };
}
