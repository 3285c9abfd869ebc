import type { CompanyStats } from '../connectors/odoo/fake-server/demo-company';
import type { MemoryBreakdown } from './rss-sampler';

/** Where the fake Odoo listens and how to log in; sent from its process to the bench, then to each run. */
export interface FakeOdooEndpoint {
  url: string;
  db: string;
  login: string;
  apiKey: string;
  version: 16 | 17 | 18 | 19;
}

/** Bench → fake Odoo process: what company to generate. */
export interface FakeOdooStart {
  type: 'start';
  seed: number;
  invoices: number;
  customers: number;
  asOf: string;
}

/** Fake Odoo process → bench: serving. */
export interface FakeOdooReady {
  type: 'ready';
  endpoint: FakeOdooEndpoint;
  stats: CompanyStats;
  /** Rows the receivables stream pulls (posted or cancelled receivable lines of customer documents). */
  streamRows: number;
  generateMs: number;
  /** RSS of the fake server process, for the record (it is not the puller's). */
  rssBytes: number;
}

/** Bench → fake Odoo process: how many requests since last asked (the log is cleared, so it stays small), or stop. */
export type FakeOdooCommand = { type: 'requests' } | { type: 'stop' };
export interface FakeOdooRequests {
  type: 'requests';
  count: number;
  /** ORM calls that failed; the probe's GET /web/version, 404 before Odoo 19, is expected and not counted. */
  failed: number;
  /** Time the fake's event loop was busy since last asked: how much of a run's wall time is the server's. */
  busySeconds: number;
}

export type RunMode = 'raw' | 'pglite' | 'postgres';

/** Bench → run process: one measured pull. */
export interface RunRequest {
  type: 'run';
  mode: RunMode;
  endpoint: FakeOdooEndpoint;
  pageSize: number;
  /** Rows the stream will pull, to note the RSS a quarter of the way through. */
  expectedRows: number;
  /** PGlite data directory (mode pglite). */
  dataDir?: string;
  /** Connection string of a fresh database (mode postgres). */
  databaseUrl?: string;
}

/** Run process → bench. */
export interface RunResult {
  type: 'result';
  mode: RunMode;
  rows: number;
  pages: number;
  /** Wall time of the pull alone (connect, search, pages), store opening excluded. */
  seconds: number;
  /** process.resourceUsage().maxRSS at the end: the kernel's high-water mark, in kB. */
  peakRssKb: number;
  /** RSS right before the pull (after the store opened), bytes. */
  startRss: number;
  /** RSS, JS heap and external memory at start, at the highest RSS sampled, and at the end. */
  memory: { start: MemoryBreakdown; atMax: MemoryBreakdown; end: MemoryBreakdown };
  /** Highest RSS sampled during the pull, bytes. */
  maxSampledRss: number;
  /** RSS sampled at the end of the first quarter of pages and at the end, to show a trend. */
  rssAtQuarter: number;
  rssAtEnd: number;
  /** CPU time of this process during the pull (user + system; PGlite's WebAssembly included, PostgreSQL's server not). */
  cpuSeconds: number;
  /** Time inside store.savePage (pipeline runs). */
  storeMs: number;
  written: number;
  quarantined: number;
  failures: string[];
}
