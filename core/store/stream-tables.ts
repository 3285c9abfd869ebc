import type { StreamName, StreamRecord } from '../model';

/** The field names of a record, and of its nested objects one level down (`dispute.disputed`). */
type RecordPath<R> = {
  [K in keyof R & string]: R[K] extends Record<string, unknown> ? readonly [K] | readonly [K, keyof R[K] & string] : readonly [K];
}[keyof R & string];

/**
 * A typed column of a record table and where its value sits in the record. The upsert reads it out
 * of the stored JSON in SQL, so a page travels once (as `data`) instead of once per column as well.
 */
export interface RecordColumn<R> {
  name: string;
  /** The SQL type the value is cast to from its JSON text. */
  type: 'text' | 'bigint' | 'date' | 'boolean';
  /** The field of the record holding the value. */
  path: RecordPath<R>;
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
      { name: 'name', type: 'text', path: ['name'] },
      { name: 'dunning_blocked', type: 'boolean', path: ['dunningBlocked'] },
      { name: 'active', type: 'boolean', path: ['active'] },
    ],
  },
  receivables: {
    table: 'receivables',
    columns: [
      { name: 'customer_external_id', type: 'text', path: ['customerExternalId'] },
      { name: 'kind', type: 'text', path: ['kind'] },
      { name: 'issue_date', type: 'date', path: ['issueDate'] },
      { name: 'due_date', type: 'date', path: ['dueDate'] },
      { name: 'currency', type: 'text', path: ['currency'] },
      { name: 'amount', type: 'bigint', path: ['amount'] },
      { name: 'open_amount', type: 'bigint', path: ['openAmount'] },
      { name: 'company_currency', type: 'text', path: ['companyCurrency'] },
      { name: 'amount_company', type: 'bigint', path: ['amountCompany'] },
      { name: 'open_amount_company', type: 'bigint', path: ['openAmountCompany'] },
      { name: 'status', type: 'text', path: ['status'] },
      { name: 'disputed', type: 'boolean', path: ['dispute', 'disputed'] },
      { name: 'dunning_blocked', type: 'boolean', path: ['dunningBlocked'] },
    ],
  },
  payments: {
    table: 'payments',
    columns: [
      { name: 'customer_external_id', type: 'text', path: ['customerExternalId'] },
      { name: 'received_on', type: 'date', path: ['receivedOn'] },
      { name: 'currency', type: 'text', path: ['currency'] },
      { name: 'amount', type: 'bigint', path: ['amount'] },
      { name: 'company_currency', type: 'text', path: ['companyCurrency'] },
      { name: 'amount_company', type: 'bigint', path: ['amountCompany'] },
      { name: 'status', type: 'text', path: ['status'] },
    ],
  },
  allocations: {
    table: 'allocations',
    columns: [
      { name: 'receivable_external_id', type: 'text', path: ['receivableExternalId'] },
      { name: 'applied_from', type: 'text', path: ['appliedFrom'] },
      { name: 'applied_from_external_id', type: 'text', path: ['appliedFromExternalId'] },
      { name: 'allocated_on', type: 'date', path: ['allocatedOn'] },
      { name: 'company_currency', type: 'text', path: ['companyCurrency'] },
      { name: 'amount_company', type: 'bigint', path: ['amountCompany'] },
    ],
  },
};
