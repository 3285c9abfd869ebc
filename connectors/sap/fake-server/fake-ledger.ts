import { addDays, type LocalDate } from '../../../core/time/local-date';
import { Prng } from '../../../core/seeded-random';

/** One FI customer line item as BSID/BSAD hold it, in BAPI3007_2 names; amounts unsigned text. */
export interface LedgerItem {
  COMP_CODE: string;
  CUSTOMER: string;
  SP_GL_IND: string;
  CLEAR_DATE: string;
  CLR_DOC_NO: string;
  FISC_YEAR: string;
  DOC_NO: string;
  ITEM_NUM: string;
  PSTNG_DATE: string;
  DOC_DATE: string;
  ENTRY_DATE: string;
  CURRENCY: string;
  LOC_CURRCY: string;
  REF_DOC_NO: string;
  DOC_TYPE: string;
  POST_KEY: string;
  DB_CR_IND: 'S' | 'H';
  LC_AMOUNT: string;
  AMT_DOCCUR: string;
  BLINE_DATE: string;
  PMNTTRMS: string;
  DSCT_DAYS1: string;
  DSCT_DAYS2: string;
  NETTERMS: string;
  INV_REF: string;
  INV_YEAR: string;
  INV_ITEM: string;
  DUNN_BLOCK: string;
  DUNN_KEY: string;
  LAST_DUNN: string;
  DUNN_LEVEL: string;
  DUNN_AREA: string;
  ITEM_TEXT: string;
  PYMT_METH: string;
}

/** A customer master record (KNA1 + KNB1 of one company code). */
export interface LedgerCustomer {
  CUSTOMER: string;
  NAME: string;
  CITY: string;
  COUNTRY: string;
  LANGU_ISO: string;
  TELEPHONE: string;
  E_MAIL: string;
  VAT_REG_NO: string;
  PMNTTRMS: string;
  DUNN_BLOCK: string;
  /** Company codes the customer is defined in (KNB1). */
  companyCodes: string[];
}

/** How to seed a company: the same options give the same ledger on every machine. */
export interface LedgerOptions {
  seed: number;
  /** The day the ledger is "as of": every posting is on or before it. */
  asOf: LocalDate;
  customers: number;
  /** Invoices per customer. */
  invoicesPerCustomer: number;
  companyCode?: string;
  /** Local (company code) currency. */
  currency?: string;
  /** Every customer in the company code, every invoice open, no payment, credit memo or down payment (the bench's exact item count). */
  openItemsOnly?: boolean;
}

const initial = '0000-00-00';

/** Invoice, incoming payment, credit memo, down payment (SAP's standard document types). */
type DocumentType = 'RV' | 'DZ' | 'DG' | 'DA';

/** A seeded FI-AR ledger of one company code: open and cleared invoices, partial payments, credit memos, dunning data. */
export class FakeLedger {
  readonly customers = new Map<string, LedgerCustomer>();
  readonly items: LedgerItem[] = [];
  readonly companyCode: string;
  readonly currency: string;
  #nextDoc = { RV: 1800000000, DZ: 1400000000, DG: 1700000000, DA: 1600000000 };

  constructor(readonly options: LedgerOptions) {
    this.companyCode = options.companyCode ?? '1000';
    this.currency = options.currency ?? 'EUR';
    const rng = new Prng(options.seed);
    const cities = ['Lyon', 'Paris', 'Lille', 'Nantes', 'Toulouse', 'Bordeaux'];
    for (let c = 0; c < options.customers; c++) {
      // One alphanumeric account, as SAP allows with an external number range.
      const number = c === 1 ? 'CPD-LYON' : String(100000 + c).padStart(10, '0');
      const customer: LedgerCustomer = {
        CUSTOMER: number,
        NAME: `Client ${String(c + 1).padStart(4, '0')} ${rng.pick(['SARL', 'SAS', 'GmbH', 'Ltd'])}`,
        CITY: rng.pick(cities),
        COUNTRY: 'FR',
        LANGU_ISO: rng.pick(['FR', 'EN', 'DE']),
        TELEPHONE: rng.chance(0.7) ? `04 72 ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}` : '',
        E_MAIL: rng.chance(0.8) ? `compta${c + 1}@client${c + 1}.example` : '',
        VAT_REG_NO: rng.chance(0.6) ? `FR${String(rng.int(10, 99))}${String(rng.int(100000000, 999999999))}` : '',
        PMNTTRMS: rng.pick(['0001', 'ZB30', 'ZB45']),
        DUNN_BLOCK: c % 17 === 5 ? 'A' : '',
        // Every few customers exist in the client but not in this company code (FN503 on reads).
        companyCodes: c % 11 === 10 && !options.openItemsOnly ? ['2000'] : [this.companyCode],
      };
      this.customers.set(number, customer);
      if (!customer.companyCodes.includes(this.companyCode)) continue;
      for (let i = 0; i < options.invoicesPerCustomer; i++) this.#seedInvoice(rng, number);
      if (options.openItemsOnly) continue;
      if (rng.chance(0.3)) this.#seedCreditMemo(rng, number);
      if (c === 3) this.#seedDownPayment(number);
    }
  }

