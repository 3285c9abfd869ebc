import type { Allocation, Customer, CustomerLedger, Receivable } from '../core/model';
import { addDays, type LocalDate } from '../core/time/local-date';

/** mulberry32: a seeded generator, so every run evaluates the same portfolio. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tenantId = 'bench';
const sourceId = 'erp';
const updatedAt = '2026-06-01T00:00:00.000Z';
const notDisputed = { disputed: false, reason: null, since: null } as const;
const disputed = { disputed: true, reason: 'contested', since: null } as const;
const tagSets: string[][] = [[], [], [], ['export'], ['key-account'], ['export', 'wholesale'], ['wholesale']];
const segments = [null, null, 'retail', 'industry', 'public', 'wholesale'];
const riskCodes = [null, null, 'good', 'normal', 'bad'];

/**
 * `count` customers starting at `first`, each with 2 to 18 receivables (10 on average) over the year
 * before `asOf`: payment habits from prompt to very late, some open and overdue, partial payments,
 * credit notes, disputes, blocks and promises, and an allocation dating every payment.
 */
export function generateLedgers(first: number, count: number, asOf: LocalDate, random: () => number): CustomerLedger[] {
  const ledgers: CustomerLedger[] = [];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  for (let c = first; c < first + count; c++) {
    const externalId = `C${c}`;
    const customer: Customer = {
      tenantId, sourceId, externalId, sourceUpdatedAt: updatedAt, name: `Customer ${c}`, emails: [`ap${c}@example.com`], phone: null, language: 'fr',
      vatId: null, paymentTerms: null, creditLimit: random() < 0.6 ? { amount: Math.floor(random() * 50_000) * 100, currency: 'EUR' } : null,
      tags: pick(tagSets), segment: pick(segments), salesRep: null, erpRiskCode: pick(riskCodes), dunningBlocked: random() < 0.01, companyId: null, active: true,
    };
    const habit = random() < 0.5 ? 2 : random() < 0.7 ? 15 : 50; // typical days late of this payer
    const receivables: Receivable[] = [];
    const allocations: Allocation[] = [];
    const n = 2 + Math.floor(random() * 17);
    for (let i = 0; i < n; i++) {
      const id = `${externalId}-${i}`;
      const issueDate = addDays(asOf, -Math.floor(random() * 365));
      const dueDate = addDays(issueDate, 30);
      const credit = random() < 0.05;
      const amount = (credit ? -1 : 1) * (1_000 + Math.floor(random() * 500_000));
      const paidOn = credit ? null : addDays(dueDate, Math.floor(random() * habit * 2) - 3);
      const paid = paidOn !== null && paidOn <= asOf;
      const partial = !paid && !credit && random() < 0.1;
      const open = paid ? 0 : partial ? Math.floor(amount / 2) : amount;
      receivables.push({
        tenantId, sourceId, externalId: id, sourceUpdatedAt: updatedAt, customerExternalId: externalId, number: `INV/${c}/${i}`,
        kind: credit ? 'credit_note' : 'invoice', documentExternalId: null, installment: null, issueDate, dueDate, currency: 'EUR', amount, openAmount: open,
        companyCurrency: 'EUR', amountCompany: amount, openAmountCompany: open, status: paid ? 'paid' : partial ? 'partially_paid' : 'open',
        dispute: random() < 0.03 ? disputed : notDisputed, dunningBlocked: random() < 0.01, erpDunningLevel: null, lastDunnedOn: null, companyId: null,
        promiseToPay: !paid && random() < 0.05 ? { amount: open, until: addDays(asOf, Math.floor(random() * 20) - 10) } : null,
      });
      if (paid && paidOn !== null) {
        allocations.push({
          tenantId, sourceId, externalId: `A-${id}`, sourceUpdatedAt: updatedAt, receivableExternalId: id, appliedFrom: 'payment',
          appliedFromExternalId: null, allocatedOn: paidOn, companyCurrency: 'EUR', amountCompany: amount,
        });
      }
    }
    ledgers.push({ customer, receivables, allocations });
  }
  return ledgers;
}
