import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../core/logging/logger';
import { openStore } from '../core/store/open-store';
import { FakeClock } from '../core/time/clock';
import { tenantConfigSchema } from '../config/tenant-config';
import { sage100Connector } from '../connectors/sage100';
import { receivablesFrom } from '../connectors/sage100/streams/receivables';
import { syncTenant } from '../sync/pipeline/sync-tenant';

/** One measured run in its own process (so peak RSS is this run's): `raw`, `pglite` or `postgres`. */
export interface SagePullRunRequest {
  mode: 'raw' | 'pglite' | 'postgres';
  odbcConnectionString: string;
  pageSize: number;
  /** The store database for `postgres`. */
  storeUrl?: string;
}

export interface SagePullRunResult {
  mode: SagePullRunRequest['mode'];
  rows: number;
  seconds: number;
  peakRssKb: number;
  startRssBytes: number;
  /** Time spent inside store.savePage (the store's share of the run); 0 for `raw`. */
  storeSeconds: number;
  failures: string[];
}

/**
 * The raw reference: node-odbc reading the same rows the receivables stream reads, with the same keyset
 * pages, the same join and the same casts, throwing the rows away.
 */
async function rawLoop(connectionString: string, pageSize: number): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const odbc = require('odbc') as { connect(cs: string): Promise<{ query(sql: string, p?: unknown[]): Promise<Array<Record<string, unknown>>>; close(): Promise<void> }> };
  const connection = await odbc.connect(`${connectionString}UID=postgres;`);
  let after = 0;
  let rows = 0;
  try {
    for (;;) {
      const page = await connection.query(
        'SELECT e.cbMarq, e.cbModification, e.EC_No, e.JO_Num, j.JO_Type, e.JM_Date, e.EC_Jour, e.EC_Date, e.EC_Echeance, e.EC_Piece, e.EC_RefPiece, ' +
          'e.EC_Intitule, RTRIM(e.CT_Num) AS CT_Num, e.EC_Sens, CAST(e.EC_Montant AS varchar(40)) AS EC_Montant, e.N_Devise, CAST(e.EC_Devise AS varchar(40)) AS EC_Devise, ' +
          'CAST(e.EC_MontantRegle AS varchar(40)) AS EC_MontantRegle, e.EC_Lettre, e.EC_Lettrage, e.EC_Rappel, e.EC_DateRelance ' +
          `${receivablesFrom} AND e.cbMarq > ? ORDER BY e.cbMarq OFFSET 0 ROWS FETCH NEXT ${pageSize} ROWS ONLY`,
        [after],
      );
      if (page.length === 0) break;
      rows += page.length;
      after = Number(page[page.length - 1]?.cbmarq);
      if (page.length < pageSize) break;
    }
  } finally {
    await connection.close();
  }
  return rows;
}

async function run(request: SagePullRunRequest): Promise<SagePullRunResult> {
  const startRssBytes = process.memoryUsage.rss();
  const began = process.hrtime.bigint();
  const failures: string[] = [];
  let rows: number;
  let storeNs = 0n;
  if (request.mode === 'raw') {
    rows = await rawLoop(request.odbcConnectionString, request.pageSize);
  } else {
    const dataDir = request.mode === 'pglite' ? await mkdtemp(join(tmpdir(), 'arbridge-sage-bench-')) : null;
    const store = await openStore(request.mode === 'pglite' ? { dataDir: dataDir as string } : { databaseUrl: request.storeUrl as string });
    // A timer around the store's page write, here only: it splits the run into store time and the rest.
    const savePage = store.savePage.bind(store);
    store.savePage = async (page) => {
      const began = process.hrtime.bigint();
      try {
        return await savePage(page);
      } finally {
        storeNs += process.hrtime.bigint() - began;
      }
    };
    try {
      const tenant = tenantConfigSchema.parse({
        id: 'bench',
        name: 'Bench',
        timeZone: 'Europe/Paris',
        currency: 'EUR',
        sources: [{ id: 'sage', type: 'sage100', connection: { driver: 'odbc', connectionString: request.odbcConnectionString, user: 'postgres', pageSize: request.pageSize } }],
      });
      const clock = new FakeClock('2026-03-31T16:00:00Z');
      const report = await syncTenant({ store, tenant, clock, logger: silentLogger(), streams: ['receivables'], resolveConnector: () => sage100Connector });
      failures.push(...report.failures.map((f) => `${f.stream}: ${f.message}`));
      // Rows pulled: stored and quarantined (the change scan re-reads its overlap; those count as unchanged).
      rows = report.streams.reduce((n, s) => n + s.written + s.quarantined, 0);
    } finally {
      await store.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }
  }
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  return { mode: request.mode, rows, seconds, peakRssKb: process.resourceUsage().maxRSS, startRssBytes, storeSeconds: Number(storeNs) / 1e9, failures };
}

process.on('message', (request: SagePullRunRequest) => {
  run(request)
    .then((result) => process.send?.(result, () => process.exit(0)))
    .catch((error: unknown) => process.send?.({ mode: request.mode, rows: 0, seconds: 0, peakRssKb: 0, startRssBytes: 0, storeSeconds: 0, failures: [String(error)] }, () => process.exit(1)));
});
