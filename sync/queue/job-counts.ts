import { jobSteps, type JobStep } from './job-ids';
import type { JobQueues } from './job-queues';

/** The job states an operator watches: backlog (waiting, delayed), work in hand (active), and failures. */
export const watchedJobStates = ['waiting', 'active', 'delayed', 'failed'] as const;
export type WatchedJobState = (typeof watchedJobStates)[number];

/** How many jobs of one step's queue are in one state. */
export interface JobCount {
  /** The queue: sync, evaluate or dispatch. */
  step: JobStep;
  /** waiting, active, delayed or failed. */
  state: WatchedJobState;
  /** Jobs of that queue in that state. */
  count: number;
}

/** Jobs per queue and state, read with bull's getJobCounts; reads only, never moves a job. */
export async function countJobs(queues: JobQueues): Promise<JobCount[]> {
  const perStep = await Promise.all(
    jobSteps.map(async (step) => {
      const counts = await queues.of(step).getJobCounts();
      return watchedJobStates.map((state): JobCount => ({ step, state, count: counts[state] ?? 0 }));
    }),
  );
  return perStep.flat();
}
