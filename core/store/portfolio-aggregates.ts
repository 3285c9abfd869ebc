import type { CurrencyCode } from '../money/currency';
import type { MinorUnits } from '../money/money';
import type { LocalDate } from '../time/local-date';
import type { SqlExecutor } from './sql-client';

/*
 * The SQL aggregates the portfolio KPIs are computed from. They scale with the number of distinct
 * periods, days and plan steps, never with the number of receivables: a tenant of 1M items returns a
 * few hundred rows. Every amount is in the company currency (minor units) and every query is keyed by
 * tenant_id (invariant 4).
 *
 * History is rebuilt from what is stored now: an item's open amount on an earlier day is its stored
 * open amount plus what was settled after that day (allocations on the item, and for a credit note the
 * allocations it was applied from). On the latest day this is the stored open amount itself.
 */

/**
 * Receivables grouped by the period of their issue and due dates. Periods are numbered against the
 * ascending period ends c0 < c1 < ... < cn: index k means "after c(k-1), up to ck" (0: up to c0,
 * n + 1: after cn).
 */
export interface ReceivablePeriodRow {
  currency: CurrencyCode;
  /** Period index of the issue date. */
  issued: number;
  /** Period index of the due date: the item is not yet due at ck for every k below it. */
  due: number;
  disputed: boolean;
  /** Σ stored open amount. */
  openAmount: MinorUnits;
  /** Σ amount (signed: credit notes negative), the sales of the issue period. */
  amount: MinorUnits;
  count: number;
}

/** What was settled, grouped like ReceivablePeriodRow plus the period of the settlement. */
export interface SettlementPeriodRow {
  currency: CurrencyCode;
  issued: number;
  due: number;
  /** Period index of the allocation date: before it, the amount was still open. */
  settled: number;
  /** Σ amount that reduced the item's open amount (negative for credit notes). */
  amount: MinorUnits;
}

/** Both, for one tenant and one list of period ends. */
export interface ReceivableHistory {
  /** The ascending period ends the indexes refer to. */
  periodEnds: LocalDate[];
  receivables: ReceivablePeriodRow[];
  settlements: SettlementPeriodRow[];
}

/** Open amounts on a day grouped by days past due (negative: not yet due). */
export interface AgedAmountRow {
  currency: CurrencyCode;
  daysPastDue: number;
  disputed: boolean;
  amount: MinorUnits;
  count: number;
}

/** Open undisputed items grouped by the day their payment is expected. */
export interface ExpectedReceiptRow {
  currency: CurrencyCode;
  /** A promise to pay's day, or the due date plus the customer's weighted days late. */
  expectedOn: LocalDate;
  /** True when the day is a customer's promise. */
  promised: boolean;
  amount: MinorUnits;
  count: number;
}

/** Sent actions grouped by plan, step and channel, with what they dunned and what was paid after. */
export interface ReminderOutcomeRow {
  planId: string;
  stepId: string;
  channel: string;
  currency: CurrencyCode;
  /** Actions sent (status `sent`) by the day. */
  actions: number;
  /** Σ open amount of the items in each action on the day it was sent. */
  dunnedAmount: MinorUnits;
  /** Σ settled on those items within the window after the day it was sent. */
  collectedAmount: MinorUnits;
}

/** node-postgres returns bigint and numeric as strings; PGlite returns numbers. */
const int = (value: unknown): number => Number(value);

/** `date[]` parameter as PostgreSQL array text, which both drivers pass alike. */
const dateArray = (dates: readonly LocalDate[]): string => `{${dates.join(',')}}`;

const dayAfter = (date: LocalDate): LocalDate => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/*
 * width_bucket(d, thresholds) counts the thresholds ≤ d. With thresholds ck + 1 day it counts the
 * period ends strictly before d, which is the index of the first period end on or after d.
 */
