import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ConfigError } from '../errors';
import { migrations } from './migrations';
import { openStore } from './open-store';

/** The server these tests use; a fresh database is created on it and dropped afterwards. */
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function databaseUrlFor(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
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

describe('openStore on PostgreSQL', () => {
  const database = `arbridge_test_${randomBytes(6).toString('hex')}`;

  beforeAll(() => admin(`CREATE DATABASE ${database}`));
  afterAll(() => admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));

  test('several processes migrating one fresh database at once apply each step exactly once', async () => {
    const stores = await Promise.all([1, 2, 3, 4].map(() => openStore({ databaseUrl: databaseUrlFor(database) })));
    try {
      expect(stores.map((s) => s.backend)).toEqual(['postgres', 'postgres', 'postgres', 'postgres']);
      const client = new Client({ connectionString: databaseUrlFor(database) });
      await client.connect();
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      await client.end();
      expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version));
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  test('an unreachable server is a ConfigError that names it without the password', async () => {
    const attempt = openStore({ databaseUrl: 'postgres://arbridge:Sup3rSecretPw@127.0.0.1:1/arbridge' });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    const error = (await attempt.catch((e: unknown) => e)) as ConfigError;
    expect(error.reason).toBe('database_unreachable');
    expect(error.message).toContain('postgres://arbridge:***@127.0.0.1:1/arbridge');
    expect(error.message).not.toContain('Sup3rSecretPw');
    expect(JSON.stringify(error)).not.toContain('Sup3rSecretPw');
  });

  test('a database that does not exist is a ConfigError saying so', async () => {
    const url = new URL(databaseUrlFor(`${database}_missing`));
    url.password = 'Sup3rSecretPw';
    const error = (await openStore({ databaseUrl: url.toString() }).catch((e: unknown) => e)) as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.reason).toBe('database_not_found');
    expect(error.message).toContain(`${database}_missing`);
    expect(error.message).not.toContain('Sup3rSecretPw');
  });
});
