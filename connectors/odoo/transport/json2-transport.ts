import { ConfigError } from '../../../core/errors';
import type { OdooHttp } from './odoo-http';
import { describeRequest, type OdooRequest, type OdooTransport } from './odoo-transport';

/**
 * JSON-2 over `POST /json/2/<model>/<method>` (19+): bearer API key, named parameters, real HTTP
 * statuses, one transaction per call.
 */
export class Json2Transport implements OdooTransport {
  readonly protocol = 'json-2' as const;
  #uid: number | null = null;

  constructor(
    private readonly http: OdooHttp,
    private readonly credentials: { database: string; apiKey: { reveal(): string } },
  ) {}

  /** JSON-2 has no login: `res.users/context_get` proves the key and tells our uid. */
  async authenticate(): Promise<number> {
    if (this.#uid !== null) return this.#uid;
    const context = await this.execute({ model: 'res.users', method: 'context_get', params: {} });
    const uid = typeof context === 'object' && context !== null ? (context as { uid?: unknown }).uid : undefined;
    // Some builds leave uid out of context_get; the key was accepted all the same.
    this.#uid = typeof uid === 'number' && Number.isInteger(uid) ? uid : 0;
    return this.#uid;
  }

  async execute(request: OdooRequest): Promise<unknown> {
    const operation = describeRequest(request);
    const body: Record<string, unknown> = { ...request.params };
    if (request.ids) body.ids = [...request.ids];
    if (request.context) body.context = request.context;
    const path = `/json/2/${encodeURIComponent(request.model)}/${encodeURIComponent(request.method)}`;
    const answer = await this.http.post(path, body, operation, {
      Authorization: `bearer ${this.credentials.apiKey.reveal()}`,
      'X-Odoo-Database': this.credentials.database,
    });
    if (answer.status === 200) {
      if (typeof answer.body === 'string' && answer.body.trim().startsWith('<')) {
        throw new ConfigError('not_odoo', `Odoo ${operation}: the server answered HTML, not JSON-2 (a proxy or login page?)`);
      }
      return answer.body;
    }
    throw this.http.fail(operation, answer);
  }
}
