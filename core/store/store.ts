import type { Action, ActionStatus, Channel } from '../model/action';
import type { AnyStreamRecord, CustomerLedger, PlanAssignment, QuarantineEntry, StreamName, SyncState } from '../model';
import type { Receivable } from '../model/receivable';
import type { Customer } from '../model/customer';
import type { LocalDate } from '../time/local-date';
import type { ActionCountRow } from './action-reads';
import type { AgedAmountRow, ExpectedReceiptRow, ReceivableHistory, ReminderOutcomeRow } from './portfolio-aggregates';

/** The key of one stream's sync state. */
export interface StreamKey {
  tenantId: string;
  sourceId: string;
  stream: StreamName;
}

/**
 * One pulled page, stored atomically: its records are upserted, its rejects quarantined and the
 * stream's cursor moved, all in ONE transaction (invariant 3).
 */
export interface PageWrite extends StreamKey {
  /** Validated records of `stream`, already carrying tenantId and sourceId. */
  records: AnyStreamRecord[];
  /** Rows that failed mapping or validation. */
  quarantined: Array<Pick<QuarantineEntry, 'externalId' | 'reason' | 'raw'>>;
  /** The cursor that resumes after this page. */
  cursor: unknown;
  /** When the page was stored (from the injected clock). */
  at: Date;
  /** Set on the last page of a run: stamps lastSuccessAt. */
  completesRun: boolean;
}

/** What savePage did. */
export interface PageWriteResult {
  /** Records inserted or changed. */
  written: number;
  /** Records already stored as they are (overlap re-sends, boundary duplicates). */
  unchanged: number;
  quarantined: number;
}

/**
 * How far an ERP's key listing reaches, when it does not list every record it holds: it lists every
 * record changed since `changedSince`, and every open receivable, and nothing older (SAP's BAPIs list
 * open items and items cleared in a window, not years of paid history). A stored record the listing
 * could not have named (settled, last changed before that instant) is neither marked nor revived.
 */
export interface SweepScope {
  changedSince: Date;
}

/** What a deletions sweep of one stream did. */
export interface SweepResult {
  /** Keys the ERP listed. */
  live: number;
  /** Stored records newly marked deleted (absent from the listing). */
  marked: number;
  /** Records marked deleted earlier that the listing holds again. */
  revived: number;
}

/** Filters for reading receivables back. */
export interface ReceivableQuery {
  /** Only items with a non-zero open amount. */
  openOnly?: boolean;
  customerExternalId?: string;
  sourceId?: string;
}

/** Counts per tenant, for `status` and the demo. */
export interface TenantCounts {
  customers: number;
  receivables: number;
  payments: number;
  allocations: number;
  quarantined: number;
}

/** Filters for listing the outbox. */
export interface ActionQuery {
  /** Only actions in one of these statuses. */
  statuses?: readonly ActionStatus[];
  /** Only actions due at or before this instant. */
  dueBy?: Date;
  /** Only actions of this channel. */
  channel?: Channel;
  /** At most this many, in due order. */
  limit?: number;
  /** Only actions after this one in due order (then id): the last of the previous page, to read the outbox page by page. */
  after?: Pick<Action, 'dueAt' | 'id'>;
}

/**
 * A compare-and-set move of one action: applied only while the action is in one of `from`, so two
 * dispatchers can never both claim it and a late writer cannot overwrite a person's decision.
 */
export interface ActionTransition {
  /** The statuses the action must be in for the move to happen. */
  from: readonly ActionStatus[];
  to: ActionStatus;
  /** When (injected clock). */
  at: Date;
  /** Replaces the stored reason when given. */
  reason?: string | null;
  /** Replaces the stored provider reference when given. */
  providerReference?: string | null;
  /** Counts one more attempt (the move to dispatching). */
  countAttempt?: boolean;
}

/**
 * The store. Two backends run the same PostgreSQL SQL: PGlite in a data directory (embedded
 * default) and PostgreSQL through DATABASE_URL. Every method takes the tenant id: no call reads across
 * tenants (invariant 4).
 */
