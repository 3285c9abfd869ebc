import type { StreamName, StreamRecord } from '../model';

/** A typed column of a record table and how it is read off the record. */
export interface RecordColumn<R> {
  name: string;
  /** The SQL type the value is read as from the page's JSON. */
  type: 'text' | 'bigint' | 'date' | 'boolean';
  value: (record: R) => string | number | boolean | null;
}

/** Where a stream's records live and which of their fields get a column of their own. */
export interface StreamTable<S extends StreamName> {
  table: string;
  /** Columns besides the key, source_updated_at, stored_at and data, which every record table has. */
  columns: ReadonlyArray<RecordColumn<StreamRecord<S>>>;
}

/**
 * The table of each stream. The columns are what queries filter, join and sum on; the full record is
 * kept in `data`. Keep in step with the CREATE TABLE statements in migrations.ts.
 */
export const streamTables: { readonly [S in StreamName]: StreamTable<S> } = {
  customers: {
    table: 'customers',
    columns: [
      { name: 'name', type: 'text', value: (r) => r.name },
      { name: 'dunning_blocked', type: 'boolean', value: (r) => r.dunningBlocked },
      { name: 'active', type: 'boolean', value: (r) => r.active },
    ],
  },
  receivables: {
    table: 'receivables',
    columns: [
      { name: 'customer_external_id', type: 'text', value: (r) => r.customerExternalId },
      { name: 'kind', type: 'text', value: (r) => r.kind },
      { name: 'issue_date', type: 'date', value: (r) => r.issueDate },
      { name: 'due_date', type: 'date', value: (r) => r.dueDate },
      { name: 'currency', type: 'text', value: (r) => r.currency },
      { name: 'amount', type: 'bigint', value: (r) => r.amount },
      { name: 'open_amount', type: 'bigint', value: (r) => r.openAmount },
      { name: 'company_currency', type: 'text', value: (r) => r.companyCurrency },
      { name: 'amount_company', type: 'bigint', value: (r) => r.amountCompany },
      { name: 'open_amount_company', type: 'bigint', value: (r) => r.openAmountCompany },
      { name: 'status', type: 'text', value: (r) => r.status },
      { name: 'disputed', type: 'boolean', value: (r) => r.dispute.disputed },
      { name: 'dunning_blocked', type: 'boolean', value: (r) => r.dunningBlocked },
    ],
  },
  payments: {
    table: 'payments',
    columns: [
      { name: 'customer_external_id', type: 'text', value: (r) => r.customerExternalId },
      { name: 'received_on', type: 'date', value: (r) => r.receivedOn },
      { name: 'currency', type: 'text', value: (r) => r.currency },
      { name: 'amount', type: 'bigint', value: (r) => r.amount },
      { name: 'company_currency', type: 'text', value: (r) => r.companyCurrency },
      { name: 'amount_company', type: 'bigint', value: (r) => r.amountCompany },
      { name: 'status', type: 'text', value: (r) => r.status },
    ],
  },
  allocations: {
    table: 'allocations',
    columns: [
      { name: 'receivable_external_id', type: 'text', value: (r) => r.receivableExternalId },
      { name: 'applied_from', type: 'text', value: (r) => r.appliedFrom },
      { name: 'applied_from_external_id', type: 'text', value: (r) => r.appliedFromExternalId },
      { name: 'allocated_on', type: 'date', value: (r) => r.allocatedOn },
      { name: 'company_currency', type: 'text', value: (r) => r.companyCurrency },
      { name: 'amount_company', type: 'bigint', value: (r) => r.amountCompany },
    ],
  },
};
