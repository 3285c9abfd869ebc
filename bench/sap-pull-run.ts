import * as soap from 'soap';
import { silentLogger } from '../core/logging/logger';
import { FakeClock } from '../core/time/clock';
import { sapConnector } from '../connectors/sap';
import { fakeSapPassword, fakeSapUser } from '../connectors/sap/fake-server';
import { RssSampler } from './rss-sampler';

/** One measured pull, in a fresh process so that its peak RSS is its own. */
export interface SapPullRunRequest {
  type: 'run';
  /** `heap`: the connector's pull again, with a full GC every 10 pages to read the live JS heap (not timed). */
  mode: 'connector' | 'raw' | 'heap';
  url: string;
  concurrency: number;
  /** The connector's stream (receivables when absent); payments makes the same calls and maps them to other records. */
  stream?: 'receivables' | 'payments';
}

export interface SapPullRunResult {
  type: 'result';
  rows: number;
  ms: number;
  peakRssKb: number;
  /** CPU time of the puller process during the pull (user + system), ms: less sensitive than wall time to other load on the machine. */
  cpuMs: number;
  rssStart: number;
  /** `heap` mode: live JS heap (MB) after a full GC, every 10 pages, and at the end. */
  liveHeapMb?: number[];
}

const passwordVariable = 'ARBRIDGE_BENCH_SAP_PASSWORD';

/** The connector's receivables stream: customer list, one GETOPENITEMS per customer at `concurrency`, mapping; no store. */
async function connectorPull(url: string, concurrency: number, stream: 'receivables' | 'payments', onPage?: (pages: number) => void): Promise<{ rows: number }> {
  process.env[passwordVariable] = fakeSapPassword;
  const config = sapConnector.configSchema.parse({ url, client: '100', user: fakeSapUser, password: `env:${passwordVariable}`, companyCodes: ['1000'], concurrency, clearedHistoryDays: 0, customersPerPage: 100 });
  const instance = sapConnector.create(config, { tenantId: 'bench', sourceId: 'sap', timeZone: 'Europe/Paris', currency: 'EUR', clock: new FakeClock('2026-03-31T12:00:00Z'), logger: silentLogger() });
  let rows = 0;
  let pages = 0;
  for await (const page of instance.pull(stream, null)) {
    rows += page.rows.filter((r) => r.ok).length;
    onPage?.(++pages);
  }
  await instance.close();
  return { rows };
}

/** The reference: the same SOAP calls through a bare `soap` client, rows counted and thrown away. */
async function rawPull(url: string, concurrency: number): Promise<{ rows: number }> {
  const auth = { Authorization: 'Basic ' + Buffer.from(`${fakeSapUser}:${fakeSapPassword}`).toString('base64') };
  const client = async (fm: string) => {
    const c = await soap.createClientAsync(`${url}/sap/bc/soap/wsdl11?services=${fm}&sap-client=100`, { wsdl_headers: auth });
    c.setSecurity(new soap.BasicAuthSecurity(fakeSapUser, fakeSapPassword));
    c.setEndpoint(`${url}/sap/bc/soap/rfc?sap-client=100`);
    return c as unknown as Record<string, (args: unknown) => Promise<[Record<string, unknown>]>>;
  };
  const list = await client('BAPI_CUSTOMER_GETLIST');
  const [listed] = await list.BAPI_CUSTOMER_GETLISTAsync!({ MAXROWS: 0, CPDONLY: '', IDRANGE: { item: [{ SIGN: 'I', OPTION: 'CP', LOW: '*', HIGH: '' }] }, ADDRESSDATA: '', SPECIALDATA: '' });
  const items = (listed.ADDRESSDATA as { item: Array<{ CUSTOMER: string }> }).item;
  const customers = items.map((r) => r.CUSTOMER).sort();
  const open = await client('BAPI_AR_ACC_GETOPENITEMS');
  let rows = 0;
  let next = 0;
  const worker = async () => {
    while (next < customers.length) {
      const customer = customers[next++]!;
      const [result] = await open.BAPI_AR_ACC_GETOPENITEMSAsync!({ COMPANYCODE: '1000', CUSTOMER: customer, KEYDATE: '2026-03-31', NOTEDITEMS: '', LINEITEMS: '' });
      const lineItems = (result.LINEITEMS as { item?: unknown } | '') || { item: [] };
      const item = (lineItems as { item?: unknown }).item;
      rows += Array.isArray(item) ? item.length : item ? 1 : 0;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { rows };
}

process.on('message', (message: SapPullRunRequest) => {
  if (message.type !== 'run') return;
  void (async () => {
    const sampler = new RssSampler();
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const liveHeapMb: number[] = [];
    const gc = (globalThis as { gc?: () => void }).gc;
    const liveHeap = () => {
      gc!();
      liveHeapMb.push(Math.round(process.memoryUsage().heapUsed / 2 ** 20));
    };
    const { rows } =
      message.mode === 'raw' ? await rawPull(message.url, message.concurrency) : await connectorPull(message.url, message.concurrency, message.stream ?? 'receivables', message.mode === 'heap' ? (pages) => pages % 10 === 0 && liveHeap() : undefined);
    if (message.mode === 'heap') liveHeap();
    const ms = performance.now() - started;
    const cpu = process.cpuUsage(cpuStart);
    sampler.stop();
    const result: SapPullRunResult = { type: 'result', rows, ms, cpuMs: (cpu.user + cpu.system) / 1000, peakRssKb: process.resourceUsage().maxRSS, rssStart: sampler.start, ...(message.mode === 'heap' ? { liveHeapMb } : {}) };
    process.send!(result, () => process.exit(0));
  })();
});
