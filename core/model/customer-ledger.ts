import type { Allocation } from './allocation';
import type { Customer } from './customer';
import type { Receivable } from './receivable';

/** One customer with all its receivables (open and settled) and the allocations that settled them. */
export interface CustomerLedger {
  customer: Customer;
  /** Every receivable of the customer from the customer's source, settled ones included (DSO and lateness need them). */
  receivables: Receivable[];
  /** Allocations against those receivables: they give each one its paid date. */
  allocations: Allocation[];
}
