import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../core/logging/logger';
import { openStore } from '../core/store/open-store';
import type { Store } from '../core/store/store';
import { FakeClock } from '../core/time/clock';
import type { MappedRow } from '../connectors/contract';
import { OdooClient } from '../connectors/odoo/client';
import { odooConfigSchema } from '../connectors/odoo/config';
import { generateCompany } from '../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo } from '../connectors/odoo/fake-server/fake-odoo-server';
import { receivablesReader, receivableScope } from '../connectors/odoo/streams/receivables';
import { validatePage, type ValidatedPage } from '../sync/pipeline/page-validation';
import { createBenchDatabase, defaultAdminUrl } from './bench-database';
import { fixed2, int } from './figures';

/**
 * bench/odoo-pull-stages: where a receivables pull spends its time, stage by stage, in microseconds
 * per row: the HTTP calls of a page (fake Odoo in this process: CPU figures, not memory), mapping,
 * validation and savePage on each backend. The pipeline runs these one after the other, so their sum
 * against the HTTP stages predicts odoo-pull's ratio. Run after `npm run build`:
 * `node dist/bench/odoo-pull-stages.js` (BENCH_DATABASE_URL as for odoo-pull).
 */

const invoices = 14_700; // ~20k stream rows: enough pages to average, quick to run
const pageSize = 500;
const clock = new FakeClock('2026-01-15T17:00:00Z');
const keyVariable = 'ARBRIDGE_BENCH_ODOO_API_KEY';

interface CapturedPage {
  lines: unknown[];
  moves: unknown[];
  siblings: unknown[];
}

const spent = new Map<string, number>();
async function timed<T>(stage: string, work: () => Promise<T> | T): Promise<T> {
  const began = performance.now();
  try {
    return await work();
  } finally {
    spent.set(stage, (spent.get(stage) ?? 0) + performance.now() - began);
  }
}

async function capture(client: OdooClient): Promise<CapturedPage[]> {
  const reader = receivablesReader(client, 17);
  const found = await client.searchRead(reader.model, receivableScope(null), ['write_date'], { order: 'write_date asc, id asc' }, {});
  const ids = found.map((row) => (row as { id: number }).id);
  const pages: CapturedPage[] = [];
  for (let start = 0; start < ids.length; start += pageSize) {
    const chunk = ids.slice(start, start + pageSize);
    const lines = await timed('http: read lines', () => client.read(reader.model, chunk, reader.fields, {}));
    const moveIds = [...new Set(lines.map((l) => ((l as { move_id: [number, string] }).move_id[0])))];
    const moveFields = ['name', 'move_type', 'state', 'invoice_date', 'date', 'currency_id', 'payment_state', 'write_date'];
    const moves = await timed('http: read moves', () => client.read('account.move', moveIds, moveFields, {}));
    const siblingDomain = [['move_id', 'in', moveIds], ['account_id.account_type', '=', 'asset_receivable']] as const;
    const siblings = await timed('http: search_read installments', () =>
      client.searchRead('account.move.line', siblingDomain, ['move_id', 'date_maturity'], { order: 'date_maturity asc, id asc' }, {}),
    );
    pages.push({ lines, moves, siblings });
  }
  return pages;
}

async function storeInto(backend: 'pglite' | 'postgres', pages: ValidatedPage[]): Promise<void> {
  const dataDir = backend === 'pglite' ? await mkdtemp(join(tmpdir(), 'arbridge-bench-stages-')) : null;
  const database = backend === 'postgres' ? await createBenchDatabase(process.env.BENCH_DATABASE_URL ?? defaultAdminUrl) : null;
  let store: Store | null = null;
  try {
    store = await openStore(database ? { databaseUrl: database.url } : { dataDir: dataDir as string });
    for (const repeat of ['insert', 'unchanged re-send'] as const) {
      for (const page of pages) {
        const write = { tenantId: 'bench', sourceId: 'odoo', stream: 'receivables' as const, ...page, cursor: null, at: clock.now(), completesRun: false };
        await timed(`store: savePage ${backend} (${repeat})`, () => (store as Store).savePage(write));
      }
    }
  } finally {
    await store?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

async function main(): Promise<void> {
  const company = generateCompany({ seed: 42, asOf: '2026-01-15', customers: Math.round(invoices / 18), invoices, version: 17 });
  const odoo = await startFakeOdoo({ version: 17, clock, company });
  process.env[keyVariable] = odoo.apiKey;
  const config = odooConfigSchema.parse({ url: odoo.url, database: odoo.db, username: odoo.login, apiKey: `env:${keyVariable}`, maxRetries: 0 });
  const pages = await capture(new OdooClient(config, { clock, logger: silentLogger() }));
  await odoo.close();
  const rows = pages.reduce((n, p) => n + p.lines.length, 0);

  const mapped: MappedRow[][] = [];
  for (const page of pages) {
    // receivablesReader.mapPage itself, its two join calls answered from the capture.
    const replay = { read: async () => page.moves, searchRead: async () => page.siblings } as unknown as OdooClient;
    mapped.push(await timed('map: mapPage (shape checks, amounts, installments)', () => receivablesReader(replay, 17).mapPage(page.lines, { companyId: null, context: {} })));
  }
  const validated: ValidatedPage[] = [];
  for (const rowsOfPage of mapped) validated.push(await timed('validate: validatePage (model schema)', () => validatePage('receivables', rowsOfPage, 'bench', 'odoo')));
  for (const backend of ['pglite', 'postgres'] as const) {
    try {
      await storeInto(backend, validated);
    } catch (error) {
      process.stdout.write(`odoo-pull-stages: ${backend} skipped: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }

  const perRow = (stage: string): number => ((spent.get(stage) ?? 0) * 1000) / rows;
  const http = [...spent.keys()].filter((k) => k.startsWith('http')).reduce((sum, k) => sum + perRow(k), 0);
  const pipelineCpu = perRow('map: mapPage (shape checks, amounts, installments)') + perRow('validate: validatePage (model schema)');
  process.stdout.write(`odoo-pull-stages: ${int(rows)} receivable rows in ${pages.length} pages of ${pageSize}, microseconds per row:\n`);
  for (const [stage] of spent) process.stdout.write(`  ${fixed2(perRow(stage)).padStart(8)} us/row  ${int(1e6 / perRow(stage)).padStart(9)} rows/s  ${stage}\n`);
  for (const backend of ['pglite', 'postgres'] as const) {
    const store = perRow(`store: savePage ${backend} (insert)`);
    if (store === 0) continue;
    const serial = http + pipelineCpu + store;
    process.stdout.write(
      `odoo-pull-stages backend=${backend}: http ${fixed2(http)} + map/validate ${fixed2(pipelineCpu)} + store ${fixed2(store)} = ${fixed2(serial)} us/row ` +
        `in series: predicted ratio to raw ${fixed2(http / serial)} (target >= 0.5)\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stdout.write(`odoo-pull-stages FAILED: ${error instanceof Error ? error.stack : String(error)}\n`);
});
