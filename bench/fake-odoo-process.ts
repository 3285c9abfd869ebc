import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { FakeClock } from '../core/time/clock';
import { generateCompany } from '../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo, type FakeOdoo } from '../connectors/odoo/fake-server/fake-odoo-server';
import { receivableScope } from '../connectors/odoo/streams/receivables';
import type { FakeOdooCommand, FakeOdooReady, FakeOdooRequests, FakeOdooStart } from './odoo-pull-messages';

/**
 * The fake Odoo of the bench, in a process of its own (forked by odoo-pull.ts): its in-memory
 * database (about 1 GB at 200k lines) must not count in the puller's RSS. Serves until told to stop
 * or until the bench goes away.
 */
const version = 17;

async function serve(start: FakeOdooStart): Promise<FakeOdoo> {
  const began = Date.now();
  const company = generateCompany({ seed: start.seed, asOf: start.asOf, customers: start.customers, invoices: start.invoices, version });
  const generateMs = Date.now() - began;
  const clock = new FakeClock(`${start.asOf}T17:00:00Z`);
  const odoo = await startFakeOdoo({ version, clock, company });
  const env = odoo.orm.env(odoo.uid, {});
  const streamRows = odoo.orm.searchCount('account.move.line', env, receivableScope(null), null);
  // Warm the fake's search cache with the stream's id search, as the connector sends it: otherwise
  // whichever run comes first pays for the one full scan and sort and the comparison is skewed.
  odoo.orm.search('account.move.line', env, receivableScope(null), 0, null, 'write_date asc, id asc');
  odoo.orm.search('account.move', env, [], 0, 1, 'write_date desc, id desc');
  const ready: FakeOdooReady = {
    type: 'ready',
    endpoint: { url: odoo.url, db: odoo.db, login: odoo.login, apiKey: odoo.apiKey, version },
    stats: company.stats,
    streamRows,
    generateMs,
    rssBytes: process.memoryUsage.rss(),
  };
  process.send?.(ready);
  return odoo;
}

let odoo: FakeOdoo | null = null;
let loop: EventLoopUtilization = performance.eventLoopUtilization();
process.on('message', (message: FakeOdooStart | FakeOdooCommand) => {
  if (message.type === 'start') {
    serve(message).then(
      (started) => (odoo = started),
      (error: unknown) => {
        process.stderr.write(`fake odoo failed to start: ${error instanceof Error ? error.stack : String(error)}\n`);
        process.exit(1);
      },
    );
  } else if (message.type === 'requests' && odoo) {
    const log = odoo.requestLog;
    const used = performance.eventLoopUtilization(loop);
    loop = performance.eventLoopUtilization();
    const answer: FakeOdooRequests = {
      type: 'requests',
      count: log.length,
      failed: log.filter((r) => r.transport !== 'web' && (r.status !== 200 || r.error)).length,
      busySeconds: used.active / 1000,
    };
    odoo.clearRequestLog();
    process.send?.(answer);
  } else if (message.type === 'stop') {
    void (odoo?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  }
});
// The bench died or finished without saying stop: do not linger.
process.on('disconnect', () => process.exit(0));
