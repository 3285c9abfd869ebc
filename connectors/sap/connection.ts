import { addDays, today, type LocalDate } from '../../core/time/local-date';
import type { StreamName } from '../../core/model';
import type { SweepScope } from '../../core/store/store';
import type { ConnectionCheck, ConnectorContext, ConnectorInstance, MappedRow, Page, PushRequest } from '../contract';
import { mapBounded } from './bounded-map';
import { dayInstant } from './wire-values';
import type { SapSnapshotCursor } from './cursor';
import type { ClearingWindow, SapLedgerReader } from './ledger-reader';
import { customerLedgerRows, type LedgerRules } from './mappers/customer-ledger';

/** The pass settings ECC (SOAP) and S/4HANA (OData) share. */
export interface SnapshotPassSettings extends LedgerRules {
  /** Company codes read, one pass each. */
  companyCodes: readonly string[];
  /** Customers whose items go in one page. */
  customersPerPage: number;
  /** Customers read at once. */
  concurrency: number;
  /** Days of cleared items read on the first pass. */
  clearedHistoryDays: number;
  /** Days re-read before the last key date for items cleared since. */
  clearedLookbackDays: number;
}

/**
 * A running connection to one SAP ECC / S/4HANA system, over SOAP or OData: each pass reads every
 * customer's open items at today's key date and the items cleared since the last pass (neither API
 * has a delta of open items). An item that left the open list because it was cleared is among the
 * cleared items and lands as paid; an item gone from SAP altogether (reversed, archived) is found by
 * the deletions sweep through `liveKeys`, which lists what a full pull would produce.
 *
 * Items are held for one page of customers only: each of the receivables, payments and allocations
 * streams (and each key listing) reads them again (two calls per customer and company code on ECC),
 * so memory follows the page, not the ledger. Keeping them for the run to spare those calls cost
 * ~150 MB per 100,000 items (bench/sap-pull).
 */
export class SapSnapshotConnection implements ConnectorInstance<SapSnapshotCursor> {
  /** Sends a write-back through the flavour's reader (absent when it has none). */
  readonly push?: (request: PushRequest) => Promise<{ providerReference: string | null }>;

  constructor(
    private readonly config: SnapshotPassSettings,
    private readonly reader: SapLedgerReader,
    private readonly context: ConnectorContext,
  ) {
    if (reader.push) this.push = (request) => reader.push!(request);
  }

  async *pull(stream: StreamName, cursor: SapSnapshotCursor | null): AsyncIterable<Page<SapSnapshotCursor>> {
    const keyDate = today(this.context.clock, this.context.timeZone);
    const units = await this.#units();
    // Resume a pass interrupted on the same key date; otherwise start a new one.
    const resume = cursor?.pass && cursor.pass.keyDate === keyDate ? units.indexOf(cursor.pass.after) + 1 : 0;
    const previousKeyDate = cursor?.keyDate ?? null;
    const window = this.#window(previousKeyDate, keyDate);

    for (let start = resume; start < units.length; start += this.config.customersPerPage) {
      if (this.context.signal?.aborted) return;
      const chunk = units.slice(start, start + this.config.customersPerPage);
      const rows: MappedRow[][] = await mapBounded(chunk, this.config.concurrency, async (unit) => {
        const [cc, customer] = splitUnit(unit);
        if (stream === 'customers') return this.reader.customerRows(cc, customer);
        const items = await this.reader.customerItems(cc, customer, keyDate, window);
        if (items.absent) return [];
        const ledger = customerLedgerRows(items.open, items.cleared, this.config);
        if (stream === 'payments') return ledger.payments;
        if (stream === 'allocations') return ledger.allocations;
        return [...items.unreadable, ...ledger.receivables];
      });
      const last = start + chunk.length >= units.length;
      const next: SapSnapshotCursor = last ? { keyDate } : { keyDate: previousKeyDate, pass: { keyDate, after: chunk[chunk.length - 1] as string } };
      yield { rows: rows.flat(), cursor: next };
    }
    if (units.length === 0 || resume >= units.length) yield { rows: [], cursor: { keyDate } };
  }

