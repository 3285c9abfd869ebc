import type { Action } from '../core/model/action';
import { actionSchema } from '../core/model/action';
import type { Customer } from '../core/model/customer';
import type { Receivable } from '../core/model/receivable';
import type { Store } from '../core/store/store';
import type { PushRequest } from '../connectors/contract';
import type { ErpGateway } from '../sync/dispatch/erp-gateway';

/**
 * bench/dispatch's outbox: N customers with 2 open invoices each and one planned email reminder per
 * customer, all due, so one dispatch run sends N messages. Deterministic (no randomness), so every
 * run sends the same messages.
 */
const tenantId = 'acme';
const sourceId = 'odoo';
const at = '2026-03-01T04:00:00.000Z';
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function customer(n: number): Customer {
  return {
    tenantId, sourceId, externalId: `C${pad(n, 6)}`, sourceUpdatedAt: at, name: `Client ${n} SARL`,
    emails: [`compta${n}@example.com`], phone: null, language: n % 2 === 0 ? 'fr' : 'en', vatId: null,
    paymentTerms: { code: '30D', name: '30 jours' }, creditLimit: null, tags: [], segment: null, salesRep: null,
    erpRiskCode: null, dunningBlocked: false, companyId: null, active: true,
  };
}

function receivable(n: number, k: number): Receivable {
  const amount = 10_000 + ((n * 7919 + k * 104_729) % 5_000_000);
  return {
    tenantId, sourceId, externalId: `R${pad(n, 6)}-${k}`, sourceUpdatedAt: at, customerExternalId: `C${pad(n, 6)}`,
    number: `FA-2026-${pad(n, 6)}-${k}`, kind: 'invoice', documentExternalId: `M${pad(n, 6)}-${k}`, installment: null,
    issueDate: `2026-01-${pad(10 + k, 2)}`, dueDate: `2026-02-${pad(9 + k, 2)}`, currency: 'EUR', amount, openAmount: amount,
    companyCurrency: 'EUR', amountCompany: amount, openAmountCompany: amount, status: 'open',
    dispute: { disputed: false, reason: null, since: null }, dunningBlocked: false, erpDunningLevel: null, lastDunnedOn: null, companyId: null,
  };
}

function plannedAction(n: number): Action {
  return actionSchema.parse({
    id: `act_${pad(n, 6)}`, tenantId, customerKey: { sourceId, externalId: `C${pad(n, 6)}` },
    receivableExternalIds: [`R${pad(n, 6)}-1`, `R${pad(n, 6)}-2`], planId: 'standard', stepId: 'first-reminder',
    cycle: `R${pad(n, 6)}-1`, channel: 'email', dueAt: '2026-03-03T08:00:00.000Z', status: 'planned', attempts: 0,
    providerReference: null, reason: 'bench', createdAt: '2026-03-03T05:00:00.000Z', updatedAt: '2026-03-03T05:00:00.000Z',
  });
}

/** The ERP re-read of dispatch answered from memory: the bench measures arbridge, not an ERP. */
export class InMemoryErp implements ErpGateway {
  constructor(private readonly receivables: ReadonlyMap<string, Receivable>) {}
  async readReceivables(_sourceId: string, ids: readonly string[]): Promise<Receivable[]> {
    return ids.flatMap((id) => {
      const found = this.receivables.get(id);
      return found ? [found] : [];
    });
  }
  async push(_sourceId: string, _request: PushRequest): Promise<{ providerReference: string | null }> {
    return { providerReference: null };
  }
  async close(): Promise<void> {}
}

/** Writes the customers, receivables and planned actions; returns the ERP that dispatch re-reads. */
export async function seedOutbox(store: Store, count: number): Promise<InMemoryErp> {
  const page = 1_000; // the size of a connector page: keeps each savePage transaction ordinary
  const all = new Map<string, Receivable>();
  for (let first = 1; first <= count; first += page) {
    const ns = Array.from({ length: Math.min(page, count - first + 1) }, (_, i) => first + i);
    const receivables = ns.flatMap((n) => [receivable(n, 1), receivable(n, 2)]);
    for (const r of receivables) all.set(r.externalId, r);
    const written = new Date(at);
    await store.savePage({ tenantId, sourceId, stream: 'customers', records: ns.map(customer), quarantined: [], cursor: null, at: written, completesRun: false });
    await store.savePage({ tenantId, sourceId, stream: 'receivables', records: receivables, quarantined: [], cursor: null, at: written, completesRun: false });
    await store.enqueueActions(tenantId, ns.map(plannedAction));
  }
  return new InMemoryErp(all);
}
