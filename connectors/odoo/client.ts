import { AuthError, ConfigError, PermanentError } from '../../core/errors';
import type { Logger } from '../../core/logging/logger';
import type { Clock } from '../../core/time/clock';
import type { OdooConfig, OdooVersion } from './config';
import { withRetry } from '../erp-call-retry';
import { Json2Transport } from './transport/json2-transport';
import { JsonRpcTransport } from './transport/json-rpc-transport';
import { OdooHttp } from './transport/odoo-http';
import { describeRequest, type OdooDomain, type OdooProtocol, type OdooRequest, type OdooTransport } from './transport/odoo-transport';
import { odooWebVersionSchema } from './types';

/** What the probe learnt about the server. */
export interface OdooServer {
  /** The field set the connector uses (16–19; newer series read as 19). */
  version: OdooVersion;
  /** As the server says it ("17.0", "saas~18.3"), or "19.0 (configured)". */
  label: string;
  /** Whether GET /web/version answered (19+): JSON-2 is worth trying. */
  hasWebVersion: boolean;
}

/** A connected, authenticated client. */
export interface OdooSession {
  server: OdooServer;
  protocol: OdooProtocol;
  uid: number;
}

export interface OdooClientDeps {
  clock: Clock;
  logger: Logger;
  /** Aborts retry waits. */
  signal?: AbortSignal;
}

/**
 * The Odoo client: probes the version, picks the protocol, authenticates once, and runs each ORM call
 * as ONE HTTP request under p-retry. Connection is lazy and shared by all streams of an instance.
 */
export class OdooClient {
  readonly #http: OdooHttp;
  readonly #jsonRpc: JsonRpcTransport;
  readonly #json2: Json2Transport;
  #transport: OdooTransport | null = null;
  #session: Promise<OdooSession> | null = null;
  #server: Promise<OdooServer> | null = null;
  #attempted: OdooProtocol | null = null;

  constructor(
    private readonly config: OdooConfig,
    private readonly deps: OdooClientDeps,
  ) {
    this.#http = new OdooHttp({ baseUrl: config.url, timeoutMs: config.timeoutMs, apiKey: config.apiKey.reveal(), clock: deps.clock });
    this.#jsonRpc = new JsonRpcTransport(this.#http, config);
    this.#json2 = new Json2Transport(this.#http, config);
  }

