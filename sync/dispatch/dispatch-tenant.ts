import type { Logger } from '../../core/logging/logger';
import type { Action, Channel } from '../../core/model/action';
import type { Customer } from '../../core/model/customer';
import type { Receivable } from '../../core/model/receivable';
import type { ActionQuery, Store } from '../../core/store/store';
import type { Clock } from '../../core/time/clock';
import { localDateAt, type LocalDate } from '../../core/time/local-date';
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

/**
 * Actions read from the outbox per query. Their customers are read in one query and their receivables
 * re-read from the ERP in one call per source, so the re-read is at most one page of sends old.
 */
export const dispatchPageSize = 50;

/** Options of dispatchTenant. */
export interface DispatchTenantOptions {
  store: Store;
  tenant: TenantConfig;
  clock: Clock;
  logger: Logger;
  channels: ChannelSenders;
  erp: ErpGateway;
  /** Called as each action finishes; when given, the report keeps counts only, so a long run holds no list of outcomes. */
  onOutcome?: (outcome: DispatchOutcome) => void;
}

/** What became of one action in a run. */
export interface DispatchOutcome {
  id: string;
  channel: Channel;
  customer: string;
  status: Action['status'];
  reason: string | null;
}

/** What one dispatch run did. */
export interface DispatchReport {
  tenantId: string;
  /** Actions found in `dispatching` from a run that died: customer messages now `unknown`, write-backs retried. */
  recovered: Array<{ id: string; status: 'unknown' | 'planned' }>;
  /** Why customer messages were held back, when the sending window is closed. */
  windowClosed: string | null;
  /** How many actions this run moved to each status. */
  counts: Partial<Record<Action['status'], number>>;
  /** Every action's outcome in order; left empty when the caller passed `onOutcome`. */
  outcomes: DispatchOutcome[];
}

/** The re-read receivables of a page by id, null when the connector cannot re-read, or why the ERP failed. */
type FreshReceivables = Map<string, Receivable> | null | { failed: string };

/**
 * Sends what is due, one action at a time, through the outbox's compare-and-set moves:
 * planned → dispatching (written BEFORE anything leaves) → sent | failed | skipped, or back to planned
 * when the provider certainly did not take it. A run that dies in between leaves `dispatching`, which
 * the next run turns into `unknown` for customer messages (a person decides: `arbridge resolve`) and
 * back into `planned` for idempotent ERP write-backs. The queue runs one dispatch per tenant at a time,
 * so a `dispatching` action found at the start belongs to a dead run.
 *
 * The outbox is read page by page (keyset on due time and id) and nothing per action outlives its send,
 * so memory does not grow with the number of actions.
 */
