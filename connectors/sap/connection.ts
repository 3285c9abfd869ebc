import { ArbridgeError, AuthError, ConfigError } from '../../core/errors';
import type { StreamName } from '../../core/model';
import { addDays, today, type LocalDate } from '../../core/time/local-date';
import type { ConnectionCheck, ConnectorContext, ConnectorInstance, MappedRow, Page } from '../contract';
import { mapBounded } from './bounded-map';
import type { SapConfig } from './config';
import type { SapCursor } from './cursor';
import { customerExternalId, mapCustomer } from './mappers/customer';
import { customerLedgerRows } from './mappers/customer-ledger';
import { readLineItem, type LineItem } from './mappers/line-item';
import { classifyReturn, describeMessage, isCustomerAbsent, readReturn, type SapMessage } from './return-messages';
import { SapSoapClient } from './soap/sap-soap-client';
import type { SapCustomerDetail, SapLineItem } from './types';
import { sapText, tableRows } from './wire-values';

/** One customer's items from one pass: read once per run, shared by the receivables, payments and allocations streams. */
interface CustomerItems {
  open: LineItem[];
  cleared: LineItem[];
  /** Rows SAP sent that could not be read, with why. */
  unreadable: MappedRow[];
  /** The customer is not defined in this company code. */
  absent: boolean;
}

/** A running connection to one SAP ECC / S/4HANA system over SOAP. */
export class SapConnection implements ConnectorInstance<SapCursor> {
  readonly #client: SapSoapClient;
  #customerList: Promise<string[]> | null = null;
  readonly #items = new Map<string, Promise<CustomerItems>>();

  constructor(
    private readonly config: SapConfig,
    private readonly context: ConnectorContext,
  ) {
    this.#client = new SapSoapClient(config, { logger: context.logger, signal: context.signal });
  }

