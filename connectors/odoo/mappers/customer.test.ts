import { customerSchema } from '../../../core/model';
import { mapCustomer, type CustomerMapping } from './customer';
import { odooLangToTag } from './wire-values';

function partner(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 14,
    name: 'Deco Addict',
    display_name: 'Deco Addict',
    ref: false,
    email: 'ap@deco-addict.example, billing@deco-addict.example; not-an-email',
    phone: '+32 2 290 34 90',
    mobile: false,
    lang: 'fr_FR',
    vat: 'BE0477472701',
    is_company: true,
    parent_id: false,
    company_id: false,
    active: true,
    user_id: [2, 'Mitchell Admin'],
    property_payment_term_id: [4, '30 Days'],
    credit_limit: 5000.0,
    trust: 'normal',
    category_id: [3, 9],
    write_date: '2025-01-20 16:02:11',
    ...overrides,
  };
}

const mapping: CustomerMapping = { companyId: null, companyCurrency: 'EUR', categoryNames: new Map([[3, 'VIP'], [9, 'Wholesale / Retail']]) };

function accept(raw: unknown, m: CustomerMapping = mapping) {
  const result = mapCustomer(raw, m);
  if (!result.ok) throw new Error(`rejected: ${result.reason}`);
  customerSchema.parse({ ...result.record, tenantId: 'acme', sourceId: 'odoo-main' });
  return result.record;
}

describe('mapCustomer', () => {
  it('maps a 17.0 company partner', () => {
    expect(accept(partner())).toEqual({
      externalId: '14',
      sourceUpdatedAt: '2025-01-20T16:02:11.000Z',
      name: 'Deco Addict',
      emails: ['ap@deco-addict.example', 'billing@deco-addict.example'],
      phone: '+32 2 290 34 90',
      language: 'fr-FR',
      vatId: 'BE0477472701',
      paymentTerms: { code: '4', name: '30 Days' },
      creditLimit: { amount: 500000, currency: 'EUR' },
      tags: ['VIP', 'Wholesale / Retail'],
      segment: null,
      salesRep: 'Mitchell Admin',
      erpRiskCode: 'normal',
      dunningBlocked: false,
      companyId: null,
      active: true,
    });
  });

  it('16-18: mobile stands in for an empty phone; 19 has no mobile at all', () => {
    expect(accept(partner({ phone: false, mobile: '+32 475 00 00 00' })).phone).toBe('+32 475 00 00 00');
    const { mobile: _dropped, ...v19 } = partner({ phone: false });
    expect(accept(v19).phone).toBeNull();
  });

  it('an archived partner with no limit, no terms, no email', () => {
    const r = accept(partner({ active: false, credit_limit: 0.0, property_payment_term_id: false, email: false, lang: false, trust: false, user_id: false, category_id: [] }));
    expect(r).toMatchObject({ active: false, creditLimit: null, paymentTerms: null, emails: [], language: null, erpRiskCode: null, salesRep: null, tags: [] });
  });

  it('a many2one whose record has no name comes as [id, false]', () => {
    expect(accept(partner({ user_id: [2, false], property_payment_term_id: [4, false] }))).toMatchObject({ salesRep: null, paymentTerms: { code: '4', name: '4' } });
  });

  it('per-company pass: key and company from the pass, limit in that company currency', () => {
    const r = accept(partner({ credit_limit: 1000.5 }), { ...mapping, companyId: 3, companyCurrency: 'USD' });
    expect(r).toMatchObject({ externalId: '3:14', companyId: '3', creditLimit: { amount: 100050, currency: 'USD' } });
  });

  it('rejects a partner without a name, and a malformed row, with reasons', () => {
    const noName = mapCustomer(partner({ name: false, display_name: false }), mapping);
    expect(noName).toMatchObject({ ok: false, externalId: '14', reason: 'res.partner 14 has no name' });
    const bad = mapCustomer(partner({ is_company: 'yes', write_date: false }), mapping);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/^res\.partner 14 does not have the expected shape: is_company: .*\(got "yes"\); write_date: .*\(got false\)/);
  });
});

describe('odooLangToTag', () => {
  it.each([
    ['fr_FR', 'fr-FR'],
    ['en_US', 'en-US'],
    ['es_419', 'es-419'],
    ['sr@latin', 'sr-Latn'],
    ['sr_RS@latin', 'sr-Latn-RS'],
    ['nl', 'nl'],
  ])('%s → %s', (lang, tag) => expect(odooLangToTag(lang)).toBe(tag));
  it('false → null', () => expect(odooLangToTag(false)).toBeNull());
});
