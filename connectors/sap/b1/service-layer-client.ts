import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { ConnectorContext } from '../../contract';
import type { SapB1ServiceLayerConfig } from '../config';
import { classifyHttpReply, classifyODataError } from '../odata/classify-odata-error';
import { withRetry } from '../../erp-call-retry';
import { sapRetryPolicy } from '../retry';

/**
 * The Business One Service Layer (/b1s/v1): logs in with CompanyDB, UserName and Password, keeps the
 * B1SESSION and ROUTEID cookies (never logged, never stored), logs in again once when a call meets an
 * expired session (HTTP 401, B1 error 301) and repeats that call; pages with
 * `Prefer: odata.maxpagesize` and `odata.nextLink` (reference §4).
 */
export class ServiceLayerClient {
  readonly #http: AxiosInstance;
  #cookies: Promise<string> | null = null;

  constructor(
    private readonly config: SapB1ServiceLayerConfig,
    private readonly context: ConnectorContext,
  ) {
    this.#http = axios.create({ baseURL: `${config.url}/b1s/v1/`, timeout: config.timeoutMs, validateStatus: () => true, maxRedirects: 0 });
  }

  #login(): Promise<string> {
    if (!this.#cookies) {
      this.#cookies = (async () => {
        const response = await this.#send('Login', () => this.#http.post('Login', { CompanyDB: this.config.companyDb, UserName: this.config.user, Password: this.config.password.reveal() }));
        const cookies = (response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).filter((c) => /^(B1SESSION|ROUTEID)=/.test(c));
        if (!cookies.some((c) => c.startsWith('B1SESSION='))) throw classifyODataError({ operation: 'Login', status: 502, sapMessage: 'no B1SESSION cookie in the reply' });
        return cookies.join('; ');
      })();
      this.#cookies.catch(() => (this.#cookies = null));
    }
    return this.#cookies;
  }

  /** One HTTP exchange, transient failures retried; a non-2xx becomes a classified error. */
  async #send(operation: string, call: () => Promise<AxiosResponse>): Promise<AxiosResponse> {
    return withRetry(
      async () => {
        let response: AxiosResponse;
        try {
          response = await call();
        } catch (error) {
          throw classifyODataError({ operation, networkCode: (error as { code?: string }).code ?? 'unknown' });
        }
        if (response.status < 300) return response;
        throw Object.assign(classifyHttpReply(operation, response.status, response.data, response.headers['retry-after']), { status: response.status });
      },
      sapRetryPolicy(this.config),
      this.context.signal,
    );
  }

  /** A call with the session; an expired session is renewed once and the call repeated once. */
  async request(operation: string, method: 'get' | 'patch', path: string, options: { headers?: Record<string, string>; data?: unknown } = {}): Promise<AxiosResponse> {
    const send = (cookie: string) => this.#send(operation, () => this.#http.request({ method, url: path, data: options.data, headers: { ...options.headers, Cookie: cookie } }));
    // A refused login is not retried (it would count against the user's lock-out); only an expired session is renewed.
    const cookie = await this.#login();
    try {
      return await send(cookie);
    } catch (error) {
      if ((error as { status?: number }).status !== 401) throw error;
      if (this.#cookies !== null && (await this.#cookies.catch(() => null)) === cookie) this.#cookies = null;
      return send(await this.#login());
    }
  }

  /** The first page of `resource` for `query` (already encoded), of `pageSize` rows at most; links to further pages are not followed. */
  async readPage(resource: string, query: string): Promise<Record<string, unknown>[]> {
    const response = await this.request(resource, 'get', `${resource}?${query}`, { headers: { Prefer: `odata.maxpagesize=${this.config.pageSize}` } });
    return (response.data as { value?: Record<string, unknown>[] }).value ?? [];
  }

  /** Every row of `resource` for `query` (already encoded), page by page through odata.nextLink. */
  async *readAll(resource: string, query: string): AsyncIterable<Record<string, unknown>[]> {
    let path: string | null = `${resource}?${query}`;
    while (path !== null) {
      const response = await this.request(resource, 'get', path, { headers: { Prefer: `odata.maxpagesize=${this.config.pageSize}` } });
      const body = response.data as { value?: Record<string, unknown>[]; 'odata.nextLink'?: string; '@odata.nextLink'?: string };
      yield body.value ?? [];
      const next = body['odata.nextLink'] ?? body['@odata.nextLink'] ?? null;
      // The link is relative to the service root (/b1s/v1/).
      path = next === null ? null : next.replace(/^.*\/b1s\/v[12]\//, '');
    }
  }

  async close(): Promise<void> {
    if (!this.#cookies) return;
    const cookie = await this.#cookies.catch(() => null);
    this.#cookies = null;
    if (cookie) await this.#http.post('Logout', undefined, { headers: { Cookie: cookie } }).catch(() => undefined);
  }
}
