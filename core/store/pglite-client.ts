import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PgliteThread } from './pglite-thread';
import type { SqlClient, SqlExecutor, SqlRow } from './sql-client';

/** One open data directory: its PGlite thread, the clients sharing it, and its transaction queue. */
interface PgliteSession {
  thread: PgliteThread;
  clients: number;
  /** Settles when every transaction begun so far has ended. */
  transactionsEnded: Promise<void>;
}

// Two PGlite instances on one directory would write the same files: the clients of one process that
// open the same directory share one instance (and its one session) instead.
const sessions = new Map<string, Promise<PgliteSession>>();
// A directory whose last client is closing it: a new client waits for the close before opening it again.
const closings = new Map<string, Promise<void>>();

async function joinSession(dir: string): Promise<PgliteSession> {
  for (let closing = closings.get(dir); closing; closing = closings.get(dir)) await closing.catch(() => undefined);
  let opening = sessions.get(dir);
  if (!opening) {
    opening = PgliteThread.open(dir).then((thread) => ({ thread, clients: 0, transactionsEnded: Promise.resolve() }));
    sessions.set(dir, opening);
    opening.catch(() => sessions.delete(dir));
  }
  const session = await opening;
  session.clients += 1;
  return session;
}

/**
 * The embedded backend: PostgreSQL compiled to WebAssembly, persisted in a data directory. Nothing to
 * install or start. One process at a time may open a directory. PGlite runs on a thread of its own
 * (pglite-thread.ts), so the store works on another core while the pipeline fetches and validates.
 *
 * PGlite has one session: a statement sent while a transaction is open would run inside it. So a
 * statement outside a transaction waits for the transactions begun before it, and transactions run
 * one after another.
 */
export async function openPgliteClient(dataDir: string): Promise<SqlClient> {
  const dir = resolve(dataDir);
  await mkdir(dir, { recursive: true });
  const session = await joinSession(dir);
  const { thread } = session;
  const inTransaction: SqlExecutor = {
    query: <R extends SqlRow>(sql: string, params: readonly unknown[] = []) => thread.query<R>(sql, params),
  };
  let closed = false;
  return {
    backend: 'pglite',
    async query<R extends SqlRow>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
      await session.transactionsEnded;
      return thread.query<R>(sql, params);
    },
    // `fn` must use `tx` only: the client's own query waits for this transaction to end.
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const before = session.transactionsEnded;
      let end!: () => void;
      session.transactionsEnded = new Promise<void>((resolveEnd) => (end = resolveEnd));
      await before;
      try {
        await thread.query('BEGIN', []);
        try {
          const result = await fn(inTransaction);
          await thread.query('COMMIT', []);
          return result;
        } catch (error) {
          await thread.query('ROLLBACK', []).catch(() => undefined);
          throw error;
        }
      } finally {
        end();
      }
    },
    close: async () => {
      if (closed) return;
      closed = true;
      session.clients -= 1;
      if (session.clients > 0) return;
      sessions.delete(dir);
      const closing = session.transactionsEnded.then(() => thread.close());
      closings.set(dir, closing);
      try {
        await closing;
      } finally {
        if (closings.get(dir) === closing) closings.delete(dir);
      }
    },
  };
}
