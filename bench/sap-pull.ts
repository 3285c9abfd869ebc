import { fork, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fixed2, int, mbOfKb } from './figures';
import type { SapPullRunRequest, SapPullRunResult } from './sap-pull-run';

/*
 * bench/sap-pull: the SAP connector's open-items pull over SOAP (ecc-soap flavour, generic RFC
 * handler) against the fake SAP in its own process, at concurrency 1, 4 and 8, beside raw `soap`
 * client calls fetching the same items at the same concurrency. Rows/s and peak RSS of the puller;
 * with several sizes, whether the connector's peak RSS stays flat from the smallest to the largest.
 */

const sizes = (process.env.BENCH_SAP_PULL_CUSTOMERS ?? '5000').split(',').map(Number);
const itemsPerCustomer = 20;
const latencyMs = Number(process.env.BENCH_SAP_PULL_LATENCY_MS ?? 5);
const concurrencies = (process.env.BENCH_SAP_PULL_CONCURRENCY ?? '1,4,8').split(',').map(Number);
/** Also pull receivables and payments once more per size with a full GC every 10 pages, printing the live JS heap (peak RSS follows GC timing too). */
const liveHeap = process.env.BENCH_SAP_PULL_HEAP === '1';

function next<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type?: string }) => {
      if (message.type === type) {
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(message as T);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`child exited with ${code} before "${type}"`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function measure(mode: SapPullRunRequest['mode'], url: string, concurrency: number, stream?: SapPullRunRequest['stream']): Promise<SapPullRunResult> {
  const child = fork(join(__dirname, 'sap-pull-run.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: mode === 'heap' ? ['--expose-gc'] : [] });
  const result = next<SapPullRunResult>(child, 'result');
  child.send({ type: 'run', mode, url, concurrency, ...(stream ? { stream } : {}) } satisfies SapPullRunRequest);
  return result;
}

/** A pull's peak RSS is flat when the larger size's is within 25 % or 20 MB of the smaller's. */
const flatRatio = 1.25;
const flatMb = 20;

async function measureSize(customers: number): Promise<Map<number, SapPullRunResult>> {
  const byConcurrency = new Map<number, SapPullRunResult>();
  const fake = fork(join(__dirname, 'sap-pull-fake.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
  try {
    const ready = next<{ url: string; items: number }>(fake, 'ready');
    fake.send({ type: 'start', customers, itemsPerCustomer, latencyMs });
    const { url, items } = await ready;
    console.log(`sap-pull: ${int(customers)} customers x ${itemsPerCustomer} open items (${int(items)} items) over SOAP (generic RFC handler), fake SAP in its own process answering each call after ${latencyMs} ms (simulated network latency); receivables stream without store`);
    for (const concurrency of concurrencies) {
      console.log(`load average ${loadavg().map(fixed2).join(' ')} before concurrency ${concurrency} (other work on the machine skews wall-time figures)`);
      const pulled = await measure('connector', url, concurrency);
      const raw = await measure('raw', url, concurrency);
      byConcurrency.set(concurrency, pulled);
      const rate = (r: SapPullRunResult) => r.rows / (r.ms / 1000);
      const ratio = rate(pulled) / rate(raw);
      console.log(
        `concurrency ${concurrency}: connector ${int(pulled.rows)} rows in ${fixed2(pulled.ms / 1000)} s = ${int(rate(pulled))} rows/s, CPU ${fixed2(pulled.cpuMs / 1000)} s, peakRSS ${mbOfKb(pulled.peakRssKb)} MB` +
          ` | raw soap ${int(raw.rows)} rows in ${fixed2(raw.ms / 1000)} s = ${int(rate(raw))} rows/s, CPU ${fixed2(raw.cpuMs / 1000)} s, peakRSS ${mbOfKb(raw.peakRssKb)} MB | ratio ${fixed2(ratio)}${pulled.rows !== raw.rows ? ' ROW COUNTS DIFFER' : ''}`,
      );
    }
    for (const stream of liveHeap ? (['receivables', 'payments'] as const) : []) {
      const heap = await measure('heap', url, Math.max(...concurrencies), stream);
      console.log(`live JS heap after a full GC every 10 pages, ${stream} stream (MB, concurrency ${Math.max(...concurrencies)}, untimed): ${heap.liveHeapMb!.join(' ')} (last: end of the pull)`);
    }
  } finally {
    fake.kill();
  }
  return byConcurrency;
}

async function main(): Promise<void> {
  const results = new Map<number, Map<number, SapPullRunResult>>();
  for (const customers of sizes) results.set(customers, await measureSize(customers));
  if (sizes.length < 2) return;
  const small = Math.min(...sizes);
  const large = Math.max(...sizes);
  for (const concurrency of concurrencies) {
    const a = results.get(small)!.get(concurrency)!;
    const b = results.get(large)!.get(concurrency)!;
    const flat = b.peakRssKb <= a.peakRssKb * flatRatio || b.peakRssKb - a.peakRssKb <= flatMb * 1024;
    console.log(
      `sap-pull flat, concurrency ${concurrency}: connector peakRSS ${mbOfKb(a.peakRssKb)} MB at ${int(a.rows)} items -> ${mbOfKb(b.peakRssKb)} MB at ${int(b.rows)} items ` +
        `(ratio ${fixed2(b.peakRssKb / a.peakRssKb)}, ${int((b.peakRssKb - a.peakRssKb) / 1024)} MB; flat = within 25% or 20 MB${flat ? '' : ' NOT FLAT'})`,
    );
  }
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
