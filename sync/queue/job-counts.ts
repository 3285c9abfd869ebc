import { jobSteps, type JobStep } from './job-ids';
import type { JobQueues } from './job-queues';

/** The job states an operator watches: backlog (waiting, delayed), work in hand (active), and failures. */
export const watchedJobStates = ['waiting', 'active', 'delayed', 'failed'] as const;
export type WatchedJobState = (typeof watchedJobStates)[number];

/** A deployment's queues in run order: `tick` (schedules and manual runs, the next fire time delayed there), then one per step. */
export const countedQueues = ['tick', ...jobSteps] as const;
export type CountedQueue = JobStep | 'tick';

/** How many jobs of one queue are in one state. */
export interface JobCount {
  /** The queue: tick, sync, evaluate or dispatch. */
  queue: CountedQueue;
  /** waiting, active, delayed or failed. */
  state: WatchedJobState;
  /** Jobs of that queue in that state. */
  count: number;
}

/** Jobs per queue and state, read with bull's getJobCounts; reads only, never moves a job. */
export async function countJobs(queues: JobQueues): Promise<JobCount[]> {
  const perQueue = await Promise.all(
    countedQueues.map(async (queue) => {
      const counts = await (queue === 'tick' ? queues.tick : queues.of(queue)).getJobCounts();
      return watchedJobStates.map((state): JobCount => ({ queue, state, count: counts[state] ?? 0 }));
    }),
  );
  return perQueue.flat();
}
