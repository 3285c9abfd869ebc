import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { silentLogger } from '../../core/logging/logger';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { generateCompany } from '../../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo, type FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { loadCliConfig } from '../../sync/cli/cli-config';
import { createCliContext } from '../../sync/cli/cli-context';
import { InProcessRunner } from '../../sync/worker/in-process-runner';
import { odooTenantYaml } from './odoo-tenant-yaml';

// Two tenants whose files sit in different directories, each naming `file:./key`: one process (a worker,
// `arbridge run`) syncs both, each with the key beside its own file, whichever file was loaded last.
describe('relative file: secrets of several tenants in one process', () => {
  const clock = new FakeClock('2026-03-31T17:00:00Z');
  const odoos: FakeOdoo[] = [];
  let root: string;
  let store: Store;

  async function configDir(tenantId: string, seed: number): Promise<string> {
    const key = `key-of-${tenantId}-${seed}`;
    const odoo = await startFakeOdoo({ version: 17, clock, apiKey: key, company: generateCompany({ seed, asOf: '2026-03-31', customers: 3, invoices: 12, version: 17 }) });
    odoos.push(odoo);
    const dir = join(root, tenantId);
    mkdirSync(join(dir, 'tenants'), { recursive: true });
    writeFileSync(join(dir, 'tenants', 'key'), `${key}\n`);
    writeFileSync(join(dir, 'tenants', `${tenantId}.yaml`), odooTenantYaml(tenantId, odoo, { apiKey: 'file:./key', connection: { maxRetries: 0 } }));
    return dir;
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'arbridge-secret-files-'));
    store = await openStore({ dataDir: join(root, 'data') });
  }, 60_000);
  afterAll(async () => {
    await store?.close();
    for (const odoo of odoos) await odoo.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('each tenant reads the key file beside its own tenant file', async () => {
    const dirs = [await configDir('alpha', 21), await configDir('beta', 22)];
    const err = new PassThrough();
    const tenants = dirs.flatMap((config) => {
      const global = { config, dataDir: join(root, 'data'), logLevel: 'error', logFormat: 'json' as const };
      return (loadCliConfig(global, createCliContext(global, { err, logger: silentLogger(), clock })) ?? []).map((l) => l.tenant);
    });
    expect(tenants.map((t) => t.id)).toEqual(['alpha', 'beta']);

    // Both loaded before either syncs, as a worker does.
    const runner = new InProcessRunner({ tenants, store, clock, logger: silentLogger(), attempts: 1 });
    const ends = await runner.runAllNow();
    expect(ends.filter((e) => e.step === 'sync').map((e) => [e.tenantId, e.outcome, e.reason])).toEqual([
      ['alpha', 'done', undefined],
      ['beta', 'done', undefined],
    ]);
    for (const id of ['alpha', 'beta']) expect((await store.counts(id)).receivables).toBeGreaterThan(0);
  }, 120_000);
});
