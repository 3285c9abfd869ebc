import type { OdooClient } from '../client';
import type { CompanyCurrencies } from '../company-currencies';
import type { OdooVersion } from '../config';
import { mapPayment } from '../mappers/payment';
import { odooCommercialPartnerSchema, odooMoveStampSchema } from '../types';
import type { StreamPass, StreamReader } from './stream-reader';

/**
 * Payments: inbound customer account.payment, drafts left out. In 16/17 the state lives on the
 * payment's journal entry, so a change of the entry re-sends the payment (move_id.write_date).
 * A page costs three calls (the payments, their partners' commercial partners, their entries' write
 * dates), plus one the first time a company's currency is needed.
 */
export function paymentsReader(client: OdooClient, version: OdooVersion, currencies: CompanyCurrencies): StreamReader {
  return {
    model: 'account.payment',
    fields: [
      'name', 'date', 'state', version <= 17 ? 'ref' : 'memo', 'payment_reference', 'amount', 'currency_id',
      'amount_company_currency_signed', 'partner_id', 'company_id', 'journal_id', 'move_id', 'write_date',
    ],
    scope: (pass) => [
      ['payment_type', '=', 'inbound'],
      ['partner_type', '=', 'customer'],
      ['state', '!=', 'draft'],
      ...(pass.companyId === null ? [] : [['company_id', '=', pass.companyId] as const]),
    ],
    changedVia: ['move_id.write_date'],
    relatedModels: ['account.move'],
    async mapPage(rows: unknown[], pass: StreamPass) {
      const partnerIds = new Set<number>();
      const moveIds = new Set<number>();
      const companyIds = new Set<number>();
      for (const row of rows) {
        const r = row as { partner_id?: unknown; move_id?: unknown; company_id?: unknown };
        if (Array.isArray(r.company_id) && Number.isInteger(r.company_id[0])) companyIds.add(r.company_id[0] as number);
        if (Array.isArray(r.partner_id) && Number.isInteger(r.partner_id[0])) partnerIds.add(r.partner_id[0] as number);
        if (Array.isArray(r.move_id) && Number.isInteger(r.move_id[0])) moveIds.add(r.move_id[0] as number);
      }
      const commercialPartnerOf = new Map<number, number>();
      const partnerContext = { ...pass.context, active_test: false };
      for (const raw of await client.read('res.partner', [...partnerIds], ['commercial_partner_id'], partnerContext)) {
        const p = odooCommercialPartnerSchema.safeParse(raw);
        if (p.success && p.data.commercial_partner_id !== false) commercialPartnerOf.set(p.data.id, p.data.commercial_partner_id[0]);
      }
      const moveWriteDates = new Map<number, string>();
      for (const raw of await client.read('account.move', [...moveIds], ['write_date'], pass.context)) {
        const m = odooMoveStampSchema.safeParse(raw);
        if (m.success) moveWriteDates.set(m.data.id, m.data.write_date);
      }
      const companyCurrencies = await currencies.of(companyIds);
      return rows.map((row) => mapPayment(row, { version, companyId: pass.companyId, commercialPartnerOf, moveWriteDates, companyCurrencies }));
    },
  };
}
