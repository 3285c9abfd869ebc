import { z } from 'zod';
import type { MappedRow } from '../../contract';
import type { CurrencyCode } from '../../../core/money/currency';
import { toMinorUnits } from '../../../core/money/money';
import { odooResPartnerSchema } from '../types';
import { customerExternalId } from './customer-key';
import { accepted, describeShapeError, rejected } from './mapped-row';
import { amount, many2oneId, many2oneName, odooDatetimeToInstant, odooLangToTag, text } from './wire-values';

/** What a customer row needs beyond itself. */
export interface CustomerMapping {
  /** The company pass (companyIds configured), or null for a single pass. */
  companyId: number | null;
  /** The company currency, in which Odoo keeps the credit limit. */
  companyCurrency: CurrencyCode;
  /** Tag names (res.partner.category display names) by id. */
  categoryNames: ReadonlyMap<number, string>;
}

const emailSchema = z.string().email();

/** res.partner (a commercial partner) → customer candidate. */
export function mapCustomer(raw: unknown, mapping: CustomerMapping): MappedRow {
  const parsed = odooResPartnerSchema.safeParse(raw);
  if (!parsed.success) return rejected(raw, describeShapeError('res.partner', raw, parsed.error));
  const p = parsed.data;

  const name = text(p.name) ?? text(p.display_name);
  if (name === null) return rejected(raw, `res.partner ${p.id} has no name`);

  // Odoo lets several addresses share the field ("a@x.com, b@x.com"); unusable ones are left out.
  const emails = (text(p.email) ?? '')
    .split(/[,;\s]+/)
    .map((e) => e.trim())
    .filter((e) => e !== '' && emailSchema.safeParse(e).success);

  const limit = amount(p.credit_limit);
  const termId = many2oneId(p.property_payment_term_id);
  return accepted({
    externalId: customerExternalId(p.id, mapping.companyId),
    sourceUpdatedAt: odooDatetimeToInstant(p.write_date),
    name,
    emails: [...new Set(emails)],
    phone: text(p.phone) ?? text(p.mobile),
    language: odooLangToTag(p.lang),
    vatId: text(p.vat),
    paymentTerms: termId === null ? null : { code: String(termId), name: many2oneName(p.property_payment_term_id) ?? String(termId) },
    // 0 is Odoo's "no limit".
    creditLimit: limit === 0 ? null : { amount: toMinorUnits(limit, mapping.companyCurrency), currency: mapping.companyCurrency },
    tags: p.category_id.map((id) => mapping.categoryNames.get(id)).filter((n): n is string => n !== undefined),
    segment: null,
    salesRep: many2oneName(p.user_id),
    erpRiskCode: text(p.trust),
    // Odoo has no partner-wide dunning block in Community; blocks live on lines and moves.
    dunningBlocked: false,
    companyId: mapping.companyId !== null ? String(mapping.companyId) : (many2oneId(p.company_id)?.toString() ?? null),
    active: p.active,
  });
}
