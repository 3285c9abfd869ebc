import { ArbridgeError, AuthError, ConfigError } from '../../core/errors';
import { currencyCodeSchema, type CurrencyCode } from '../../core/money/currency';
import type { StreamName } from '../../core/model';
import type { ConnectionCheck, ConnectorContext, ConnectorInstance, MappedRow, Page, PushRequest } from '../contract';
import { OdooClient } from './client';
import { CompanyCurrencies } from './company-currencies';
import type { OdooConfig, OdooVersion } from './config';
import type { OdooCursor } from './cursor';
import { pushWriteBack } from './erp-write-back';
import { rereadReceivables } from './receivable-reread';
import { allocationsReader } from './streams/allocations';
import { customersReader } from './streams/customers';
import { pullIncremental } from './streams/incremental-pull';
import { listLiveKeys } from './streams/live-keys';
import { customerExternalId } from './mappers/customer-key';
import { paymentsReader } from './streams/payments';
import { receivablesReader, receivableScope } from './streams/receivables';
import type { StreamReader } from './streams/stream-reader';
import type { OdooProtocol } from './transport/odoo-transport';

const protocolNames: Record<OdooProtocol, string> = { 'json-rpc': 'JSON-RPC', 'json-2': 'JSON-2' };

/** A running connection to one Odoo source: pulls, re-reads receivables, and writes dispatch's notes and call activities back. */
export class OdooConnection implements ConnectorInstance<OdooCursor> {
  readonly #client: OdooClient;
  readonly #currencies: CompanyCurrencies;

  constructor(
    private readonly config: OdooConfig,
    private readonly context: ConnectorContext,
  ) {
    this.#client = new OdooClient(config, { clock: context.clock, logger: context.logger, signal: context.signal });
    this.#currencies = new CompanyCurrencies(this.#client);
  }

  async *pull(stream: StreamName, cursor: OdooCursor | null): AsyncIterable<Page<OdooCursor>> {
    const session = await this.#client.connect();
    const reader = this.#reader(stream, session.server.version);
    yield* pullIncremental(this.#client, reader, cursor, {
      companyIds: this.config.companyIds,
      pageSize: this.config.pageSize,
      overlapMinutes: this.config.overlapMinutes,
      signal: this.context.signal,
    });
  }

  /** The keys Odoo still holds for a stream, in batches: what the deletions sweep compares with the store. */
  async *liveKeys(stream: StreamName): AsyncIterable<string[]> {
    const session = await this.#client.connect();
    yield* listLiveKeys(this.#client, this.#reader(stream, session.server.version), {
      companyIds: this.config.companyIds,
      pageSize: this.config.pageSize,
      signal: this.context.signal,
      keyOf: stream === 'customers' ? (id, pass) => customerExternalId(id, pass.companyId) : (id) => String(id),
    });
  }

  async testConnection(): Promise<ConnectionCheck> {
    const { url, username, database } = this.config;
    const details: string[] = [];
    try {
      const server = await this.#client.probe();
      details.push(`Odoo ${server.label} at ${url}`);
      let session;
      try {
        session = await this.#client.connect();
      } catch (error) {
        if (error instanceof AuthError) {
          details.push(`API key refused for ${username} on db ${database}`);
          return { ok: false, details };
        }
        throw error;
      }
      details[0] = `Odoo ${server.label} at ${url} (${protocolNames[session.protocol]})`;
      details.push(`login ${username} on db ${database}: accepted (uid ${session.uid})`);
      for (const companyId of this.config.companyIds ?? [null]) {
        const context = companyId === null ? {} : { allowed_company_ids: [companyId] };
        const count = await this.#client.searchCount('account.move.line', receivableScope(companyId), context);
        details.push(`${companyId === null ? '' : `company ${companyId}: `}${count} receivable lines readable (account.move.line)`);
      }
      return { ok: true, details };
    } catch (error) {
      const message = error instanceof ArbridgeError ? `${error.message} [${error.code}/${error.reason}]` : 'unexpected failure';
      details.push(`failed: ${message}`);
      return { ok: false, details };
    }
  }

  async push(request: PushRequest): Promise<{ providerReference: string | null }> {
    const session = await this.#client.connect();
    return pushWriteBack(this.#client, session.server.version, this.config.companyIds, request);
  }

  async readReceivables(externalIds: readonly string[]): Promise<MappedRow[]> {
    const session = await this.#client.connect();
    return rereadReceivables(this.#client, session.server.version, this.config.companyIds, externalIds);
  }

  async close(): Promise<void> {
    // Stateless HTTP: nothing to release.
  }

  #reader(stream: StreamName, version: OdooVersion): StreamReader {
    switch (stream) {
      case 'customers':
        return customersReader(this.#client, version, (companyId) => this.#companyCurrency(companyId));
      case 'receivables':
        return receivablesReader(this.#client, version);
      case 'payments':
        return paymentsReader(this.#client, version, this.#currencies);
      case 'allocations':
        return allocationsReader(this.#client);
      default:
        throw new ConfigError('unknown_stream', `the Odoo connector has no stream "${String(stream)}"`);
    }
  }

  /** The currency a company keeps its books in; the tenant's currency for a single pass. */
  #companyCurrency(companyId: number | null): Promise<CurrencyCode> {
    if (companyId === null) return Promise.resolve(currencyCodeSchema.parse(this.context.currency));
    return this.#currencies.one(companyId);
  }
}
