import { ArbridgeError, AuthError, ConfigError, PermanentError } from '../../../core/errors';
import { today, type LocalDate } from '../../../core/time/local-date';
import type { ConnectionCheck, ConnectorContext, MappedRow, PushRequest } from '../../contract';
import type { SapEccSoapConfig } from '../config';
import type { ClearingWindow, CustomerItems, SapLedgerReader } from '../ledger-reader';
import { customerExternalId, mapCustomer } from '../mappers/customer';
import { readLineItem, type LineItem } from '../mappers/line-item';
import { classifyReturn, describeMessage, isCustomerAbsent, readReturn, type SapMessage } from '../return-messages';
import type { SapCustomerDetail, SapLineItem } from '../types';
import { sapText, tableRows } from '../wire-values';
import { itemKeyParts, readDunningWriteBack } from '../write-back';
import { SapSoapClient } from './sap-soap-client';

/** ECC and S/4HANA on premise through the RFC BAPIs over SOAP: one call per customer and company code. */
export class EccLedgerReader implements SapLedgerReader {
  readonly #client: SapSoapClient;
  #customerList: Promise<string[]> | null = null;
  /** Sends dunning data through the customer's own RFC; absent without `writeBack` in config. */
  readonly push?: (request: PushRequest) => Promise<{ providerReference: string | null }>;

  constructor(
    private readonly config: SapEccSoapConfig,
    private readonly context: ConnectorContext,
  ) {
    this.#client = new SapSoapClient(config, { logger: context.logger, signal: context.signal });
    if (config.writeBack) this.push = (request) => this.#push(request);
  }

  /**
   * One call of the customer's RFC (README: the write-back contract) with one row per item: the
   * fields to set and an UPD_ flag per field, as FI_ITEMS_MASS_CHANGE's field table does; set
   * semantics, so a resent action leaves the items as the first one did.
   */
  async #push(request: PushRequest): Promise<{ providerReference: string | null }> {
    const writeBack = this.config.writeBack!;
    const action = readDunningWriteBack(request);
    const rows = action.receivableExternalIds.map((id) => {
      const key = itemKeyParts(id);
      if (!key) throw new PermanentError('sap_push_payload', `SAP write-back ${request.actionId}: ${id} is not an SAP item key`);
      return {
        COMP_CODE: key.companyCode, FISC_YEAR: key.fiscalYear, DOC_NO: key.document, ITEM_NUM: key.item,
        DUNN_LEVEL: action.dunningLevel === undefined ? '' : String(action.dunningLevel), UPD_DUNN_LEVEL: action.dunningLevel === undefined ? '' : 'X',
        LAST_DUNN: action.lastDunnedOn ?? '', UPD_LAST_DUNN: action.lastDunnedOn === undefined ? '' : 'X',
        DUNN_BLOCK: action.dunningBlock ?? '', UPD_DUNN_BLOCK: action.dunningBlock === undefined ? '' : 'X',
      };
    });
    const args: Record<string, unknown> = { [writeBack.itemsParameter]: { item: rows }, [writeBack.returnParameter]: '' };
    if (writeBack.testRunParameter) args[writeBack.testRunParameter] = '';
    const result = await this.#client.call(writeBack.functionName, args);
    const error = classifyReturn(writeBack.functionName, readReturn(result[writeBack.returnParameter]));
    if (error) throw error;
    return { providerReference: null };
  }

  async customers(): Promise<string[]> {
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

  async customerRows(cc: string, customer: string): Promise<MappedRow[]> {
    const result = (await this.#client.call('BAPI_CUSTOMER_GETDETAIL2', { CUSTOMERNO: customer, COMPANYCODE: cc, CUSTOMERBANKDETAIL: '' })) as SapCustomerDetail;
    const messages = readReturn(result.RETURN);
    if (isCustomerAbsent(messages)) return [];
    const error = classifyReturn('BAPI_CUSTOMER_GETDETAIL2', messages);
    if (error) throw error;
    return [mapCustomer(cc, customer, result)];
  }

  async customerItems(cc: string, customer: string, keyDate: LocalDate, window: ClearingWindow | null): Promise<CustomerItems> {
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

  async close(): Promise<void> {}
}
