import { validatePage } from './page-validation';

const goodCustomer = {
  externalId: '14',
  sourceUpdatedAt: '2026-01-04T08:13:27.000Z',
  name: 'Deco Addict',
  emails: ['ap@deco.example'],
  phone: null,
  language: 'fr-FR',
  vatId: null,
  paymentTerms: null,
  creditLimit: null,
  tags: [],
  segment: null,
  salesRep: null,
  erpRiskCode: null,
  dunningBlocked: false,
  companyId: '1',
  active: true,
};

describe('page validation', () => {
  it('stamps tenant and source on valid records and quarantines the rest with a readable reason', () => {
    const { records, quarantined } = validatePage(
      'customers',
      [
        { ok: true, record: goodCustomer },
        { ok: true, record: { ...goodCustomer, externalId: '15', emails: ['not an email'] } },
        { ok: false, externalId: '16', reason: 'partner has no name', raw: { id: 16, name: false } },
      ],
      'acme',
      'odoo-main',
    );
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ tenantId: 'acme', sourceId: 'odoo-main', externalId: '14' });
    expect(quarantined).toEqual([
      expect.objectContaining({ externalId: '15', reason: expect.stringMatching(/^emails\.0: .*\(got "not an email"\)/) }),
      { externalId: '16', reason: 'partner has no name', raw: { id: 16, name: false } },
    ]);
  });

  it("files a record under the run's tenant and source even when its mapper named others, and leaves the mapped record as it was", () => {
    const mapped = { ...goodCustomer, tenantId: 'other-client', sourceId: 'their-erp' };
    const { records } = validatePage('customers', [{ ok: true, record: mapped }, { ok: true, record: goodCustomer }], 'acme', 'odoo-main');
    expect(records.map((r) => [r.tenantId, r.sourceId])).toEqual([
      ['acme', 'odoo-main'],
      ['acme', 'odoo-main'],
    ]);
    expect(mapped.tenantId).toBe('other-client');
    expect(goodCustomer).not.toHaveProperty('tenantId');
  });

  it('gives a row without a key a stable hash key, so a re-sent bad row updates one entry', () => {
    const row = { ok: false as const, externalId: null, reason: 'no id', raw: { name: 'x' } };
    const first = validatePage('customers', [row], 't', 's').quarantined[0];
    const again = validatePage('customers', [row], 't', 's').quarantined[0];
    expect(first?.externalId).toMatch(/^row:[0-9a-f]{24}$/);
    expect(again?.externalId).toBe(first?.externalId);
  });

  it('never lets a connector write into another tenant', () => {
    const { records } = validatePage('customers', [{ ok: true, record: { ...goodCustomer, tenantId: 'other' } }], 'acme', 'odoo-main');
    expect(records[0]?.tenantId).toBe('acme');
  });

  it('refuses to file a page under a tenant or source id that is not a lower-case id, rather than quarantine every record', () => {
    const rows = [{ ok: true as const, record: goodCustomer }];
    expect(() => validatePage('customers', rows, 'Acme Corp', 'odoo-main')).toThrow(
      expect.objectContaining({ code: 'config', reason: 'invalid_record_key', message: expect.stringContaining('tenant id "Acme Corp"') }),
    );
    expect(() => validatePage('customers', rows, 'acme', 'odoo main')).toThrow(/source id "odoo main"/);
  });

  it('masks secret-looking fields of a quarantined raw row', () => {
    const { quarantined } = validatePage('customers', [{ ok: false, externalId: '1', reason: 'bad', raw: { api_key: 'abcd1234', name: 'x' } }], 't', 's');
    expect(quarantined[0]?.raw).toEqual({ api_key: '[redacted]', name: 'x' });
  });
});
