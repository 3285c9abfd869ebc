import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOdoo, type FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { runCli } from './run-cli';

const keyVariable = 'ARBRIDGE_TEST_CHECK_ODOO_KEY';

function writeTenant(dir: string, connection: string): void {
  mkdirSync(join(dir, 'tenants'), { recursive: true });
  writeFileSync(
    join(dir, 'tenants', 'acme.yaml'),
    ['id: acme', 'name: ACME SAS', 'timeZone: Europe/Paris', 'currency: EUR', 'sources:', '  - id: odoo-main', '    type: odoo', '    connection:', connection].join('\n') + '\n',
  );
}

describe('arbridge check', () => {
  let dir: string;
  let dataDir: string;
  let odoo: FakeOdoo;

  beforeAll(async () => {
    odoo = await startFakeOdoo({ version: 17 });
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'arbridge-check-'));
    dataDir = join(dir, 'data');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  afterAll(async () => {
    await odoo.close();
    delete process.env[keyVariable];
  });

  const goodConnection = () =>
    [`      url: ${odoo.url}`, `      database: ${odoo.db}`, `      username: ${odoo.login}`, `      apiKey: env:${keyVariable}`, '      retryBaseDelayMs: 1'].join('\n');

  it('prints file:line:col: path: message for a wrong field and exits 2', async () => {
    writeTenant(dir, ['      url: not-a-url', `      database: ${odoo.db}`, `      username: ${odoo.login}`, `      apiKey: env:${keyVariable}`].join('\n'));
    process.env[keyVariable] = odoo.apiKey;
    const run = await runCli(['--config', dir, '--data-dir', dataDir, 'check', '--offline']);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/tenants\/acme\.yaml:9:12: sources\[0\]\.connection\.url: .*found "not-a-url"/);
  });

  it('says the API key was refused, exits 2 and prints no secret', async () => {
    writeTenant(dir, goodConnection());
    process.env[keyVariable] = 'wrong-but-plausible-key-42';
    const run = await runCli(['--config', dir, '--data-dir', dataDir, 'check']);
    expect(run.code).toBe(2);
    expect(run.out).toMatch(/acme\/odoo-main \(odoo\): FAILED/);
    expect(run.out).toMatch(/refused/i);
    for (const text of [run.out, run.err]) {
      expect(text).not.toContain('wrong-but-plausible-key-42');
      expect(text).not.toContain(odoo.apiKey);
    }
  }, 60_000);

  it('reports each connection OK and exits 0 when everything is right', async () => {
    writeTenant(dir, goodConnection());
    process.env[keyVariable] = odoo.apiKey;
    const run = await runCli(['--config', dir, '--data-dir', dataDir, 'check']);
    expect(run.out).toMatch(/config .*: 1 tenant\(s\), 1 source\(s\): valid/);
    expect(run.out).toMatch(/store: pglite reachable/);
    expect(run.out).toMatch(/acme\/odoo-main \(odoo\): OK/);
    expect(run.out).toMatch(/Odoo 17/);
    expect(run.code).toBe(0);
  }, 60_000);
});
