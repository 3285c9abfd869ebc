import type * as soap from 'soap';
import { ArbridgeError, ConfigError } from '../../../core/errors';
import type { Logger } from '../../../core/logging/logger';
import { classifySapError, type SapCallFailure } from '../classify-error';
import type { SapEccSoapConfig as SapConfig } from '../config';
import { withRetry } from '../../erp-call-retry';
import { sapRetryPolicy } from '../retry';
import { abapToMcStyle, mcStyleToAbap, renameKeys, type SapNaming } from './sap-naming';

/** How SAP wraps the response of function module FM: the generic handler's `FM.Response` or SOAMANAGER's `FMResponse`. */
export type SapResponseStyle = 'dot-response' | 'response';

/** One bound operation of a loaded WSDL. */
interface BoundOperation {
  client: soap.Client;
  /** The operation's name in the WSDL (ABAP or mc-style). */
  operation: string;
  naming: SapNaming;
  responseStyle: SapResponseStyle;
}

/** What a call to one function module gave: its exports and tables in ABAP names, the wire quirks left for the mappers. */
export type SapResult = Record<string, unknown>;

/** Keeps amounts, dates and numbers as the text SAP sent: money is never a float on the way. */
const keepText = (text: string): string => text;
const customDeserializer = Object.fromEntries(
  ['decimal', 'double', 'float', 'int', 'integer', 'long', 'short', 'date', 'dateTime', 'time', 'boolean'].map((t) => [t, keepText]),
);

/**
 * Calls RFC function modules over SOAP, driven by the system's WSDL (reference §1.1–1.3). The
 * connector speaks ABAP names; this client finds the operation whatever its naming, converts
 * mc-style names both ways, reads the response namespace-agnostically (`FM.Response` or
 * `FMResponse`, any prefix), classifies faults and HTTP failures and retries what is transient.
 */
export class SapSoapClient {
  readonly #operations = new Map<string, Promise<BoundOperation>>();
  #serviceClient: Promise<soap.Client> | null = null;

  constructor(
    private readonly config: SapConfig,
    private readonly options: { logger: Logger; signal?: AbortSignal | undefined },
  ) {}

  /** The WSDL URL for one function module (rfc style) or the service (soamanager). */
  wsdlUrlFor(functionName: string): string {
    if (this.config.wsdlUrl) return this.config.wsdlUrl.replace('{FM}', functionName);
    return `${this.config.url}/sap/bc/soap/wsdl11?services=${functionName}&sap-client=${this.config.client}`;
  }

  /** Where calls go: the configured endpoint, else (rfc style) the generic handler, else the WSDL's soap:address. */
  #endpoint(): string | null {
    if (this.config.endpoint) return withClient(this.config.endpoint, this.config.client);
    if (this.config.style === 'rfc') return `${this.config.url}/sap/bc/soap/rfc?sap-client=${this.config.client}`;
    return null;
  }

  /** How the WSDL names and wraps `functionName`, loading the WSDL on first use. */
  describe(functionName: string): Promise<{ operation: string; naming: SapNaming; responseStyle: SapResponseStyle }> {
    return this.#bind(functionName).then(({ operation, naming, responseStyle }) => ({ operation, naming, responseStyle }));
  }

  /**
   * Calls `functionName` with `args` in ABAP names (send every TABLES parameter as "" so SAP
   * returns it) and gives its result in ABAP names.
   */
  async call(functionName: string, args: Record<string, unknown>): Promise<SapResult> {
    const bound = await this.#bind(functionName);
    const wireArgs = bound.naming === 'mc-style' ? (renameKeys(args, abapToMcStyle) as Record<string, unknown>) : args;
    const run = async (): Promise<SapResult> => {
      const method = (bound.client as unknown as Record<string, (a: unknown, o: unknown) => Promise<[unknown, string]>>)[`${bound.operation}Async`];
      if (typeof method !== 'function') throw new ConfigError('sap_function_not_found', `SAP ${functionName}: the WSDL has no operation ${bound.operation}`);
      let result: unknown;
      let raw: string;
      try {
        [result, raw] = await method.call(bound.client, wireArgs, { timeout: this.config.timeoutMs });
      } catch (error) {
        throw toSapError(functionName, error);
      }
      if (result === undefined || result === null) result = findResponse(bound.client, raw, functionName, bound);
      const named = bound.naming === 'mc-style' ? renameKeys(result, mcStyleToAbap) : result;
      return typeof named === 'object' && named !== null ? (named as SapResult) : {};
    };
    return withRetry(run, sapRetryPolicy(this.config), this.options.signal);
  }

  #bind(functionName: string): Promise<BoundOperation> {
    let bound = this.#operations.get(functionName);
    if (!bound) {
      bound = this.#load(functionName);
      // A failed load is not cached: the next call tries again.
      bound.catch(() => this.#operations.delete(functionName));
      this.#operations.set(functionName, bound);
    }
    return bound;
  }

  async #load(functionName: string): Promise<BoundOperation> {
    const client = await (this.config.style === 'soamanager' ? this.#service() : this.#createClient(this.wsdlUrlFor(functionName)));
    const description = client.describe() as Record<string, Record<string, Record<string, unknown>>>;
    const mc = abapToMcStyle(functionName);
    for (const service of Object.values(description)) {
      for (const port of Object.values(service)) {
        for (const name of Object.keys(port)) {
          if (name !== functionName && name !== mc) continue;
          return { client, operation: name, naming: name === functionName ? 'abap' : 'mc-style', responseStyle: responseStyleOf(client, name) };
        }
      }
    }
    throw new ConfigError('sap_function_not_found', `SAP ${functionName}: the service's WSDL (${redactUrl(this.wsdlUrlFor(functionName))}) exposes no such operation`);
  }

  #service(): Promise<soap.Client> {
    if (!this.#serviceClient) {
      this.#serviceClient = this.#createClient(this.wsdlUrlFor(''));
      this.#serviceClient.catch(() => (this.#serviceClient = null));
    }
    return this.#serviceClient;
  }

  async #createClient(wsdlUrl: string): Promise<soap.Client> {
    // soap is loaded on first use: a process that reads Odoo or Sage does not carry its ~25 MB.
    const soap = require('soap') as typeof import('soap');
    const password = this.config.password.reveal();
    const authorization = 'Basic ' + Buffer.from(`${this.config.user}:${password}`).toString('base64');
    const load = async (): Promise<soap.Client> => {
      try {
        const client = await soap.createClientAsync(withClient(wsdlUrl, this.config.client), {
          wsdl_headers: { Authorization: authorization },
          wsdl_options: { timeout: this.config.timeoutMs },
          customDeserializer,
          disableCache: true,
        });
        client.setSecurity(new soap.BasicAuthSecurity(this.config.user, password));
        const endpoint = this.#endpoint();
        if (endpoint) client.setEndpoint(endpoint);
        return client;
      } catch (error) {
        throw toSapError('WSDL', error);
      }
    };
    return withRetry(load, sapRetryPolicy(this.config), this.options.signal);
  }
}

