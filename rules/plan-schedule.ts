import type { ActionStatus, Channel, Customer, DunningPlan, PlanStep, Receivable } from '../core/model';
import { toMinorUnits, type MinorUnits } from '../core/money/money';
import { addDays, daysBetween, type LocalDate } from '../core/time/local-date';
import { actionId } from './action-id';

/** Why a receivable is left out of every message (invariant 1). */
export type ExclusionReason =
  | 'paid'
  | 'cancelled'
  | 'disputed'
  | 'dunning_blocked'
  | 'promised'
  | 'below_tolerance'
  | 'netted_by_credits'
  | 'customer_on_stop'
  | 'customer_inactive';

/** A plan with its money thresholds converted to minor units, once per run. */
export interface CompiledPlan {
  id: string;
  plan: DunningPlan;
  /** minOverdueAmount of each step, minor units. */
  minAmounts: readonly MinorUnits[];
}

/** Converts a plan's major-unit amounts to minor units of the company currency. */
export function compilePlan(id: string, plan: DunningPlan, currency: string): CompiledPlan {
  return { id, plan, minAmounts: plan.steps.map((s) => toMinorUnits(s.minOverdueAmount, currency)) };
}

/** One receivable in a message, with the amount still to collect after credits. */
export interface ActionItem {
  externalId: string;
  number: string;
  dueDate: LocalDate;
  daysPastDue: number;
  /** Open amount, company currency, minor units. */
  openAmount: MinorUnits;
  /** What remains after open credits were netted against the oldest items first. */
  amountDue: MinorUnits;
}

/** A statement of account and contact history, handed over with a litigation step. */
export interface LitigationDossier {
  /** Every open item of the customer, credits and excluded items included, oldest first. */
  statement: Array<{ externalId: string; number: string; kind: Receivable['kind']; dueDate: LocalDate; openAmount: MinorUnits; note: ExclusionReason | null }>;
  /** Net open balance. */
  balance: MinorUnits;
  /** Dunning so far: the customer's last contact and each item's ERP level and last dunning date. */
  contactHistory: { lastContactedOn: LocalDate | null; items: Array<{ externalId: string; erpDunningLevel: number | null; lastDunnedOn: LocalDate | null }> };
}

/** An action the schedule says is due today; nothing is sent here (the outbox does that). */
export interface PlannedAction {
  /** Deterministic: (tenant, customer, plan, step, cycle). */
  id: string;
  tenantId: string;
  customerKey: { sourceId: string; externalId: string };
  planId: string;
  stepId: string;
  level: number;
  /** The dunning episode: the oldest overdue item that drives it. */
  cycle: string;
  channel: Channel;
  template: string;
  status: Extract<ActionStatus, 'planned' | 'awaiting_approval'>;
  /** Every receivable that reached a step, oldest first; the first one drives the step. */
  items: ActionItem[];
  /** Sum of amountDue, minor units. */
  amountDue: MinorUnits;
  /** Why, for a credit manager. */
  reason: string;
  dossier: LitigationDossier | null;
}

/** Inputs of scheduleCustomer. */
export interface ScheduleInput {
  tenantId: string;
  customer: Customer;
  receivables: readonly Receivable[];
  plan: CompiledPlan;
  /** Today in the tenant's time zone. */
  asOf: LocalDate;
  /** Company currency; items in another are ignored. */
  currency: string;
  /** Items (and net balances) at or below this, minor units, are not dunned. */
  tolerance: MinorUnits;
  /** Last contact about payment, from the metrics. */
  lastContactedOn: LocalDate | null;
}

/** What the schedule says for one customer today. */
export interface ScheduleResult {
  /** At most one action: the highest step due, never a burst after missed runs. */
  action: PlannedAction | null;
  /** Items left out, with the reason. */
  excluded: Array<{ externalId: string; number: string; reason: ExclusionReason }>;
  /** A step that is due but held back, and why (minimum amount, contact spacing). */
  waiting: string | null;
  /** The next step and the day it falls due, when there is one. */
  next: { stepId: string; on: LocalDate } | null;
}

function exclusionOf(r: Receivable, asOf: LocalDate, tolerance: MinorUnits): ExclusionReason | null {
  if (r.status === 'cancelled') return 'cancelled';
  if (r.status === 'paid' || r.openAmountCompany <= 0) return 'paid';
  if (r.dispute.disputed) return 'disputed';
  if (r.dunningBlocked) return 'dunning_blocked';
  if (r.promiseToPay && r.promiseToPay.until >= asOf) return 'promised';
  if (r.openAmountCompany <= tolerance) return 'below_tolerance';
  return null;
}

const byAge = (a: { dueDate: string; externalId: string }, b: { dueDate: string; externalId: string }): number =>
  a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0;

/**
 * The schedule for one customer on one day. Method:
 * 1. items are excluded when paid, disputed, blocked, promised (until the promise's day has passed),
 *    at or below tolerance, or the whole customer is on stop;
 * 2. open credits net against the remaining items, oldest first; an item netted down to the tolerance
 *    is excluded too;
 * 3. the oldest remaining item drives: the highest step whose offset it has reached is the step, the
 *    message lists every item that reached the plan's first step;
 * 4. the step waits while the amount is below its minimum or the last contact is too recent; a step
 *    before the due date (negative offset) is not sent once the driving item is late.
 * The cycle is the driving item, so the id repeats on every run until that item is settled.
 */
