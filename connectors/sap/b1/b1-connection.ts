import { ArbridgeError, PermanentError } from '../../../core/errors';
import type { CurrencyCode } from '../../../core/money/currency';
import type { StreamName } from '../../../core/model';
import { addDays } from '../../../core/time/local-date';
import type { ConnectionCheck, ConnectorContext, ConnectorInstance, MappedRow, Page, PushRequest } from '../../contract';
import type { SapB1ServiceLayerConfig } from '../config';
import type { SapB1Cursor } from '../cursor';
import { b1Date, b1DocumentId, mapB1BusinessPartner, mapB1Document, mapB1Payment } from '../mappers/b1-records';
import type { B1BusinessPartner, B1Document, B1IncomingPayment } from '../types';
import { readDunningWriteBack } from '../write-back';
import { ServiceLayerClient } from './service-layer-client';

/** The Service Layer resources each stream reads, in order. */
const resources: Record<StreamName, readonly string[]> = {
  customers: ['BusinessPartners'],
  receivables: ['Invoices', 'CreditNotes'],
  payments: ['IncomingPayments'],
  allocations: ['IncomingPayments'],
};

/** A resource's key, the stable tie-break of the UpdateDate order. */
const keyOf = (resource: string) => (resource === 'BusinessPartners' ? 'CardCode' : 'DocEntry');

