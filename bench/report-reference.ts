import type { PeriodBalance } from '../core/kpi/period-balances';
import type { Receivable } from '../core/model';
import type { Store } from '../core/store/store';
import { daysBetween, type LocalDate } from '../core/time/local-date';

/** What the reference computes per company currency. */
export interface ReferenceFigures {
  periods: PeriodBalance[];
  /** Open amount on the day by `${daysPastDue}|${disputed}`. */
  aged: Map<string, number>;
}

/**
 * The report's balances computed the plain way: every ledger read from the store, every item's open
 * amount at each period end rebuilt in JavaScript (stored open amount + what was settled after the day).
 * The SQL aggregates must agree with it to the cent; the bench times both.
 */
export async function referenceFigures(store: Store, tenantId: string, periodEnds: readonly LocalDate[]): Promise<Map<string, ReferenceFigures>> {
  const asOf = periodEnds.at(-1) as LocalDate;
  const result = new Map<string, ReferenceFigures>();
  const figures = (currency: string): ReferenceFigures => {
    let f = result.get(currency);
    if (!f) {
      f = {
        periods: periodEnds.slice(1).map((end, i) => ({ end, days: daysBetween(periodEnds[i] as LocalDate, end), sales: 0, receivables: 0, currentReceivables: 0 })),
        aged: new Map(),
      };
      result.set(currency, f);
    }
    return f;
  };
  for await (const ledger of store.iterateCustomerLedgers(tenantId)) {
    const settledOn = new Map<string, Array<{ on: LocalDate; amount: number }>>();
    const note = (id: string | null, on: LocalDate, amount: number): void => {
      if (id === null) return;
      const list = settledOn.get(id) ?? [];
      list.push({ on, amount });
      settledOn.set(id, list);
    };
    for (const a of ledger.allocations) {
      note(a.receivableExternalId, a.allocatedOn, a.amountCompany);
      if (a.appliedFrom === 'credit_note') note(a.appliedFromExternalId, a.allocatedOn, a.amountCompany);
    }
    const openOn = (r: Receivable, day: LocalDate): number => {
      let later = 0;
      for (const s of settledOn.get(r.externalId) ?? []) if (s.on > day) later += s.amount;
      return r.openAmountCompany + (r.kind === 'credit_note' ? -later : later);
    };
    for (const r of ledger.receivables) {
      if (r.status === 'cancelled') continue;
      const f = figures(r.companyCurrency);
      for (const [k, period] of f.periods.entries()) {
        const start = periodEnds[k] as LocalDate;
        if (r.issueDate > start && r.issueDate <= period.end) period.sales += r.amountCompany;
        if (r.issueDate > period.end) continue;
        const open = openOn(r, period.end);
        period.receivables += open;
        if (r.dueDate > period.end) period.currentReceivables += open;
      }
      if (r.issueDate <= asOf) {
        const open = openOn(r, asOf);
        if (open !== 0) {
          const key = `${daysBetween(r.dueDate, asOf)}|${r.dispute.disputed}`;
          f.aged.set(key, (f.aged.get(key) ?? 0) + open);
        }
      }
    }
  }
  return result;
}
