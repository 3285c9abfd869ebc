import { performance } from 'node:perf_hooks';
import { settleMemory, timeSavePage } from './pull-run-measures';
import { silentLogger } from '../core/logging/logger';
import { openStore } from '../core/store/open-store';
import { FakeClock } from '../core/time/clock';
import { tenantConfigSchema } from '../config/tenant-config';
import { OdooClient } from '../connectors/odoo/client';
import { odooConfigSchema } from '../connectors/odoo/config';
import { syncTenant } from '../sync/pipeline/sync-tenant';
import type { RunRequest, RunResult } from './odoo-pull-messages';
import { fetchReceivablePagesRaw } from './raw-receivables-fetch';
import { RssSampler, type MemoryBreakdown } from './rss-sampler';

/**
 * One measured pull, in a process of its own (forked by odoo-pull.ts) so that its peak RSS is its
 * own: the raw reference loop, or the receivables stream through syncTenant into a fresh store.
 */
const keyVariable = 'ARBRIDGE_BENCH_ODOO_API_KEY';
const clock = new FakeClock('2026-01-15T17:00:00Z');

function connection(request: RunRequest): Record<string, unknown> {
  const { url, db, login } = request.endpoint;
  // No retries: a failure must show, not be hidden in the timing.
  return { url, database: db, username: login, apiKey: `env:${keyVariable}`, pageSize: request.pageSize, maxRetries: 0 };
}


function quarterPageOf(request: RunRequest): number {
  return Math.max(1, Math.ceil(request.expectedRows / request.pageSize / 4));
}

function progress(label: string, rows: number, pages: number, sampler: RssSampler): void {
  if (pages % 50 !== 0) return;
  process.stderr.write(`  ${label}: ${rows.toLocaleString('en-US')} rows, RSS ${Math.round(sampler.sample() / 2 ** 20)} MB\n`);
}

async function runRaw(request: RunRequest): Promise<RunResult> {
  const config = odooConfigSchema.parse(connection(request));
  const client = new OdooClient(config, { clock, logger: silentLogger() });
  await settleMemory();
  const sampler = new RssSampler();
  let quarter = 0;
  const cpu = process.cpuUsage();
  const began = performance.now();
  const quarterPage = quarterPageOf(request);
  const { rows, pages } = await fetchReceivablePagesRaw(client, request.endpoint.version, request.pageSize, (rowsSoFar, page) => {
    const rss = sampler.sample();
    if (page === quarterPage) quarter = rss;
    progress('raw', rowsSoFar, page, sampler);
  });
  const seconds = (performance.now() - began) / 1000;
  const end = sampler.stop();
  const endUsage = sampler.usage();
  const cpuSeconds = cpuSecondsSince(cpu);
  return result(request, { rows, pages, seconds, cpuSeconds, sampler, quarter, end, endUsage, storeMs: 0, written: 0, quarantined: 0, failures: [] });
}

async function runPipeline(request: RunRequest): Promise<RunResult> {
  const store = await openStore(request.mode === 'postgres' ? { databaseUrl: request.databaseUrl as string } : { dataDir: request.dataDir as string });
  let storeMs = 0;
  timeSavePage(store, (ms) => (storeMs += ms));
  const tenant = tenantConfigSchema.parse({
    id: 'bench',
    name: 'Bench SAS',
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    sources: [{ id: 'odoo', type: 'odoo', connection: connection(request) }],
  });
  // The store is open: growth is counted from here (PGlite's resident footprint is there from its start).
  await settleMemory();
  const sampler = new RssSampler();
  let quarter = 0;
  const quarterPage = quarterPageOf(request);
  let rows = 0;
  const cpu = process.cpuUsage();
  const began = performance.now();
  const report = await syncTenant({
    store,
    tenant,
    clock,
    logger: silentLogger(),
    streams: ['receivables'],
    onPage: (p) => {
      rows = p.written + p.unchanged + p.quarantined;
      const rss = sampler.sample();
      if (p.pages === quarterPage) quarter = rss;
      progress(request.mode, rows, p.pages, sampler);
    },
  });
  const seconds = (performance.now() - began) / 1000;
  const end = sampler.stop();
  const endUsage = sampler.usage();
  const cpuSeconds = cpuSecondsSince(cpu);
  await store.close();
  const stream = report.streams[0];
  return result(request, {
    rows,
    pages: stream?.pages ?? 0,
    seconds,
    cpuSeconds,
    sampler,
    quarter,
    end,
    endUsage,
    storeMs,
    written: stream?.written ?? 0,
    quarantined: stream?.quarantined ?? 0,
    failures: report.failures.map((f) => `${f.stream ?? '-'}: ${f.code}/${f.reason}: ${f.message}`),
  });
}

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}


function result(
  request: RunRequest,
  r: {
    rows: number;
    pages: number;
    seconds: number;
    cpuSeconds: number;
    sampler: RssSampler;
    quarter: number;
    end: number;
    endUsage: MemoryBreakdown;
    storeMs: number;
    written: number;
    quarantined: number;
    failures: string[];
  },
): RunResult {
  return {
    type: 'result',
    mode: request.mode,
    rows: r.rows,
    pages: r.pages,
    seconds: r.seconds,
    cpuSeconds: r.cpuSeconds,
    peakRssKb: process.resourceUsage().maxRSS,
    startRss: r.sampler.start,
    memory: { start: r.sampler.startUsage, atMax: r.sampler.atMax, end: r.endUsage },
    maxSampledRss: r.sampler.max,
    rssAtQuarter: r.quarter,
    rssAtEnd: r.end,
    storeMs: r.storeMs,
    written: r.written,
    quarantined: r.quarantined,
    failures: r.failures,
  };
}

process.once('message', (request: RunRequest) => {
  process.env[keyVariable] = request.endpoint.apiKey;
  (request.mode === 'raw' ? runRaw(request) : runPipeline(request)).then(
    (answer) => process.send?.(answer, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`run ${request.mode} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
});
