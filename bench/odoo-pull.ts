import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../core/store/open-store';
import { createBenchDatabase, defaultAdminUrl, type BenchDatabase } from './bench-database';
import { fixed2, int, mb, mbOfKb } from './figures';
import { ForkedProcess } from './forked-process';
import type { MemoryBreakdown } from './rss-sampler';
import type { FakeOdooReady, FakeOdooRequests, FakeOdooStart, RunMode, RunRequest, RunResult } from './odoo-pull-messages';

/**
 * bench/odoo-pull: the receivables stream pulled from a loopback fake Odoo (its own process) into each
 * store backend, at ~50k and ~200k rows, each run in a fresh process. Prints rows/s against a raw loop
 * that makes the same HTTP calls and throws the answers away (run just before each backend run), peak
 * RSS, and RSS growth from 50k to 200k. A measurement, not a test: exits 0 and says BELOW TARGET when a target is missed.
 *
 * Env: BENCH_DATABASE_URL (admin connection, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_ODOO_PULL_SIZES (default "50000,200000"), BENCH_ODOO_PULL_BACKENDS (default "pglite,postgres"),
 * BENCH_CHILD_NODE_ARGS (node flags for the child processes, e.g. "--cpu-prof").
 */

const seed = 42;
const asOf = '2026-01-15';
const pageSize = 500; // the connector's default
/** Receivable-stream rows per generated invoice at seed 42 (installments and credit notes; measured). */
const rowsPerInvoice = 1.357;
const invoicesPerCustomer = 18;

const targets = { rateRatio: 0.5, rssMb: 300, flatRatio: 1.25, flatSlackMb: 20 };

/** One measured run of a size: the raw reference, or a backend. */
interface RunPlan {
  mode: RunMode;
}

const labelOf = (plan: RunPlan): string => (plan.mode === 'raw' ? 'raw' : `backend=${plan.mode}`);

interface Figures {
  rows: number;
  label: string;
  backend: Exclude<RunMode, 'raw'>;
  /** Peak RSS of the run's process: the figure held against the 300 MB target. */
  boundedBytes: number;
  /** RSS at the end of the pull: the level memory settled at, whatever the start was. */
  endBytes: number;
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);
const print = (line: string): void => void process.stdout.write(`${line}\n`);
const below = (missed: boolean): string => (missed ? ' BELOW TARGET' : '');

async function startFakeOdoo(targetRows: number): Promise<{ fake: ForkedProcess; ready: FakeOdooReady }> {
  const invoices = Math.round(targetRows / rowsPerInvoice);
  const start: FakeOdooStart = { type: 'start', seed, asOf, invoices, customers: Math.max(50, Math.round(invoices / invoicesPerCustomer)) };
  log(`odoo-pull: generating a company of ${int(invoices)} invoices (seed ${seed}) in the fake Odoo process...`);
  const fake = new ForkedProcess('fake-odoo-process');
  const ready = fake.next<FakeOdooReady>('ready');
  fake.send(start);
  const answer = await ready;
  const s = answer.stats;
  log(
    `odoo-pull: fake Odoo ${answer.endpoint.version}.0 at ${answer.endpoint.url}: ${int(answer.streamRows)} receivable-stream rows ` +
      `(stats.receivableLines ${int(s.receivableLines)} incl. payment lines; ${int(s.customers)} customers, ${int(s.invoices)} invoices, ` +
      `${int(s.creditNotes)} credit notes, ${int(s.payments)} payments), generated in ${fixed2(answer.generateMs / 1000)} s, fake RSS ${mb(answer.rssBytes)} MB`,
  );
  return { fake, ready: answer };
}

async function requestCount(fake: ForkedProcess): Promise<FakeOdooRequests> {
  const answer = fake.next<FakeOdooRequests>('requests');
  fake.send({ type: 'requests' });
  return answer;
}

async function measure(request: RunRequest): Promise<RunResult> {
  // --expose-gc: the run collects garbage once before it notes its starting RSS (see odoo-pull-run.ts).
  const run = new ForkedProcess('odoo-pull-run', ['--expose-gc']);
  try {
    const result = run.next<RunResult>('result');
    run.send(request);
    const answer = await result;
    await run.exited();
    return answer;
  } finally {
    run.kill();
  }
}

