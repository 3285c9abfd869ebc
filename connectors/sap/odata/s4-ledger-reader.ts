import { ArbridgeError } from '../../../core/errors';
import { today, type LocalDate } from '../../../core/time/local-date';
import type { ConnectionCheck, ConnectorContext, MappedRow, PushRequest } from '../../contract';
import type { SapS4ODataConfig } from '../config';
import type { ClearingWindow, CustomerItems, SapLedgerReader } from '../ledger-reader';
import { customerCompanyOf, mapBusinessPartner } from '../mappers/business-partner';
import { readCubeItem } from '../mappers/cube-item';
import type { LineItem } from '../mappers/line-item';
import type { SapBusinessPartner, SapCubeItem } from '../types';
import { alphaInput } from '../wire-values';
import { JournalEntryChange } from './journal-entry-change';
import { ODataClient } from './odata-client';
import { odataDateLiteral, odataText } from './odata-values';

const cube = 'A_OperationalAcctgDocItemCube';
const itemKeys = 'CompanyCode,FiscalYear,AccountingDocument,AccountingDocumentItem';
const itemProperties = [
  itemKeys, 'Customer', 'FinancialAccountType', 'SpecialGLCode', 'DebitCreditCode', 'PostingKey', 'AccountingDocumentType', 'PostingDate', 'DocumentDate',
  'AccountingDocumentCreationDate', 'NetDueDate', 'ClearingDate', 'ClearingAccountingDocument', 'IsCleared', 'CompanyCodeCurrency', 'AmountInCompanyCodeCurrency',
  'TransactionCurrency', 'AmountInTransactionCurrency', 'DunningLevel', 'DunningBlockingReason', 'LastDunningDate', 'PaymentMethod', 'PaymentTerms',
  'InvoiceReference', 'InvoiceReferenceFiscalYear', 'InvoiceItemReference', 'DocumentReferenceID',
].join(',');

/** One company code's items of one pass, by customer. */
interface CompanyItems {
  open: Map<string, LineItem[]>;
  cleared: Map<string, LineItem[]>;
  unreadable: Map<string, MappedRow[]>;
}

/**
 * S/4HANA through OData V2: a pass reads a company code's open customer items and the items
 * cleared in the window in two paged queries of the journal-entry item cube, then hands them out
 * customer by customer to the shared snapshot pass. Customers come from API_BUSINESS_PARTNER.
 */
export class S4LedgerReader implements SapLedgerReader {
  readonly #client: ODataClient;
  #partners: Promise<Map<string, SapBusinessPartner>> | null = null;
  readonly #companies = new Map<string, Promise<CompanyItems>>();
  readonly push?: (request: PushRequest) => Promise<{ providerReference: string | null }>;