export interface Store {
  /** Which backend this is, for messages: `pglite` or `postgres`. */
  readonly backend: 'pglite' | 'postgres';
  /** Applies pending migrations; safe to call on every start. */
  migrate(): Promise<void>;
  /**
   * Stores a page and its cursor in one transaction. A record whose stored copy has the same
   * sourceUpdatedAt and content is left alone and counted `unchanged`; an older copy never overwrites
   * a newer one (overlapping windows re-send rows). A record marked deleted by a sweep that comes back
   * in a page is live again.
   */
  savePage(page: PageWrite): Promise<PageWriteResult>;
  getSyncState(key: StreamKey): Promise<SyncState | null>;
  listSyncStates(tenantId: string): Promise<SyncState[]>;
  listQuarantine(tenantId: string, options?: { limit?: number }): Promise<QuarantineEntry[]>;
  counts(tenantId: string): Promise<TenantCounts>;
  /** Reads records of a stream in key order, page by page, so memory stays flat. */
  iterateRecords<S extends StreamName>(tenantId: string, stream: S, options?: { pageSize?: number }): AsyncIterable<AnyStreamRecord>;
  iterateReceivables(tenantId: string, query?: ReceivableQuery): AsyncIterable<Receivable>;
  getCustomer(tenantId: string, sourceId: string, externalId: string): Promise<Customer | null>;
  /** The stored customers among `keys` (those not stored are left out), in one query: dispatch reads a page of actions' customers at once. */
  getCustomers(tenantId: string, keys: ReadonlyArray<{ sourceId: string; externalId: string }>): Promise<Customer[]>;
  /**
   * Every customer of the tenant with its receivables (settled ones included) and their allocations,
   * in customer key order, a page of customers per round of queries so memory stays flat.
   */
  iterateCustomerLedgers(tenantId: string, options?: { pageSize?: number }): AsyncIterable<CustomerLedger>;
  /** One customer's ledger, or null when the customer is not stored. */
  getCustomerLedger(tenantId: string, sourceId: string, customerExternalId: string): Promise<CustomerLedger | null>;
  /**
   * Stores plan assignments (one per customer, replacing the previous one). `since` is kept when the
   * plan did not change, so it says since when the customer has been on its plan.
   */
  savePlanAssignments(tenantId: string, assignments: readonly PlanAssignment[]): Promise<void>;
  /** The tenant's current plan assignments, in customer key order. */
  listPlanAssignments(tenantId: string): Promise<PlanAssignment[]>;
  getPlanAssignment(tenantId: string, sourceId: string, customerExternalId: string): Promise<PlanAssignment | null>;
  /**
   * The tenants the store holds data for (those with a sync state), in id order: for `status` run
   * without a config. The one read that spans tenants, and it returns their ids only.
   */
  listTenantIds(): Promise<string[]>;
  /**
   * The outbox: inserts the actions whose id is not stored yet and leaves the others untouched, so
   * however often the schedule runs, one action per customer, plan step and cycle (invariant 2).
   * Returns the ids actually inserted.
   */
  enqueueActions(tenantId: string, actions: readonly Action[]): Promise<string[]>;
  getAction(tenantId: string, id: string): Promise<Action | null>;
  /** The tenant's actions in due order (then id). */
  listActions(tenantId: string, query?: ActionQuery): Promise<Action[]>;
  /** Moves one action if it is in `transition.from`; returns it as stored after the move, or null when it was not there. */
  transitionAction(tenantId: string, id: string, transition: ActionTransition): Promise<Action | null>;
  /** How many actions of a channel reached `sent` after `since`: for per-channel rate limits over the last hour. */
  countSentSince(tenantId: string, channel: Channel, since: Date): Promise<number>;
  /** Records that an address refused a channel (an SMS STOP reply); kept until removed by hand. */
  recordOptOut(tenantId: string, channel: Channel, address: string, reason: string, at: Date): Promise<void>;
  isOptedOut(tenantId: string, channel: Channel, address: string): Promise<boolean>;
  /**
   * Receivables and settlements grouped by the periods of their issue, due and settlement dates
   * against ascending period ends: the portfolio's AR, current AR and sales at each period end.
   */
  receivableHistory(tenantId: string, periodEnds: readonly LocalDate[]): Promise<ReceivableHistory>;
  /** Open amounts on a day (history rebuilt from settlements) grouped by days past due and dispute. */
  agedAmounts(tenantId: string, asOf: LocalDate): Promise<AgedAmountRow[]>;
  /** Open undisputed items by the day their payment is expected (promise, or due date + the customer's usual delay). */
  expectedReceipts(tenantId: string, asOf: LocalDate, delaysFrom: LocalDate): Promise<ExpectedReceiptRow[]>;
  /** Sent actions by plan, step and channel: what they dunned and what was collected within `withinDays`. */
  reminderOutcomes(tenantId: string, asOf: LocalDate, withinDays: number): Promise<ReminderOutcomeRow[]>;
  /** The tenant's actions counted by status and channel. */
  actionCounts(tenantId: string): Promise<ActionCountRow[]>;
  /**
   * The deletions sweep of one stream: every stored record of the tenant, source and stream whose key
   * is not in `liveKeys` is marked deleted, and a marked one that is listed again is live again, in ONE
   * transaction. The keys arrive in batches and are staged in the database (sweep_staged_keys) by short
   * statements outside any transaction, so memory holds one batch whatever the number of records and a
   * long listing holds no transaction open; the transaction runs once the listing is complete, and the
   * staged keys are removed after it. When `liveKeys` throws, nothing is marked;
   * an empty listing marks nothing either (an ERP answering with no keys at all is not trusted). With a
   * `scope`, only the records the listing could have named are marked.
   * Deleted records are left out of every read: counts, iterations, ledgers and portfolio figures.
   */
  sweepDeleted(key: StreamKey, liveKeys: AsyncIterable<readonly string[]>, at: Date, scope?: SweepScope): Promise<SweepResult>;
  /** When the stream's last sweep committed, or null when it was never swept. */
  lastSweptAt(key: StreamKey): Promise<Date | null>;
  /** Removes every row of a tenant (used when a tenant is deleted, and by tests). */
  deleteTenant(tenantId: string): Promise<void>;
  close(): Promise<void>;
}
