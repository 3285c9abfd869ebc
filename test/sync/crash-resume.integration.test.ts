import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openStore } from '../../core/store/open-store';
import type { StreamName } from '../../core/model';
import { generateCompany } from '../../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo, type FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { FakeClock } from '../../core/time/clock';

// Invariant 3: a crash between two pages, or inside one, then a rerun, leaves the store exactly as a
// clean run does: nothing lost, nothing doubled.
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const child = join(__dirname, 'crash-resume-child.ts');
const streams: StreamName[] = ['customers', 'receivables', 'payments', 'allocations'];

interface Target {
  env: Record<string, string>;
  open: () => ReturnType<typeof openStore>;
}

function runChild(odoo: FakeOdoo, target: Target, tenantId: string, kill?: { afterLine: RegExp; pause: number | null }): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--require', 'tsx/cjs', child], {
      env: {
        ...process.env,
        ...target.env,
        TENANT_ID: tenantId,
        ODOO_URL: odoo.url,
        ODOO_DB: odoo.db,
        ODOO_LOGIN: odoo.login,
        CRASH_ODOO_KEY: odoo.apiKey,
        ...(kill?.pause ? { PAUSE_AFTER_PAGE: String(kill.pause) } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (kill && kill.afterLine.test(out) && proc.exitCode === null && !proc.killed) proc.kill('SIGKILL');
    });
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      if (kill && signal === 'SIGKILL') resolve(out);
      else if (code === 0 && /done ok/.test(out)) resolve(out);
      else reject(new Error(`sync child ended with ${code ?? signal}: ${err || out}`));
    });
  });
}

async function snapshot(target: Target, tenantId: string): Promise<Record<string, unknown[]>> {
  const store = await target.open();
  try {
    const result: Record<string, unknown[]> = {};
    for (const stream of streams) {
      const rows: unknown[] = [];
      for await (const r of store.iterateRecords(tenantId, stream)) rows.push({ ...r, tenantId: undefined });
      result[stream] = rows;
    }
    result.syncStates = (await store.listSyncStates(tenantId)).map((s) => ({ stream: s.stream, cursor: s.cursor, records: s.recordCount, quarantined: s.quarantinedCount }));
    return result;
  } finally {
    await store.close();
  }
}

describe.each(['pglite', 'postgres'] as const)('a sync killed and rerun (%s store)', (backend) => {
  let odoo: FakeOdoo;
  let target: Target;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    odoo = await startFakeOdoo({ version: 17, clock: new FakeClock('2026-03-31T17:00:00Z'), company: generateCompany({ seed: 11, asOf: '2026-03-31', customers: 30, invoices: 250, version: 17 }) });
    if (backend === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'arbridge-crash-'));
      target = { env: { STORE_DATA_DIR: dir }, open: () => openStore({ dataDir: dir }) };
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const name = `arbridge_test_${randomBytes(6).toString('hex')}`;
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      target = { env: { STORE_DATABASE_URL: url.toString() }, open: () => openStore({ databaseUrl: url.toString() }) };
      cleanup = async () => {
        const a = new Client({ connectionString: adminUrl });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      };
    }
  }, 60_000);

  afterAll(async () => {
    await odoo?.close();
    await cleanup?.();
  });

  it('between two pages: the rerun gives the same store content as a clean run', async () => {
    await runChild(odoo, target, 'clean');
    const killed = await runChild(odoo, target, 'crashed', { afterLine: /paused/, pause: 4 });
    expect(killed).toMatch(/stored receivables 3\npaused/);
    const partial = await snapshot(target, 'crashed');
    expect(partial.receivables?.length).toBe(150); // three committed pages of 50, nothing of the fourth
    await runChild(odoo, target, 'crashed');
    expect(await snapshot(target, 'crashed')).toEqual(await snapshot(target, 'clean'));
  }, 180_000);

  it('inside a page: killed while storing, the rerun still matches the clean run', async () => {
    await runChild(odoo, target, 'midpage', { afterLine: /stored receivables 2\n/, pause: null });
    await runChild(odoo, target, 'midpage');
    expect(await snapshot(target, 'midpage')).toEqual(await snapshot(target, 'clean'));
  }, 180_000);
});
