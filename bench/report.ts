/**
 * bench/report: the portfolio KPIs of `arbridge report` over ~1M receivables (100k customers), in the
 * embedded store (PGlite) and in PostgreSQL (a scratch database), with the time and peak RSS of the
 * report and, as the reference measured in the same run, the same balances rebuilt by a plain JS loop
 * over every ledger read from the store (bench/report-reference.ts). The two must agree to the cent.
 *
 *   npm run bench:report                  (BENCH_CUSTOMERS=100000, BENCH_DATABASE_URL=postgres://... to override)
 *   BENCH_BACKENDS=postgres npm run bench:report   (one backend only: pglite, postgres, or both comma-separated)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../core/store/open-store';
import type { Store } from '../core/store/store';
import { addMonths, type LocalDate } from '../core/time/local-date';
import { buildPortfolioReport } from '../sync/report/portfolio-report';
import { createBenchDatabase, defaultAdminUrl } from './bench-database';
import { referenceFigures } from './report-reference';
import { RssSampler } from './rss-sampler';
import { generateLedgers, seededRandom } from './rules-ledger-generator';

const customers = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
/** Which stores to measure; both by default. At 1M receivables each one takes a quarter of an hour or more. */
const backends = new Set((process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',').map((b) => b.trim()));
const asOf: LocalDate = '2026-06-01';
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(0);

async function seed(store: Store): Promise<{ receivables: number; allocations: number; seconds: number }> {
  const random = seededRandom(42);
  const started = performance.now();
  let receivables = 0;
  let allocations = 0;
  const at = new Date('2026-06-01T12:00:00Z');
  const save = async (stream: 'customers' | 'receivables' | 'allocations', records: unknown[]) => {
    for (let i = 0; i < records.length; i += 2000) {
      await store.savePage({ tenantId: 'bench', sourceId: 'erp', stream, records: records.slice(i, i + 2000) as never, quarantined: [], cursor: null, at, completesRun: true });
    }
  };
  for (let first = 0; first < customers; first += 2000) {
    const ledgers = generateLedgers(first, Math.min(2000, customers - first), asOf, random);
    await save('customers', ledgers.map((l) => l.customer));
    const r = ledgers.flatMap((l) => l.receivables);
    const a = ledgers.flatMap((l) => l.allocations);
    receivables += r.length;
    allocations += a.length;
    await save('receivables', r);
    await save('allocations', a);
  }
  return { receivables, allocations, seconds: (performance.now() - started) / 1000 };
}

async function measure<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number; peakAboveStartMb: string; peakMb: string }> {
  const sampler = new RssSampler();
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  sampler.stop();
  return { result, seconds, peakAboveStartMb: mb(sampler.max - sampler.start), peakMb: mb(sampler.max) };
}

async function run(backend: string, store: Store): Promise<Record<string, unknown>> {
  await store.migrate();
  const seeded = await seed(store);
  console.log(`${backend}: seeded ${seeded.receivables} receivables, ${seeded.allocations} allocations in ${seeded.seconds.toFixed(1)} s`);
  const tenant = { id: 'bench', name: 'bench', agingDays: [30, 60, 90, 120], lateWindowMonths: 12 };
  const options = { asOf, dsoMethod: 'total' as const, dsoWindowMonths: 3, forecastWeeks: 13, collectionWindowDays: 30 };
  // The machine is shared: the 1-minute load average beside the figures says how far to trust them.
  const loadBefore = loadavg()[0]?.toFixed(2);
  const report = await measure(() => buildPortfolioReport(store, [tenant], options));
  console.log(`${backend}: report in ${report.seconds.toFixed(1)} s; running the JS reference`);
  const periodEnds = Array.from({ length: 25 }, (_, i) => addMonths(asOf, i - 24));
  const reference = await measure(() => referenceFigures(store, 'bench', periodEnds));
  const sqlPeriods = report.result.tenants[0]?.amounts.find((a) => a.currency === 'EUR')?.periods;
  const agree = JSON.stringify(sqlPeriods) === JSON.stringify(reference.result.get('EUR')?.periods);
  const kpis = report.result.tenants[0]?.byCurrency[0];
  const row = {
    backend,
    receivables: seeded.receivables,
    allocations: seeded.allocations,
    reportSeconds: report.seconds.toFixed(2),
    reportPeakRssMb: report.peakMb,
    reportRssAboveStartMb: report.peakAboveStartMb,
    referenceSeconds: reference.seconds.toFixed(2),
    referencePeakRssMb: reference.peakMb,
    referenceRssAboveStartMb: reference.peakAboveStartMb,
    balancesAgree: agree,
    loadAverage1mBeforeAfter: `${loadBefore} / ${loadavg()[0]?.toFixed(2)}`,
    dso: kpis?.dso?.toFixed(1),
    openReceivables: kpis?.openReceivables,
  };
  console.log(JSON.stringify(row));
  return row;
}

async function main(): Promise<void> {
  const rows: Array<Record<string, unknown>> = [];
  if (backends.has('pglite')) {
    const dir = mkdtempSync(join(tmpdir(), 'arbridge-bench-report-'));
    const embedded = await openStore({ dataDir: dir });
    try {
      rows.push(await run('pglite', embedded));
    } finally {
      await embedded.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (backends.has('postgres')) {
    const database = await createBenchDatabase(process.env.BENCH_DATABASE_URL ?? defaultAdminUrl);
    const postgres = await openStore({ databaseUrl: database.url });
    try {
      rows.push(await run('postgres', postgres));
    } finally {
      await postgres.close();
      await database.drop();
    }
  }
  mkdirSync(join(process.cwd(), 'bench', 'out'), { recursive: true });
  writeFileSync(join(process.cwd(), 'bench', 'out', 'report.json'), JSON.stringify(rows, null, 2));
  console.table(rows);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