const receivablePeriods = `SELECT company_currency AS currency,
    width_bucket(issue_date, $2::date[]) AS issued, width_bucket(due_date, $2::date[]) AS due, disputed,
    sum(open_amount_company) AS open_amount, sum(amount_company) AS amount, count(*) AS count
  FROM receivables WHERE tenant_id = $1 AND status <> 'cancelled' AND deleted_at IS NULL
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;

/** Each allocation settles its receivable and, when it came from a credit note, that credit note too. */
const settlements = `WITH settled AS (
    SELECT source_id, receivable_external_id AS external_id, allocated_on, amount_company FROM allocations WHERE tenant_id = $1 AND deleted_at IS NULL
    UNION ALL
    SELECT source_id, applied_from_external_id, allocated_on, amount_company FROM allocations
      WHERE tenant_id = $1 AND deleted_at IS NULL AND applied_from = 'credit_note' AND applied_from_external_id IS NOT NULL
  )`;

const settlementPeriods = `${settlements}
  SELECT r.company_currency AS currency,
    width_bucket(r.issue_date, $2::date[]) AS issued, width_bucket(r.due_date, $2::date[]) AS due,
    width_bucket(s.allocated_on, $2::date[]) AS settled,
    sum(CASE WHEN r.kind = 'credit_note' THEN -s.amount_company ELSE s.amount_company END) AS amount
  FROM settled s JOIN receivables r ON r.tenant_id = $1 AND r.source_id = s.source_id AND r.external_id = s.external_id
  WHERE r.status <> 'cancelled' AND r.deleted_at IS NULL
  GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;

const agedAmounts = `${settlements},
  later AS (SELECT source_id, external_id, sum(amount_company) AS amount FROM settled WHERE allocated_on > $2::date GROUP BY 1, 2),
  open_then AS (
    SELECT r.company_currency AS currency, $2::date - r.due_date AS days, r.disputed,
      r.open_amount_company + CASE WHEN r.kind = 'credit_note' THEN -coalesce(l.amount, 0) ELSE coalesce(l.amount, 0) END AS amount
    FROM receivables r LEFT JOIN later l ON l.source_id = r.source_id AND l.external_id = r.external_id
    WHERE r.tenant_id = $1 AND r.status <> 'cancelled' AND r.deleted_at IS NULL AND r.issue_date <= $2::date
  )
  SELECT currency, days, disputed, sum(amount) AS amount, count(*) AS count FROM open_then WHERE amount <> 0
  GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;

/**
 * A customer's usual delay: amount-weighted days late (early counts as 0) over invoices settled in the
 * window, rounded to whole days. Items under a live promise are expected on its day.
 */
const expectedReceipts = `WITH paid AS (
    SELECT r.source_id, r.customer_external_id, r.amount_company AS amount, max(a.allocated_on) - r.due_date AS late
    FROM receivables r JOIN allocations a ON a.tenant_id = r.tenant_id AND a.source_id = r.source_id AND a.receivable_external_id = r.external_id
    WHERE r.tenant_id = $1 AND r.kind <> 'credit_note' AND r.status = 'paid' AND r.amount_company > 0
      AND r.deleted_at IS NULL AND a.deleted_at IS NULL
    GROUP BY r.source_id, r.external_id, r.customer_external_id, r.amount_company, r.due_date
    HAVING max(a.allocated_on) > $3::date AND max(a.allocated_on) <= $2::date
  ),
  delay AS (
    SELECT source_id, customer_external_id, round(sum(amount * greatest(late, 0))::numeric / sum(amount))::int AS days
    FROM paid GROUP BY 1, 2
  ),
  expected AS (
    SELECT r.company_currency AS currency, r.open_amount_company AS amount,
      (r.data->'promiseToPay'->>'until')::date AS promised_on, r.due_date + coalesce(d.days, 0) AS usual_on
    FROM receivables r LEFT JOIN delay d ON d.source_id = r.source_id AND d.customer_external_id = r.customer_external_id
    WHERE r.tenant_id = $1 AND r.status NOT IN ('cancelled', 'paid') AND r.open_amount_company > 0 AND NOT r.disputed AND r.deleted_at IS NULL
      AND r.issue_date <= $2::date
  )
  SELECT currency, (CASE WHEN promised_on >= $2::date THEN promised_on ELSE usual_on END)::text AS expected_on,
    coalesce(promised_on >= $2::date, false) AS promised, sum(amount) AS amount, count(*) AS count
  FROM expected GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;

/**
 * A sent action dunned each of its items for what was open the day it went out (stored open amount
 * plus what was settled after); it collected what was settled on them within the window after.
 * The day it went out is when it reached `sent` (finished_at; its last update for rows older than
 * migration 2), as a UTC date.
 */
