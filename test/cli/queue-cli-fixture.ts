import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../core/logging/logger';
import { openStore } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';
import { FakeClock } from '../../core/time/clock';
import { generateCompany } from '../../connectors/odoo/fake-server/demo-company';
import { startFakeOdoo, type FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';
import { openJobQueues, type JobQueues } from '../../sync/queue/job-queues';
import { postgresScratch } from '../dispatch/scratch-stores';
import { testBullPrefix, type TestBullPrefix } from '../sync/bull-prefix';

/** What a CLI test of the queue commands runs against: real PostgreSQL and Redis, a fake Odoo 17. */
export interface QueueCliFixture {
  databaseUrl: string;
  store: Store;
  odoo: FakeOdoo;
  /** A temporary directory for the test's config files, removed with the fixture. */
  root: string;
  bull: TestBullPrefix;
  /** The test's own queues on the fixture's prefix (it sets attempts and backoff, as whoever enqueues does). */
  queues: JobQueues;
  /** Closes and removes everything, and unsets the API key variable. */
  close(): Promise<void>;
}

/**
 * A scratch PostgreSQL database with a store on it, a fake Odoo 17 with the company of `seed` (its API
 * key in the environment variable `keyVariable`), a temporary directory and a bull prefix of its own.
 */
export async function openQueueCliFixture(options: {
  label: string;
  redisUrl: string;
  clockAt: string;
  keyVariable: string;
  seed: number;
  customers: number;
  invoices: number;
  attempts: number;
}): Promise<QueueCliFixture> {
  const scratch = postgresScratch();
  const databaseUrl = (await scratch.setUp()).databaseUrl as string;
  const store = await openStore({ databaseUrl });
  const company = generateCompany({ seed: options.seed, asOf: '2026-03-31', customers: options.customers, invoices: options.invoices, version: 17 });
  const odoo = await startFakeOdoo({ version: 17, clock: new FakeClock(options.clockAt), company });
  process.env[options.keyVariable] = odoo.apiKey;
  const root = mkdtempSync(join(tmpdir(), `arbridge-${options.label}-`));
  const bull = testBullPrefix(options.redisUrl, options.label);
  const queues = openJobQueues({ redisUrl: options.redisUrl, prefix: bull.prefix, logger: silentLogger(), attempts: options.attempts, backoffMs: 200 });
  return {
    databaseUrl,
    store,
    odoo,
    root,
    bull,
    queues,
    close: async () => {
      await queues.close();
      await bull.cleanUp();
      await store.close();
      await odoo.close();
      await scratch.tearDown();
      rmSync(root, { recursive: true, force: true });
      delete process.env[options.keyVariable];
    },
  };
}
