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
import { sapRetryPolicy } from '../retry';
import { odataDateLiteral, odataText } from './odata-values';

const cube = 'A_OperationalAcctgDocItemCube';
const itemKeys = 'CompanyCode,FiscalYear,AccountingDocument,AccountingDocumentItem';
const itemProperties = [
  itemKeys, 'Customer', 'FinancialAccountType', 'SpecialGLCode', 'DebitCreditCode', 'PostingKey', 'AccountingDocumentType', 'PostingDate', 'DocumentDate',
  'AccountingDocumentCreationDate', 'NetDueDate', 'ClearingDate', 'ClearingAccountingDocument', 'IsCleared', 'CompanyCodeCurrency', 'AmountInCompanyCodeCurrency',
  'TransactionCurrency', 'AmountInTransactionCurrency', 'DunningLevel', 'DunningBlockingReason', 'LastDunningDate', 'PaymentMethod', 'PaymentTerms',
  'InvoiceReference', 'InvoiceReferenceFiscalYear', 'InvoiceItemReference', 'DocumentReferenceID',
].join(',');

/** A block's customer items in company code `cc`: `customers` as SAP spells them in its business partners. */
function blockFilter(cc: string, customers: readonly string[]): string {
  const anyOf = customers.map((c) => `Customer eq '${c.replace(/'/g, "''")}'`).join(' or ');
  return `CompanyCode eq '${cc}' and FinancialAccountType eq 'D' and (${anyOf})`;
}

/** The items of a block of customers of one company code, by customer. */
interface BlockItems {
  open: Map<string, LineItem[]>;
  cleared: Map<string, LineItem[]>;
  unreadable: Map<string, MappedRow[]>;
}

/** The one block of customers whose items are held: which pass and company code, which customers. */
interface HeldBlock {
  pass: string;
  customers: ReadonlySet<string>;
  items: Promise<BlockItems>;
}

/**
 * S/4HANA through OData V2: the shared snapshot pass asks customer by customer; the first customer
 * of a block (the next `customersPerPage` customers, a page of the pass) has the block's open items
 * and the items cleared in the window read in two paged queries of the journal-entry item cube
 * (`Customer eq … or …`), and the others are served from it. One block is held at a time, so a
 * pull's memory follows the page, not the company code. Customers come from API_BUSINESS_PARTNER.
 */
export class S4LedgerReader implements SapLedgerReader {
  readonly #client: ODataClient;
  #partners: Promise<Map<string, SapBusinessPartner>> | null = null;
  #sortedCustomers: { of: Map<string, SapBusinessPartner>; list: string[] } | null = null;
  #block: HeldBlock | null = null;
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
      retry: sapRetryPolicy(config),
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
    return [...this.#customersOf(await this.#partnerMap())];
  }

  #customersOf(partners: Map<string, SapBusinessPartner>): readonly string[] {
    if (this.#sortedCustomers?.of !== partners) this.#sortedCustomers = { of: partners, list: [...partners.keys()].sort() };
    return this.#sortedCustomers.list;
  }

  async customerRows(cc: string, customer: string): Promise<MappedRow[]> {
    const bp = (await this.#partnerMap()).get(customer);
    const company = bp ? customerCompanyOf(bp, cc) : null;
    return bp && company ? [mapBusinessPartner(cc, bp, company)] : [];
  }

  async customerItems(cc: string, customer: string, keyDate: LocalDate, window: ClearingWindow | null, forListing = false): Promise<CustomerItems> {
    const partners = await this.#partnerMap();
    const bp = partners.get(customer);
    if (!bp || !customerCompanyOf(bp, cc)) return { open: [], cleared: [], unreadable: [], absent: true };
    const pass = `${cc}@${keyDate}:${window?.from ?? ''}:${window?.to ?? ''}${forListing ? ':listing' : ''}`;
    // No await between the test and the assignment: customers asked at once share one read.
    let block = this.#block;
    if (block?.pass !== pass || !block.customers.has(customer)) {
      const all = this.#customersOf(partners);
      const first = all.indexOf(customer);
      const customers = all.slice(first, first + this.config.customersPerPage).filter((c) => customerCompanyOf(partners.get(c)!, cc));
      const spelled = customers.map((c) => odataText(partners.get(c)!.Customer)!);
      const read: HeldBlock = { pass, customers: new Set(customers), items: forListing ? this.#readBlockAtOnce(cc, spelled, keyDate, window) : this.#readBlock(cc, spelled, keyDate, window) };
      read.items.catch(() => {
        if (this.#block === read) this.#block = null;
      });
      this.#block = block = read;
    }
    const items = await block.items;
    return { open: items.open.get(customer) ?? [], cleared: items.cleared.get(customer) ?? [], unreadable: items.unreadable.get(customer) ?? [], absent: false };
  }

  /** `customers` as SAP spells them in its business partners, the form its filters take. */
  async #readBlock(cc: string, customers: readonly string[], keyDate: LocalDate, window: ClearingWindow | null): Promise<BlockItems> {
    const out: BlockItems = { open: new Map(), cleared: new Map(), unreadable: new Map() };
    const customerItems = blockFilter(cc, customers);
    // Open at the key date (reference §3.2): posted by then, and not cleared or cleared after it, as the BAPI's KEYDATE reads.
    const day = odataDateLiteral(keyDate);
    await this.#read(`${customerItems} and PostingDate le ${day} and (IsCleared eq false or ClearingDate gt ${day})`, () => out.open, out.unreadable);
    if (window) {
      await this.#read(`${customerItems} and IsCleared eq true and ClearingDate ge ${odataDateLiteral(window.from)} and ClearingDate le ${odataDateLiteral(window.to)}`, () => out.cleared, out.unreadable);
    }
    return out;
  }

  /**
   * The same items as `#readBlock`, for a key listing, in ONE paged query: posted by the key date and
   * not cleared or cleared since the window's start (the key date without a window), then told apart
   * here with the two queries' own conditions. An item cleared while the block is read stays in this
   * query's result, so it shifts no other item out of a `$skip` window: only an item removed from SAP
   * during the read can (README: deletions).
   */
  async #readBlockAtOnce(cc: string, customers: readonly string[], keyDate: LocalDate, window: ClearingWindow | null): Promise<BlockItems> {
    const out: BlockItems = { open: new Map(), cleared: new Map(), unreadable: new Map() };
    const day = odataDateLiteral(keyDate);
    const since = odataDateLiteral(window?.from ?? keyDate);
    await this.#read(
      `${blockFilter(cc, customers)} and PostingDate le ${day} and (IsCleared eq false or ClearingDate ge ${since})`,
      (raw, item) => {
        const cleared = raw.IsCleared === true || raw.IsCleared === 'true';
        if (!cleared || (item.clearDate !== null && item.clearDate > keyDate)) return out.open;
        if (window && item.clearDate !== null && item.clearDate >= window.from && item.clearDate <= window.to) return out.cleared;
        return null;
      },
      out.unreadable,
    );
    return out;
  }

  /** Reads the items of `filter`, each into the map `into` picks for it (none: left out). */
  async #read(filter: string, into: (raw: SapCubeItem, item: LineItem) => Map<string, LineItem[]> | null, unreadable: Map<string, MappedRow[]>): Promise<void> {
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
        const map = into(raw, read.item);
        map?.set(customer, [...(map.get(customer) ?? []), read.item]);
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
    this.#block = null;
    this.#partners = null;
    this.#sortedCustomers = null;
  }
}
