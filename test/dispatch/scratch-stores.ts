import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openStore, type OpenStoreOptions } from '../../core/store/open-store';
import type { Store } from '../../core/store/store';

/** The server the PostgreSQL runs use; each scratch store is its own database, dropped after. */
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A way to get a fresh, empty store of one backend, and to reopen it as a restarted process would. */
export interface ScratchBackend {
  name: 'pglite' | 'postgres';
  /** Creates the scratch location; returns what openStore needs to reach it. */
  setUp(): Promise<OpenStoreOptions>;
  tearDown(): Promise<void>;
}

export function pgliteScratch(): ScratchBackend {
  let root = '';
  return {
    name: 'pglite',
    async setUp() {
      root = await mkdtemp(join(tmpdir(), 'arbridge-outbox-'));
      return { dataDir: join(root, 'data') };
    },
    async tearDown() {
      if (root) await rm(root, { recursive: true, force: true });
    },
  };
}

export function postgresScratch(): ScratchBackend {
  const name = `arbridge_test_${randomBytes(6).toString('hex')}`;
  return {
    name: 'postgres',
    async setUp() {
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return { databaseUrl: url.toString() };
    },
    async tearDown() {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Opens a migrated store at a scratch location. */
export function openScratchStore(options: OpenStoreOptions): Promise<Store> {
  return openStore(options);
}