  /**
   * The keys a full pull of `stream` would produce today, one page of customers at a time: customers
   * defined in each company code; receivables, payments and allocations from the items open at today's
   * key date and those cleared in the history window (`clearedHistoryDays` back from today, none when
   * 0), mapped as the pull maps them. A row SAP sends but that cannot be read is still in SAP: its item
   * key (receivables) and document key (payments) are listed, so the sweep does not mark it deleted.
   * Ends early on the stop signal (the sweep then marks nothing).
   */
  async *liveKeys(stream: StreamName): AsyncIterable<string[]> {
    const { keyDate, window } = this.#listingReach();
    const units = await this.#units();
    for (let start = 0; start < units.length; start += this.config.customersPerPage) {
      if (this.context.signal?.aborted) return;
      const chunk = units.slice(start, start + this.config.customersPerPage);
      const keys: string[][] = await mapBounded(chunk, this.config.concurrency, async (unit) => {
        const [cc, customer] = splitUnit(unit);
        if (stream === 'customers') return keysOf(await this.reader.customerRows(cc, customer));
        const items = await this.reader.customerItems(cc, customer, keyDate, window, true);
        if (items.absent) return [];
        const ledger = customerLedgerRows(items.open, items.cleared, this.config);
        if (stream === 'allocations') return keysOf(ledger.allocations);
        const unreadable = keysOf(items.unreadable);
        if (stream === 'payments') return [...keysOf(ledger.payments), ...unreadable.map(documentKeyOf)];
        return [...keysOf(ledger.receivables), ...unreadable];
      });
      yield keys.flat();
    }
  }

  /**
   * The listing names open items and items cleared in the history window, not older paid history: a
   * settled record last changed before the window's first day is out of its reach, so a sweep keeps it
   * (DSO and payment behaviour need that history). Customers are listed in full.
   */
  sweepScope(stream: StreamName): SweepScope | null {
    if (stream === 'customers') return null;
    const { keyDate, window } = this.#listingReach();
    // No window: only open items are listed; every settled record is out of reach.
    return { changedSince: new Date(dayInstant(window ? window.from : addDays(keyDate, 1))) };
  }

  /** Today's key date and the history window a key listing reads: one place, so that the listing and its scope agree. */
  #listingReach(): { keyDate: LocalDate; window: ClearingWindow | null } {
    const keyDate = today(this.context.clock, this.context.timeZone);
    return { keyDate, window: this.#window(null, keyDate) };
  }

  /** Every "companyCode/customer" a pass reads, in order. */
  async #units(): Promise<string[]> {
    const customers = await this.reader.customers();
    return this.config.companyCodes.flatMap((cc) => customers.map((customer) => `${cc}/${customer}`));
  }

  /** The cleared-items window: the history on the first pass, else from the last key date minus the look-back. */
  #window(previousKeyDate: LocalDate | null, keyDate: LocalDate): ClearingWindow | null {
    if (previousKeyDate === null) return this.config.clearedHistoryDays === 0 ? null : { from: addDays(keyDate, -this.config.clearedHistoryDays), to: keyDate };
    return { from: addDays(previousKeyDate, -this.config.clearedLookbackDays), to: keyDate };
  }

  testConnection(): Promise<ConnectionCheck> {
    return this.reader.testConnection();
  }

  async close(): Promise<void> {
    await this.reader.close();
  }
}

function splitUnit(unit: string): [string, string] {
  const slash = unit.indexOf('/');
  return [unit.slice(0, slash), unit.slice(slash + 1)];
}

/** The external ids of mapped rows, quarantined ones included when their key is known. */
function keysOf(rows: readonly MappedRow[]): string[] {
  return rows.flatMap((r) => (r.ok ? [String(r.record.externalId)] : r.externalId === null ? [] : [r.externalId]));
}

/** "cc/year/doc" of an item key "cc/year/doc/item". */
function documentKeyOf(itemKey: string): string {
  return itemKey.slice(0, itemKey.lastIndexOf('/'));
}
