import { mkdtemp, rm } from 'node:fs/promises';
import { settleMemory, timeSavePage } from './pull-run-measures';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../core/logging/logger';
import { openStore } from '../core/store/open-store';
import type { Store } from '../core/store/store';
import { FakeClock } from '../core/time/clock';
import { tenantConfigSchema } from '../config/tenant-config';
import { sage100Connector } from '../connectors/sage100';
import { sage100ConfigSchema } from '../connectors/sage100/config';
import { receivablesFrom } from '../connectors/sage100/streams/receivables';
import { syncTenant } from '../sync/pipeline/sync-tenant';
import { RssSampler } from './rss-sampler';

/**
 * One measured pull in its own process (so peak RSS is this run's): `raw` (a bare node-odbc loop),
 * `connector` (the Sage connector's pages, mapped, no store: what the connector itself costs), or the
 * pipeline into `pglite` / `postgres`.
 */
export interface SagePullRunRequest {
  /** The IPC message's kind. */
  type: 'run';
  /** What the run measures (see above). */
  mode: 'raw' | 'connector' | 'pglite' | 'postgres';
  /** psqlODBC connection string of the seeded ledger, without credentials. */
  odbcConnectionString: string;
  /** Rows per keyset page, for the raw loop and the connector alike. */
  pageSize: number;
  /** The source's `connections` (the raw loop uses one). */
  connections: number;
  /** Rows the stream should yield, to note RSS a quarter of the way through. */
  expectedRows: number;
  /** The store database for `postgres`. */
  storeUrl?: string;
}

export interface SagePullRunResult {
  /** The IPC message's kind. */
  type: 'result';
  mode: SagePullRunRequest['mode'];
  /** Rows pulled: read by the raw loop, yielded by the connector, or stored and quarantined by the pipeline. */
  rows: number;
  pages: number;
  /** Wall time of the pull, from after the store is open (and settled) to the last page stored. */
  seconds: number;
  /** CPU time of this process during the pull (PGlite's WebAssembly and the ODBC driver included, the PostgreSQL server not). */
  cpuSeconds: number;
  /** process.resourceUsage().maxRSS, KB: the whole process's life, PGlite's start included. */
  peakRssKb: number;
  /** RSS once the store is open and garbage collected, when the pull starts (bytes). */
  startRss: number;
  /** Highest RSS sampled during the pull (every 50 ms and at every page), bytes. */
  maxSampledRss: number;
  /** RSS a quarter of the way through the expected pages, and at the end of the pull (bytes). */
  rssAtQuarter: number;
  rssAtEnd: number;
  /** RSS and JS heap in use once the pull is over and garbage collected, the store still open: what the pull kept. */
  afterGc: { rss: number; heapUsed: number };
  /** Wall time inside store.savePage (upsert + cursor, one transaction per page). */
  storeSeconds: number;
  /** Source failures, quarantined rows and connector rejections: a run with any is not a clean measure. */
  failures: string[];
}

const clock = new FakeClock('2026-03-31T16:00:00Z');


/** Samples RSS at each page, notes it a quarter of the way through, and prints progress every 100 pages. */
class PageWatch {
  /** RSS when the quarter page was seen, bytes. */
  quarter = 0;
  readonly #quarterPage: number;

  constructor(
    private readonly request: SagePullRunRequest,
    private readonly sampler: RssSampler,
  ) {
    this.#quarterPage = Math.max(1, Math.ceil(request.expectedRows / request.pageSize / 4));
  }

  page = (pages: number, rows: number): void => {
    const rss = this.sampler.sample();
    if (pages === this.#quarterPage) this.quarter = rss;
    if (pages % 100 === 0) process.stderr.write(`  ${this.request.mode}: ${rows.toLocaleString('en-US')} rows, RSS ${Math.round(rss / 2 ** 20)} MB\n`);
  };
}

/**
 * The raw reference: node-odbc reading the rows the receivables stream reads, with the same keyset
 * pages, the same joins and the same casts, throwing the rows away.
 */
async function rawLoop(request: SagePullRunRequest, onPage: (pages: number, rows: number) => void): Promise<{ rows: number; pages: number }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const odbc = require('odbc') as { connect(cs: string): Promise<{ query(sql: string, p?: unknown[]): Promise<Array<Record<string, unknown>>>; close(): Promise<void> }> };
  const connection = await odbc.connect(`${request.odbcConnectionString}UID=postgres;`);
  let after = 0;
  let rows = 0;
  let pages = 0;
  try {
    for (;;) {
      const page = await connection.query(
        'SELECT e.cbMarq, e.cbModification, e.EC_No, e.JO_Num, j.JO_Type, e.JM_Date, e.EC_Jour, e.EC_Date, e.EC_Echeance, e.EC_Piece, e.EC_RefPiece, ' +
          'e.EC_Intitule, RTRIM(e.CT_Num) AS CT_Num, e.EC_Sens, CAST(e.EC_Montant AS varchar(40)) AS EC_Montant, e.N_Devise, CAST(e.EC_Devise AS varchar(40)) AS EC_Devise, ' +
          'CAST(e.EC_MontantRegle AS varchar(40)) AS EC_MontantRegle, e.EC_Lettre, e.EC_Lettrage, e.EC_Rappel, e.EC_DateRelance ' +
          `${receivablesFrom} AND e.cbMarq > ? ORDER BY e.cbMarq OFFSET 0 ROWS FETCH NEXT ${request.pageSize} ROWS ONLY`,
        [after],
      );
      if (page.length === 0) break;
      rows += page.length;
      pages += 1;
      onPage(pages, rows);
      after = Number(page[page.length - 1]?.cbmarq);
      if (page.length < request.pageSize) break;
    }
  } finally {
    await connection.close();
  }
  return { rows, pages };
}