function withClient(url: string, client: string): string {
  return /[?&]sap-client=/.test(url) ? url : `${url}${url.includes('?') ? '&' : '?'}sap-client=${client}`;
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^/@]*@/, '//');
}

function responseStyleOf(client: soap.Client, operation: string): SapResponseStyle {
  const definitions = (client as unknown as { wsdl: { definitions: { messages: Record<string, { element?: { $name?: string } }> } } }).wsdl.definitions;
  for (const message of Object.values(definitions.messages)) {
    const name = message.element?.$name ?? '';
    if (name === `${operation}.Response`) return 'dot-response';
  }
  return 'response';
}

/** The response element whatever its prefix and spelling, when the soap package did not find it under the WSDL's name. */
function findResponse(client: soap.Client, raw: string, functionName: string, bound: BoundOperation): unknown {
  const wsdl = (client as unknown as { wsdl: { xmlToObject(xml: string): { Body?: Record<string, unknown> } } }).wsdl;
  const body = wsdl.xmlToObject(raw).Body ?? {};
  const names = new Set([`${functionName}.Response`, `${functionName}Response`, `${bound.operation}.Response`, `${bound.operation}Response`]);
  for (const [key, value] of Object.entries(body)) {
    const local = key.includes(':') ? key.slice(key.indexOf(':') + 1) : key;
    if (names.has(local)) return value;
  }
  return {};
}

/** Reads what the soap package threw into plain facts, then into the taxonomy. Never carries the request (it holds the Authorization header). */
export function toSapError(operation: string, error: unknown): ArbridgeError {
  if (error instanceof ArbridgeError) return error;
  const e = error as {
    code?: string;
    response?: { status?: number; headers?: Record<string, unknown> };
    root?: { Envelope?: { Body?: { Fault?: Record<string, unknown> } } };
    cause?: { code?: string };
  };
  const failure: SapCallFailure = { operation };
  // Loading a WSDL fails with only a message: "Invalid WSDL URL: … Code: 401 Response Body: …".
  const wsdlStatus = /Invalid WSDL URL[\s\S]*?Code: (\d{3})/.exec(error instanceof Error ? error.message : '');
  if (wsdlStatus) {
    failure.status = Number(wsdlStatus[1]);
  } else if (e?.response?.status !== undefined) {
    failure.status = e.response.status;
    const retryAfter = Number(e.response.headers?.['retry-after']);
    failure.retryAfterSeconds = Number.isFinite(retryAfter) ? retryAfter : null;
  } else {
    failure.networkCode = e?.code ?? e?.cause?.code ?? 'unknown';
  }
  const fault = e?.root?.Envelope?.Body?.Fault;
  if (fault) failure.fault = readFault(fault);
  return classifySapError(failure);
}

function readFault(fault: Record<string, unknown>): NonNullable<SapCallFailure['fault']> {
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  let exceptionName: string | null = null;
  let detailText: string | null = null;
  const detail = fault.detail as Record<string, unknown> | undefined;
  if (detail && typeof detail === 'object') {
    for (const value of Object.values(detail)) {
      if (typeof value !== 'object' || value === null) continue;
      const v = value as Record<string, unknown>;
      exceptionName = text(v.Name) ?? text(v.name) ?? exceptionName;
      detailText = text(v.Text) ?? text(v.text) ?? text(v.Message) ?? detailText;
    }
  }
  return { code: text(fault.faultcode), text: detailText ?? text(fault.faultstring), exceptionName };
}
