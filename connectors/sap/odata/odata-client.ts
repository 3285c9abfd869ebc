import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Logger } from '../../../core/logging/logger';
import type { Secret } from '../../../core/secret';
import { withRetry, type RetryPolicy } from '../../erp-call-retry';
import { classifyHttpReply, classifyODataError } from './classify-odata-error';
import { odataResults } from './odata-values';

/** How to reach one S/4HANA host. */
export interface ODataClientOptions {
  url: string;
  client: string;
  user: string;
  password: Secret;
  timeoutMs: number;
  retry: RetryPolicy;
  logger: Logger;
  signal?: AbortSignal | undefined;
}

/** One OData V2 query: system options without the `$` (filter, select, orderby, expand). */
export interface ODataQuery {
  filter?: string;
  select?: string;
  orderby?: string;
  expand?: string;
}

/**
 * A read-only OData V2 client for SAP Gateway: Basic auth, JSON, `sap-client`, no CSRF token (GET
 * needs none). Reads whole entity sets page by page with `$top`/`$skip`, following the server's
 * `__next` links inside each window when the service caps its page size (reference §3.3).
 */
export class ODataClient {
  readonly #http: AxiosInstance;

  constructor(private readonly options: ODataClientOptions) {
    this.#http = axios.create({
      baseURL: options.url,
      timeout: options.timeoutMs,
      headers: { Accept: 'application/json' },
      // Every status comes back as a response: the classifier decides.
      validateStatus: () => true,
      maxRedirects: 0,
    });
  }

  /** GETs `path` (service root + entity set, or a __next link) and gives `d`, retrying transient failures. */
  async get(operation: string, path: string, params?: Record<string, string>): Promise<{ results: Record<string, unknown>[]; next: string | null }> {
    const response = await withRetry(() => this.#send(operation, path, params), this.options.retry, this.options.signal);
    const d = (response.data as { d?: { results?: unknown; __next?: unknown } } | null)?.d;
    if (!d || typeof d !== 'object') throw classifyODataError({ operation, status: 502, sapMessage: 'the response has no "d" object (not OData V2 JSON)' });
    return { results: odataResults(d), next: typeof d.__next === 'string' ? d.__next : null };
  }

  async #send(operation: string, path: string, params?: Record<string, string>): Promise<AxiosResponse> {
    let response: AxiosResponse;
    try {
      response = await this.#http.get(path, {
        params: path.includes('?') ? params : { ...params, $format: 'json', 'sap-client': this.options.client },
        auth: { username: this.options.user, password: this.options.password.reveal() },
        ...(this.options.signal ? { signal: this.options.signal } : {}),
      });
    } catch (error) {
      throw classifyODataError({ operation, networkCode: (error as { code?: string }).code ?? 'unknown' });
    }
    if (response.status >= 200 && response.status < 300) return response;
    throw classifyHttpReply(operation, response.status, response.data, response.headers['retry-after']);
  }

  /**
   * Every row of `entitySet` matching `query`, page by page: windows of `pageSize` rows by $skip on a
   * stable $orderby, and inside a window the server's __next links until it has sent the window.
   */
  async *readAll(servicePath: string, entitySet: string, query: ODataQuery, pageSize: number): AsyncIterable<Record<string, unknown>[]> {
    const base: Record<string, string> = {};
    if (query.filter) base.$filter = query.filter;
    if (query.select) base.$select = query.select;
    if (query.orderby) base.$orderby = query.orderby;
    if (query.expand) base.$expand = query.expand;
    for (let skip = 0; ; skip += pageSize) {
      let page = await this.get(entitySet, `${servicePath}/${entitySet}`, { ...base, $top: String(pageSize), $skip: String(skip) });
      let inWindow = page.results.length;
      yield page.results;
      while (page.next !== null) {
        page = await this.get(entitySet, relativeTo(this.options.url, page.next));
        inWindow += page.results.length;
        yield page.results;
      }
      if (inWindow < pageSize) return;
    }
  }
}

/** A __next link is absolute (or service-relative): keep only path and query, so it goes to the configured host. */
function relativeTo(baseUrl: string, link: string): string {
  const url = new URL(link, baseUrl + '/');
  return url.pathname + url.search;
}