const reminderOutcomes = `${settlements},
  sent AS (
    SELECT a.id, a.plan_id, a.step_id, a.channel, a.source_id, (coalesce(a.finished_at, a.updated_at) AT TIME ZONE 'UTC')::date AS sent_on, x.external_id
    FROM actions a CROSS JOIN LATERAL jsonb_array_elements_text(a.receivable_external_ids) AS x(external_id)
    WHERE a.tenant_id = $1 AND a.status = 'sent' AND (coalesce(a.finished_at, a.updated_at) AT TIME ZONE 'UTC')::date <= $2::date
  ),
  item AS (
    SELECT s.id, s.plan_id, s.step_id, s.channel, r.company_currency AS currency,
      r.open_amount_company + coalesce((SELECT sum(t.amount_company) FROM settled t
        WHERE t.source_id = s.source_id AND t.external_id = s.external_id AND t.allocated_on > s.sent_on), 0) AS dunned,
      coalesce((SELECT sum(t.amount_company) FROM settled t
        WHERE t.source_id = s.source_id AND t.external_id = s.external_id AND t.allocated_on > s.sent_on
          AND t.allocated_on <= s.sent_on + $3::int AND t.allocated_on <= $2::date), 0) AS collected
    FROM sent s JOIN receivables r ON r.tenant_id = $1 AND r.source_id = s.source_id AND r.external_id = s.external_id
    WHERE r.kind <> 'credit_note' AND r.deleted_at IS NULL
  )
  SELECT plan_id, step_id, channel, currency, count(DISTINCT id) AS actions, sum(dunned) AS dunned, sum(collected) AS collected
  FROM item GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;

/** Reads the receivable history for ascending period ends. */
export async function readReceivableHistory(db: SqlExecutor, tenantId: string, periodEnds: readonly LocalDate[]): Promise<ReceivableHistory> {
  for (let i = 1; i < periodEnds.length; i++) {
    if ((periodEnds[i] as string) <= (periodEnds[i - 1] as string)) throw new RangeError('period ends must be ascending');
  }
  const thresholds = dateArray(periodEnds.map(dayAfter));
  const [receivables, settled] = await Promise.all([db.query(receivablePeriods, [tenantId, thresholds]), db.query(settlementPeriods, [tenantId, thresholds])]);
  return {
    periodEnds: [...periodEnds],
    receivables: receivables.map((r) => ({
      currency: String(r.currency),
      issued: int(r.issued),
      due: int(r.due),
      disputed: r.disputed === true,
      openAmount: int(r.open_amount),
      amount: int(r.amount),
      count: int(r.count),
    })),
    settlements: settled.map((r) => ({ currency: String(r.currency), issued: int(r.issued), due: int(r.due), settled: int(r.settled), amount: int(r.amount) })),
  };
}

/** Reads open amounts on a day by days past due. */
export async function readAgedAmounts(db: SqlExecutor, tenantId: string, asOf: LocalDate): Promise<AgedAmountRow[]> {
  const rows = await db.query(agedAmounts, [tenantId, asOf]);
  return rows.map((r) => ({ currency: String(r.currency), daysPastDue: int(r.days), disputed: r.disputed === true, amount: int(r.amount), count: int(r.count) }));
}

/** Reads expected receipts of open undisputed items, delays learnt from items settled since `delaysFrom`. */
export async function readExpectedReceipts(db: SqlExecutor, tenantId: string, asOf: LocalDate, delaysFrom: LocalDate): Promise<ExpectedReceiptRow[]> {
  const rows = await db.query(expectedReceipts, [tenantId, asOf, delaysFrom]);
  return rows.map((r) => ({
    currency: String(r.currency),
    expectedOn: String(r.expected_on),
    promised: r.promised === true,
    amount: int(r.amount),
    count: int(r.count),
  }));
}

/** Reads what sent actions dunned and what was collected within `withinDays` after each. */
export async function readReminderOutcomes(db: SqlExecutor, tenantId: string, asOf: LocalDate, withinDays: number): Promise<ReminderOutcomeRow[]> {
  const rows = await db.query(reminderOutcomes, [tenantId, asOf, withinDays]);
  return rows.map((r) => ({
    planId: String(r.plan_id),
    stepId: String(r.step_id),
    channel: String(r.channel),
    currency: String(r.currency),
    actions: int(r.actions),
    dunnedAmount: int(r.dunned),
    collectedAmount: int(r.collected),
  }));
}
