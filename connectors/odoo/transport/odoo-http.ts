import axios, { type AxiosInstance } from 'axios';
import type { ArbridgeError } from '../../../core/errors';
import { redactText } from '../../../core/logging/secret-redaction';
import type { Clock } from '../../../core/time/clock';
import { classifyOdooError } from '../classify-error';

/** An HTTP answer of any status, body parsed when it was JSON. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, unknown>;
  body: unknown;
}

/**
 * The HTTP leg shared by both transports: axios with every status accepted (Odoo answers errors
 * inside 200 on JSON-RPC, so statuses are judged by classify-error, not by axios). A network
 * failure becomes a classified error at once. No axios error object ever leaves this file: its
 * `config` holds the request, and the request holds the API key.
 */
export class OdooHttp {
  readonly #axios: AxiosInstance;
  readonly #key: string;
  readonly #clock: Clock;

  constructor(options: { baseUrl: string; timeoutMs: number; apiKey: string; clock: Clock }) {
    this.#axios = axios.create({
      baseURL: options.baseUrl,
      timeout: options.timeoutMs,
      validateStatus: () => true,
      headers: { 'User-Agent': 'arbridge-odoo-connector/0.1', Accept: 'application/json' },
      // Odoo's own proxies sometimes answer HTML: keep whatever text comes rather than throw.
      transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: false },
    });
    this.#key = options.apiKey;
    this.#clock = options.clock;
  }

  async get(path: string, operation: string): Promise<HttpAnswer> {
    return this.#send(operation, () => this.#axios.get(path));
  }

  async post(path: string, body: unknown, operation: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
    return this.#send(operation, () =>
      this.#axios.post(path, body, { headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } }),
    );
  }

  /** The classified error for an answer that is not a success; its message is scrubbed of the key. */
  fail(operation: string, answer: HttpAnswer): ArbridgeError {
    return this.scrub(classifyOdooError({ operation, status: answer.status, headers: answer.headers, body: answer.body, now: this.#clock.now() }));
  }

  /** Masks the API key in an error's message, whatever produced it (belt and braces for invariant 6). */
  scrub<E extends Error>(error: E): E {
    let message = error.message;
    if (this.#key.length > 0) message = message.split(this.#key).join('[redacted]');
    error.message = redactText(message);
    return error;
  }

  async #send(operation: string, request: () => Promise<{ status: number; headers: unknown; data: unknown }>): Promise<HttpAnswer> {
    try {
      const response = await request();
      return { status: response.status, headers: { ...(response.headers as Record<string, unknown>) }, body: response.data };
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown };
      throw this.scrub(
        classifyOdooError({
          operation,
          networkCode: typeof e.code === 'string' ? e.code : undefined,
          networkMessage: typeof e.message === 'string' ? e.message : undefined,
          now: this.#clock.now(),
        }),
      );
    }
  }
}
