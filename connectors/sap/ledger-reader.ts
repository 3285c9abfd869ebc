import type { LocalDate } from '../../core/time/local-date';
import type { ConnectionCheck, MappedRow, PushRequest } from '../contract';
import type { LineItem } from './mappers/line-item';

/** A cleared-items window, by clearing date, both ends included. */
export interface ClearingWindow {
  from: LocalDate;
  to: LocalDate;
}

/** One customer's items from one pass, read by each of the receivables, payments and allocations streams. */
export interface CustomerItems {
  open: LineItem[];
  cleared: LineItem[];
  /** Rows SAP sent that could not be read, with why. */
  unreadable: MappedRow[];
  /** The customer is not defined in this company code. */
  absent: boolean;
}

/**
 * Where ECC and S/4HANA items come from: the SOAP BAPIs (one call per customer) or the OData cube
 * (one paged read per company code). Both flavours share the snapshot pass in `connection.ts`,
 * because neither offers a delta of open items.
 */
export interface SapLedgerReader {
  /** Every customer number of the client (internal, zero-padded form), sorted. */
  customers(): Promise<string[]>;
  /** The customer record of `customer` in company code `cc`, none when not defined there. */
  customerRows(cc: string, customer: string): Promise<MappedRow[]>;
  /**
   * Items open at `keyDate` and cleared in `window`. `forListing`: for the deletions sweep's key
   * listing, where an item missed is marked deleted; S/4 then reads them in one query (an item cleared
   * during the read moves no other out of a page). ECC's calls are the same either way.
   */
  customerItems(cc: string, customer: string, keyDate: LocalDate, window: ClearingWindow | null, forListing?: boolean): Promise<CustomerItems>;
  testConnection(): Promise<ConnectionCheck>;
  /** Writes dunning data back; absent when the flavour is configured read-only. */
  push?(request: PushRequest): Promise<{ providerReference: string | null }>;
  close(): Promise<void>;
}
