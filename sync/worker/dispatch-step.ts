import type { TenantConfig } from '../../config/tenant-config';
import type { StepContext } from './step-context';

/** What a dispatch step did, as a job's return value. */
export interface DispatchStepResult {
  /** `dispatch not available` until the dispatch of issue #7 is wired here: nothing was sent. */
  status: 'dispatch not available';
  tenantId: string;
}

/**
 * The dispatch step. The outbox and channels (issue #7, sync/dispatch) did not exist when the queue was
 * built, so this step sends nothing and says so in its result and in the log: it never reports a send.
 */
export async function runDispatchStep(ctx: StepContext, tenant: TenantConfig): Promise<DispatchStepResult> {
  ctx.logger.warn('dispatch not available: nothing sent', { tenantId: tenant.id });
  return { status: 'dispatch not available', tenantId: tenant.id };
}
