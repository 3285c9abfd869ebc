import type { LocalDate } from '../../../core/time/local-date';
import { FakeDatabase } from './fake-database';
import type { MoveLineRow, MoveRow, PartnerRow } from './fake-rows';
import { fromDay, paymentTerms, splitByTerm } from './payment-terms';
import { countries, companyWords, firstNames, lastNames, sectorWords, slug, type CountryCode } from './demo-names';
import { Ledger } from './ledger';
import type { OdooVersion } from './odoo-version';
import { Prng } from '../../../core/seeded-random';

export interface GenerateCompanyOptions {
  /** Seed of the pseudo-random generator: the same seed gives the same company, byte for byte. */
  seed: number;
  /** End of the history: every record is dated and written before this day's 00:00 UTC. */
  asOf: LocalDate;
  /** Commercial customers (companies and individuals); default 300. */
  customers?: number;
  /** Customer invoices over the whole history; default 4000. About 2.3 receivable lines each. */
  invoices?: number;
  /** Length of the history in months; default 18. */
  monthsOfHistory?: number;
  /** Companies in the database (1 or 2); default 1. */
  companies?: 1 | 2;
  /** Share of customers invoiced in USD; default 0.12. */
  foreignCurrencyShare?: number;
  /** Company-currency (EUR) value of one USD, fixed; default 0.92. */
  usdRate?: number;
  /** Payment names follow this version: "BNK1/2025/00001" up to 17, "PBNK1/2025/00001" from 18; default 17. */
  version?: OdooVersion;
  /** Login of the API user; default "bot@example.com". */
  botLogin?: string;
}

/** How a customer pays: drives delays, partial payments and what stays unpaid. */
export type PaymentProfile = 'excellent' | 'good' | 'slow' | 'bad' | 'defaulted';

export interface CompanyStats {
  customers: number;
  contacts: number;
  archivedPartners: number;
  invoices: number;
  creditNotes: number;
  payments: number;
  receivableLines: number;
  partials: number;
  openInvoices: number;
  disputedInvoices: number;
}

/** A generated company: the database the fake server serves (it takes ownership and mutates it). */
export interface FakeOdooCompany {
  db: FakeDatabase;
  seed: number;
  asOf: LocalDate;
  companyIds: number[];
  /** res.users id and login of the API user. */
  botUid: number;
  botLogin: string;
  /** Commercial partner id → the payment profile the generator gave it (for tests and the demo). */
  profiles: Map<number, PaymentProfile>;
  stats: CompanyStats;
}

const msPerDay = 86_400_000;
const toDay = (date: string): number => Date.parse(`${date}T00:00:00Z`) / msPerDay;

const profiles: readonly PaymentProfile[] = ['excellent', 'good', 'slow', 'bad', 'defaulted'];
const profileWeights = [25, 35, 20, 15, 5];
const behaviour: Record<PaymentProfile, { mean: number; deviation: number; neverPays: number; partial: number; dispute: number }> = {
  excellent: { mean: -2, deviation: 3, neverPays: 0, partial: 0, dispute: 0.01 },
  good: { mean: 5, deviation: 6, neverPays: 0.003, partial: 0.03, dispute: 0.02 },
  slow: { mean: 25, deviation: 12, neverPays: 0.01, partial: 0.15, dispute: 0.05 },
  bad: { mean: 60, deviation: 30, neverPays: 0.08, partial: 0.3, dispute: 0.08 },
  defaulted: { mean: 120, deviation: 45, neverPays: 0.7, partial: 0.3, dispute: 0.1 },
};

interface Customer {
  partner: PartnerRow;
  profile: PaymentProfile;
  currencyId: number;
  companyIds: number[];
  termId: number;
  invoiceContact: number | null;
  weight: number;
  lastActivity: number;
}

interface InvoicePlan {
  customer: Customer;
  at: number;
  date: string;
  companyId: number;
  partnerId: number;
  termId: number;
  installments: { amountCents: number; dueDate: string }[];
  move?: MoveRow;
  lines?: MoveLineRow[];
}

const enum Kind {
  Invoice,
  Pay,
  Refund,
  OpenCredit,
  Advance,
}

interface GenEvent {
  t: number;
  kind: Kind;
  plan: InvoicePlan;
  installment: number;
  /** Pay: share of the installment's open amount; Refund: share of the invoice (1 = full reversal). */
  share: number;
}

