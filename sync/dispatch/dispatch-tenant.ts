import type { Logger } from '../../core/logging/logger';
import type { Action, Channel } from '../../core/model/action';
import type { Store } from '../../core/store/store';
import type { Clock } from '../../core/time/clock';
import { localDateAt } from '../../core/time/local-date';
import { toMinorUnits } from '../../core/money/money';
import { ArbridgeError } from '../../core/errors';
import { redactText } from '../../core/logging/secret-redaction';
import { effectivePlans } from '../../config/rules-config';
import type { TenantConfig } from '../../config/tenant-config';
import { NotSentError } from '../../connectors/channel';
import type { ChannelSenders } from './channel-senders';
import { composeMessage } from './compose-message';
import type { ErpGateway } from './erp-gateway';
import { recheckReceivables } from './receivable-recheck';
import { sendingWindow } from './sending-window';

/** Channels that reach the customer: at most once, `unknown` when a crash hides the outcome. */
const customerChannels: ReadonlySet<Channel> = new Set(['email', 'sms', 'letter', 'webhook']);

/** A write-back that failed this many times is marked failed instead of retried. */
const maxWriteBackAttempts = 5;

/** Options of dispatchTenant. */
export interface DispatchTenantOptions {
  store: Store;
  tenant: TenantConfig;
  clock: Clock;
  logger: Logger;
  channels: ChannelSenders;
  erp: ErpGateway;
}

/** What one dispatch run did, action by action. */
export interface DispatchReport {
  tenantId: string;
  /** Actions found in `dispatching` from a run that died: customer messages now `unknown`, write-backs retried. */
  recovered: Array<{ id: string; status: 'unknown' | 'planned' }>;
  /** Why customer messages were held back, when the sending window is closed. */
  windowClosed: string | null;
  outcomes: Array<{ id: string; channel: Channel; customer: string; status: Action['status']; reason: string | null }>;
}

const statusNow = (a: Action) => a.status;

/**
 * Sends what is due, one action at a time, through the outbox's compare-and-set moves:
 * planned → dispatching (written BEFORE anything leaves) → sent | failed | skipped, or back to planned
 * when the provider certainly did not take it. A run that dies in between leaves `dispatching`, which
 * the next run turns into `unknown` for customer messages (a person decides: `arbridge resolve`) and
 * back into `planned` for idempotent ERP write-backs. The queue runs one dispatch per tenant at a time,
 * so a `dispatching` action found at the start belongs to a dead run.
 */
