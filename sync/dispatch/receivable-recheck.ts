import type { Receivable } from '../../core/model/receivable';
import type { MinorUnits } from '../../core/money/money';
import type { LocalDate } from '../../core/time/local-date';

/** What the re-read of a message's receivables left: the items still owed and why the others went. */
export interface Recheck {
  owed: Receivable[];
  dropped: Array<{ externalId: string; number: string; why: string }>;
}

/**
 * Invariant 1 at the last moment: of the receivables just re-read from the ERP, keep only those still
 * owed. An item the ERP no longer returns is dropped too (deleted or reversed since planning).
 */
export function recheckReceivables(planned: readonly string[], fresh: readonly Receivable[], asOf: LocalDate, tolerance: MinorUnits): Recheck {
  const byId = new Map(fresh.map((r) => [r.externalId, r]));
  const owed: Receivable[] = [];
  const dropped: Recheck['dropped'] = [];
  for (const id of planned) {
    const r = byId.get(id);
    const why = !r
      ? 'no longer in the ERP'
      : r.status === 'cancelled'
        ? 'cancelled'
        : r.status === 'paid' || r.openAmountCompany <= 0
          ? 'paid'
          : r.dispute.disputed
            ? 'disputed'
            : r.dunningBlocked
              ? 'dunning blocked'
              : r.promiseToPay && r.promiseToPay.until >= asOf
                ? `promised for ${r.promiseToPay.until}`
                : r.openAmountCompany <= tolerance
                  ? 'below tolerance'
                  : null;
    if (why === null && r) owed.push(r);
    else dropped.push({ externalId: id, number: r?.number ?? id, why: why ?? 'not owed' });
  }
  return { owed, dropped };
}
