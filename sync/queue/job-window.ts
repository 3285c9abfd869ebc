import type { Job } from 'bull';
import type { TenantJobData } from './tenant-job-data';

/**
 * The window a job belongs to: the one in its data, else the fire time of the repeatable tick that made
 * it (bull records it as `prevMillis` in the job's options), else when the job was added.
 */
export function jobWindow(job: Job<TenantJobData>): string {
  if (job.data.window) return job.data.window;
  const fireTime = (job.opts as { prevMillis?: number }).prevMillis;
  return new Date(typeof fireTime === 'number' ? fireTime : job.timestamp).toISOString();
}