export async function dispatchTenant(options: DispatchTenantOptions): Promise<DispatchReport> {
  const { store, tenant, clock, logger } = options;
  const report: DispatchReport = { tenantId: tenant.id, recovered: [], windowClosed: null, counts: {}, outcomes: [] };

  for await (const page of outboxPages(store, tenant.id, { statuses: ['dispatching'] })) {
    for (const stuck of page) {
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
  }

  const window = sendingWindow(clock.now(), tenant.timeZone, tenant.dispatch);
  report.windowClosed = window.reason;
  const plans = effectivePlans(tenant.collections);
  const tolerance = toMinorUnits(tenant.collections.tolerance, tenant.currency);
  const sentThisHour = new Map<Channel, number>();
  const record = (outcome: DispatchOutcome): void => {
    report.counts[outcome.status] = (report.counts[outcome.status] ?? 0) + 1;
    if (options.onOutcome) options.onOutcome(outcome);
    else report.outcomes.push(outcome);
  };

  /** Whether the channel's hourly limit is reached (counted from the outbox once, then as this run sends). */
  const rateLimited = async (channel: Channel): Promise<boolean> => {
    const limit = tenant.dispatch.ratePerHour[channel];
    if (limit === undefined) return false;
    const hourAgo = new Date(clock.now().getTime() - 3_600_000);
    const sent = sentThisHour.get(channel) ?? (await store.countSentSince(tenant.id, channel, hourAgo));
    sentThisHour.set(channel, sent);
    return sent >= limit;
  };

  for await (const page of outboxPages(store, tenant.id, { statuses: ['planned'], dueBy: clock.now() })) {
    const ready: Action[] = [];
    for (const a of page) if ((window.open || !customerChannels.has(a.channel)) && !(await rateLimited(a.channel))) ready.push(a);
    if (ready.length === 0) continue; // nothing of this page may go now: no customer or ERP read for it
    const customers = new Map((await store.getCustomers(tenant.id, ready.map((a) => a.customerKey))).map((c) => [customerKey(c.sourceId, c.externalId), c]));
    const fresh = await rereadReceivables(ready);
    const asOf = localDateAt(clock.now(), tenant.timeZone);
    for (const action of ready) {
      if (await rateLimited(action.channel)) continue;
      const customer = customers.get(customerKey(action.customerKey.sourceId, action.customerKey.externalId)) ?? null;
      const outcome = await dispatchOne(action, customer, fresh.get(action.customerKey.sourceId) ?? null, asOf);
      if (outcome) {
        record({ id: action.id, channel: action.channel, customer: action.customerKey.externalId, status: outcome.status, reason: outcome.reason });
        if (outcome.status === 'sent') sentThisHour.set(action.channel, (sentThisHour.get(action.channel) ?? 0) + 1);
      }
    }
  }
  return report;

  /** Invariant 1 close to the send: the page's receivables re-read from the ERP, one call per source. */
  async function rereadReceivables(actions: readonly Action[]): Promise<Map<string, FreshReceivables>> {
    const idsBySource = new Map<string, Set<string>>();
    for (const a of actions) {
      const ids = idsBySource.get(a.customerKey.sourceId) ?? new Set<string>();
      for (const id of a.receivableExternalIds) ids.add(id);
      idsBySource.set(a.customerKey.sourceId, ids);
    }
    const fresh = new Map<string, FreshReceivables>();
    for (const [sourceId, ids] of idsBySource) {
      try {
        const read = await options.erp.readReceivables(sourceId, [...ids]);
        fresh.set(sourceId, read === null ? null : new Map(read.map((r) => [r.externalId, r])));
      } catch (error) {
        fresh.set(sourceId, { failed: describe(error) });
      }
    }
    return fresh;
  }

  async function dispatchOne(action: Action, customer: Customer | null, fresh: FreshReceivables, asOf: LocalDate): Promise<Action | null> {
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
    if (!customer) return finish('cancelled', `customer ${action.customerKey.externalId} is no longer in the store`);
    if (customer.dunningBlocked) return finish('skipped', 'the customer is on dunning stop');

    let receivables: Receivable[];
    if (fresh instanceof Map) {
      receivables = action.receivableExternalIds.flatMap((id) => fresh.get(id) ?? []);
    } else if (fresh !== null) {
      return finish('planned', `the ERP could not be re-read (${fresh.failed}); retried next run`);
    } else {
      // The connector cannot read by key: the stored copy, as fresh as the last sync.
      logger.warn('connector cannot re-read receivables; using the stored copy', { tenantId: tenant.id, sourceId: action.customerKey.sourceId });
      const ledger = await store.getCustomerLedger(tenant.id, action.customerKey.sourceId, action.customerKey.externalId);
      receivables = ledger?.receivables ?? [];
    }
    const check = recheckReceivables(action.receivableExternalIds, receivables, asOf, tolerance);
    const droppedNote = check.dropped.map((d) => `${d.number} ${d.why}`).join(', ');
    if (check.owed.length === 0) return finish('skipped', `nothing left to claim: ${droppedNote}`);

    let composed;
    try {
      composed = await composeMessage({ tenant, action, template: step.template, level: step.level, customer, receivables: check.owed, now: clock.now(), today: asOf });
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

/** Reads the outbox in pages of `dispatchPageSize`, each page starting after the last action of the one before. */
async function* outboxPages(store: Store, tenantId: string, query: ActionQuery): AsyncGenerator<Action[]> {
  let after: ActionQuery['after'];
  for (;;) {
    const page = await store.listActions(tenantId, { ...query, limit: dispatchPageSize, ...(after ? { after } : {}) });
    if (page.length === 0) return;
    const last = page[page.length - 1] as Action;
    after = { dueAt: last.dueAt, id: last.id };
    yield page;
    if (page.length < dispatchPageSize) return;
  }
}

function customerKey(sourceId: string, externalId: string): string {
  return `${sourceId}\u0000${externalId}`;
}

function describe(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error));
}
