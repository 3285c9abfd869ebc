import { join } from 'node:path';
import { listConnectors } from '../connectors/registry';
import { loadConfig } from './load-config';

// The shipped examples must stay loadable by the real connectors' schemas: users copy them.
describe('example configurations', () => {
  const env = { ODOO_API_KEY: 'example-key-1', BOULANGERIE_MARTIN_ODOO_KEY: 'example-key-2' };
  beforeAll(() => Object.assign(process.env, env));
  afterAll(() => Object.keys(env).forEach((k) => delete process.env[k]));

  it('loads the demo tenant with the Odoo connector’s schema, firm defaults applied', () => {
    const { tenants } = loadConfig(join(__dirname, 'examples', 'demo'), { connectors: listConnectors() });
    expect(tenants).toEqual([expect.objectContaining({ id: 'demo', timeZone: 'Europe/Paris', currency: 'EUR', schedule: { sync: '0 */2 * * *' } })]);
  });

  it('loads the firm’s Odoo client with the connector’s schema', () => {
    const { tenants } = loadConfig(join(__dirname, 'examples', 'firm', 'tenants', 'boulangerie-martin.yaml'), {
      connectors: listConnectors(),
      firmFile: join(__dirname, 'examples', 'firm', 'firm.yaml'),
    });
    expect(tenants[0]).toMatchObject({ id: 'boulangerie-martin', schedule: { sync: '15 6-20/2 * * 1-5' } });
  });
});

describe('example collections rules', () => {
  it('gives the firm’s clients the firm’s rules, "DSO over 60 or risk high → strict" among them', () => {
    process.env.BOULANGERIE_MARTIN_ODOO_KEY = 'example-key-2';
    const { tenants } = loadConfig(join(__dirname, 'examples', 'firm', 'tenants', 'boulangerie-martin.yaml'), {
      connectors: listConnectors(),
      firmFile: join(__dirname, 'examples', 'firm', 'firm.yaml'),
    });
    delete process.env.BOULANGERIE_MARTIN_ODOO_KEY;
    expect(tenants[0]?.collections.rules.map((r) => [r.id, r.plan])).toEqual([
      ['key-accounts', 'gentle'],
      ['slow-or-risky', 'strict'],
      ['small-balances', 'small-accounts'],
    ]);
  });
});
