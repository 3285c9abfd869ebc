import os from 'node:os';
import { createBenchDatabase, defaultAdminUrl } from './bench-database';
import { fixed2, int, mb, mbOfKb, median } from './figures';
import { ForkedProcess } from './forked-process';
import type { SagePullRunRequest, SagePullRunResult } from './sage-pull-run';
import { seededSageLedger } from './sage-pull-seed';

/**
 * bench/sage-pull: the receivables stream of a Sage-shaped PostgreSQL database (F_ECRITUREC lines at
 * each size of BENCH_SAGE_PULL_SIZES, default 200,000 and 1,000,000), read through node-odbc + unixODBC
 * + psqlODBC, each run in a fresh process: the connector alone (pages mapped, no store), then the
 * pipeline into each store backend. Each of those runs right after a raw node-odbc loop reading the
 * same rows with the same SQL, so both see the same load; prints rows/s, the ratio to that raw run,
 * CPU, peak RSS and growth above the store's start, and per mode whether memory stays flat from the
 * smaller size to the larger. Target: ratio >= 0.6, memory flat (within 25 % or 20 MB).
 * A measurement, not a test: says BELOW TARGET when missed and exits 0.
 * Env: BENCH_DATABASE_URL (admin), BENCH_SAGE_PULL_SIZES, BENCH_SAGE_PULL_MODES (default
 * "connector,pglite,postgres"), BENCH_SAGE_PULL_PAGE (default 1000), BENCH_SAGE_PULL_CONNECTIONS (the source's, default 2),
 * BENCH_SAGE_PULL_REPEAT (raw-then-mode pairs per mode and size, default 1; with more, the median ratio too), BENCH_SAGE_PULL_RESEED=1,
 * BENCH_CHILD_NODE_ARGS (node flags for the runs, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
 */
const adminUrl = process.env.BENCH_DATABASE_URL ?? defaultAdminUrl;
const sizes = (process.env.BENCH_SAGE_PULL_SIZES ?? '200000,1000000').split(',').map(Number);
const pageSize = Number(process.env.BENCH_SAGE_PULL_PAGE ?? 1_000);
const connections = Number(process.env.BENCH_SAGE_PULL_CONNECTIONS ?? 2);
const modes = (process.env.BENCH_SAGE_PULL_MODES ?? 'connector,pglite,postgres').split(',') as Array<Exclude<SagePullRunRequest['mode'], 'raw'>>;
/** Pairs (raw, then the mode) per mode and size: on a machine whose speed moves by half within minutes, the median ratio of several pairs is the figure to compare. */
const repeat = Math.max(1, Math.floor(Number(process.env.BENCH_SAGE_PULL_REPEAT ?? 1)));
const targets = { rateRatio: 0.6, flatRatio: 1.25, flatSlackMb: 20 };
const print = (line: string) => void process.stdout.write(`${line}\n`);
const log = (line: string) => void process.stderr.write(`${line}\n`);
const below = (missed: boolean) => (missed ? ' BELOW TARGET' : '');

async function measure(request: Omit<SagePullRunRequest, 'type'>): Promise<SagePullRunResult> {
  // --expose-gc: the run collects garbage before noting its starting RSS.
  const child = new ForkedProcess('sage-pull-run', ['--expose-gc']);
  try {
    const result = child.next<SagePullRunResult>('result');
    child.send({ type: 'run', ...request });
    return await result;
  } finally {
    await child.exited();
  }
}

/** The memory figure that tells growth: above the store's start for PGlite (its start is ~800 MB by design), peak RSS otherwise. */
function boundedBytes(r: SagePullRunResult): number {
  return r.mode === 'pglite' ? r.maxSampledRss - r.startRss : r.peakRssKb * 1024;
}

/** How a line names what was measured. */
const modeLabel = (mode: SagePullRunResult['mode']): string => (mode === 'connector' ? 'connector (no store)' : `backend=${mode}`);

