import type { Allocation, Customer, Payment, Receivable } from '../../core/model';

/** Where the factory's records come from; every field has a fixed default. */
export interface RecordFactoryOptions {
  /** Tenant of every record. */
  tenantId?: string;
  /** Source (connection) of every record. */
  sourceId?: string;
  /** Seed of the pseudo-random amounts and dates: same seed, same records. */
  seed?: number;
  /** sourceUpdatedAt of every record unless overridden. */
  updatedAt?: string;
}

/** A small deterministic PRNG (mulberry32): tests must not depend on Math.random(). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * Valid model records for tests, with zero-padded external ids so that key order is numeric order.
 * Nothing depends on the clock or on Math.random(): the same options give the same records.
 */
export function createRecordFactory(options: RecordFactoryOptions = {}) {
  const tenantId = options.tenantId ?? 'acme';
  const sourceId = options.sourceId ?? 'erp';
  const updatedAt = options.updatedAt ?? '2026-01-05T08:00:00.000Z';
  const random = seededRandom(options.seed ?? 42);
  const between = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const dayOfJanuary = (): string => `2026-01-${pad(between(1, 28), 2)}`;

  return {
    customerId: (n: number): string => `C${pad(n, 5)}`,
    receivableId: (n: number): string => `R${pad(n, 6)}`,

    customer(n: number, overrides: Partial<Customer> = {}): Customer {
      return {
        tenantId,
        sourceId,
        externalId: `C${pad(n, 5)}`,
        sourceUpdatedAt: updatedAt,
        name: `Customer ${n}`,
        emails: [`billing${n}@example.com`],
        phone: null,
        language: 'fr',
        vatId: null,
        paymentTerms: { code: '30D', name: '30 days' },
        creditLimit: { amount: between(1, 50) * 100_000, currency: 'EUR' },
        tags: [],
        segment: null,
        salesRep: null,
        erpRiskCode: null,
        dunningBlocked: false,
        companyId: null,
        active: true,
        ...overrides,
      };
    },

    receivable(n: number, overrides: Partial<Receivable> = {}): Receivable {
      const amount = between(1_000, 5_000_000);
      const issueDate = dayOfJanuary();
      return {
        tenantId,
        sourceId,
        externalId: `R${pad(n, 6)}`,
        sourceUpdatedAt: updatedAt,
        customerExternalId: `C${pad(1 + (n % 10), 5)}`,
        number: `INV/2026/${pad(n, 6)}`,
        kind: 'invoice',
        documentExternalId: `M${pad(n, 6)}`,
        installment: null,
        issueDate,
        dueDate: issueDate.replace('2026-01', '2026-02'),
        currency: 'EUR',
        amount,
        openAmount: amount,
        companyCurrency: 'EUR',
        amountCompany: amount,
        openAmountCompany: amount,
        status: 'open',
        dispute: { disputed: false, reason: null, since: null },
        dunningBlocked: false,
        erpDunningLevel: null,
        lastDunnedOn: null,
        companyId: null,
        ...overrides,
      };
    },

    payment(n: number, overrides: Partial<Payment> = {}): Payment {
      const amount = between(1_000, 1_000_000);
      return {
        tenantId,
        sourceId,
        externalId: `P${pad(n, 6)}`,
        sourceUpdatedAt: updatedAt,
        customerExternalId: `C${pad(1 + (n % 10), 5)}`,
        reference: `PAY-${n}`,
        receivedOn: dayOfJanuary(),
        currency: 'EUR',
        amount,
        companyCurrency: 'EUR',
        amountCompany: amount,
        status: 'posted',
        method: 'transfer',
        companyId: null,
        ...overrides,
      };
    },

    allocation(n: number, overrides: Partial<Allocation> = {}): Allocation {
      return {
        tenantId,
        sourceId,
        externalId: `A${pad(n, 6)}`,
        sourceUpdatedAt: updatedAt,
        receivableExternalId: `R${pad(n, 6)}`,
        appliedFrom: 'payment',
        appliedFromExternalId: `P${pad(n, 6)}`,
        allocatedOn: dayOfJanuary(),
        companyCurrency: 'EUR',
        amountCompany: between(1_000, 1_000_000),
        ...overrides,
      };
    },
  };
}

export type RecordFactory = ReturnType<typeof createRecordFactory>;
