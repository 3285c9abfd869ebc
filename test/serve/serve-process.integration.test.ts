import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCompany } from '../../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo, type FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { FakeClock } from '../../core/time/clock';
import { testBullPrefix, type TestBullPrefix } from '../sync/bull-prefix';
import { parseMetrics, samplesOf } from './prometheus-text';

/**
 * `arbridge serve` as an operator runs it: its own process on a free port, a config directory with one
 * Odoo tenant, Redis, the API token in the environment. Ready once the store, Redis and the ERP
 * answer; the API wants the token; SIGTERM stops it cleanly with exit code 0.
 */
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const root = mkdtempSync(join(tmpdir(), 'arbridge-serve-process-'));
const token = 'serve-process-token-5e7a21';
const child = join(__dirname, '..', 'cli', 'arbridge-process.ts');

let odoo: FakeOdoo;
let bull: TestBullPrefix;
let proc: ChildProcess;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let out = '';
let err = '';
let base: string;

beforeAll(async () => {
  odoo = await startFakeOdoo({ version: 17, clock: new FakeClock('2026-11-20T17:00:00Z'), company: generateCompany({ seed: 5, asOf: '2026-11-20', customers: 5, invoices: 20, version: 17 }) });
  bull = testBullPrefix(redisUrl, 'serve-process');
  mkdirSync(join(root, 'config', 'tenants'), { recursive: true });
  writeFileSync(join(root, 'config', 'firm.yaml'), 'defaults:\n  timeZone: Europe/Paris\n  currency: EUR\n  reporting: { dsoMethod: countback }\ngroups:\n  holding: { name: Holding Alpha, members: [alpha], currency: EUR }\n');
  writeFileSync(join(root, 'config', 'tenants', 'odoo.key'), odoo.apiKey);
  writeFileSync(
    join(root, 'config', 'tenants', 'alpha.yaml'),
    `id: alpha\nname: Alpha SAS\nsources:\n  - id: odoo\n    type: odoo\n    connection: { url: "${odoo.url}", database: ${odoo.db}, username: "${odoo.login}", apiKey: "file:odoo.key", version: 17 }\n`,
  );
  proc = spawn(process.execPath, ['--require', 'tsx/cjs', child, '--config', join(root, 'config'), '--data-dir', join(root, 'data'), '--log-format', 'json', 'serve', '--port', '0'], {
    env: { ...process.env, ARBRIDGE_API_TOKEN: token, REDIS_URL: redisUrl, ARBRIDGE_QUEUE_PREFIX: bull.prefix },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exited = new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  proc.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  base = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) resolve(m[1] as string);
    });
    void exited.then(({ code }) => reject(new Error(`serve exited with ${code} before listening: ${err}`)));
  });
}, 120_000);

afterAll(async () => {
  if (proc && proc.exitCode === null && proc.signalCode === null) {
    proc.kill('SIGKILL');
    await exited;
  }
  await odoo?.close();
  await bull?.cleanUp();
  rmSync(root, { recursive: true, force: true });
}, 30_000);

const get = (path: string, auth?: string) => fetch(`${base}${path}`, auth ? { headers: { authorization: auth } } : {});

describe('arbridge serve as a process', () => {
  it('becomes ready once the store, Redis and the tenant’s ERP answer, and answers /healthz', async () => {
    type Readiness = { ready: boolean; checks: Array<{ name: string; ok: boolean; detail: string }> };
    let ready: Readiness = { ready: false, checks: [] };
    for (let attempt = 0; attempt < 60 && !ready.ready; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 500));
      ready = (await (await get('/readyz')).json()) as Readiness;
    }
    expect(ready).toEqual({
      ready: true,
      checks: [
        { name: 'store', ok: true, detail: 'ok' },
        { name: 'redis', ok: true, detail: 'ok' },
        { name: 'erp alpha/odoo', ok: true, detail: 'ok' },
      ],
    });
    const health = await get('/healthz');
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
  }, 60_000);

  it('keeps the API behind the token from the environment, and serves KPIs by the configured DSO method', async () => {
    const denied = await get('/api/tenants/alpha/kpis');
    expect(denied.status).toBe(401);
    expect((await get('/api/tenants/alpha/kpis', 'Bearer not-the-token')).status).toBe(401);
    const kpis = await get('/api/tenants/alpha/kpis', `Bearer ${token}`);
    expect(kpis.status).toBe(200);
    const body = (await kpis.json()) as { dsoMethod: string; tenants: Array<{ tenantId: string; name: string }> };
    expect(body.tenants.map((t) => [t.tenantId, t.name])).toEqual([['alpha', 'Alpha SAS']]);
    expect(body.dsoMethod).toBe('countback'); // firm.yaml's defaults.reporting
  }, 60_000);

  it('serves firm.yaml’s groups of companies, and names the group meant for a misspelt one', async () => {
    const group = await get('/api/groups/holding/kpis', `Bearer ${token}`);
    expect(group.status).toBe(200);
    expect(((await group.json()) as { group: unknown }).group).toEqual({ id: 'holding', name: 'Holding Alpha' });
    const misspelt = await get('/api/groups/holdng/kpis', `Bearer ${token}`);
    expect([misspelt.status, await misspelt.json()]).toEqual([404, { error: 'no group "holdng" in firm.yaml; did you mean "holding"? (groups: holding)' }]);
  }, 60_000);

  it('counts its deployment’s queues on /metrics', async () => {
    const depth = samplesOf(parseMetrics(await (await get('/metrics')).text()), 'arbridge_queue_depth');
    expect(Object.keys(depth)).toHaveLength(16); // tick, sync, evaluate, dispatch × waiting, active, delayed, failed
    expect(Object.values(depth).every((n) => n === 0)).toBe(true);
  }, 30_000);

  it('stops on SIGTERM with exit code 0, never having printed the token', async () => {
    proc.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(out + err).not.toContain(token);
  }, 30_000);
});
