import type { z } from 'zod';
import { allocationSchema } from './allocation';
import { customerSchema } from './customer';
import { paymentSchema } from './payment';
import { receivableSchema } from './receivable';
import type { StreamName } from './record-key';

export * from './record-key';
export * from './customer';
export * from './receivable';
export * from './payment';
export * from './allocation';
export * from './plan-assignment';
export * from './action';
export * from './dunning-plan';
export * from './assignment-rule';
export * from './risk-policy';
export * from './metrics-policy';
export * from './customer-ledger';
export * from './sync-state';
export * from './quarantine-entry';

/** The schema that validates each stream's records. */
export const streamSchemas = {
  customers: customerSchema,
  receivables: receivableSchema,
  payments: paymentSchema,
  allocations: allocationSchema,
} as const satisfies Record<StreamName, z.ZodType>;

export type StreamRecord<S extends StreamName> = z.infer<(typeof streamSchemas)[S]>;
export type AnyStreamRecord = StreamRecord<StreamName>;
