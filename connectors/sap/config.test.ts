import { sapConfigSchema } from './config';

const password = 'env:ARBRIDGE_TEST_SAP_CONFIG_PASSWORD';

describe('the SAP connection block', () => {
  beforeAll(() => (process.env.ARBRIDGE_TEST_SAP_CONFIG_PASSWORD = 'x'));
  afterAll(() => delete process.env.ARBRIDGE_TEST_SAP_CONFIG_PASSWORD);

  it('is the ecc-soap flavour when no flavour is named (configs written before flavours keep working)', () => {
    const config = sapConfigSchema.parse({ url: 'https://sap.example:44300/', client: '100', user: 'ARBRIDGE', password, companyCodes: ['1000'] });
    expect(config).toMatchObject({ flavour: 'ecc-soap', url: 'https://sap.example:44300', style: 'rfc' });
  });

  it('checks each flavour’s own keys', () => {
    expect(sapConfigSchema.parse({ flavour: 's4-odata', url: 'https://s4.example', client: '100', user: 'COMM_USER', password, companyCodes: ['1010'] })).toMatchObject({ pageSize: 1000, itemsServicePath: '/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV' });
    expect(sapConfigSchema.safeParse({ flavour: 's4-odata', url: 'https://s4.example', client: '100', user: 'U', password, companyCodes: ['1010'], style: 'rfc' }).success).toBe(false);
    const b1 = sapConfigSchema.safeParse({ flavour: 'b1-service-layer', url: 'https://b1.example:50000', companyDb: 'SBODEMOFR', user: 'manager', password, overlapDays: 0 });
    expect(b1.success).toBe(false);
    expect(JSON.stringify(b1.error?.issues)).toContain('overlapDays');
    expect(sapConfigSchema.safeParse({ flavour: 'r3-rfc', url: 'https://sap.example', client: '100', user: 'U', password, companyCodes: ['1000'] }).success).toBe(false);
  });

  it('refuses a write-back RFC that is not a customer function module', () => {
    const parsed = sapConfigSchema.safeParse({ url: 'https://sap.example', client: '100', user: 'U', password, companyCodes: ['1000'], writeBack: { functionName: 'FI_ITEMS_MASS_CHANGE' } });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('expected a customer function module name');
  });
});
