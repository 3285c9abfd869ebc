import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as soap from 'soap';
import type { LocalDate } from '../../../core/time/local-date';
import { abapToMcStyle, mcStyleToAbap, renameKeys } from '../soap/sap-naming';
import { FakeLedger, type LedgerOptions } from './fake-ledger';
import { functionSignatures } from './function-signatures';
import { renderWsdl } from './sap-wsdl';

/** The SAP user and password the fake accepts. Test values, never a real credential. */
export const fakeSapUser = 'ARBRIDGE';
export const fakeSapPassword = 'fake-sap-password-1';

/** Where the SOAMANAGER-style service lives (service definition ZAR_COLLECTIONS, client 100). */
export const soamanagerPath = '/sap/bc/srt/rfc/sap/zar_collections/100/zar_collections/zar_collections_binding';

/** A failure the next calls meet. */
export type InjectedFailure = { status: 503 | 500 } | { status: 500; fault: string } | { status: 200; returnMessage: { TYPE: string; CODE: string; MESSAGE: string } };

/** One call the fake served, for tests that count calls or check concurrency. */
export interface SapCallRecord {
  functionName: string;
  args: Record<string, unknown>;
  /** Calls in flight when this one started, itself included. */
  inFlight: number;
}

export interface FakeSap {
  /** Base URL (http://127.0.0.1:port). */
  url: string;
  ledger: FakeLedger;
  /** WSDL of the SOAMANAGER service with mc-style names. */
  soamanagerMcWsdlUrl: string;
  /** WSDL of the SOAMANAGER service with ABAP names. */
  soamanagerAbapWsdlUrl: string;
  calls: SapCallRecord[];
  /** Served to the next `count` calls of `functionName` (any when absent). */
  failNext(count: number, failure: InjectedFailure, functionName?: string): void;
  /** Each call waits this long before answering (for the bench's latency and the concurrency tests). */
  setLatencyMs(ms: number): void;
  close(): Promise<void>;
}

const initial = '0000-00-00';

/**
 * A fake SAP system on loopback, speaking SOAP through the `soap` package's own server: the generic
 * RFC handler (/sap/bc/soap/rfc, one WSDL per function module at /sap/bc/soap/wsdl11?services=FM,
 * responses `FM.Response`) and a SOAMANAGER service (responses `FMResponse`) in ABAP and in mc-style
 * names, over one seeded ledger. It sends SAP's wire quirks: empty tables as "", one row as one
 * element, initial dates 0000-00-00, zero-padded keys, unsigned amounts.
 */