/** A key value as an OData literal: DocEntry is a number, CardCode a quoted string. */
const keyLiteral = (value: unknown) => (typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`);

/**
 * A running connection to SAP Business One through the Service Layer. Each resource is read
 * incrementally by UpdateDate (day precision): from the latest day stored minus `overlapDays`, in
 * UpdateDate order, so the cursor after each page is the last row's day; rows read twice are
 * absorbed by the store's idempotent upserts.
 */
export class B1Connection implements ConnectorInstance<SapB1Cursor> {
  readonly #client: ServiceLayerClient;
  /** Sets the dunning block and a note on invoices and the level on the business partner; absent without `writeBack`. */
  readonly push?: (request: PushRequest) => Promise<{ providerReference: string | null }>;

  constructor(
    private readonly config: SapB1ServiceLayerConfig,
    private readonly context: ConnectorContext,
  ) {
    this.#client = new ServiceLayerClient(config, context);
    if (config.writeBack) this.push = (request) => this.#push(request);
  }

  async *pull(stream: StreamName, cursor: SapB1Cursor | null): AsyncIterable<Page<SapB1Cursor>> {
    const updatedOn = { ...(cursor?.updatedOn ?? {}) };
    const currency = this.context.currency as CurrencyCode;
    for (const resource of resources[stream]) {
      const since = updatedOn[resource];
      const filters = [resource === 'BusinessPartners' ? "CardType eq 'cCustomer'" : null, since ? `UpdateDate ge '${addDays(since, -this.config.overlapDays)}'` : null].filter((f) => f !== null);
      const query = [filters.length ? `$filter=${encodeURIComponent(filters.join(' and '))}` : null, `$orderby=${encodeURIComponent(`UpdateDate,${keyOf(resource)}`)}`].filter((q) => q !== null).join('&');
      for await (const page of this.#client.readAll(resource, query)) {
        if (this.context.signal?.aborted) return;
        const rows: MappedRow[] = page.flatMap((raw) => {
          if (resource === 'BusinessPartners') return [mapB1BusinessPartner(raw as B1BusinessPartner)];
          if (resource === 'IncomingPayments') {
            const mapped = mapB1Payment(raw as B1IncomingPayment, currency);
            return stream === 'payments' ? [mapped.payment] : mapped.allocations;
          }
          return [mapB1Document(resource as 'Invoices' | 'CreditNotes', raw as B1Document, currency)];
        });
        for (const raw of page) {
          let day: string | null = null;
          try {
            day = b1Date(raw.UpdateDate);
          } catch {
            // the row itself is quarantined by its mapper
          }
          if (day !== null && (updatedOn[resource] === undefined || day > updatedOn[resource]!)) updatedOn[resource] = day;
        }
        yield { rows, cursor: { updatedOn: { ...updatedOn } } };
      }
    }
  }

  /**
   * The keys a full pull of `stream` would produce: every customer business partner, every invoice
   * and credit note (cancelled ones included: the pull lands them as cancelled), every incoming
   * payment, and the invoice and credit-note lines of the payments the pull maps (not of cancelled
   * ones, nor of those it quarantines). Keyset pages in key order (`DocEntry gt …` / `CardCode gt …`,
   * `$top` = `pageSize`), so a row added or removed during the listing shifts no other row out of it;
   * the listing of a resource ends on an empty page. Only the key is selected, except for allocations,
   * whose lines are in the payment. Ends early on the stop signal (the sweep then marks nothing).
   */
  async *liveKeys(stream: StreamName): AsyncIterable<string[]> {
    const currency = this.context.currency as CurrencyCode;
    for (const resource of resources[stream]) {
      const key = keyOf(resource);
      let after: unknown = null;
      for (;;) {
        if (this.context.signal?.aborted) return;
        const filters = [resource === 'BusinessPartners' ? "CardType eq 'cCustomer'" : null, after === null ? null : `${key} gt ${keyLiteral(after)}`].filter((f) => f !== null);
        const query = [
          filters.length ? `$filter=${encodeURIComponent(filters.join(' and '))}` : null,
          stream === 'allocations' ? null : `$select=${key}`,
          `$orderby=${key}`,
          `$top=${this.config.pageSize}`,
        ].filter((q) => q !== null).join('&');
        const page = await this.#client.readPage(resource, query);
        if (page.length === 0) break;
        after = page[page.length - 1]![key];
        if (stream === 'allocations') {
          yield page.flatMap((raw) => mapB1Payment(raw as B1IncomingPayment, currency).allocations.flatMap((a) => (a.ok ? [String(a.record.externalId)] : [])));
        } else {
          yield page.map((raw) => (resource === 'BusinessPartners' ? String(raw.CardCode) : b1DocumentId(resource, raw.DocEntry)));
        }
      }
    }
  }

  /**
   * Set semantics plus a marker: each invoice gets BlockDunning and, once, the note tagged with the
   * action id in its remarks (a resent action finds its marker and writes nothing); the business
   * partner gets DunningLevel / DunningDate set to the values (reference §4.3, PATCH → 204).
   */
  async #push(request: PushRequest): Promise<{ providerReference: string | null }> {
    const action = readDunningWriteBack(request);
    const marker = `[arbridge ${request.actionId}]`;
    for (const id of action.receivableExternalIds) {
      const match = /^(Invoices|CreditNotes)\/(\d+)$/.exec(id);
      if (!match) throw new PermanentError('sap_push_payload', `SAP B1 write-back ${request.actionId}: ${id} is not a B1 document key`);
      const path = `${match[1]}(${match[2]})`;
      const current = (await this.#client.request(path, 'get', `${path}?$select=Comments,BlockDunning`)).data as B1Document;
      const comments = typeof current.Comments === 'string' ? current.Comments : '';
      const patch: Record<string, unknown> = {};
      if (action.dunningBlock !== undefined && current.BlockDunning !== (action.dunningBlock === '' ? 'tNO' : 'tYES')) patch.BlockDunning = action.dunningBlock === '' ? 'tNO' : 'tYES';
      // Remarks hold 254 characters in B1: the newest note is kept whole, older text trimmed.
      if (action.note !== undefined && !comments.includes(marker)) patch.Comments = `${comments}${comments ? '\n' : ''}${marker} ${action.note}`.slice(-254);
      if (Object.keys(patch).length > 0) await this.#client.request(path, 'patch', path, { data: patch });
    }
    if (action.dunningLevel !== undefined || action.lastDunnedOn !== undefined) {
      const path = `BusinessPartners('${action.customerExternalId.replace(/'/g, "''")}')`;
      const patch: Record<string, unknown> = {};
      if (action.dunningLevel !== undefined) patch.DunningLevel = action.dunningLevel;
      if (action.lastDunnedOn !== undefined) patch.DunningDate = action.lastDunnedOn;
      await this.#client.request('BusinessPartners', 'patch', path, { data: patch });
    }
    return { providerReference: null };
  }

  async testConnection(): Promise<ConnectionCheck> {
    const details: string[] = [`SAP Business One ${this.config.url}, company ${this.config.companyDb}, user ${this.config.user}`];
    try {
      for (const resource of ['BusinessPartners', 'Invoices', 'IncomingPayments']) {
        const response = await this.#client.request(resource, 'get', `${resource}?$top=1`);
        details.push(`${resource}: ${((response.data as { value?: unknown[] }).value ?? []).length} row(s) read`);
      }
      return { ok: true, details };
    } catch (error) {
      details.push(`failed: ${error instanceof ArbridgeError ? `${error.message} [${error.code}/${error.reason}]` : 'unexpected failure'}`);
      return { ok: false, details };
    }
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}
