import type { CurrencyCode } from '../../../core/money/currency';
import type { OdooClient } from '../client';
import type { OdooVersion } from '../config';
import { mapCustomer } from '../mappers/customer';
import { odooResPartnerCategorySchema } from '../types';
import type { StreamPass, StreamReader } from './stream-reader';

/**
 * Customers: commercial partners (a company, or a person with no parent company) that Odoo ranks
 * as customers (customer_rank > 0: Odoo raises it when an invoice is posted for the partner).
 * Archived partners come too (active_test false), with active = false.
 */
export function customersReader(
  client: OdooClient,
  version: OdooVersion,
  companyCurrency: (companyId: number | null) => Promise<CurrencyCode>,
): StreamReader {
  return {
    model: 'res.partner',
    fields: [
      'name', 'display_name', 'ref', 'email', 'phone', ...(version <= 18 ? ['mobile'] : []), 'lang', 'vat', 'is_company',
      'parent_id', 'company_id', 'active', 'user_id', 'property_payment_term_id', 'credit_limit', 'trust', 'category_id', 'write_date',
    ],
    context: { active_test: false },
    scope: () => ['|', ['is_company', '=', true], ['parent_id', '=', false], ['customer_rank', '>', 0]],
    async mapPage(rows: unknown[], pass: StreamPass) {
      const categoryIds = new Set<number>();
      for (const row of rows) {
        const ids = (row as { category_id?: unknown }).category_id;
        if (Array.isArray(ids)) for (const id of ids) if (Number.isInteger(id)) categoryIds.add(id as number);
      }
      const categoryNames = new Map<number, string>();
      for (const raw of await client.read('res.partner.category', [...categoryIds], ['display_name'], pass.context)) {
        const c = odooResPartnerCategorySchema.safeParse(raw);
        if (c.success && c.data.display_name) categoryNames.set(c.data.id, c.data.display_name);
      }
      const currency = await companyCurrency(pass.companyId);
      return rows.map((row) => mapCustomer(row, { companyId: pass.companyId, companyCurrency: currency, categoryNames }));
    },
  };
}
