import { addDays, today, type LocalDate } from '../../core/time/local-date';
import type { StreamName } from '../../core/model';
import type { ConnectionCheck, ConnectorContext, ConnectorInstance, MappedRow, Page, PushRequest } from '../contract';
import { mapBounded } from './bounded-map';
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
 * customer's open items at today's key date and the items cleared since the last pass, and keeps
 * the snapshot of open keys in the cursor (neither API has a delta of open items).
 *
 * Items are held for one page of customers only: each of the receivables, payments and allocations
 * streams reads them again (two calls per customer and company code on ECC), so a pull's memory
 * follows the page, not the ledger. Keeping them for the run to spare those calls cost ~150 MB per
 * 100,000 items (bench/sap-pull).
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
    const customers = await this.reader.customers();
    const units = this.config.companyCodes.flatMap((cc) => customers.map((customer) => `${cc}/${customer}`));
    // Resume a pass interrupted on the same key date; otherwise start a new one.
    const resume = cursor?.pass && cursor.pass.keyDate === keyDate ? units.indexOf(cursor.pass.after) + 1 : 0;
    const previousKeyDate = cursor?.keyDate ?? null;
    const window = this.#window(previousKeyDate, keyDate);
    let open: Record<string, string[]> | undefined = stream === 'receivables' ? { ...(cursor?.open ?? {}) } : undefined;

    for (let start = resume; start < units.length; start += this.config.customersPerPage) {
      if (this.context.signal?.aborted) return;
      const chunk = units.slice(start, start + this.config.customersPerPage);
      const rows: MappedRow[][] = await mapBounded(chunk, this.config.concurrency, async (unit) => {
        const [cc, customer] = splitUnit(unit);
        if (stream === 'customers') return this.reader.customerRows(cc, customer);
        const items = await this.reader.customerItems(cc, customer, keyDate, window);
        if (items.absent) {
          if (open) delete open[unit];
          return [];
        }
        const ledger = customerLedgerRows(items.open, items.cleared, this.config);
        if (stream === 'payments') return ledger.payments;
        if (stream === 'allocations') return ledger.allocations;
        // An unreadable row is quarantined for what it is, not reported as gone; it stays in the snapshot.
        const unreadableKeys = items.unreadable.map((r) => (r.ok ? '' : (r.externalId ?? ''))).filter((k) => k !== '');
        const stillThere = [...ledger.openReceivableKeys, ...unreadableKeys];
        const vanished = this.#vanished(open?.[unit] ?? [], cc, stillThere, ledger.clearedReceivableKeys, previousKeyDate, window);
        if (open) open[unit] = stillThere.map((k) => k.slice(cc.length + 1));
        return [...items.unreadable, ...ledger.receivables, ...vanished];
      });
      const last = start + chunk.length >= units.length;
      const next: SapSnapshotCursor = last
        ? { keyDate, ...(open ? { open } : {}) }
        : { keyDate: previousKeyDate, ...(open ? { open } : {}), pass: { keyDate, after: chunk[chunk.length - 1] as string } };
      yield { rows: rows.flat(), cursor: next };
      open = open ? { ...open } : undefined;
    }
    if (units.length === 0 || resume >= units.length) yield { rows: [], cursor: { keyDate, ...(open ? { open } : {}) } };
  }

  /** The cleared-items window: the history on the first pass, else from the last key date minus the look-back. */
  #window(previousKeyDate: LocalDate | null, keyDate: LocalDate): ClearingWindow | null {
    if (previousKeyDate === null) return this.config.clearedHistoryDays === 0 ? null : { from: addDays(keyDate, -this.config.clearedHistoryDays), to: keyDate };
    return { from: addDays(previousKeyDate, -this.config.clearedLookbackDays), to: keyDate };
  }

  /** Items open at the last pass that are neither open nor cleared now: reported, never left "open" silently. */
  #vanished(previous: readonly string[], cc: string, openKeys: readonly string[], clearedKeys: readonly string[], previousKeyDate: LocalDate | null, window: ClearingWindow | null): MappedRow[] {
    const seen = new Set([...openKeys, ...clearedKeys]);
    return previous
      .map((k) => `${cc}/${k}`)
      .filter((key) => !seen.has(key))
      .map((key) => ({
        ok: false as const,
        externalId: key,
        reason: `SAP item ${key} was open at ${previousKeyDate ?? 'the last pass'} and is no longer open, but is not among the items cleared ${window ? `between ${window.from} and ${window.to}` : ''} (archived, or cleared before the look-back window: raise clearedLookbackDays)`,
        raw: null,
      }));
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
