import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The PostgreSQL the integration tier runs against (trust auth, user postgres). */
export const adminUrl = process.env.ARBRIDGE_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A database created for one test file and dropped after it. */
export interface ScratchDatabase {
  name: string;
  url: string;
  /** A DSN-less ODBC connection string through psqlODBC (no odbc.ini needed), without credentials. */
  odbcConnectionString: string;
  drop(): Promise<void>;
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    odbcConnectionString: `Driver={PostgreSQL Unicode};Server=${url.hostname};Port=${url.port || '5432'};Database=${name};`,
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}