  async *pull(stream: StreamName, cursor: SapCursor | null): AsyncIterable<Page<SapCursor>> {
    const keyDate = today(this.context.clock, this.context.timeZone);
    const customers = await this.#customers();
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
        if (stream === 'customers') return this.#customerRows(cc, customer);
        const items = await this.#customerItems(cc, customer, keyDate, window);
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
      const next: SapCursor = last
        ? { keyDate, ...(open ? { open } : {}) }
        : { keyDate: previousKeyDate, ...(open ? { open } : {}), pass: { keyDate, after: chunk[chunk.length - 1] as string } };
      yield { rows: rows.flat(), cursor: next };
      open = open ? { ...open } : undefined;
    }
    if (units.length === 0 || resume >= units.length) yield { rows: [], cursor: { keyDate, ...(open ? { open } : {}) } };
  }

  /** The cleared-items window: the history on the first pass, else from the last key date minus the look-back. */
  #window(previousKeyDate: LocalDate | null, keyDate: LocalDate): { from: LocalDate; to: LocalDate } | null {
    if (previousKeyDate === null) return this.config.clearedHistoryDays === 0 ? null : { from: addDays(keyDate, -this.config.clearedHistoryDays), to: keyDate };
    return { from: addDays(previousKeyDate, -this.config.clearedLookbackDays), to: keyDate };
  }

  /** Items open at the last pass that are neither open nor cleared now: reported, never left "open" silently. */
  #vanished(previous: readonly string[], cc: string, openKeys: readonly string[], clearedKeys: readonly string[], previousKeyDate: LocalDate | null, window: { from: LocalDate; to: LocalDate } | null): MappedRow[] {
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

  async #customers(): Promise<string[]> {
    if (!this.#customerList) {
      this.#customerList = (async () => {
        const result = await this.#client.call('BAPI_CUSTOMER_GETLIST', {
          MAXROWS: 0,
          CPDONLY: '',
          IDRANGE: { item: this.config.customerRanges.map((r) => (r.high ? { SIGN: 'I', OPTION: 'BT', LOW: r.low, HIGH: r.high } : { SIGN: 'I', OPTION: r.low.includes('*') ? 'CP' : 'EQ', LOW: r.low, HIGH: '' })) },
          ADDRESSDATA: '',
          SPECIALDATA: '',
        });
        const messages = readReturn(result.RETURN);
        const error = classifyReturn('BAPI_CUSTOMER_GETLIST', messages);
        if (error) throw error;
        const ids = tableRows(result.ADDRESSDATA).map((r) => sapText(r.CUSTOMER)).filter((c): c is string => c !== null);
        return [...new Set(ids)].sort();
      })();
      this.#customerList.catch(() => (this.#customerList = null));
    }
    return this.#customerList;
  }

  async #customerRows(cc: string, customer: string): Promise<MappedRow[]> {
    const result = (await this.#client.call('BAPI_CUSTOMER_GETDETAIL2', { CUSTOMERNO: customer, COMPANYCODE: cc, CUSTOMERBANKDETAIL: '' })) as SapCustomerDetail;
    const messages = readReturn(result.RETURN);
    if (isCustomerAbsent(messages)) return [];
    const error = classifyReturn('BAPI_CUSTOMER_GETDETAIL2', messages);
    if (error) throw error;
    return [mapCustomer(cc, customer, result)];
  }

  #customerItems(cc: string, customer: string, keyDate: LocalDate, window: { from: LocalDate; to: LocalDate } | null): Promise<CustomerItems> {
    const cacheKey = `${cc}/${customer}@${keyDate}:${window?.from ?? ''}`;
    let items = this.#items.get(cacheKey);
    if (!items) {
      items = this.#readCustomerItems(cc, customer, keyDate, window);
      items.catch(() => this.#items.delete(cacheKey));
      this.#items.set(cacheKey, items);
    }
    return items;
  }

  async #readCustomerItems(cc: string, customer: string, keyDate: LocalDate, window: { from: LocalDate; to: LocalDate } | null): Promise<CustomerItems> {
    const read = async (functionName: string, args: Record<string, unknown>): Promise<{ rows: Record<string, unknown>[]; absent: boolean }> => {
      const result = await this.#client.call(functionName, { COMPANYCODE: cc, CUSTOMER: customer, ...args, LINEITEMS: '' });
      const messages = readReturn(result.RETURN);
      if (isCustomerAbsent(messages)) return { rows: [], absent: true };
      const error = classifyReturn(functionName, messages);
      if (error) throw error;
      return { rows: tableRows(result.LINEITEMS), absent: false };
    };
    const openRead = await read('BAPI_AR_ACC_GETOPENITEMS', { KEYDATE: keyDate, NOTEDITEMS: '' });
    if (openRead.absent) return { open: [], cleared: [], unreadable: [], absent: true };
    const clearedRead = window ? await read('BAPI_AR_ACC_GETBALANCEDITEMS', { DATE_FROM: window.from, DATE_TO: window.to }) : { rows: [], absent: false };
    const unreadable: MappedRow[] = [];
    const parse = (rows: Record<string, unknown>[]): LineItem[] =>
      rows.flatMap((raw) => {
        const read = readLineItem(raw as SapLineItem);
        if (read.ok) return [read.item];
        unreadable.push({ ok: false, externalId: read.key, reason: read.reason, raw });
        return [];
      });
    return { open: parse(openRead.rows), cleared: parse(clearedRead.rows), unreadable, absent: false };
  }

  async testConnection(): Promise<ConnectionCheck> {
    const details: string[] = [`SAP ${this.config.url} client ${this.config.client}, user ${this.config.user}, ${this.config.style === 'rfc' ? 'generic RFC SOAP handler' : 'SOAMANAGER service'}`];
    const said = (messages: SapMessage[]) => (messages.length === 0 ? 'no message' : messages.map(describeMessage).join('; '));
    try {
      for (const fm of ['BAPI_CUSTOMER_GETLIST', 'BAPI_CUSTOMER_GETDETAIL2', 'BAPI_AR_ACC_GETOPENITEMS', 'BAPI_AR_ACC_GETBALANCEDITEMS']) {
        const d = await this.#client.describe(fm);
        details.push(`${fm}: in the WSDL as ${d.operation} (${d.naming === 'abap' ? 'ABAP names' : 'mc-style names'}, response ${d.responseStyle === 'dot-response' ? `${d.operation}.Response` : `${d.operation}Response`})`);
      }
      const list = await this.#client.call('BAPI_CUSTOMER_GETLIST', { MAXROWS: 5, CPDONLY: '', IDRANGE: { item: [{ SIGN: 'I', OPTION: 'CP', LOW: '*', HIGH: '' }] }, ADDRESSDATA: '', SPECIALDATA: '' });
      const listMessages = readReturn(list.RETURN);
      const first = tableRows(list.ADDRESSDATA).map((r) => sapText(r.CUSTOMER)).find((c): c is string => c !== null);
      details.push(`BAPI_CUSTOMER_GETLIST (5 rows at most): ${tableRows(list.ADDRESSDATA).length} customers; SAP says: ${said(listMessages)}`);
      if (classifyReturn('BAPI_CUSTOMER_GETLIST', listMessages)) return { ok: false, details };
      let ok = true;
      for (const cc of this.config.companyCodes) {
        if (first === undefined) break;
        const items = await this.#client.call('BAPI_AR_ACC_GETOPENITEMS', { COMPANYCODE: cc, CUSTOMER: first, KEYDATE: today(this.context.clock, this.context.timeZone), NOTEDITEMS: '', LINEITEMS: '' });
        const messages = readReturn(items.RETURN);
        const failed = classifyReturn('BAPI_AR_ACC_GETOPENITEMS', messages) !== null;
        ok &&= !failed;
        details.push(`BAPI_AR_ACC_GETOPENITEMS company code ${cc}, customer ${customerExternalId(cc, first)}: ${tableRows(items.LINEITEMS).length} open items; SAP says: ${said(messages)}`);
      }
      return { ok, details };
    } catch (error) {
      const message = error instanceof ArbridgeError ? `${error.message} [${error.code}/${error.reason}]` : 'unexpected failure';
      details.push(`failed: ${message}`);
      if (error instanceof AuthError || error instanceof ConfigError) return { ok: false, details };
      return { ok: false, details };
    }
  }

  async close(): Promise<void> {
    this.#items.clear();
  }
}

function splitUnit(unit: string): [string, string] {
  const slash = unit.indexOf('/');
  return [unit.slice(0, slash), unit.slice(slash + 1)];
}