export async function dispatchTenant(options: DispatchTenantOptions): Promise<DispatchReport> {
  const { store, tenant, clock, logger } = options;
  const report: DispatchReport = { tenantId: tenant.id, recovered: [], windowClosed: null, outcomes: [] };

  for (const stuck of await store.listActions(tenant.id, { statuses: ['dispatching'] })) {
    const now = clock.now();
    if (customerChannels.has(stuck.channel)) {
      const moved = await store.transitionAction(tenant.id, stuck.id, {
        from: ['dispatching'],
        to: 'unknown',
        at: now,
        reason: `dispatch stopped while sending (started ${stuck.dispatchingAt ?? 'earlier'}); whether it reached the customer is unknown: check, then arbridge resolve ${stuck.id} --sent or --resend`,
      });
      if (moved) report.recovered.push({ id: stuck.id, status: 'unknown' });
    } else {
      const moved = await store.transitionAction(tenant.id, stuck.id, { from: ['dispatching'], to: 'planned', at: now, reason: 'write-back interrupted; retried (idempotent)' });
      if (moved) report.recovered.push({ id: stuck.id, status: 'planned' });
    }
  }

  const window = sendingWindow(clock.now(), tenant.timeZone, tenant.dispatch);
  report.windowClosed = window.reason;
  const plans = effectivePlans(tenant.collections);
  const tolerance = toMinorUnits(tenant.collections.tolerance, tenant.currency);
  const sentThisHour = new Map<Channel, number>();
  const due = await store.listActions(tenant.id, { statuses: ['planned'], dueBy: clock.now() });

  for (const action of due) {
    if (customerChannels.has(action.channel) && !window.open) continue;
    const limit = tenant.dispatch.ratePerHour[action.channel];
    if (limit !== undefined) {
      const hourAgo = new Date(clock.now().getTime() - 3_600_000);
      const sent = sentThisHour.get(action.channel) ?? (await store.countSentSince(tenant.id, action.channel, hourAgo));
      sentThisHour.set(action.channel, sent);
      if (sent >= limit) continue;
    }
    const outcome = await dispatchOne(action);
    if (outcome) {
      report.outcomes.push({ id: action.id, channel: action.channel, customer: action.customerKey.externalId, status: statusNow(outcome), reason: outcome.reason });
      if (outcome.status === 'sent') sentThisHour.set(action.channel, (sentThisHour.get(action.channel) ?? 0) + 1);
    }
  }
  return report;

  async function dispatchOne(action: Action): Promise<Action | null> {
    const claimed = await store.transitionAction(tenant.id, action.id, { from: ['planned'], to: 'dispatching', at: clock.now(), countAttempt: true });
    if (!claimed) return null; // another run took it, or a person changed it meanwhile
    const finish = (to: Action['status'], reason: string | null, providerReference?: string | null) =>
      store.transitionAction(tenant.id, action.id, {
        from: ['dispatching'],
        to,
        at: clock.now(),
        reason,
        ...(providerReference !== undefined ? { providerReference } : {}),
      });

    const step = plans[action.planId]?.steps.find((s) => s.id === action.stepId);
    if (!step) return finish('cancelled', `plan step ${action.planId}/${action.stepId} no longer exists`);
    const customer = await store.getCustomer(tenant.id, action.customerKey.sourceId, action.customerKey.externalId);
    if (!customer) return finish('cancelled', `customer ${action.customerKey.externalId} is no longer in the store`);
    if (customer.dunningBlocked) return finish('skipped', 'the customer is on dunning stop');

    // Invariant 1 at the last moment: re-read the receivables from the ERP (or the store when the connector cannot).
    let fresh;
    try {
      fresh = await options.erp.readReceivables(action.customerKey.sourceId, action.receivableExternalIds);
    } catch (error) {
      return finish('planned', `the ERP could not be re-read (${describe(error)}); retried next run`);
    }
    if (fresh === null) {
      logger.warn('connector cannot re-read receivables; using the stored copy', { tenantId: tenant.id, sourceId: action.customerKey.sourceId });
      const ledger = await store.getCustomerLedger(tenant.id, action.customerKey.sourceId, action.customerKey.externalId);
      fresh = ledger?.receivables ?? [];
    }
    const asOf = localDateAt(clock.now(), tenant.timeZone);
    const check = recheckReceivables(action.receivableExternalIds, fresh, asOf, tolerance);
    const droppedNote = check.dropped.map((d) => `${d.number} ${d.why}`).join(', ');
    if (check.owed.length === 0) return finish('skipped', `nothing left to claim: ${droppedNote}`);

    let composed;
    try {
      composed = await composeMessage({ tenant, action, template: step.template, level: step.level, customer, receivables: check.owed, now: clock.now() });
    } catch (error) {
      return finish('failed', describe(error));
    }
    const why = droppedNote ? `left out: ${droppedNote}` : null;

    if (!customerChannels.has(action.channel)) {
      const source = tenant.dispatch.writeBackSource ?? action.customerKey.sourceId;
      try {
        const pushed = await options.erp.push(source, {
          actionId: action.id,
          kind: action.channel === 'call_task' ? 'call-task' : 'dunning-step',
          payload: {
            level: step.level,
            customerExternalId: customer.externalId,
            receivableExternalIds: check.owed.map((r) => r.externalId),
            summary: composed.rendered.subject,
            note: composed.rendered.text,
            dueDate: asOf,
          },
        });
        return finish('sent', why, pushed.providerReference);
      } catch (error) {
        const retry = claimed.attempts < maxWriteBackAttempts && !(error instanceof ArbridgeError && (error.code === 'permanent' || error.code === 'config'));
        return finish(retry ? 'planned' : 'failed', `write-back failed: ${describe(error)}${retry ? '; retried next run' : ''}`);
      }
    }

    if (action.channel === 'sms' && customer.phone && (await store.isOptedOut(tenant.id, 'sms', customer.phone))) {
      return finish('skipped', 'the customer replied STOP to our text messages');
    }
    let delivery;
    try {
      delivery = await options.channels.get(action.channel).send(composed.outbound);
    } catch (error) {
      if (error instanceof NotSentError) {
        if (error.optedOut && customer.phone) await store.recordOptOut(tenant.id, action.channel, customer.phone, error.message, clock.now());
        if (error.optedOut) return finish('skipped', `opted out: ${error.message}`);
        return finish(error.retryable ? 'planned' : 'failed', `${error.message}${error.retryable ? '; retried next run' : ''}`);
      }
      if (error instanceof ArbridgeError && error.code === 'config') return finish('failed', describe(error));
      // The provider may have taken it: a person checks rather than risk a second reminder.
      return finish('unknown', `the channel did not confirm (${describe(error)}); check whether it reached the customer, then arbridge resolve ${action.id} --sent or --resend`);
    }
    return finish('sent', why, delivery.providerReference);
  }
}

function describe(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error));
}
