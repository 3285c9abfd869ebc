import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../core/time/clock';
import { generateCompany } from '../../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo, type FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { odooTenantYaml } from '../cli/odoo-tenant-yaml';
import { runCli } from '../cli/run-cli';
import { postgresScratch } from '../dispatch/scratch-stores';

// `arbridge sync --sweep` sweeps on the connection its sync opened: the ERP sees one login per source,
// not a second one for the sweep.
const keyVariable = 'ARBRIDGE_TEST_SWEEP_LOGIN_ODOO_KEY';

describe('arbridge sync --sweep, logins', () => {
  const scratch = postgresScratch();
  const clock = new FakeClock('2026-03-31T17:00:00Z');
  let root: string;
  let odoo: FakeOdoo;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = { DATABASE_URL: (await scratch.setUp()).databaseUrl as string };
    odoo = await startFakeOdoo({ version: 17, clock, company: generateCompany({ seed: 44, asOf: '2026-03-31', customers: 6, invoices: 20, version: 17 }) });
    process.env[keyVariable] = odoo.apiKey;
    root = mkdtempSync(join(tmpdir(), 'arbridge-sweep-login-'));
    mkdirSync(join(root, 'tenants'), { recursive: true });
    writeFileSync(join(root, 'tenants', 'acme.yaml'), odooTenantYaml('acme', odoo, { apiKey: `env:${keyVariable}` }));
  }, 60_000);
  afterAll(async () => {
    await odoo?.close();
    await scratch.tearDown();
    if (root) rmSync(root, { recursive: true, force: true });
    delete process.env[keyVariable];
  });

  it('logs in to Odoo once for the pull and the sweep after it', async () => {
    odoo.clearRequestLog();
    const run = await runCli(['--config', root, 'sync', '--sweep'], { env, clock });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/odoo\s+receivables\s+\d+\s+0\s+0/);
    expect(odoo.requestLog.filter((r) => r.method === 'authenticate')).toHaveLength(1);
  }, 120_000);
});
