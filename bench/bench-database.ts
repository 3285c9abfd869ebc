import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The admin connection the bench creates its databases through; BENCH_DATABASE_URL overrides it. */
export const defaultAdminUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh PostgreSQL database for one run, so that no run sees another's rows. */
export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `arbridge_bench_<random>` through the admin connection; drop() removes it (FORCE: a crashed run may hold a session). */
export async function createBenchDatabase(adminUrl: string): Promise<BenchDatabase> {
  const name = `arbridge_bench_${randomBytes(4).toString('hex')}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