/** One run with its fresh store (temp dir or database), removed afterwards. */
async function measurePlan({ mode }: RunPlan, ready: FakeOdooReady): Promise<RunResult> {
  const base: RunRequest = { type: 'run', mode, endpoint: ready.endpoint, pageSize, expectedRows: ready.streamRows };
  if (mode === 'raw') return measure(base);
  if (mode === 'pglite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'arbridge-bench-pglite-'));
    try {
      // The store is created (initdb and migrations, once per data directory) before the measured run, as a
      // first `arbridge` command would have: the run measures a pull, as the PostgreSQL run does into its database.
      await (await openStore({ dataDir })).close();
      return await measure({ ...base, dataDir });
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  const database: BenchDatabase = await createBenchDatabase(process.env.BENCH_DATABASE_URL ?? defaultAdminUrl);
  try {
    return await measure({ ...base, databaseUrl: database.url });
  } finally {
    await database.drop();
  }
}

function rawLine(r: RunResult, load: string): string {
  return (
    `odoo-pull receivables=${int(r.rows)} raw rows/s=${int(r.rows / r.seconds)} peakRSS=${mbOfKb(r.peakRssKb)} MB ` +
    `(reference: same HTTP calls and pages, answers discarded) [${fixed2(r.seconds)} s, ${int(r.pages)} pages, puller CPU ${fixed2(r.cpuSeconds)} s, load ${load}]`
  );
}

function backendLine(plan: RunPlan, r: RunResult, raw: RunResult | undefined, streamRows: number, load: string): { line: string; figures: Figures } {
  const backend = r.mode as Figures['backend'];
  const rate = r.rows / r.seconds;
  const rawRate = raw ? raw.rows / raw.seconds : NaN;
  const ratio = rate / rawRate;
  const growth = r.maxSampledRss - r.startRss;
  const bounded = r.peakRssKb * 1024;
  const rssMissed = bounded / 2 ** 20 >= targets.rssMb;
  // PGlite's RSS includes the database itself (its thread); PostgreSQL's server is another process.
  const rssText = `peakRSS=${mbOfKb(r.peakRssKb)} MB (target < ${targets.rssMb} MB${below(rssMissed)}; at store open ${mb(r.startRss)} MB, growth above it ${mb(growth)} MB)`;
  const storeShare = r.storeMs / 1000 / r.seconds;
  // The best ratio this run's own CPU allows, even with fetch and store fully overlapped.
  const ceiling = raw ? raw.seconds / r.cpuSeconds : NaN;
  const line =
    `odoo-pull receivables=${int(r.rows)} ${labelOf(plan)} rows/s=${int(rate)} vs raw ${int(rawRate)} ` +
    `(ratio ${fixed2(ratio)}, target >= ${targets.rateRatio}${below(!(ratio >= targets.rateRatio))}) ${rssText}` +
    ` [${fixed2(r.seconds)} s, in savePage ${Math.round(storeShare * 100)}%, puller CPU ${fixed2(r.cpuSeconds)} s (CPU-bound ceiling ${fixed2(ceiling)}), RSS at 1/4 ${mb(r.rssAtQuarter)} MB, at end ${mb(r.rssAtEnd)} MB, load ${load}` +
    `${r.quarantined > 0 ? `, ${int(r.quarantined)} quarantined` : ''}${r.rows !== streamRows ? `, expected ${int(streamRows)} rows` : ''}]`;
  return { line, figures: { rows: r.rows, label: labelOf(plan), backend, boundedBytes: bounded, endBytes: r.rssAtEnd } };
}

function flatLines(all: Figures[]): string[] {
  const lines: string[] = [];
  for (const label of [...new Set(all.map((f) => f.label))]) {
    const runs = all.filter((f) => f.label === label).sort((a, b) => a.rows - b.rows);
    const small = runs[0];
    const large = runs[runs.length - 1];
    if (!small || !large || small === large) continue;
    const what = 'peak RSS';
    const ratio = large.boundedBytes / small.boundedBytes;
    const flat = ratio <= targets.flatRatio || (large.boundedBytes - small.boundedBytes) / 2 ** 20 <= targets.flatSlackMb;
    lines.push(
      `odoo-pull flat ${label}: ${what} ${mb(small.boundedBytes)} MB at ${int(small.rows)} rows -> ${mb(large.boundedBytes)} MB at ${int(large.rows)} rows ` +
        `(ratio ${fixed2(ratio)}, flat = within ${Math.round((targets.flatRatio - 1) * 100)}% or ${targets.flatSlackMb} MB${below(!flat)}); ` +
        `RSS at end of pull ${mb(small.endBytes)} MB -> ${mb(large.endBytes)} MB (ratio ${fixed2(large.endBytes / small.endBytes)})`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_ODOO_PULL_SIZES ?? '50000,200000').split(',').map(Number);
  const backends = (process.env.BENCH_ODOO_PULL_BACKENDS ?? 'pglite,postgres').split(',').filter((b) => b !== '') as Array<Figures['backend']>;
  const measured: RunPlan[] = backends.map((mode) => ({ mode }));
  // The raw reference runs right before each backend run, so that both see the same load on a shared machine.
  const plans: RunPlan[] = measured.flatMap((plan) => [{ mode: 'raw' as const }, plan]);
  if (plans.length === 0) plans.push({ mode: 'raw' });
  const began = Date.now();
  const figures: Figures[] = [];
  for (const target of sizes) {
    const { fake, ready } = await startFakeOdoo(target);
    try {
      let raw: RunResult | undefined;
      let rawRequests = 0;
      for (const plan of plans) {
        const { mode } = plan;
        const label = labelOf(plan);
        // The 1-minute load average: on a shared 2-core machine other work skews a run, and this shows it.
        const load = (os.loadavg()[0] ?? 0).toFixed(2);
        log(`odoo-pull: ${label} run, ${int(ready.streamRows)} rows...`);
        await requestCount(fake); // reset the fake's request log
        if (mode === 'raw') raw = undefined; // never hold a backend against an older reference
        let result: RunResult;
        try {
          result = await measurePlan(plan, ready);
        } catch (error) {
          print(`odoo-pull receivables=${int(ready.streamRows)} ${label} FAILED: ${error instanceof Error ? error.message : String(error)} BELOW TARGET`);
          continue;
        }
        const requests = await requestCount(fake);
        if (result.failures.length > 0) print(`odoo-pull ${label}: sync failures: ${result.failures.join(' | ')} BELOW TARGET`);
        if (mode === 'raw') {
          raw = result;
          rawRequests = requests.count;
          print(rawLine(result, load));
        } else {
          const { line, figures: f } = backendLine(plan, result, raw, ready.streamRows, load);
          print(line);
          figures.push(f);
          if (raw && requests.count !== rawRequests) log(`odoo-pull: warning: ${label} sent ${requests.count} requests, raw ${rawRequests}: the reference no longer mirrors the connector`);
        }
        log(`odoo-pull: ${label}: ${int(requests.count)} requests, fake server busy ${fixed2(requests.busySeconds)} s of ${fixed2(result.seconds)} s`);
        const m = result.memory;
        const parts = (b: MemoryBreakdown): string => `RSS ${mb(b.rss)} (JS heap ${mb(b.heapUsed)}, external ${mb(b.external)})`;
        log(`odoo-pull: ${label}: memory MB at start ${parts(m.start)}, at peak ${parts(m.atMax)}, at end ${parts(m.end)}`);
        if (requests.failed > 0) log(`odoo-pull: warning: ${requests.failed} requests failed during the ${label} run`);
      }
    } finally {
      fake.send({ type: 'stop' });
      await fake.exited();
    }
  }
  for (const line of flatLines(figures)) print(line);
  log(`odoo-pull: done in ${int((Date.now() - began) / 1000)} s`);
}

main().catch((error: unknown) => {
  print(`odoo-pull FAILED: ${error instanceof Error ? error.stack : String(error)} BELOW TARGET`);
});