export function scheduleCustomer(input: ScheduleInput): ScheduleResult {
  const { customer, asOf, tolerance, plan } = input;
  const steps = plan.plan.steps;
  const excluded: ScheduleResult['excluded'] = [];
  const mine = input.receivables.filter((r) => r.companyCurrency === input.currency && r.sourceId === customer.sourceId);
  const nothing = (waiting: string | null = null): ScheduleResult => ({ action: null, excluded, waiting, next: null });

  const customerStop: ExclusionReason | null = customer.dunningBlocked ? 'customer_on_stop' : !customer.active ? 'customer_inactive' : null;
  let credits = 0;
  const eligible: Receivable[] = [];
  for (const r of mine) {
    if (r.kind === 'credit_note' || r.openAmountCompany < 0) {
      // A disputed credit is not the customer's to use yet.
      if (r.status !== 'cancelled' && r.status !== 'paid' && r.openAmountCompany < 0 && !r.dispute.disputed) credits -= r.openAmountCompany;
      continue;
    }
    const reason = customerStop && r.openAmountCompany > 0 && r.status !== 'paid' && r.status !== 'cancelled' ? customerStop : exclusionOf(r, asOf, tolerance);
    if (reason === null) eligible.push(r);
    else if (reason !== 'paid' && reason !== 'cancelled') excluded.push({ externalId: r.externalId, number: r.number, reason });
  }
  eligible.sort(byAge);

  const remaining: ActionItem[] = [];
  for (const r of eligible) {
    const used = Math.min(credits, r.openAmountCompany);
    credits -= used;
    const amountDue = r.openAmountCompany - used;
    if (amountDue <= tolerance) {
      excluded.push({ externalId: r.externalId, number: r.number, reason: 'netted_by_credits' });
      continue;
    }
    remaining.push({ externalId: r.externalId, number: r.number, dueDate: r.dueDate, daysPastDue: daysBetween(r.dueDate, asOf), openAmount: r.openAmountCompany, amountDue });
  }
  const first = steps[0] as PlanStep;
  const reached = remaining.filter((item) => item.daysPastDue >= first.offsetDays);
  const driver = reached[0];
  if (!driver) {
    const soonest = remaining[0];
    return { action: null, excluded, waiting: null, next: soonest ? { stepId: first.id, on: addDays(soonest.dueDate, first.offsetDays) } : null };
  }
  let index = 0;
  while (index + 1 < steps.length && (steps[index + 1] as PlanStep).offsetDays <= driver.daysPastDue) index += 1;
  const step = steps[index] as PlanStep;
  const following = steps[index + 1];
  const next = following ? { stepId: following.id, on: addDays(driver.dueDate, following.offsetDays) } : null;
  // A reminder before the due date makes no sense once the item is late: wait for the first late step.
  if (step.offsetDays < 0 && driver.daysPastDue > 0) return { ...nothing(`step ${step.id} is for items not yet due; ${driver.number} is ${driver.daysPastDue} days late`), next };
  const amountDue = reached.reduce((sum, item) => sum + item.amountDue, 0);
  const minAmount = plan.minAmounts[index] ?? 0;
  if (amountDue < minAmount) return { ...nothing(`step ${step.id} waits: ${amountDue} below its minimum ${minAmount} (minor units)`), next };
  if (step.minDaysSinceLastContact > 0 && input.lastContactedOn !== null) {
    const since = daysBetween(input.lastContactedOn, asOf);
    if (since < step.minDaysSinceLastContact) {
      const on = addDays(input.lastContactedOn, step.minDaysSinceLastContact);
      return { action: null, excluded, waiting: `step ${step.id} waits until ${on}: last contact ${since} days ago, the step wants ${step.minDaysSinceLastContact}`, next: { stepId: step.id, on } };
    }
  }
  const cycle = `${driver.externalId}`;
  const id = actionId({ tenantId: input.tenantId, customerSourceId: customer.sourceId, customerExternalId: customer.externalId, planId: plan.id, stepId: step.id, cycle });
  const when = driver.daysPastDue > 0 ? `${driver.daysPastDue} days past due` : driver.daysPastDue === 0 ? 'due today' : `due in ${-driver.daysPastDue} days`;
  const action: PlannedAction = {
    id,
    tenantId: input.tenantId,
    customerKey: { sourceId: customer.sourceId, externalId: customer.externalId },
    planId: plan.id,
    stepId: step.id,
    level: step.level,
    cycle,
    channel: step.channel,
    template: step.template,
    status: step.requiresApproval ? 'awaiting_approval' : 'planned',
    items: reached,
    amountDue,
    reason: `plan ${plan.id}, step ${step.id} (offset ${step.offsetDays} days): oldest item ${driver.number} is ${when}; ${reached.length} item(s) listed`,
    dossier: step.litigation ? dossierOf(mine, excluded, input.lastContactedOn) : null,
  };
  return { action, excluded, waiting: null, next };
}

function dossierOf(items: readonly Receivable[], excluded: ScheduleResult['excluded'], lastContactedOn: LocalDate | null): LitigationDossier {
  const notes = new Map(excluded.map((e) => [e.externalId, e.reason]));
  const open = items.filter((r) => r.status !== 'cancelled' && r.status !== 'paid' && r.openAmountCompany !== 0).sort(byAge);
  return {
    statement: open.map((r) => ({ externalId: r.externalId, number: r.number, kind: r.kind, dueDate: r.dueDate, openAmount: r.openAmountCompany, note: notes.get(r.externalId) ?? null })),
    balance: open.reduce((sum, r) => sum + r.openAmountCompany, 0),
    contactHistory: { lastContactedOn, items: open.map((r) => ({ externalId: r.externalId, erpDunningLevel: r.erpDunningLevel, lastDunnedOn: r.lastDunnedOn })) },
  };
}
