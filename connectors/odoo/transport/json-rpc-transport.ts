import { AuthError, ConfigError } from '../../../core/errors';
import { odooCommonVersionSchema, type OdooCommonVersion } from '../types';
import type { OdooHttp } from './odoo-http';
import { describeRequest, type OdooRequest, type OdooTransport } from './odoo-transport';

/**
 * JSON-RPC over `POST /jsonrpc` (16–18, and 19 where it is deprecated). Stateless: database, uid and
 * API key travel in every `object.execute_kw` call; `common.authenticate` is called once for the uid.
 */
export class JsonRpcTransport implements OdooTransport {
  readonly protocol = 'json-rpc' as const;
  #uid: number | null = null;
  #seq = 0;

  constructor(
    private readonly http: OdooHttp,
    private readonly credentials: { database: string; username: string; apiKey: { reveal(): string } },
  ) {}

  /** `common.version`, no credentials needed. */
  async version(): Promise<OdooCommonVersion> {
    const result = await this.#call('common', 'version', [], 'common.version');
    const parsed = odooCommonVersionSchema.safeParse(result);
    if (!parsed.success) throw new ConfigError('not_odoo', 'common.version did not answer as Odoo does (no server_version_info)');
    return parsed.data;
  }

  async authenticate(): Promise<number> {
    if (this.#uid !== null) return this.#uid;
    const { database, username, apiKey } = this.credentials;
    const result = await this.#call('common', 'authenticate', [database, username, apiKey.reveal(), {}], 'common.authenticate');
    if (typeof result !== 'number' || !Number.isInteger(result) || result <= 0) {
      // Odoo answers `false`, not an error, for a bad login or key.
      throw new AuthError('bad_credentials', `Odoo refused the login or API key for user ${username} on database ${database}`);
    }
    this.#uid = result;
    return result;
  }

  async execute(request: OdooRequest): Promise<unknown> {
    if (this.#uid === null) throw new Error('JsonRpcTransport.execute before authenticate');
    const named: Record<string, unknown> = { ...request.params };
    const args: unknown[] = [];
    if (request.ids) args.push([...request.ids]);
    if (request.positional !== undefined) {
      args.push(named[request.positional]);
      delete named[request.positional];
    }
    if (request.context) named.context = request.context;
    const { database, apiKey } = this.credentials;
    return this.#call(
      'object',
      'execute_kw',
      [database, this.#uid, apiKey.reveal(), request.model, request.method, args, named],
      describeRequest(request),
    );
  }

  async #call(service: string, method: string, args: unknown[], operation: string): Promise<unknown> {
    const body = { jsonrpc: '2.0', method: 'call', id: ++this.#seq, params: { service, method, args } };
    const answer = await this.http.post('/jsonrpc', body, operation);
    const envelope = answer.body;
    if (answer.status === 200 && typeof envelope === 'object' && envelope !== null && !Array.isArray(envelope)) {
      if ('error' in envelope && envelope.error) throw this.http.fail(operation, answer);
      if ('result' in envelope) return envelope.result;
    }
    if (answer.status === 200) {
      throw new ConfigError('not_odoo', `Odoo ${operation}: the server answered 200 but not as JSON-RPC (a proxy or login page?)`);
    }
    throw this.http.fail(operation, answer);
  }
}