/**
 * Generates a realistic, deterministic accounts-receivable history: customers with payment habits
 * (good and bad payers), contacts, invoices with 1 to 3 installments, payments (some partial, some late,
 * some never), credit notes reconciled against their invoices, open credits and advances, disputes,
 * USD customers at a fixed rate, archived partners and optionally a second company. Everything happens
 * in chronological order through the Ledger, so write_date follows each record's history.
 */
export function generateCompany(options: GenerateCompanyOptions): FakeOdooCompany {
  const rng = new Prng(options.seed);
  const customerCount = options.customers ?? 300;
  const invoiceCount = options.invoices ?? 4000;
  const months = options.monthsOfHistory ?? 18;
  const companyCount = options.companies ?? 1;
  const version = options.version ?? 17;
  const botLogin = options.botLogin ?? 'bot@example.com';
  const asOfDay = toDay(options.asOf);
  const asOfStart = asOfDay * msPerDay;
  const historyStart = toDay(options.asOf) - Math.round(months * 30.44);
  const db = new FakeDatabase();
  const ledger = new Ledger(db, version);
  const setupAt = (historyStart - 400) * msPerDay + 9 * 3_600_000;
  const stamp = { create_date: setupAt, write_date: setupAt, create_uid: 1, write_uid: 1 };
  const timeOn = (day: number, fromHour = 7, toHour = 17): number => day * msPerDay + rng.int(fromHour * 3600, toHour * 3600 + 3599) * 1000 + rng.int(0, 999);

  // Reference data: currencies, companies, users, tags, payment terms, accounts, journals.
  db.insert('res.currency', { ...stamp, name: 'EUR', full_name: 'Euro', symbol: '€', decimal_places: 2, rounding: 0.01, position: 'after', active: true }, 1);
  db.insert('res.currency', { ...stamp, name: 'USD', full_name: 'United States dollar', symbol: '$', decimal_places: 2, rounding: 0.01, position: 'before', active: true }, 2);
  db.insert('res.currency', { ...stamp, name: 'GBP', full_name: 'Pound sterling', symbol: '£', decimal_places: 2, rounding: 0.01, position: 'before', active: false }, 3);
  db.rates.set(2, options.usdRate ?? 0.92);
  const companyNames = ['Arbridge Demo SA', 'Arbridge Demo Benelux SRL'];
  const companyIds: number[] = [];
  for (let c = 1; c <= companyCount; c++) {
    const name = companyNames[c - 1] as string;
    db.insert('res.partner', { ...stamp, ...blankPartner(), name, email: `accounting@${slug(name)}.example.fr`, is_company: true, commercial_partner_id: c, company_id: c, customer_rank: 0 }, c);
    db.insert('res.company', { ...stamp, name, currency_id: 1, partner_id: c }, c);
    companyIds.push(c);
  }
  const users = [
    { name: 'OdooBot', login: '__system__', active: false },
    { name: 'Mitchell Admin', login: 'admin', active: true },
    { name: 'Marc Demo', login: 'marc.demo@example.com', active: true },
    { name: 'Sophie Martin', login: 'sophie.martin@example.com', active: true },
    { name: 'Lukas Weber', login: 'lukas.weber@example.com', active: true },
    { name: 'AR Sync Bot', login: botLogin, active: true },
  ];
  users.forEach((u, i) => db.insert('res.users', { ...stamp, ...u, company_id: 1, company_ids: [...companyIds] }, i + 1));
  const botUid = users.length;
  const salespeople = [3, 4, 5];
  ['VIP', 'Retail', 'Wholesale', 'Public Administration', 'Export', 'Key Account'].forEach((name, i) =>
    db.insert('res.partner.category', { ...stamp, name, color: i + 1, active: true }, i + 1),
  );
  paymentTerms.forEach((term, i) => db.insert('account.payment.term', { ...stamp, name: term.name, active: true, schedule: term.schedule }, i + 1));
  for (const c of companyIds) {
    const accounts: [string, string, string, boolean][] = [
      ['411100', 'Clients', 'asset_receivable', true],
      ['512000', 'Banque', 'asset_cash', false],
      ['706000', 'Prestations de services', 'income', false],
      ['445710', 'TVA collectée', 'liability_current', false],
    ];
    for (const [code, name, type, reconcile] of accounts) db.insert('account.account', { ...stamp, code, name, account_type: type, reconcile, company_id: c });
    db.insert('account.journal', { ...stamp, name: 'Customer Invoices', code: 'INV', type: 'sale', company_id: c });
    db.insert('account.journal', { ...stamp, name: 'Bank', code: c === 1 ? 'BNK1' : 'BNK2', type: 'bank', company_id: c });
    db.insert('account.journal', { ...stamp, name: 'Miscellaneous Operations', code: 'MISC', type: 'general', company_id: c });
  }

  // Customers and their contacts.
  const usedNames = new Set<string>();
  const customers: Customer[] = [];
  const profileOf = new Map<number, PaymentProfile>();
  let contacts = 0;
  const countryCodes: CountryCode[] = ['FR', 'FR', 'FR', 'BE', 'DE', 'US'];
  for (let i = 0; i < customerCount; i++) {
    const profile = rng.weighted(profiles, profileWeights);
    const usd = rng.chance(options.foreignCurrencyShare ?? 0.12);
    const country = countries[usd ? 'US' : rng.pick(countryCodes.filter((c) => c !== 'US'))];
    const isCompany = rng.chance(0.9);
    const [city, zip] = rng.pick(country.cities);
    let name: string;
    if (isCompany) {
      name = `${rng.pick(companyWords)} ${rng.pick(sectorWords)} ${rng.pick(country.legalForms)}`;
      if (usedNames.has(name)) name = `${name.slice(0, name.lastIndexOf(' '))} ${city} ${name.slice(name.lastIndexOf(' ') + 1)}`;
      for (let n = 2; usedNames.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
    } else {
      name = `${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
      for (let n = 2; usedNames.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
    }
    usedNames.add(name);
    const createdDay = historyStart - rng.int(0, 365);
    const createdAt = timeOn(createdDay);
    const inCompanies = companyCount === 1 ? [1] : rng.weighted([[1], [2], [1, 2]], [65, 20, 15]);
    const termIndex = rng.weighted(
      paymentTerms.map((_, k) => k),
      paymentTerms.map((t) => t.weight),
    );
    const perCompany = <T>(value: T): Record<number, T> => Object.fromEntries(inCompanies.map((c) => [c, value])) as Record<number, T>;
    const domain = `${slug(name)}.${country.domain}`;
    const partner = db.insert('res.partner', {
      create_date: createdAt,
      write_date: createdAt,
      create_uid: 2,
      write_uid: 2,
      ...blankPartner(),
      name,
      email: rng.chance(0.95) ? (isCompany ? `accounts@${domain}` : `${slug(name)}@${country.domain}`) : false,
      phone: rng.chance(0.85) ? `${country.phonePrefix} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}` : false,
      mobile: rng.chance(0.5) ? `${country.mobilePrefix} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}` : false,
      lang: country.lang,
      tz: country.tz,
      vat: isCompany && country.code !== 'US' ? vatFor(country.code, rng) : false,
      ref: `C${String(i + 1).padStart(5, '0')}`,
      street: `${rng.int(1, 180)} ${rng.pick(['rue de la Paix', 'avenue Louise', 'Hauptstraße', 'Main Street', 'boulevard Voltaire', 'Kerkstraat'])}`,
      zip,
      city,
      is_company: isCompany,
      commercial_partner_id: 0,
      user_id: rng.chance(0.8) ? rng.pick(salespeople) : false,
      category_id: rng.chance(0.5) ? [rng.int(1, 6)] : [],
      property_payment_term_id: perCompany(termIndex + 1),
      credit_limit: perCompany(rng.chance(0.4) ? rng.int(1, 20) * 5000 : 0),
      trust: perCompany(profile === 'excellent' ? 'good' : profile === 'defaulted' || (profile === 'bad' && rng.chance(0.5)) ? 'bad' : 'normal'),
      customer_rank: 1,
    });
    partner.commercial_partner_id = partner.id;
    profileOf.set(partner.id, profile);
    let invoiceContact: number | null = null;
    if (isCompany) {
      const children = rng.weighted([0, 1, 2], [30, 45, 25]);
      for (let k = 0; k < children; k++) {
        const first = rng.pick(firstNames);
        const last = rng.pick(lastNames);
        const type = k === 0 && rng.chance(0.4) ? 'invoice' : 'contact';
        const child = db.insert('res.partner', {
          create_date: createdAt + 60_000 * (k + 1),
          write_date: createdAt + 60_000 * (k + 1),
          create_uid: 2,
          write_uid: 2,
          ...blankPartner(),
          name: `${first} ${last}`,
          email: `${slug(first)}.${slug(last)}@${domain}`,
          phone: rng.chance(0.5) ? `${country.phonePrefix} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)} ${rng.int(10, 99)}` : false,
          lang: country.lang,
          tz: country.tz,
          type,
          parent_id: partner.id,
          commercial_partner_id: partner.id,
          user_id: partner.user_id,
          customer_rank: 0,
        });
        contacts++;
        if (type === 'invoice') invoiceContact = child.id;
      }
    }
    customers.push({
      partner,
      profile,
      currencyId: usd ? 2 : 1,
      companyIds: inCompanies,
      termId: termIndex + 1,
      invoiceContact,
      weight: Math.exp(rng.normal(0, 1)),
      lastActivity: createdAt,
    });
  }

  // Invoice plans, spread over the history, picked by customer weight (a few big accounts, a long tail).
  const cumulative: number[] = [];
  let totalWeight = 0;
  for (const c of customers) cumulative.push((totalWeight += c.weight));
  const pickCustomer = (): Customer => {
    const roll = rng.next() * totalWeight;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < roll) lo = mid + 1;
      else hi = mid;
    }
    return customers[lo] as Customer;
  };
  const events: GenEvent[] = [];
  const historyDays = asOfDay - historyStart;
  for (let k = 0; k < invoiceCount && customers.length > 0; k++) {
    const customer = pickCustomer();
    const day = historyStart + rng.int(0, historyDays - 1);
    const date = fromDay(day);
    const termId = rng.chance(0.9) ? customer.termId : rng.int(1, paymentTerms.length);
    const amount = Math.round(Math.min(60_000, Math.max(40, Math.exp(rng.normal(Math.log(1200), 0.9)))) * 100);
    const plan: InvoicePlan = {
      customer,
      at: timeOn(day, 7, 17),
      date,
      companyId: rng.pick(customer.companyIds),
      partnerId: customer.invoiceContact !== null && rng.chance(0.7) ? customer.invoiceContact : customer.partner.id,
      termId,
      installments: splitByTerm((paymentTerms[termId - 1] as (typeof paymentTerms)[number]).schedule, date, amount),
    };
    events.push({ t: plan.at, kind: Kind.Invoice, plan, installment: 0, share: 1 });
    const habit = behaviour[customer.profile];
    plan.installments.forEach((inst, n) => {
      if (rng.chance(habit.neverPays)) return;
      const delay = Math.round(rng.normal(habit.mean, habit.deviation));
      const payDay = Math.max(day, toDay(inst.dueDate) + delay);
      if (payDay >= asOfDay) return;
      const payAt = Math.max(plan.at + 3_600_000, timeOn(payDay, 6, 16));
      if (rng.chance(habit.partial)) {
        events.push({ t: payAt, kind: Kind.Pay, plan, installment: n, share: 0.3 + rng.next() * 0.4 });
        const restDay = payDay + rng.int(10, 60);
        if (restDay < asOfDay && !rng.chance(habit.neverPays * 2)) events.push({ t: timeOn(restDay, 6, 16), kind: Kind.Pay, plan, installment: n, share: 1 });
      } else {
        events.push({ t: payAt, kind: Kind.Pay, plan, installment: n, share: 1 });
      }
    });
    if (rng.chance(0.035)) {
      const refundDay = day + rng.int(3, 45);
      if (refundDay < asOfDay) events.push({ t: Math.max(plan.at + 60_000, timeOn(refundDay)), kind: Kind.Refund, plan, installment: 0, share: rng.chance(0.35) ? 1 : 0.1 + rng.next() * 0.4 });
    }
  }
  // Open credits (credit notes not yet applied) and advances (payments not yet matched) on a few accounts.
  for (const customer of customers) {
    for (const kind of [Kind.OpenCredit, Kind.Advance] as const) {
      if (!rng.chance(0.025)) continue;
      const day = historyStart + rng.int(Math.floor(historyDays / 2), historyDays - 1);
      const plan: InvoicePlan = {
        customer,
        at: timeOn(day),
        date: fromDay(day),
        companyId: rng.pick(customer.companyIds),
        partnerId: customer.partner.id,
        termId: customer.termId,
        installments: [{ amountCents: rng.int(50, 3000) * 100, dueDate: fromDay(day) }],
      };
      events.push({ t: plan.at, kind, plan, installment: 0, share: 1 });
    }
  }
  events.sort((a, b) => a.t - b.t);

  // Replay the history in time order.
  let creditNotes = 0;
  let payments = 0;
  const invoicesPlanned: InvoicePlan[] = [];
  for (const event of events) {
    const { plan, t } = event;
    const customer = plan.customer;
    customer.lastActivity = Math.max(customer.lastActivity, t);
    switch (event.kind) {
      case Kind.Invoice: {
        const created = ledger.createInvoice(
          {
            moveType: 'out_invoice',
            partnerId: plan.partnerId,
            companyId: plan.companyId,
            currencyId: customer.currencyId,
            invoiceDate: plan.date,
            installments: plan.installments,
            paymentTermId: plan.termId,
            userId: customer.partner.user_id,
            ref: rng.chance(0.3) ? `PO-${rng.int(10000, 99999)}` : false,
          },
          t,
        );
        plan.move = created.move;
        plan.lines = created.lines;
        invoicesPlanned.push(plan);
        break;
      }
      case Kind.Pay: {
        const line = plan.lines?.[event.installment];
        if (!line || line.reconciled) break;
        const open = Math.round(line.amount_residual_currency * 100);
        const amount = event.share >= 1 ? open : Math.max(1, Math.round(open * event.share));
        const allocation = ledger.allocation(line, amount);
        const paid = ledger.createPayment(
          {
            partnerId: customer.partner.id,
            companyId: plan.companyId,
            currencyId: customer.currencyId,
            amountCents: allocation.currencyCents,
            companyCents: allocation.companyCents,
            date: fromDay(Math.floor(t / msPerDay)),
            memo: plan.move?.name ?? false,
          },
          t,
        );
        ledger.reconcile(line, paid.line, t, allocation.currencyCents, allocation.companyCents);
        payments++;
        break;
      }
      case Kind.Refund: {
        const move = plan.move;
        const lines = plan.lines ?? [];
        if (!move || move.amount_residual <= 0) break;
        const untouched = lines.every((l) => l.matched_credit_ids.length === 0);
        const full = event.share >= 1 && untouched;
        const residual = Math.round(move.amount_residual * 100);
        const amount = full ? residual : Math.max(1, Math.round(residual * Math.min(event.share, 0.5)));
        const date = fromDay(Math.floor(t / msPerDay));
        const refund = ledger.createInvoice(
          {
            moveType: 'out_refund',
            partnerId: plan.partnerId,
            companyId: plan.companyId,
            currencyId: customer.currencyId,
            invoiceDate: date,
            installments: [{ amountCents: amount, dueDate: date, ...(full ? { companyCents: Math.round(move.amount_residual_signed * 100) } : {}) }],
            paymentTermId: false,
            userId: customer.partner.user_id,
            ref: `Reversal of: ${move.name}, ${full ? 'cancelled order' : rng.pick(['damaged goods', 'price adjustment', 'missing items', 'commercial gesture'])}`,
            reversedEntryId: move.id,
          },
          t,
        );
        const refundLine = refund.lines[0] as MoveLineRow;
        for (const line of lines) if (!line.reconciled) ledger.reconcile(line, refundLine, t);
        creditNotes++;
        break;
      }
      case Kind.OpenCredit: {
        ledger.createInvoice(
          {
            moveType: 'out_refund',
            partnerId: plan.partnerId,
            companyId: plan.companyId,
            currencyId: customer.currencyId,
            invoiceDate: plan.date,
            installments: plan.installments,
            paymentTermId: false,
            userId: customer.partner.user_id,
            ref: 'Volume rebate',
          },
          t,
        );
        creditNotes++;
        break;
      }
      case Kind.Advance: {
        const amount = (plan.installments[0] as { amountCents: number }).amountCents;
        ledger.createPayment(
          {
            partnerId: customer.partner.id,
            companyId: plan.companyId,
            currencyId: customer.currencyId,
            amountCents: amount,
            companyCents: ledger.toCompanyCents(amount, customer.currencyId, plan.companyId),
            date: plan.date,
            memo: 'Advance payment',
          },
          t,
        );
        payments++;
        break;
      }
    }
  }

  // Disputes: some invoices still open and overdue are flagged after their last change.
  let disputed = 0;
  let open = 0;
  for (const plan of invoicesPlanned) {
    const move = plan.move as MoveRow;
    if (move.payment_state !== 'not_paid' && move.payment_state !== 'partial') continue;
    open++;
    const due = toDay(move.invoice_date_due || plan.date);
    if (due >= asOfDay - 10 || !rng.chance(behaviour[plan.customer.profile].dispute * 3)) continue;
    const from = Math.max(move.write_date, due * msPerDay) + rng.int(1, 20) * msPerDay;
    if (from >= asOfStart) continue;
    const at = Math.min(from + rng.int(0, 8 * 3600) * 1000 + rng.int(0, 999), asOfStart - 1000);
    // The line flag: `blocked` in 16/17, payment_state 'blocked' in 18, `no_followup` in 19 (model-schema.ts).
    db.touch(move, at, 2);
    for (const line of plan.lines ?? []) {
      if (line.reconciled) continue;
      line.followup_blocked = true;
      db.touch(line, at, 2);
    }
    disputed++;
  }

  // Partners: invoice counts, later edits, and archived accounts (defaulters gone quiet, at least one).
  const invoicesPer = new Map<number, number>();
  for (const plan of invoicesPlanned) invoicesPer.set(plan.customer.partner.id, (invoicesPer.get(plan.customer.partner.id) ?? 0) + 1);
  let archived = 0;
  customers.forEach((customer, i) => {
    const partner = customer.partner;
    partner.customer_rank = invoicesPer.get(partner.id) ?? 0;
    const quiet = customer.lastActivity < asOfStart - 120 * msPerDay;
    const archive = (customer.profile === 'defaulted' && quiet && rng.chance(0.5)) || (i === customers.length - 1 && archived === 0);
    const edited = rng.chance(0.2);
    if (archive || edited) {
      const from = Math.max(customer.lastActivity, partner.write_date) + msPerDay;
      const at = from < asOfStart ? from + rng.int(0, Math.max(0, Math.floor((asOfStart - from) / 1000) - 1)) * 1000 : asOfStart - 1000;
      if (archive) {
        partner.active = false;
        archived++;
      } else if (partner.phone !== false) partner.phone = partner.phone.replace(/\d\d$/, String(rng.int(10, 99)));
      db.touch(partner, Math.max(at, partner.write_date), 2);
    }
  });

  let receivableLines = 0;
  for (const line of db.table('account.move.line').rows.values()) if (line.account_id > 0) receivableLines++;
  return {
    db,
    seed: options.seed,
    asOf: options.asOf,
    companyIds,
    botUid,
    botLogin,
    profiles: profileOf,
    stats: {
      customers: customers.length,
      contacts,
      archivedPartners: archived,
      invoices: invoicesPlanned.length,
      creditNotes,
      payments,
      receivableLines,
      partials: db.table('account.partial.reconcile').size,
      openInvoices: open,
      disputedInvoices: disputed,
    },
  };
}

function blankPartner(): Omit<PartnerRow, 'id' | 'create_date' | 'write_date' | 'create_uid' | 'write_uid' | 'name' | 'commercial_partner_id' | 'customer_rank'> {
  return {
    email: false,
    phone: false,
    mobile: false,
    lang: 'fr_FR',
    tz: 'Europe/Paris',
    vat: false,
    ref: false,
    street: false,
    zip: false,
    city: false,
    type: 'contact',
    is_company: false,
    parent_id: false,
    company_id: false,
    active: true,
    user_id: false,
    category_id: [],
    property_payment_term_id: {},
    credit_limit: {},
    trust: {},
  };
}

function vatFor(country: CountryCode, rng: Prng): string {
  const digits = (n: number): string => Array.from({ length: n }, () => String(rng.int(0, 9))).join('');
  if (country === 'FR') return `FR${digits(11)}`;
  if (country === 'BE') return `BE0${digits(9)}`;
  return `DE${digits(9)}`;
}
