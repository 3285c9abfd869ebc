/** The steps of a tenant's run, in order, each a queue of its own. */
export const jobSteps = ['sync', 'evaluate', 'dispatch'] as const;
export type JobStep = (typeof jobSteps)[number];

/**
 * A job id from the step, tenant, stream selection and window: adding the same job twice (two
 * schedulers, a retried enqueue, a manual run in the same window) leaves one job. Bull appends the
 * rate-limit group to it (`:odoo`).
 */
export function tenantJobId(step: JobStep, tenantId: string, window: string, streams: string = 'all'): string {
  return `${step}:${tenantId}:${streams}:${window}`;
}

/** The step that follows `step` in a tenant's run, or null after dispatch. */
export function nextJobStep(step: JobStep): JobStep | null {
  return jobSteps[jobSteps.indexOf(step) + 1] ?? null;
}