function describe(r: SagePullRunResult, raw: SagePullRunResult, load: string, expected: number): string {
  const rate = r.rows / r.seconds;
  const rawRate = raw.rows / raw.seconds;
  const ratio = rate / rawRate;
  const store = r.storeSeconds > 0 ? `, in savePage ${((100 * r.storeSeconds) / r.seconds).toFixed(0)}%` : '';
  // The change scan re-reads its overlap (rows modified in the watermark's last minutes): a few more rows than the ledger's.
  const problems = [...(r.rows < expected ? [`expected ${int(expected)} rows`] : []), ...r.failures];
  return (
    `sage-pull F_ECRITUREC=${int(r.rows)} ${modeLabel(r.mode)} rows/s=${int(rate)} vs raw ${int(rawRate)} ` +
    `(ratio ${fixed2(ratio)}, target >= ${targets.rateRatio}${below(ratio < targets.rateRatio)}) peakRSS=${mbOfKb(r.peakRssKb)} MB ` +
    `(growth above ${r.mode === 'pglite' ? 'store ' : ''}start ${mb(r.maxSampledRss - r.startRss)} MB [start ${mb(r.startRss)} MB]) ` +
    `[${fixed2(r.seconds)} s, ${int(r.pages)} pages${store}, CPU ${fixed2(r.cpuSeconds)} s vs raw ${fixed2(raw.cpuSeconds)} s, ` +
    `RSS at 1/4 ${mb(r.rssAtQuarter)} MB, at end ${mb(r.rssAtEnd)} MB, after GC ${mb(r.afterGc.rss)} MB (JS heap ${mb(r.afterGc.heapUsed)} MB), load ${load}${problems.length ? `; ${problems.join(' | ')}` : ''}]`
  );
}

async function main(): Promise<void> {
  const results: SagePullRunResult[] = [];
  for (const rows of sizes) {
    const sage = await seededSageLedger(adminUrl, rows, log);
    const host = new URL(sage.url);
    const odbcConnectionString = `Driver={PostgreSQL Unicode};Server=${host.hostname};Port=${host.port || '5432'};Database=${sage.name};`;
    const common = { odbcConnectionString, pageSize, connections, expectedRows: sage.streamRows };
    for (const mode of modes) {
      const ratios: number[] = [];
      for (let pair = 0; pair < repeat; pair++) {
        const rawLoad = (os.loadavg()[0] ?? 0).toFixed(2);
        const raw = await measure({ ...common, mode: 'raw' });
        print(
          `sage-pull F_ECRITUREC=${int(raw.rows)} raw node-odbc rows/s=${int(raw.rows / raw.seconds)} peakRSS=${mbOfKb(raw.peakRssKb)} MB ` +
            `(reference: same SQL and pages, rows discarded) [${fixed2(raw.seconds)} s, CPU ${fixed2(raw.cpuSeconds)} s, after GC ${mb(raw.afterGc.rss)} MB, load ${rawLoad}]`,
        );
        const load = (os.loadavg()[0] ?? 0).toFixed(2);
        const store = mode === 'postgres' ? await createBenchDatabase(adminUrl) : null;
        try {
          const r = await measure({ ...common, mode, ...(store ? { storeUrl: store.url } : {}) });
          results.push(r);
          ratios.push(r.rows / r.seconds / (raw.rows / raw.seconds));
          print(describe(r, raw, load, sage.streamRows));
        } finally {
          await store?.drop();
        }
      }
      if (ratios.length > 1) {
        const middle = median(ratios);
        print(
          `sage-pull F_ECRITUREC=${int(sage.streamRows)} ${modeLabel(mode)} median ratio ${fixed2(middle)} ` +
            `over ${ratios.length} pairs (${ratios.map(fixed2).join(', ')}; target >= ${targets.rateRatio}${below(middle < targets.rateRatio)})`,
        );
      }
    }
  }
  for (const mode of modes) {
    // With several pairs, each size's largest figure: memory must stay flat in every run, not on average.
    const bySize = new Map<number, SagePullRunResult>();
    for (const r of results.filter((x) => x.mode === mode)) {
      const kept = bySize.get(r.rows);
      if (!kept || boundedBytes(r) > boundedBytes(kept)) bySize.set(r.rows, r);
    }
    const runs = [...bySize.values()].sort((a, b) => a.rows - b.rows);
    const small = runs[0];
    const large = runs[runs.length - 1];
    if (!small || !large || small === large) continue;
    const ratio = boundedBytes(large) / boundedBytes(small);
    const flat = ratio <= targets.flatRatio || (boundedBytes(large) - boundedBytes(small)) / 2 ** 20 <= targets.flatSlackMb;
    const what = mode === 'pglite' ? 'RSS growth above store start' : 'peak RSS';
    print(
      `sage-pull flat ${mode}: ${what} ${mb(boundedBytes(small))} MB at ${int(small.rows)} rows -> ${mb(boundedBytes(large))} MB at ${int(large.rows)} rows ` +
        `(ratio ${fixed2(ratio)}, flat = within ${Math.round((targets.flatRatio - 1) * 100)}% or ${targets.flatSlackMb} MB${below(!flat)}); ` +
        `RSS at end of pull ${mb(small.rssAtEnd)} MB -> ${mb(large.rssAtEnd)} MB; JS heap kept after GC ${mb(small.afterGc.heapUsed)} MB -> ${mb(large.afterGc.heapUsed)} MB`,
    );
  }
}

main().catch((error: unknown) => print(`sage-pull FAILED: ${error instanceof Error ? error.stack : String(error)} BELOW TARGET`));
