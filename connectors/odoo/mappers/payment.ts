import { ArbridgeError } from '../../../core/errors';
import type { CurrencyCode } from '../../../core/money/currency';
import { toMinorUnits } from '../../../core/money/money';
import type { MappedRow } from '../../contract';
import type { OdooVersion } from '../config';
import { odooAccountPaymentSchema } from '../types';
import { customerExternalId } from './customer-key';
import { accepted, describeShapeError, rejected } from './mapped-row';
import { amount, currencyCode, latestDatetime, many2oneId, many2oneName, odooDatetimeToInstant, text } from './wire-values';

/** What a payment row needs beyond itself. */
export interface PaymentMapping {
  version: OdooVersion;
  /** The company pass (companyIds configured), or null for a single pass. */
  companyId: number | null;
  /** The commercial (company-level) partner of each contact, as customers are keyed by it. */
  commercialPartnerOf: ReadonlyMap<number, number>;
  /** write_date of each payment's journal entry: in 16/17 posting or cancelling writes the entry, not the payment. */
  moveWriteDates: ReadonlyMap<number, string>;
  /** Each company's currency (the payment's company currency is not a documented payment field). */
  companyCurrencies: ReadonlyMap<number, CurrencyCode>;
}

/** 16/17 payments carry their move's state; 18 gave them their own. Drafts are not pulled. */
const statusByVersion: Readonly<Record<'16-17' | '18+', Readonly<Record<string, 'posted' | 'cancelled'>>>> = {
  '16-17': { posted: 'posted', cancel: 'cancelled' },
  '18+': { in_process: 'posted', paid: 'posted', canceled: 'cancelled', rejected: 'cancelled' },
};

/** account.payment (inbound, customer) → payment candidate. Amounts are positive. */
export function mapPayment(raw: unknown, mapping: PaymentMapping): MappedRow {
  const parsed = odooAccountPaymentSchema.safeParse(raw);
  if (!parsed.success) return rejected(raw, describeShapeError('account.payment', raw, parsed.error));
  const p = parsed.data;
  const where = `payment ${text(p.name) ?? p.id}`;

  const series = mapping.version <= 17 ? '16-17' : '18+';
  const status = statusByVersion[series][p.state];
  if (!status) return rejected(raw, `${where} has state "${p.state}", not one Odoo ${series} uses for a received payment`);
  if (p.date === false) return rejected(raw, `${where} has no date`);
  const contact = many2oneId(p.partner_id);
  if (contact === null) return rejected(raw, `${where} has no partner: Odoo does not say which customer paid`);
  const currency = currencyCode(p.currency_id);
  if (currency === null) return rejected(raw, `${where}: currency_id ${JSON.stringify(p.currency_id)} is not an ISO 4217 currency`);
  const companyId = many2oneId(p.company_id);
  const companyCurrency = companyId === null ? undefined : mapping.companyCurrencies.get(companyId);
  if (companyCurrency === undefined) return rejected(raw, `${where}: the currency of its company ${JSON.stringify(p.company_id)} is unknown`);

  let amounts: { amount: number; amountCompany: number };
  try {
    amounts = {
      amount: Math.abs(toMinorUnits(amount(p.amount), currency)),
      amountCompany: Math.abs(toMinorUnits(amount(p.amount_company_currency_signed), companyCurrency)),
    };
  } catch (error) {
    return rejected(raw, `${where}: ${error instanceof ArbridgeError ? error.message : String(error)}`);
  }

  const moveId = many2oneId(p.move_id);
  const updated = latestDatetime(p.write_date, moveId === null ? null : mapping.moveWriteDates.get(moveId)) as string;
  return accepted({
    externalId: String(p.id),
    sourceUpdatedAt: odooDatetimeToInstant(updated),
    customerExternalId: customerExternalId(mapping.commercialPartnerOf.get(contact) ?? contact, mapping.companyId),
    // The customer's communication first (ref in 16/17, memo in 18+), else Odoo's own number.
    reference: text(p.memo) ?? text(p.ref) ?? text(p.payment_reference) ?? text(p.name),
    receivedOn: p.date,
    currency,
    amount: amounts.amount,
    companyCurrency,
    amountCompany: amounts.amountCompany,
    status,
    method: many2oneName(p.journal_id),
    companyId: String(companyId),
  });
}
