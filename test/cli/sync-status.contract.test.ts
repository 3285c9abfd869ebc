import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../core/time/clock';
import { startFakeOdoo, type FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { runCli } from './run-cli';

const keyVariable = 'ARBRIDGE_TEST_SYNC_CLI_ODOO_KEY';

describe('arbridge sync then status', () => {
  let dir: string;
  let odoo: FakeOdoo;
  const clock = new FakeClock('2026-01-15T12:00:00Z');

  beforeAll(async () => {
    odoo = await startFakeOdoo({ version: 18, clock });
    process.env[keyVariable] = odoo.apiKey;
    dir = mkdtempSync(join(tmpdir(), 'arbridge-cli-sync-'));
    mkdirSync(join(dir, 'config', 'tenants'), { recursive: true });
    writeFileSync(join(dir, 'config', 'firm.yaml'), 'defaults:\n  timeZone: Europe/Paris\n  currency: EUR\n');
    writeFileSync(
      join(dir, 'config', 'tenants', 'acme.yaml'),
      ['id: acme', 'name: ACME', 'sources:', '  - id: odoo', '    type: odoo', '    connection:', `      url: ${odoo.url}`, `      database: ${odoo.db}`, `      username: ${odoo.login}`, `      apiKey: env:${keyVariable}`].join('\n') + '\n',
    );
  });
  afterAll(async () => {
    await odoo.close();
    rmSync(dir, { recursive: true, force: true });
    delete process.env[keyVariable];
  });

  it('syncs every stream, then shows counts, cursors and a quarantined row with its reason', async () => {
    const line = [...odoo.company.db.table('account.move.line').rows.values()].find((l) => l.display_type === 'payment_term');
    if (!line) throw new Error('no receivable line');
    odoo.mutations.corruptRecord('account.move.line', line.id, { date_maturity: false });
    const args = ['--config', join(dir, 'config'), '--data-dir', join(dir, 'data')];

    const sync = await runCli([...args, 'sync'], { clock });
    expect(sync.code).toBe(0);
    expect(sync.out).toMatch(/tenant acme/);
    expect(sync.out).toMatch(/odoo\s+receivables\s+\d+\s+\d+\s+0\s+1\s/);

    const status = await runCli([...args, 'status'], { clock });
    expect(status.code).toBe(0);
    expect(status.out).toMatch(/tenant acme: \d+ customers, \d+ receivables, \d+ payments, \d+ allocations, 1 quarantined/);
    expect(status.out).toMatch(/odoo\s+receivables\s+2026-01-15T12:00:00.000Z/);
    expect(status.out).toContain(`odoo/receivables ${line.id}:`);

    const json = JSON.parse((await runCli([...args, 'status', '--json'], { clock })).out);
    expect(json.tenants[0].streams.map((s: { stream: string }) => s.stream).sort()).toEqual(['allocations', 'customers', 'payments', 'receivables']);
    expect(json.tenants[0].quarantine[0]).toMatchObject({ externalId: String(line.id) });
  }, 120_000);

  it('exits 1 and names the source when the ERP cannot be reached', async () => {
    writeFileSync(
      join(dir, 'config', 'tenants', 'acme.yaml'),
      ['id: acme', 'name: ACME', 'sources:', '  - id: odoo', '    type: odoo', '    connection:', '      url: http://127.0.0.1:9', `      database: x`, `      username: y`, `      apiKey: env:${keyVariable}`, '      maxRetries: 1', '      retryBaseDelayMs: 1'].join('\n') + '\n',
    );
    const sync = await runCli(['--config', join(dir, 'config'), '--data-dir', join(dir, 'data'), 'sync'], { clock });
    expect(sync.code).toBe(1);
    expect(sync.out).toMatch(/FAILED odoo\/customers: .*ECONNREFUSED \[transient\//);
    expect(sync.out.match(/FAILED/g)).toHaveLength(1);
    expect(sync.out).not.toContain(odoo.apiKey);
  }, 60_000);
});
