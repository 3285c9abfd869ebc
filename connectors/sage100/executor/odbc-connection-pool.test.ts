import { OdbcConnectionPool, type OdbcConnectionLike } from './odbc-connection-pool';

/** A connection whose queries end when the test says so. */
function fakeConnection(id: number, log: string[]): OdbcConnectionLike & { finish(): void } {
  const pending: Array<() => void> = [];
  return {
    query: (sql) =>
      new Promise((resolve) => {
        log.push(`${id}: ${sql}`);
        pending.push(() => resolve([{ id }]));
      }),
    close: async () => void log.push(`${id}: closed`),
    finish: () => pending.shift()?.(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A pool of `size` fake connections, numbered from 1 in the order they are opened. */
function fakePool(size: number): { pool: OdbcConnectionPool; log: string[]; connections: Array<ReturnType<typeof fakeConnection>> } {
  const log: string[] = [];
  const connections: Array<ReturnType<typeof fakeConnection>> = [];
  const pool = new OdbcConnectionPool(async () => {
    const c = fakeConnection(connections.length + 1, log);
    connections.push(c);
    return c;
  }, size);
  return { pool, log, connections };
}

describe('ODBC connections of a Sage source', () => {
  it('opens a connection per concurrent query up to its size, then queues on the first one freed', async () => {
    const { pool, log, connections } = fakePool(2);
    const a = pool.use((c) => c.query('entries'));
    const b = pool.use((c) => c.query('documents'));
    const c = pool.use((c) => c.query('collection cases'));
    await tick();
    expect(connections).toHaveLength(2);
    expect(log).toEqual(['1: entries', '2: documents']);

    connections[1]?.finish();
    await expect(b).resolves.toEqual([{ id: 2 }]);
    await tick();
    expect(log).toEqual(['1: entries', '2: documents', '2: collection cases']);
    connections[0]?.finish();
    connections[1]?.finish();
    await expect(a).resolves.toEqual([{ id: 1 }]);
    await expect(c).resolves.toEqual([{ id: 2 }]);
    expect(connections).toHaveLength(2);
  });

  it("reports a failed open to the query that needed it, and lets a waiting query open its own", async () => {
    const log: string[] = [];
    let opens = 0;
    const first = fakeConnection(1, log);
    const pool = new OdbcConnectionPool(async () => {
      opens += 1;
      if (opens === 2) throw new Error('login refused');
      return opens === 1 ? first : fakeConnection(opens, log);
    }, 2);
    const a = pool.use((c) => c.query('one'));
    const b = pool.use((c) => c.query('two'));
    const waiting = pool.use((c) => c.query('three'));
    await expect(b).rejects.toThrow('login refused');
    await tick();
    // The waiting query did not wait for the first connection: it opened the one that had failed.
    expect(log).toEqual(['1: one', '3: three']);
    first.finish();
    await expect(a).resolves.toEqual([{ id: 1 }]);
    await pool.close();
    expect(log).toContain('1: closed');
    void waiting.catch(() => undefined);
  });

  it('closes a connection whose query failed, and serves the next query on a new one', async () => {
    const { pool, log, connections } = fakePool(1);
    const failing = pool.use(async (c) => {
      await c.query('lost');
      throw new Error('connection reset');
    });
    const next = pool.use((c) => c.query('retried'));
    await tick();
    connections[0]?.finish();
    await expect(failing).rejects.toThrow('connection reset');
    await tick();
    expect(log).toEqual(['1: lost', '1: closed', '2: retried']);
    connections[1]?.finish();
    await expect(next).resolves.toEqual([{ id: 2 }]);
  });

  it('closes idle connections at once and busy ones when their query ends; later queries are refused', async () => {
    const { pool, log, connections } = fakePool(2);
    const idle = pool.use((c) => c.query('idle soon'));
    const busy = pool.use((c) => c.query('busy'));
    await tick();
    connections[0]?.finish();
    await idle;
    await pool.close();
    expect(log).toEqual(['1: idle soon', '2: busy', '1: closed']);
    connections[1]?.finish();
    await busy;
    await tick();
    expect(log).toContain('2: closed');
    await expect(pool.use((c) => c.query('late'))).rejects.toThrow('closed');
  });
});
