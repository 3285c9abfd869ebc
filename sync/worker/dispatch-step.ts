import type { TenantConfig } from '../../config/tenant-config';
import { ChannelSenders } from '../dispatch/channel-senders';
import { dispatchTenant } from '../dispatch/dispatch-tenant';
import { connectorGateway } from '../dispatch/erp-gateway';
import type { StepContext } from './step-context';

/** What a dispatch step did, as a job's return value. */
export interface DispatchStepResult {
  tenantId: string;
  /** Actions sent, failed, skipped... by status. */
  outcomes: Record<string, number>;
  /** Actions a stopped run had left in `dispatching`, now `unknown` (a person decides) or planned again. */
  recovered: number;
  /** Why customer messages wait, when the sending window is closed. */
  windowClosed: string | null;
}

/**
 * The dispatch step (issue #7's dispatchTenant), run after the evaluate step of the same window put
 * the day's actions in the outbox: each action moves through the outbox's compare-and-set states, so
 * a job run twice, or taken over from a dead worker, never sends an action twice.
 */
export async function runDispatchStep(ctx: StepContext, tenant: TenantConfig): Promise<DispatchStepResult> {
  const channels = new ChannelSenders(tenant.id, tenant.dispatch, { clock: ctx.clock, logger: ctx.logger });
  const erp = connectorGateway(tenant, {
    clock: ctx.clock,
    logger: ctx.logger,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.resolveConnector ? { resolveConnector: ctx.resolveConnector } : {}),
  });
  try {
    // Counts only: a job's run holds no list of its outcomes, however many actions it sends.
    const report = await dispatchTenant({ store: ctx.store, tenant, clock: ctx.clock, logger: ctx.logger, channels, erp, onOutcome: () => undefined });
    const outcomes: Record<string, number> = { ...report.counts };
    return { tenantId: tenant.id, outcomes, recovered: report.recovered.length, windowClosed: report.windowClosed };
  } finally {
    await channels.close();
    await erp.close();
  }
}