export async function startFakeSap(options: LedgerOptions): Promise<FakeSap> {
  const ledger = new FakeLedger(options);
  const calls: SapCallRecord[] = [];
  const failures: Array<{ remaining: number; failure: InjectedFailure; functionName?: string | undefined }> = [];
  let latencyMs = 0;
  let inFlight = 0;

  const authorized = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    return header === 'Basic ' + Buffer.from(`${fakeSapUser}:${fakeSapPassword}`).toString('base64');
  };
  const refuse = (res: ServerResponse): void => {
    // SAP answers a bad login with an HTML page, not a SOAP fault.
    res.writeHead(401, { 'content-type': 'text/html', 'www-authenticate': 'Basic realm="SAP NetWeaver Application Server [NSP/100]"' });
    res.end('<html><head><title>Logon Error Message</title></head><body>Anmeldung fehlgeschlagen / Logon failed</body></html>');
  };

  const httpServer: Server = createServer();
  const base = () => `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  const wsdlFor = (style: 'rfc' | 'soamanager', naming: 'abap' | 'mc-style', functions = functionSignatures) =>
    renderWsdl(functions, {
      style,
      naming,
      serviceName: style === 'rfc' ? (functions.length === 1 ? (functions[0]?.name ?? 'RFC') : 'RFC') : 'ZAR_COLLECTIONS',
      location: style === 'rfc' ? `${base()}/sap/bc/soap/rfc` : `${base()}${soamanagerPath}${naming === 'mc-style' ? '' : '_abap'}`,
    });

  // Authentication and the per-function WSDLs, before the soap package's listeners.
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!authorized(req)) return refuse(res);
    if (url.pathname === '/sap/bc/soap/wsdl11') {
      const fm = url.searchParams.get('services') ?? '';
      const signature = functionSignatures.find((f) => f.name === fm);
      if (!signature) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`Function module ${fm} does not exist`);
        return;
      }
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(wsdlFor('rfc', 'abap', [signature]));
    }
  });

  const handle = (functionName: string, wireArgs: Record<string, unknown>, mc: boolean): Promise<Record<string, unknown>> => {
    const args = (mc ? renameKeys(wireArgs ?? {}, mcStyleToAbap) : wireArgs ?? {}) as Record<string, unknown>;
    inFlight += 1;
    calls.push({ functionName, args, inFlight });
    const finish = () => (inFlight -= 1);
    const run = async (): Promise<Record<string, unknown>> => {
      if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
      const injected = failures.find((f) => f.remaining > 0 && (f.functionName === undefined || f.functionName === functionName));
      if (injected) {
        injected.remaining -= 1;
        const failure = injected.failure;
        if (failure.status === 200) return { RETURN: failure.returnMessage };
        const fault = 'fault' in failure ? failure.fault : 'SYSTEM_FAILURE';
        throw {
          Fault: {
            faultcode: 'SOAP-ENV:Server',
            faultstring: fault,
            detail: { [`${functionName}.Exception`]: { Name: fault, Text: fault === 'SYSTEM_FAILURE' ? 'No free work process' : fault } },
            statusCode: failure.status,
          },
        };
      }
      const result = serve(ledger, functionName, args);
      return mc ? (renameKeys(result, abapToMcStyle) as Record<string, unknown>) : result;
    };
    return run().finally(finish);
  };

  const servicesFor = (naming: 'abap' | 'mc-style', style: 'rfc' | 'soamanager') => {
    const binding = style === 'rfc' ? 'RFCBinding' : 'ZAR_COLLECTIONS_BINDING';
    const ops: Record<string, (args: Record<string, unknown>) => Promise<Record<string, unknown>>> = {};
    for (const f of functionSignatures) {
      const name = naming === 'mc-style' ? abapToMcStyle(f.name) : f.name;
      ops[name] = (args) => handle(f.name, args, naming === 'mc-style');
    }
    return { [style === 'rfc' ? 'RFCService' : 'ZAR_COLLECTIONSService']: { [binding]: ops } };
  };

  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const soapServers = [
    soap.listen(httpServer, '/sap/bc/soap/rfc', servicesFor('abap', 'rfc'), wsdlFor('rfc', 'abap')),
    soap.listen(httpServer, soamanagerPath, servicesFor('mc-style', 'soamanager'), wsdlFor('soamanager', 'mc-style')),
    soap.listen(httpServer, `${soamanagerPath}_abap`, servicesFor('abap', 'soamanager'), wsdlFor('soamanager', 'abap')),
  ];
  // The soap package routes its paths before other listeners: authentication goes through its hook.
  for (const server of soapServers) {
    server.authorizeConnection = (req, res) => {
      if (authorized(req as unknown as IncomingMessage)) return true;
      refuse(res as unknown as ServerResponse);
      return false;
    };
  }

  return {
    url: base(),
    ledger,
    soamanagerMcWsdlUrl: `${base()}${soamanagerPath}?wsdl`,
    soamanagerAbapWsdlUrl: `${base()}${soamanagerPath}_abap?wsdl`,
    calls,
    failNext: (count, failure, functionName) => failures.push({ remaining: count, failure, functionName }),
    setLatencyMs: (ms) => (latencyMs = ms),
    close: () => new Promise<void>((resolve, reject) => {
      httpServer.closeAllConnections();
      httpServer.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}

function message(type: string, code: string, text: string): Record<string, string> {
  return { TYPE: type, CODE: code, MESSAGE: text, LOG_NO: '', LOG_MSG_NO: '000000', MESSAGE_V1: '', MESSAGE_V2: '', MESSAGE_V3: '', MESSAGE_V4: '' };
}

function message1(type: string, id: string, number: string, text: string): Record<string, string> {
  return { TYPE: type, ID: id, NUMBER: number, MESSAGE: text, LOG_NO: '', LOG_MSG_NO: '000000', MESSAGE_V1: '', MESSAGE_V2: '', MESSAGE_V3: '', MESSAGE_V4: '' };
}

/** SAP's table on the wire: "" when empty, else `item` rows (the XML layer makes one row an object). */
function table(rows: ReadonlyArray<Record<string, unknown>>): unknown {
  return rows.length === 0 ? '' : { item: rows };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function serve(ledger: FakeLedger, functionName: string, args: Record<string, unknown>): Record<string, unknown> {
  const companyCode = text(args.COMPANYCODE);
  const knownCompanyCode = (cc: string) => cc === ledger.companyCode || cc === '2000';
  const customerIn = (customer: string, cc: string): string | null => {
    const record = ledger.customers.get(customer);
    if (!record) return `Customer ${customer} does not exist`;
    if (!record.companyCodes.includes(cc)) return `Customer ${customer} is not defined in company code ${cc}`;
    return null;
  };
  switch (functionName) {
    case 'BAPI_CUSTOMER_GETLIST': {
      const ranges = tableRowsOf(args.IDRANGE);
      const match = (id: string) =>
        ranges.length === 0 ||
        ranges.some((r) => {
          const low = text(r.LOW);
          if (text(r.OPTION) === 'BT') return id >= low && id <= text(r.HIGH);
          if (text(r.OPTION) === 'CP') return new RegExp('^' + low.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$').test(id);
          return id === low;
        });
      const maxRows = Number(String(args.MAXROWS ?? '0').trim() || '0');
      const rows = [...ledger.customers.values()]
        .filter((c) => match(c.CUSTOMER))
        .slice(0, maxRows > 0 ? maxRows : undefined).map((c) => ({ CUSTOMER: c.CUSTOMER, NAME: c.NAME, CITY: c.CITY, POSTL_COD1: '69002', STREET: '', COUNTRY: c.COUNTRY, LANGU: c.LANGU_ISO.charAt(0) }));
      return { RETURN: rows.length === 0 ? message1('E', 'F2', '718', 'No customers found for the selection') : message1('', '', '000', ''), IDRANGE: '', ADDRESSDATA: table(rows), SPECIALDATA: '' };
    }
    case 'BAPI_CUSTOMER_GETDETAIL2': {
      const customer = text(args.CUSTOMERNO);
      const record = ledger.customers.get(customer);
      if (!record) return { RETURN: message1('E', 'FN', '502', `Customer ${customer} does not exist`), CUSTOMERBANKDETAIL: '' };
      if (companyCode !== '' && !record.companyCodes.includes(companyCode)) {
        return { RETURN: message1('E', 'FN', '503', `Customer ${customer} is not defined in company code ${companyCode}`), CUSTOMERBANKDETAIL: '' };
      }
      return {
        CUSTOMERADDRESS: { CUSTOMER: record.CUSTOMER, NAME: record.NAME, NAME_2: '', CITY: record.CITY, STREET: '', COUNTRY: record.COUNTRY, LANGU_ISO: record.LANGU_ISO, TELEPHONE: record.TELEPHONE, E_MAIL: record.E_MAIL, CURRENCY: ledger.currency },
        CUSTOMERGENERALDETAIL: { VAT_REG_NO: record.VAT_REG_NO, POSTING_BLOCK: '', ORDER_BLOCK: '' },
        CUSTOMERCOMPANYDETAIL: { PMNTTRMS: record.PMNTTRMS, DUNN_PROCEDURE: '0001', DUNN_BLOCK: record.DUNN_BLOCK, ACCNT_CLERK: '01', POSTING_BLOCK: '', DELETION_FLAG: '', CREDIT_LIMIT: '0.0000' },
        RETURN: message1('', '', '000', ''),
        CUSTOMERBANKDETAIL: '',
      };
    }
    case 'BAPI_AR_ACC_GETOPENITEMS':
    case 'BAPI_AR_ACC_GETBALANCEDITEMS': {
      if (!knownCompanyCode(companyCode)) return { RETURN: message('E', 'FN510', `Company code ${companyCode} does not exist`), LINEITEMS: '' };
      const customer = text(args.CUSTOMER);
      const absent = customerIn(customer, companyCode);
      if (absent) return { RETURN: message('E', absent.includes('company code') ? 'FN503' : 'FN502', absent), LINEITEMS: '' };
      const items =
        functionName === 'BAPI_AR_ACC_GETOPENITEMS'
          ? ledger.openItems(companyCode, customer, text(args.KEYDATE) as LocalDate)
          : ledger.balancedItems(companyCode, customer, text(args.DATE_FROM) as LocalDate, text(args.DATE_TO) as LocalDate);
      if (items.length === 0) return { RETURN: message('I', 'FN517', 'No items found for the selection'), LINEITEMS: '' };
      return { RETURN: message('', '', ''), LINEITEMS: table(items.map((i) => ({ ...i, CLEAR_DATE: i.CLEAR_DATE || initial }))) };
    }
    case 'Z_AR_SET_DUNNING_DATA': {
      // The customer's RFC as README describes it: set the flagged fields of each item, one BAPIRET2 row per item, COMMIT WORK inside.
      const rows = tableRowsOf(args.IT_ITEMS).map((row, index) => {
        const item = ledger.items.find((i) => i.COMP_CODE === text(row.COMP_CODE) && i.FISC_YEAR === text(row.FISC_YEAR) && i.DOC_NO === text(row.DOC_NO) && i.ITEM_NUM === text(row.ITEM_NUM));
        const ret = (type: string, number: string, msg: string) => ({ ...message1(type, 'ZAR', number, msg), PARAMETER: 'IT_ITEMS', ROW: String(index + 1), FIELD: '', SYSTEM: 'NSP100' });
        if (!item) return ret('E', '001', `Item ${text(row.COMP_CODE)} ${text(row.FISC_YEAR)} ${text(row.DOC_NO)} ${text(row.ITEM_NUM)} does not exist`);
        if (text(args.IV_TESTRUN) !== 'X') {
          if (text(row.UPD_DUNN_LEVEL) === 'X') item.DUNN_LEVEL = text(row.DUNN_LEVEL) || '0';
          if (text(row.UPD_LAST_DUNN) === 'X') item.LAST_DUNN = text(row.LAST_DUNN) || initial;
          if (text(row.UPD_DUNN_BLOCK) === 'X') item.DUNN_BLOCK = text(row.DUNN_BLOCK);
        }
        return ret('S', '000', `Item ${item.DOC_NO} changed`);
      });
      return { IT_ITEMS: '', ET_RETURN: table(rows) };
    }
    default:
      throw { Fault: { faultcode: 'SOAP-ENV:Server', faultstring: 'FUNCTION_NOT_FOUND', statusCode: 500 } };
  }
}

function tableRowsOf(value: unknown): Array<Record<string, unknown>> {
  if (typeof value !== 'object' || value === null) return [];
  const item = (value as { item?: unknown }).item;
  if (item === undefined) return [];
  return (Array.isArray(item) ? item : [item]) as Array<Record<string, unknown>>;
}
