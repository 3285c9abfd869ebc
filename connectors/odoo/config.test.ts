import { Secret } from '../../core/secret';
import { odooConfigSchema } from './config';

describe('odooConfigSchema', () => {
  beforeAll(() => (process.env.ODOO_TEST_KEY = 'a-test-key-value'));
  afterAll(() => delete process.env.ODOO_TEST_KEY);

  it('fills defaults, trims the URL, resolves the key from the environment', () => {
    const config = odooConfigSchema.parse({ url: 'https://acme.odoo.com/', database: 'acme', username: 'bot@acme.example', apiKey: 'env:ODOO_TEST_KEY' });
    expect(config).toMatchObject({ url: 'https://acme.odoo.com', protocol: 'auto', pageSize: 500, overlapMinutes: 10, maxRetries: 4 });
    expect(config.apiKey).toBeInstanceOf(Secret);
    expect(config.apiKey.reveal()).toBe('a-test-key-value');
    expect(JSON.stringify(config)).not.toContain('a-test-key-value');
    expect(config.version).toBeUndefined();
    expect(config.companyIds).toBeUndefined();
  });

  it('refuses a literal key, an unknown version, an unknown field', () => {
    const base = { url: 'https://acme.odoo.com', database: 'acme', username: 'bot' };
    expect(odooConfigSchema.safeParse({ ...base, apiKey: 'plaintext-key' }).success).toBe(false);
    expect(odooConfigSchema.safeParse({ ...base, apiKey: 'env:ODOO_TEST_KEY', version: 15 }).success).toBe(false);
    expect(odooConfigSchema.safeParse({ ...base, apiKey: 'env:ODOO_TEST_KEY', password: 'x' }).success).toBe(false);
    expect(odooConfigSchema.safeParse({ ...base, apiKey: 'env:ODOO_TEST_KEY', url: 'ftp://x' }).success).toBe(false);
  });
});
