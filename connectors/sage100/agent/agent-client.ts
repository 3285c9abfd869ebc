import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { ArbridgeError, AuthError, DataError, PermanentError, RateLimitedError, TransientError } from '../../../core/errors';
import type { Secret } from '../../../core/secret';
import { withRetry, type RetryPolicy } from '../../erp-call-retry';
import { sageAgentHealthSchema, sageWriteBackResultSchema, sageWriteBackSchema, type SageAgentHealth, type SageWriteBackResult } from './write-back';

/** Where the agent is and how to reach it. */
export interface SageAgentOptions {
  url: string;
  token: Secret;
  timeoutMs: number;
  /** The company (Sage database) every write-back names, so an agent serving several cannot mix them up. */
  company: string;
  retry: RetryPolicy;
}

/** The client side of the agent's HTTP contract (AGENT.md): JSON, bearer token, idempotent by action id. */
export class SageAgentClient {
  readonly #http: AxiosInstance;

  constructor(private readonly options: SageAgentOptions) {
    this.#http = axios.create({
      baseURL: `${options.url}/v1`,
      timeout: options.timeoutMs,
      validateStatus: () => true,
      // The token goes in a header set per request, so axios's config (which errors may carry) never holds it.
      headers: { 'content-type': 'application/json', 'x-arbridge-company': options.company },
    });
  }

  /** PUT /v1/write-backs/{actionId}: the same action id twice is applied once. */
  async writeBack(actionId: string, kind: string, payload: Record<string, unknown>, signal?: AbortSignal): Promise<SageWriteBackResult> {
    const parsed = sageWriteBackSchema.safeParse({ ...payload, kind });
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'kind'}: ${i.message}`).join('; ');
      throw new DataError('bad_write_back', `write-back ${actionId} (${kind}) is not one the Sage agent accepts: ${detail}`);
    }
    if (!/^[A-Za-z0-9._:-]{1,200}$/.test(actionId)) throw new DataError('bad_action_id', `action id "${actionId}" has characters a URL path cannot carry`);
    return withRetry(async () => {
      const response = await this.#send(() =>
        this.#http.put(`/write-backs/${encodeURIComponent(actionId)}`, { actionId, company: this.options.company, ...parsed.data }, { headers: this.#auth(), signal }),
      );
      this.#check(response, `write-back ${actionId}`);
      return sageWriteBackResultSchema.parse(response.data);
    }, this.options.retry, signal);
  }

  /** GET /v1/health: the agent's version and the Sage version and company it has open. */
  async health(): Promise<SageAgentHealth> {
    const response = await this.#send(() => this.#http.get('/health', { headers: this.#auth() }));
    this.#check(response, 'agent health');
    return sageAgentHealthSchema.parse(response.data);
  }

  #auth(): Record<string, string> {
    return { authorization: `Bearer ${this.options.token.reveal()}` };
  }

  async #send(call: () => Promise<AxiosResponse>): Promise<AxiosResponse> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof ArbridgeError) throw error;
      const code = (error as { code?: string }).code ?? 'network';
      // Only the code: axios errors carry the request config, headers included.
      throw new TransientError(`agent_${code.toLowerCase()}`, `Sage agent at ${this.options.url} unreachable (${code})`);
    }
  }

  #check(response: AxiosResponse, what: string): void {
    const s = response.status;
    if (s >= 200 && s < 300) return;
    const said = typeof response.data === 'object' && response.data !== null && 'error' in response.data ? String((response.data as { error: unknown }).error).slice(0, 200) : '';
    const tail = said ? `: ${said}` : '';
    if (s === 401 || s === 403) throw new AuthError('agent_token_refused', `${what}: the Sage agent refused the token (HTTP ${s})`);
    if (s === 409) throw new PermanentError('action_id_reused', `${what}: the agent already holds this action id with a different write-back (HTTP 409)${tail}`);
    if (s === 404 || s === 422) throw new PermanentError(`agent_http_${s}`, `${what}: the agent cannot apply it (HTTP ${s})${tail}`);
    if (s === 423) throw new TransientError('sage_record_locked', `${what}: the Sage record is being edited by a user (HTTP 423)${tail}`);
    if (s === 429) {
      const after = Number(response.headers['retry-after']);
      throw new RateLimitedError('agent_busy', `${what}: the agent asks to slow down (HTTP 429)`, Number.isFinite(after) ? after * 1000 : null);
    }
    if (s >= 500) throw new TransientError(`agent_http_${s}`, `${what}: the agent failed (HTTP ${s})${tail}`);
    throw new PermanentError(`agent_http_${s}`, `${what}: unexpected HTTP ${s} from the agent${tail}`);
  }
}
