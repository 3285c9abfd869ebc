import type { MappedRow } from '../../contract';
import { dayInstant } from '../wire-values';
import { customerExternalId } from './customer';
import type { LineItem } from './line-item';

/** What one customer's items in one company code become, stream by stream. */
export interface CustomerLedgerRows {
  receivables: MappedRow[];
  payments: MappedRow[];
  allocations: MappedRow[];
}

/** How items are told apart (from the connection's config). */
export interface LedgerRules {
  /** Document types of incoming payments (DZ). */
  paymentDocumentTypes: readonly string[];
  /** Read special G/L items as receivables too. */
  includeSpecialGl: boolean;
}

function latest(...dates: Array<string | null>): string {
  return dates.filter((d): d is string => d !== null).reduce((a, b) => (a > b ? a : b));
}

/**
 * One customer's open items (at the key date) and cleared items (in the window) as records:
 * - debit items are invoices; credit items are credit notes, unless their document type is a
 *   payment's, then they are payments (a partial payment carries the invoice it pays in INV_REF);
 * - open amount = amount − open partial payments referring to the item (SAP's partial-payment
 *   method leaves both open); cleared items are paid, settled on their clearing date;
 * - signs from DB_CR_IND: a credit note's amounts are negative, payments and allocations positive;
 * - a clearing settles its debit items from its payments and credit notes as `settle` says.
 */
export function customerLedgerRows(open: readonly LineItem[], cleared: readonly LineItem[], rules: LedgerRules): CustomerLedgerRows {
  const isPayment = (i: LineItem) => i.debitCredit === 'H' && rules.paymentDocumentTypes.includes(i.documentType);
  const counts = (i: LineItem) => rules.includeSpecialGl || i.specialGl === null;
  const out: CustomerLedgerRows = { receivables: [], payments: [], allocations: [] };

  const openPartials = new Map<string, LineItem[]>();
  for (const item of open) {
    if (isPayment(item) && item.invoiceKey !== null) openPartials.set(item.invoiceKey, [...(openPartials.get(item.invoiceKey) ?? []), item]);
  }
  const openKeys = new Set(open.map((i) => i.key));

  const receivable = (item: LineItem, state: 'open' | 'cleared'): void => {
    const sign = item.debitCredit === 'S' ? 1 : -1;
    const partials = state === 'open' ? (openPartials.get(item.key) ?? []) : [];
    const paid = partials.reduce((s, p) => s + p.amount, 0);
    const paidLocal = partials.reduce((s, p) => s + p.amountLocal, 0);
    const openAmount = state === 'cleared' ? 0 : sign * (item.amount - paid);
    const openAmountCompany = state === 'cleared' ? 0 : sign * (item.amountLocal - paidLocal);
    const status = state === 'cleared' ? 'paid' : paid > 0 ? 'partially_paid' : 'open';
    out.receivables.push({
      ok: true,
      record: {
        externalId: item.key,
        sourceUpdatedAt: dayInstant(latest(item.postingDate, item.entryDate, item.lastDunnedOn, item.clearDate, ...partials.map((p) => p.postingDate))),
        customerExternalId: customerExternalId(item.companyCode, item.customer),
        number: item.reference ?? item.documentNumber,
        kind: item.debitCredit === 'S' ? 'invoice' : 'credit_note',
        documentExternalId: item.documentKey,
        installment: null,
        issueDate: item.documentDate,
        dueDate: item.netDueDate,
        currency: item.currency,
        amount: sign * item.amount,
        openAmount,
        companyCurrency: item.localCurrency,
        amountCompany: sign * item.amountLocal,
        openAmountCompany,
        status,
        dispute: { disputed: false, reason: null, since: null },
        dunningBlocked: item.dunningBlock !== null,
        erpDunningLevel: item.dunningLevel,
        lastDunnedOn: item.lastDunnedOn,
        companyId: item.companyCode,
      },
    });
  };

  const payments = new Map<string, LineItem[]>();
  for (const item of [...open, ...cleared.filter((c) => !openKeys.has(c.key))]) {
    if (!counts(item)) continue;
    if (isPayment(item)) payments.set(item.documentKey, [...(payments.get(item.documentKey) ?? []), item]);
    else receivable(item, openKeys.has(item.key) ? 'open' : 'cleared');
  }
  for (const [documentKey, items] of payments) {
    const first = items[0] as LineItem;
    out.payments.push({
      ok: true,
      record: {
        externalId: documentKey,
        sourceUpdatedAt: dayInstant(latest(first.postingDate, first.entryDate)),
        customerExternalId: customerExternalId(first.companyCode, first.customer),
        reference: first.reference ?? first.documentNumber,
        receivedOn: first.postingDate,
        currency: first.currency,
        amount: items.reduce((s, i) => s + i.amount, 0),
        companyCurrency: first.localCurrency,
        amountCompany: items.reduce((s, i) => s + i.amountLocal, 0),
        status: 'posted',
        method: first.paymentMethod,
        companyId: first.companyCode,
      },
    });
  }

  // Partial payments, open or cleared since: each settles part of the invoice it names.
  const allocation = (id: string, target: LineItem, from: LineItem | null, on: string, amountLocal: number): void => {
    if (amountLocal <= 0) return;
    out.allocations.push({
      ok: true,
      record: {
        externalId: id,
        sourceUpdatedAt: dayInstant(on),
        receivableExternalId: target.key,
        appliedFrom: from === null ? 'other' : isPayment(from) ? 'payment' : 'credit_note',
        appliedFromExternalId: from === null ? null : isPayment(from) ? from.documentKey : from.key,
        allocatedOn: on,
        companyCurrency: target.localCurrency,
        amountCompany: amountLocal,
      },
    });
  };
  const byKey = new Map([...cleared, ...open].map((i) => [i.key, i]));
  const partialsOf = new Map<string, LineItem[]>();
  for (const item of [...open, ...cleared.filter((c) => !openKeys.has(c.key))]) {
    if (!isPayment(item) || item.invoiceKey === null) continue;
    const target = byKey.get(item.invoiceKey);
    if (!target) continue; // the invoice is in neither list (cleared before the window): nothing to link
    partialsOf.set(target.key, [...(partialsOf.get(target.key) ?? []), item]);
    allocation(`${item.key}>${target.key}`, target, item, item.postingDate, item.amountLocal);
  }

  // Cleared groups: what the clearing document settled beyond the partial payments.
  const groups = new Map<string, LineItem[]>();
  for (const item of cleared) {
    if (openKeys.has(item.key) || item.clearingDocument === null || item.clearDate === null || !counts(item)) continue;
    const group = `${item.companyCode}/${item.clearingDocument}/${item.clearDate}`;
    groups.set(group, [...(groups.get(group) ?? []), item]);
  }
  for (const items of groups.values()) settle(items, partialsOf, isPayment, allocation);
  return out;
}