  /** Probes, chooses the protocol and authenticates, once; a failed attempt is forgotten so a later call tries again. */
  connect(): Promise<OdooSession> {
    if (!this.#session) {
      this.#session = this.#connect();
      this.#session.catch(() => {
        this.#session = null;
      });
    }
    return this.#session;
  }

  /** The protocol being used, or last tried when the connection failed. */
  get protocol(): OdooProtocol | null {
    return this.#attempted;
  }

  /** Probes the server version (no credentials), once. */
  probe(): Promise<OdooServer> {
    if (!this.#server) {
      this.#server = this.#probe();
      this.#server.catch(() => {
        this.#server = null;
      });
    }
    return this.#server;
  }

  async #probe(): Promise<OdooServer> {
    const configured = this.config.version;
    if (configured !== undefined) return { version: configured, label: `${configured}.0 (configured)`, hasWebVersion: configured >= 19 };
    if (this.config.protocol !== 'json-rpc') {
      const web = await this.#retry('GET /web/version', () => this.#webVersion());
      if (web) return web;
    }
    try {
      const info = await this.#retry('common.version', () => this.#jsonRpc.version());
      return serverFrom(info.server_version_info[0], info.server_version, false);
    } catch (error) {
      if (error instanceof ConfigError && (error.reason === 'not_found' || error.reason === 'route_not_found')) {
        throw new ConfigError('not_odoo', `no Odoo API answered at ${this.config.url}: GET /web/version and POST /jsonrpc were both not found`);
      }
      throw error;
    }
  }

  /** search(): ids only. */
  async search(model: string, domain: OdooDomain, options: { order: string; limit?: number }, context: Record<string, unknown>): Promise<number[]> {
    const params: Record<string, unknown> = { domain, order: options.order };
    if (options.limit !== undefined) params.limit = options.limit;
    const result = await this.call({ model, method: 'search', params, positional: 'domain', context });
    if (!Array.isArray(result) || !result.every((id) => Number.isInteger(id))) throw badAnswer(model, 'search');
    return result as number[];
  }

  /** search_read() with the classic load (many2one as [id, name]). */
  async searchRead(
    model: string,
    domain: OdooDomain,
    fields: readonly string[],
    options: { order: string; limit?: number },
    context: Record<string, unknown>,
  ): Promise<unknown[]> {
    const params: Record<string, unknown> = { domain, fields, order: options.order };
    if (options.limit !== undefined) params.limit = options.limit;
    const result = await this.call({ model, method: 'search_read', params, context });
    if (!Array.isArray(result)) throw badAnswer(model, 'search_read');
    return result;
  }

  /** read() of the given ids; ids deleted meanwhile are simply absent. */
  async read(model: string, ids: readonly number[], fields: readonly string[], context: Record<string, unknown>): Promise<unknown[]> {
    if (ids.length === 0) return [];
    const result = await this.call({ model, method: 'read', ids, params: { fields }, context });
    if (!Array.isArray(result)) throw badAnswer(model, 'read');
    return result;
  }

  async searchCount(model: string, domain: OdooDomain, context: Record<string, unknown>): Promise<number> {
    const result = await this.call({ model, method: 'search_count', params: { domain }, positional: 'domain', context });
    if (typeof result !== 'number') throw badAnswer(model, 'search_count');
    return result;
  }

  /**
   * One ORM call, retried when the failure is retryable. For a call that is not idempotent, `done` is
   * asked before each retry: a failure can hide a call Odoo performed (a proxy's 502 after the commit),
   * and when `done` finds its effect the call is not made again (the answer is then undefined).
   */
  async call(request: OdooRequest, options: { done?: () => Promise<boolean> } = {}): Promise<unknown> {
    await this.connect();
    const transport = this.#transport as OdooTransport;
    const operation = describeRequest(request);
    const started = Date.now();
    let attempts = 0;
    const result = await this.#retry(operation, async () => {
      attempts += 1;
      if (attempts > 1 && options.done && (await options.done())) return undefined;
      return transport.execute(request);
    });
    this.deps.logger.debug('odoo call', { operation, protocol: transport.protocol, ms: Date.now() - started });
    return result;
  }

  async #connect(): Promise<OdooSession> {
    const server = await this.probe();
    const candidates = this.#candidates(server);
    for (const [index, protocol] of candidates.entries()) {
      const transport = protocol === 'json-2' ? this.#json2 : this.#jsonRpc;
      this.#attempted = protocol;
      try {
        const uid = await this.#retry(`${protocol} authenticate`, () => transport.authenticate());
        this.#transport = transport;
        this.deps.logger.info('odoo connected', { version: server.label, protocol, uid });
        return { server, protocol, uid };
      } catch (error) {
        const missing = error instanceof ConfigError && (error.reason === 'not_found' || error.reason === 'route_not_found');
        if (missing && index < candidates.length - 1) {
          this.deps.logger.warn('odoo protocol not available, falling back', { protocol, next: candidates[index + 1] });
          continue;
        }
        if (error instanceof AuthError) {
          throw new AuthError(error.reason, `Odoo refused the login or API key for user ${this.config.username} on database ${this.config.database}`);
        }
        if (missing) {
          throw new ConfigError(
            'no_api',
            `Odoo ${server.label} at ${this.config.url} answers neither ${candidates.join(' nor ')}: is the "rpc" module installed, is the protocol right?`,
          );
        }
        throw error;
      }
    }
    throw new ConfigError('no_api', `no protocol to try for Odoo ${server.label}`);
  }

  #candidates(server: OdooServer): OdooProtocol[] {
    if (this.config.protocol !== 'auto') return [this.config.protocol];
    // JSON-2 first where it exists (JSON-RPC is deprecated in 19 and its module can be uninstalled).
    return server.version >= 19 || server.hasWebVersion ? ['json-2', 'json-rpc'] : ['json-rpc'];
  }

  async #webVersion(): Promise<OdooServer | null> {
    const answer = await this.#http.get('/web/version', 'GET /web/version');
    if (answer.status === 404 || answer.status === 405) return null; // before 19
    if (answer.status !== 200) throw this.#http.fail('GET /web/version', answer);
    const parsed = odooWebVersionSchema.safeParse(answer.body);
    if (!parsed.success) return null; // an HTML page from a proxy: let common.version decide
    return serverFrom(parsed.data.version_info[0], parsed.data.version, true);
  }

  #retry<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const { maxRetries, retryBaseDelayMs, maxRetryAfterMs } = this.config;
    return withRetry(call, { maxRetries, baseDelayMs: retryBaseDelayMs, maxRetryAfterMs }, this.deps.signal, ({ error, attempt, retriesLeft }) =>
      this.deps.logger.warn('odoo call failed, retrying', { operation, error: error.message, attempt, retriesLeft }),
    );
  }
}

function serverFrom(major: unknown, label: string, hasWebVersion: boolean): OdooServer {
  const n = typeof major === 'number' ? major : Number.parseInt(String(major).replace(/^saas~/, ''), 10);
  if (!Number.isInteger(n)) throw new ConfigError('unknown_version', `cannot read the Odoo version "${label}"`);
  if (n < 16) throw new ConfigError('unsupported_version', `Odoo ${label} is not supported: this connector reads 16.0 to 19.0`);
  const version = (n > 19 ? 19 : n) as OdooVersion;
  return { version, label, hasWebVersion };
}

function badAnswer(model: string, method: string): PermanentError {
  return new PermanentError('bad_response', `Odoo ${model}/${method}: unexpected result shape`);
}