  #docNo(type: DocumentType): string {
    return String(this.#nextDoc[type]++);
  }

  #base(customer: string, type: DocumentType, docDate: LocalDate, debitCredit: 'S' | 'H', amount: string, postKey: string): LedgerItem {
    return {
      COMP_CODE: this.companyCode, CUSTOMER: customer, SP_GL_IND: '', CLEAR_DATE: initial, CLR_DOC_NO: '',
      FISC_YEAR: docDate.slice(0, 4), DOC_NO: this.#docNo(type), ITEM_NUM: '001', PSTNG_DATE: docDate, DOC_DATE: docDate,
      ENTRY_DATE: docDate, CURRENCY: this.currency, LOC_CURRCY: this.currency, REF_DOC_NO: '', DOC_TYPE: type, POST_KEY: postKey,
      DB_CR_IND: debitCredit, LC_AMOUNT: amount, AMT_DOCCUR: amount, BLINE_DATE: docDate, PMNTTRMS: '', DSCT_DAYS1: '0',
      DSCT_DAYS2: '0', NETTERMS: '0', INV_REF: '', INV_YEAR: '0000', INV_ITEM: '000', DUNN_BLOCK: '', DUNN_KEY: '',
      LAST_DUNN: initial, DUNN_LEVEL: '0', DUNN_AREA: '', ITEM_TEXT: '', PYMT_METH: '',
    };
  }

  #seedInvoice(rng: Prng, customer: string): void {
    const docDate = addDays(this.options.asOf, -rng.int(5, 150));
    const cents = rng.int(10_000, 900_000);
    const item = this.#base(customer, 'RV', docDate, 'S', centsText(cents), '01');
    item.REF_DOC_NO = `90${item.DOC_NO.slice(-6)}`;
    // The three shapes of payment terms SAP's due-date logic distinguishes.
    const terms = rng.pick([{ PMNTTRMS: 'ZB30', NETTERMS: '30', DSCT_DAYS1: '0', DSCT_DAYS2: '0' }, { PMNTTRMS: 'ZB45', NETTERMS: '0', DSCT_DAYS1: '14', DSCT_DAYS2: '45' }, { PMNTTRMS: '0001', NETTERMS: '0', DSCT_DAYS1: '0', DSCT_DAYS2: '0' }]);
    Object.assign(item, terms);
    if (rng.chance(0.1)) item.BLINE_DATE = initial; // falls back to the document date
    if (rng.chance(0.15)) {
      item.CURRENCY = 'USD';
      item.AMT_DOCCUR = centsText(Math.round((cents * 108) / 100));
    }
    this.items.push(item);
    if (this.options.openItemsOnly) return;
    const roll = rng.next();
    if (roll < 0.3) {
      this.clear(item, addDays(docDate, rng.int(10, 60)));
    } else if (roll < 0.45) {
      this.payPartially(item, Math.floor(cents / rng.int(2, 4)), addDays(docDate, rng.int(5, 30)));
    } else if (roll < 0.7 && addDays(docDate, 40) < this.options.asOf) {
      item.DUNN_LEVEL = String(rng.int(1, 3));
      item.LAST_DUNN = addDays(docDate, 40);
      item.DUNN_KEY = rng.chance(0.2) ? '1' : '';
    } else if (roll < 0.75) {
      item.DUNN_BLOCK = 'R'; // disputed: blocked for dunning
    }
  }

  #seedCreditMemo(rng: Prng, customer: string): void {
    const docDate = addDays(this.options.asOf, -rng.int(5, 60));
    const memo = this.#base(customer, 'DG', docDate, 'H', centsText(rng.int(2_000, 50_000)), '11');
    memo.NETTERMS = '30'; // ignored: a credit without invoice reference is due at once
    this.items.push(memo);
  }

  #seedDownPayment(customer: string): void {
    const docDate = addDays(this.options.asOf, -20);
    const item = this.#base(customer, 'DA', docDate, 'S', '500.00', '09');
    item.SP_GL_IND = 'A';
    this.items.push(item);
  }

  /** Posts a partial payment (DZ) referring to `invoice`, left open beside it (SAP's partial-payment method). */
  payPartially(invoice: LedgerItem, amountCents: number, on: LocalDate): LedgerItem {
    const payment = this.#base(invoice.CUSTOMER, 'DZ', on, 'H', centsText(amountCents), '15');
    payment.INV_REF = invoice.DOC_NO;
    payment.INV_YEAR = invoice.FISC_YEAR;
    payment.INV_ITEM = invoice.ITEM_NUM;
    payment.PYMT_METH = 'T';
    this.#inInvoiceCurrency(payment, invoice);
    this.items.push(payment);
    return payment;
  }

  /** A payment of a foreign-currency invoice is posted in its currency, at the seeded rate (1.08). */
  #inInvoiceCurrency(payment: LedgerItem, invoice: LedgerItem): void {
    if (invoice.CURRENCY === invoice.LOC_CURRCY) return;
    payment.CURRENCY = invoice.CURRENCY;
    payment.AMT_DOCCUR = centsText(Math.round((cents(payment.LC_AMOUNT) * 108) / 100));
  }

  /** Clears `invoice` and its open partial payments with an incoming payment of the rest on `on`. */
  clear(invoice: LedgerItem, on: LocalDate): LedgerItem {
    const partials = this.items.filter((i) => i.CLEAR_DATE === initial && i.INV_REF === invoice.DOC_NO && i.INV_YEAR === invoice.FISC_YEAR && i.CUSTOMER === invoice.CUSTOMER);
    const paidBefore = partials.reduce((sum, p) => sum + cents(p.LC_AMOUNT), 0);
    const payment = this.#base(invoice.CUSTOMER, 'DZ', on, 'H', centsText(cents(invoice.LC_AMOUNT) - paidBefore), '15');
    payment.PYMT_METH = 'T';
    this.#inInvoiceCurrency(payment, invoice);
    this.items.push(payment);
    for (const item of [invoice, ...partials, payment]) {
      item.CLEAR_DATE = on;
      item.CLR_DOC_NO = payment.DOC_NO;
    }
    return payment;
  }

  /** Posts a new invoice (an incremental change). */
  addInvoice(customer: string, amountCents: number, on: LocalDate, netDays = 30): LedgerItem {
    const item = this.#base(customer, 'RV', on, 'S', centsText(amountCents), '01');
    item.NETTERMS = String(netDays);
    item.PMNTTRMS = 'ZB30';
    item.REF_DOC_NO = `90${item.DOC_NO.slice(-6)}`;
    this.items.push(item);
    return item;
  }

  /** Items of `customer` open at `keyDate`: posted by then, not cleared by then (BSID + BSAD with AUGDT > key date). */
  openItems(companyCode: string, customer: string, keyDate: LocalDate): LedgerItem[] {
    return this.items.filter((i) => i.COMP_CODE === companyCode && i.CUSTOMER === customer && i.PSTNG_DATE <= keyDate && (i.CLEAR_DATE === initial || i.CLEAR_DATE > keyDate));
  }

  /** Items of `customer` cleared between `from` and `to` (clearing date), payments with what they cleared. */
  balancedItems(companyCode: string, customer: string, from: LocalDate, to: LocalDate): LedgerItem[] {
    return this.items.filter((i) => i.COMP_CODE === companyCode && i.CUSTOMER === customer && i.CLEAR_DATE !== initial && i.CLEAR_DATE >= from && i.CLEAR_DATE <= to);
  }

  /** Open invoices (no partials, no dunning block), for tests that need one. */
  openInvoices(): LedgerItem[] {
    return this.items.filter((i) => i.DOC_TYPE === 'RV' && i.CLEAR_DATE === initial && i.DUNN_BLOCK === '' && !this.items.some((p) => p.INV_REF === i.DOC_NO && p.CUSTOMER === i.CUSTOMER));
  }
}

function centsText(cents: number): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

function cents(text: string): number {
  const [whole = '0', frac = '0'] = text.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
