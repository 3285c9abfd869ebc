import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { SagePullRunRequest, SagePullRunResult } from './sage-pull-run';
import { seedSageLedger } from './sage-pull-seed';

/**
 * bench/sage-pull: the receivables stream of a Sage-shaped PostgreSQL database with BENCH_SAGE_PULL_ROWS
 * F_ECRITUREC lines (default 1,000,000), read through node-odbc + unixODBC + psqlODBC by the Sage
 * connector into each store backend, each run in a fresh process. Prints rows/s, the ratio to a raw
 * node-odbc loop reading the same rows with the same SQL in the same session, and peak RSS.
 * Target: ratio >= 0.6. A measurement, not a test: says BELOW TARGET when missed and exits 0.
 * Env: BENCH_DATABASE_URL (admin, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_SAGE_PULL_ROWS, BENCH_SAGE_PULL_BACKENDS (default "pglite,postgres"), BENCH_SAGE_PULL_PAGE (default 1000).
 */
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const rows = Number(process.env.BENCH_SAGE_PULL_ROWS ?? 1_000_000);
const pageSize = Number(process.env.BENCH_SAGE_PULL_PAGE ?? 1_000);
const backends = (process.env.BENCH_SAGE_PULL_BACKENDS ?? 'pglite,postgres').split(',') as Array<'pglite' | 'postgres'>;
const target = 0.6;
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const print = (line: string) => void process.stdout.write(`${line}\n`);
const log = (line: string) => void process.stderr.write(`${line}\n`);

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function database(prefix: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function measure(request: SagePullRunRequest): Promise<SagePullRunResult> {
  return new Promise((resolve, reject) => {
    const child = fork(require.resolve('./sage-pull-run'), [], { execArgv: process.execArgv });
    child.once('message', (result: SagePullRunResult) => resolve(result));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`run ${request.mode} exited with ${code}`)));
    child.send(request);
  });
}

async function main(): Promise<void> {
  const sage = await database('arbridge_bench_sage');
  try {
    log(`sage-pull: seeding ${int(rows)} F_ECRITUREC rows in ${sage.name}...`);
    const seeded = Date.now();
    const { streamRows } = await seedSageLedger(sage.url, rows);
    log(`sage-pull: seeded in ${int((Date.now() - seeded) / 1000)} s; ${int(streamRows)} rows in the receivables stream`);
    const host = new URL(sage.url);
    const odbcConnectionString = `Driver={PostgreSQL Unicode};Server=${host.hostname};Port=${host.port || '5432'};Database=${sage.name};`;
    const raw = await measure({ mode: 'raw', odbcConnectionString, pageSize });
    const rawRate = raw.rows / raw.seconds;
    print(`sage-pull F_ECRITUREC=${int(raw.rows)} raw node-odbc rows/s=${int(rawRate)} (${raw.seconds.toFixed(2)} s) peakRSS=${int(raw.peakRssKb / 1024)} MB (reference: same SQL and pages, rows discarded)`);
    for (const backend of backends) {
      const store = backend === 'postgres' ? await database('arbridge_bench_store') : null;
      try {
        const r = await measure({ mode: backend, odbcConnectionString, pageSize, ...(store ? { storeUrl: store.url } : {}) });
        const rate = r.rows / r.seconds;
        const ratio = rate / rawRate;
        print(
          `sage-pull F_ECRITUREC=${int(r.rows)} backend=${backend} rows/s=${int(rate)} vs raw ${int(rawRate)} (ratio ${ratio.toFixed(2)}, target >= ${target}${ratio >= target ? '' : ' BELOW TARGET'}) ` +
            `peakRSS=${int(r.peakRssKb / 1024)} MB (start ${int(r.startRssBytes / 2 ** 20)} MB) ` +
            `store.savePage=${r.storeSeconds.toFixed(2)} s (${((100 * r.storeSeconds) / r.seconds).toFixed(0)}%), rest=${(r.seconds - r.storeSeconds).toFixed(2)} s [${r.seconds.toFixed(2)} s${r.rows !== streamRows ? `, expected ${int(streamRows)} rows` : ''}${r.failures.length ? `, failures: ${r.failures.join(' | ')}` : ''}]`,
        );
      } finally {
        await store?.drop();
      }
    }
  } finally {
    await sage.drop();
  }
}

main().catch((error: unknown) => print(`sage-pull FAILED: ${error instanceof Error ? error.stack : String(error)} BELOW TARGET`));