/** Posting date, then item key: "oldest first", the same way on every run. */
const oldestFirst = (a: LineItem, b: LineItem): number => (a.postingDate < b.postingDate ? -1 : a.postingDate > b.postingDate ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * One clearing's allocations. SAP records which items a clearing document cleared, not which payment
 * paid which invoice, so the split is ours: the debit items (oldest first) take, in company-currency
 * minor units, what their partial payments left open from the payments and credit notes of the
 * clearing (oldest first), each source's amount consumed exactly before the next one's, so a
 * payment's allocations never exceed it and sum to it when the invoices absorb it. What no source
 * covers (a cash discount, a write-off) is allocated from "other", keyed by the clearing document.
 */
function settle(
  items: readonly LineItem[],
  partialsOf: ReadonlyMap<string, readonly LineItem[]>,
  isPayment: (item: LineItem) => boolean,
  allocation: (id: string, target: LineItem, from: LineItem | null, on: string, amountLocal: number) => void,
): void {
  const sources = items.filter((i) => i.debitCredit === 'H' && !(isPayment(i) && i.invoiceKey !== null)).sort(oldestFirst);
  const left = sources.map((s) => s.amountLocal);
  let s = 0;
  for (const target of items.filter((i) => i.debitCredit === 'S').sort(oldestFirst)) {
    const on = target.clearDate as string;
    let owed = target.amountLocal - (partialsOf.get(target.key) ?? []).reduce((sum, p) => sum + p.amountLocal, 0);
    while (owed > 0 && s < sources.length) {
      const taken = Math.min(owed, left[s] as number);
      allocation(`${(sources[s] as LineItem).key}>${target.key}`, target, sources[s] as LineItem, on, taken);
      owed -= taken;
      left[s] = (left[s] as number) - taken;
      if (left[s] === 0) s += 1;
    }
    allocation(`${target.companyCode}/${target.clearingDocument}>${target.key}`, target, null, on, owed);
  }
}