  constructor(
    private readonly config: SapS4ODataConfig,
    private readonly context: ConnectorContext,
  ) {
    this.#client = new ODataClient({
      url: config.url,
      client: config.client,
      user: config.user,
      password: config.password,
      timeoutMs: config.timeoutMs,
      retry: { maxRetries: config.maxRetries, baseDelayMs: config.retryBaseDelayMs },
      logger: context.logger,
      signal: context.signal,
    });
    if (config.journalEntryChangePath) {
      const change = new JournalEntryChange(config, config.journalEntryChangePath, context);
      this.push = (request) => change.push(request);
    }
  }

  /** Business partners in the customer role, by customer number (internal form), read once per run. */
  #partnerMap(): Promise<Map<string, SapBusinessPartner>> {
    if (!this.#partners) {
      this.#partners = (async () => {
        const out = new Map<string, SapBusinessPartner>();
        const query = {
          filter: "Customer ne ''",
          orderby: 'BusinessPartner',
          expand: 'to_Customer/to_CustomerCompany/to_CustomerDunning,to_BusinessPartnerAddress/to_EmailAddress',
        };
        for await (const page of this.#client.readAll(this.config.partnerServicePath, 'A_BusinessPartner', query, this.config.pageSize)) {
          for (const bp of page as SapBusinessPartner[]) {
            const customer = odataText(bp.Customer);
            if (customer !== null) out.set(alphaInput(customer), bp);
          }
        }
        return out;
      })();
      this.#partners.catch(() => (this.#partners = null));
    }
    return this.#partners;
  }

  async customers(): Promise<string[]> {
    return [...(await this.#partnerMap()).keys()].sort();
  }

  async customerRows(cc: string, customer: string): Promise<MappedRow[]> {
    const bp = (await this.#partnerMap()).get(customer);
    const company = bp ? customerCompanyOf(bp, cc) : null;
    return bp && company ? [mapBusinessPartner(cc, bp, company)] : [];
  }

  async customerItems(cc: string, customer: string, keyDate: LocalDate, window: ClearingWindow | null): Promise<CustomerItems> {
    const bp = (await this.#partnerMap()).get(customer);
    if (!bp || !customerCompanyOf(bp, cc)) return { open: [], cleared: [], unreadable: [], absent: true };
    const items = await this.#companyItems(cc, keyDate, window);
    return { open: items.open.get(customer) ?? [], cleared: items.cleared.get(customer) ?? [], unreadable: items.unreadable.get(customer) ?? [], absent: false };
  }

  #companyItems(cc: string, keyDate: LocalDate, window: ClearingWindow | null): Promise<CompanyItems> {
    const cacheKey = `${cc}@${keyDate}:${window?.from ?? ''}`;
    let items = this.#companies.get(cacheKey);
    if (!items) {
      items = this.#readCompanyItems(cc, keyDate, window);
      items.catch(() => this.#companies.delete(cacheKey));
      this.#companies.set(cacheKey, items);
    }
    return items;
  }

  async #readCompanyItems(cc: string, keyDate: LocalDate, window: ClearingWindow | null): Promise<CompanyItems> {
    const out: CompanyItems = { open: new Map(), cleared: new Map(), unreadable: new Map() };
    const customerItems = `CompanyCode eq '${cc}' and FinancialAccountType eq 'D'`;
    // Open at the key date (reference §3.2): posted by then, and not cleared or cleared after it, as the BAPI's KEYDATE reads.
    const day = odataDateLiteral(keyDate);
    await this.#read(`${customerItems} and PostingDate le ${day} and (IsCleared eq false or ClearingDate gt ${day})`, out.open, out.unreadable);
    if (window) {
      await this.#read(`${customerItems} and IsCleared eq true and ClearingDate ge ${odataDateLiteral(window.from)} and ClearingDate le ${odataDateLiteral(window.to)}`, out.cleared, out.unreadable);
    }
    return out;
  }

  async #read(filter: string, into: Map<string, LineItem[]>, unreadable: Map<string, MappedRow[]>): Promise<void> {
    // The cube may repeat an item once per ledger (reference §6.7): the key is read once.
    const seen = new Set<string>();
    for await (const page of this.#client.readAll(this.config.itemsServicePath, cube, { filter, select: itemProperties, orderby: itemKeys }, this.config.pageSize)) {
      for (const raw of page as SapCubeItem[]) {
        const read = readCubeItem(raw);
        const customer = alphaInput(odataText(raw.Customer) ?? '');
        if (!read.ok) {
          unreadable.set(customer, [...(unreadable.get(customer) ?? []), { ok: false, externalId: read.key, reason: read.reason, raw }]);
          continue;
        }
        if (seen.has(read.item.key)) continue;
        seen.add(read.item.key);
        into.set(customer, [...(into.get(customer) ?? []), read.item]);
      }
    }
  }

  async testConnection(): Promise<ConnectionCheck> {
    const details: string[] = [`SAP S/4HANA ${this.config.url} client ${this.config.client}, user ${this.config.user}, OData V2`];
    try {
      const partners = await this.#client.get('A_BusinessPartner', `${this.config.partnerServicePath}/A_BusinessPartner`, { $top: '5', $filter: "Customer ne ''" });
      details.push(`A_BusinessPartner (5 rows at most): ${partners.results.length} customers`);
      for (const cc of this.config.companyCodes) {
        const date = today(this.context.clock, this.context.timeZone);
        const items = await this.#client.get(cube, `${this.config.itemsServicePath}/${cube}`, {
          $top: '5',
          $filter: `CompanyCode eq '${cc}' and FinancialAccountType eq 'D' and PostingDate le ${odataDateLiteral(date)} and (IsCleared eq false or ClearingDate gt ${odataDateLiteral(date)})`,
        });
        details.push(`${cube} company code ${cc}: ${items.results.length} open customer items in the first 5`);
      }
      return { ok: true, details };
    } catch (error) {
      details.push(`failed: ${error instanceof ArbridgeError ? `${error.message} [${error.code}/${error.reason}]` : 'unexpected failure'}`);
      return { ok: false, details };
    }
  }

  async close(): Promise<void> {
    this.#companies.clear();
    this.#partners = null;
  }
}
