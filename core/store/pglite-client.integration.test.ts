import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteClient } from './pglite-client';

jest.setTimeout(60_000);

describe('the embedded PostgreSQL (PGlite on its own thread)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'arbridge-pglite-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives clients of one directory, opened at once, one database, open until the last one closes', async () => {
    const [a, b, c] = await Promise.all([openPgliteClient(dir), openPgliteClient(dir), openPgliteClient(dir)]);
    await a.query('CREATE TABLE note (id int PRIMARY KEY, body text)');
    await b.query('INSERT INTO note VALUES ($1, $2)', [1, 'from b']);
    expect(await c.query('SELECT body FROM note')).toEqual([{ body: 'from b' }]);
    await a.close();
    await b.close();
    expect(await c.query('SELECT count(*)::int AS n FROM note')).toEqual([{ n: 1 }]);
    await c.close();
    const reopened = await openPgliteClient(dir);
    expect(await reopened.query('SELECT body FROM note')).toEqual([{ body: 'from b' }]);
    await reopened.close();
  });

  it('opens a directory again while its last client is still closing it, after the close', async () => {
    const first = await openPgliteClient(dir);
    await first.query('CREATE TABLE run (n int)');
    await first.query('INSERT INTO run VALUES (1)');
    const closing = first.close();
    const second = await openPgliteClient(dir);
    await closing;
    expect(await second.query('SELECT n FROM run')).toEqual([{ n: 1 }]);
    await second.close();
  });

  it('keeps a statement outside a transaction out of it, and rolls the transaction back when it throws', async () => {
    const client = await openPgliteClient(dir);
    await client.query('CREATE TABLE step (n int)');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const failing = client.transaction(async (tx) => {
      await tx.query('INSERT INTO step VALUES (1)');
      await held;
      throw new Error('write-back refused');
    });
    // Sent while the transaction is open: it must neither join it nor see its row.
    const outside = client.query('INSERT INTO step VALUES (2)');
    release();
    await expect(failing).rejects.toThrow('write-back refused');
    await outside;
    expect(await client.query('SELECT n FROM step ORDER BY n')).toEqual([{ n: 2 }]);
    await client.close();
  });

  it('reports PostgreSQL errors with their SQLSTATE code', async () => {
    const client = await openPgliteClient(dir);
    await expect(client.query('SELECT * FROM missing_table')).rejects.toMatchObject({ code: '42P01', message: expect.stringContaining('missing_table') });
    await client.close();
  });

  it('runs a statement sent again as a prepared one: same rows and types, errors with their code, and the session goes on', async () => {
    const client = await openPgliteClient(dir);
    await client.query('CREATE TABLE entry (id int PRIMARY KEY, body jsonb, at timestamptz, big bigint)');
    const insert = 'INSERT INTO entry VALUES ($1, $2::jsonb, $3::timestamptz, $4) RETURNING id, body, at, big';
    // Text of 1- to 4-byte UTF-8 characters and JSON escapes: a prepared statement sends jsonb in binary form.
    const text = 'l\'été à 10 € 😀 "quoted" \\ back';
    const sent = [1, 2, 3].map((id) => [id, JSON.stringify({ n: id, s: text }), '2026-03-31T16:00:00.000Z', 9_007_199_254_740_991]);
    const answers = [];
    for (const params of sent) answers.push(await client.query(insert, params));
    // The first answer came through PGlite's own query(), the third through the prepared statement.
    expect(answers[2]).toEqual([{ id: 3, body: { n: 3, s: text }, at: new Date('2026-03-31T16:00:00.000Z'), big: 9_007_199_254_740_991 }]);
    expect(answers[0]).toEqual([{ ...answers[2]![0], id: 1, body: { n: 1, s: text } }]);
    await expect(client.query(insert, sent[0]!)).rejects.toMatchObject({ code: '23505' });
    await client.transaction(async (tx) => {
      await tx.query(insert, [4, '{}', '2026-04-01T00:00:00Z', 0]);
      await expect(tx.query('SELECT count(*)::int AS n FROM entry')).resolves.toEqual([{ n: 4 }]);
    });
    await expect(client.transaction((tx) => tx.query(insert, [4, '{}', '2026-04-01T00:00:00Z', 0]))).rejects.toMatchObject({ code: '23505' });
    expect(await client.query('SELECT count(*)::int AS n FROM entry')).toEqual([{ n: 4 }]);
    // NULLs through the prepared statement's own Bind message.
    expect(await client.query(insert, [5, null, null, null])).toEqual([{ id: 5, body: null, at: null, big: null }]);
    await client.close();
  });
});

describe('a new data directory', () => {
  const cache = mkdtempSync(join(tmpdir(), 'arbridge-pglite-cache-'));
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'arbridge-pglite-new-')));
  const before = process.env.ARBRIDGE_CACHE_DIR;
  beforeAll(() => (process.env.ARBRIDGE_CACHE_DIR = cache));
  afterAll(() => {
    if (before === undefined) delete process.env.ARBRIDGE_CACHE_DIR;
    else process.env.ARBRIDGE_CACHE_DIR = before;
    for (const d of [cache, ...dirs]) rmSync(d, { recursive: true, force: true });
  });

  it('is a copy of one template made once per PGlite version, and each copy is a database of its own', async () => {
    const first = await openPgliteClient(dirs[0]!);
    const templates = readdirSync(cache);
    expect(templates).toEqual([expect.stringMatching(/^pglite-\d+\.\d+\.\d+/)]);
    expect(existsSync(join(cache, templates[0]!, 'PG_VERSION'))).toBe(true);
    await first.query('CREATE TABLE only_in_first (n int)');
    await first.close();

    const second = await openPgliteClient(dirs[1]!);
    expect(readdirSync(cache)).toEqual(templates); // no second template, no staging left behind
    expect(await second.query(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'only_in_first'`)).toEqual([{ n: 0 }]);
    await second.close();
    // The template itself was never opened: still no table in it.
    const template = await openPgliteClient(join(cache, templates[0]!));
    expect(await template.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)).toEqual([{ n: 0 }]);
    await template.close();
  });
});