function connection(request: SagePullRunRequest): Record<string, unknown> {
  // No retries: a failure must show, not be hidden in the timing.
  return { driver: 'odbc', connectionString: request.odbcConnectionString, user: 'postgres', pageSize: request.pageSize, connections: request.connections, maxRetries: 0 };
}

/** The connector alone: its pages (SQL, lookups, mapping) counted and dropped. */
async function connectorLoop(request: SagePullRunRequest, onPage: (pages: number, rows: number) => void): Promise<{ rows: number; pages: number; failures: string[] }> {
  const instance = sage100Connector.create(sage100ConfigSchema.parse(connection(request)), {
    tenantId: 'bench',
    sourceId: 'sage',
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    clock,
    logger: silentLogger(),
  });
  let rows = 0;
  let pages = 0;
  const rejected = new Set<string>();
  try {
    for await (const page of instance.pull('receivables', null)) {
      rows += page.rows.length;
      pages += 1;
      for (const row of page.rows) if (!row.ok) rejected.add(row.reason.replace(/EC_No \d+/, 'EC_No …'));
      onPage(pages, rows);
    }
  } finally {
    await instance.close();
  }
  return { rows, pages, failures: [...rejected].map((reason) => `rejected: ${reason}`) };
}


async function run(request: SagePullRunRequest): Promise<SagePullRunResult> {
  const dataDir = request.mode === 'pglite' ? await mkdtemp(join(tmpdir(), 'arbridge-sage-bench-')) : null;
  const store = request.mode === 'pglite' || request.mode === 'postgres' ? await openStore(dataDir ? { dataDir } : { databaseUrl: request.storeUrl as string }) : null;
  let storeMs = 0;
  if (store) timeSavePage(store, (ms) => (storeMs += ms));
  // The store is open: growth is counted from here (PGlite's resident footprint is there from its start).
  await settleMemory();
  const sampler = new RssSampler();
  const watch = new PageWatch(request, sampler);
  const onPage = watch.page;
  const cpu = process.cpuUsage();
  const began = performance.now();
  let counted: { rows: number; pages: number; failures: string[] };
  let seconds: number;
  let used: NodeJS.CpuUsage;
  let end: number;
  let afterGc: SagePullRunResult['afterGc'];
  try {
    if (request.mode === 'raw') counted = { ...(await rawLoop(request, onPage)), failures: [] };
    else if (request.mode === 'connector') counted = await connectorLoop(request, onPage);
    else {
      const tenant = tenantConfigSchema.parse({
        id: 'bench',
        name: 'Bench',
        timeZone: 'Europe/Paris',
        currency: 'EUR',
        sources: [{ id: 'sage', type: 'sage100', connection: connection(request) }],
      });
      let rows = 0;
      const report = await syncTenant({
        store: store as Store,
        tenant,
        clock,
        logger: silentLogger(),
        streams: ['receivables'],
        resolveConnector: () => sage100Connector,
        onPage: (p) => {
          rows = p.written + p.unchanged + p.quarantined;
          onPage(p.pages, rows);
        },
      });
      counted = {
        rows,
        pages: report.streams[0]?.pages ?? 0,
        failures: [
          ...report.failures.map((f) => `${f.stream ?? '-'}: ${f.code}/${f.reason}: ${f.message}`),
          ...(report.streams[0]?.quarantined ? [`${report.streams[0].quarantined} quarantined`] : []),
        ],
      };
    }
    seconds = (performance.now() - began) / 1000;
    used = process.cpuUsage(cpu);
    end = sampler.stop();
    await settleMemory();
    const { rss, heapUsed } = process.memoryUsage();
    afterGc = { rss, heapUsed };
  } finally {
    await store?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
  return {
    type: 'result',
    mode: request.mode,
    ...counted,
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssKb: process.resourceUsage().maxRSS,
    startRss: sampler.start,
    maxSampledRss: sampler.max,
    rssAtQuarter: watch.quarter,
    rssAtEnd: end,
    afterGc,
    storeSeconds: storeMs / 1000,
  };
}

process.once('message', (request: SagePullRunRequest) => {
  run(request).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`run ${request.mode} failed: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
});
