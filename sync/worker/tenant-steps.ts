import type { TenantConfig } from '../../config/tenant-config';
import type { JobStep } from '../queue/job-ids';
import { runDispatchStep } from './dispatch-step';
import { runEvaluateStep } from './evaluate-step';
import type { StepContext } from './step-context';
import { runSyncStep } from './sync-step';

/** The handler of each step: the same functions behind a queue worker and the in-process runner. */
export const tenantSteps: Record<JobStep, (ctx: StepContext, tenant: TenantConfig, runId: string) => Promise<unknown>> = {
  sync: (ctx, tenant, runId) => runSyncStep(ctx, tenant, runId),
  evaluate: (ctx, tenant) => runEvaluateStep(ctx, tenant),
  dispatch: (ctx, tenant) => runDispatchStep(ctx, tenant),
};
