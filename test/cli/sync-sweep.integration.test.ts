import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../core/time/clock';
import { generateCompany } from '../../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo, type FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { postgresScratch } from '../dispatch/scratch-stores';
import { odooTenantYaml } from './odoo-tenant-yaml';
import { runCli } from './run-cli';

// `arbridge sync --sweep`: after the pull, the records Odoo no longer has are marked deleted, and status
// stops counting them.
const keyVariable = 'ARBRIDGE_TEST_SWEEP_CLI_ODOO_KEY';

describe('arbridge sync --sweep', () => {
  const scratch = postgresScratch();
  const clock = new FakeClock('2026-03-31T17:00:00Z');
  let root: string;
  let odoo: FakeOdoo;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = { DATABASE_URL: (await scratch.setUp()).databaseUrl as string };
    odoo = await startFakeOdoo({ version: 17, clock, company: generateCompany({ seed: 43, asOf: '2026-03-31', customers: 8, invoices: 40, version: 17 }) });
    process.env[keyVariable] = odoo.apiKey;
    root = mkdtempSync(join(tmpdir(), 'arbridge-sweep-cli-'));
    mkdirSync(join(root, 'tenants'), { recursive: true });
    writeFileSync(join(root, 'tenants', 'acme.yaml'), odooTenantYaml('acme', odoo, { apiKey: `env:${keyVariable}` }));
  }, 60_000);
  afterAll(async () => {
    await odoo?.close();
    await scratch.tearDown();
    if (root) rmSync(root, { recursive: true, force: true });
    delete process.env[keyVariable];
  });

  it('marks a deleted invoice and status counts it no more', async () => {
    const args = ['--config', root];
    expect((await runCli([...args, 'sync'], { env, clock })).code).toBe(0);
    const receivablesIn = (out: string) => Number(/(\d+) receivables/.exec(out)?.[1]);
    const before = receivablesIn((await runCli([...args, 'status'], { env, clock })).out);

    const invoice = [...odoo.company.db.table('account.move').rows.values()].find((m) => m.move_type === 'out_invoice' && m.state === 'posted');
    if (!invoice) throw new Error('no posted invoice');
    clock.advance(3_600_000);
    odoo.mutations.deleteMove(invoice.id);

    const plain = await runCli([...args, 'sync'], { env, clock });
    expect(plain.out).not.toMatch(/marked deleted/);
    expect(receivablesIn((await runCli([...args, 'status'], { env, clock })).out)).toBe(before);

    const swept = await runCli([...args, 'sync', '--sweep'], { env, clock });
    expect(swept.code).toBe(0);
    expect(swept.out).toMatch(new RegExp(`odoo\\s+receivables\\s+${before - invoice.line_ids.length}\\s+${invoice.line_ids.length}\\s+0`));
    expect(receivablesIn((await runCli([...args, 'status'], { env, clock })).out)).toBe(before - invoice.line_ids.length);
  }, 120_000);

  it('sweeps on the connection its sync opened: one login to Odoo for the pull and the sweep', async () => {
    odoo.clearRequestLog();
    const run = await runCli(['--config', root, 'sync', '--sweep'], { env, clock });
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/odoo\s+receivables\s+\d+\s+0\s+0/);
    expect(odoo.requestLog.filter((r) => r.method === 'authenticate')).toHaveLength(1);
  }, 120_000);
});
