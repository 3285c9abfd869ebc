import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createDataDirectory } from './pglite-data-directory';
import type { SqlRow } from './sql-client';

/** A statement for the thread, or the request to close the database. */
type ThreadRequest = { id: number; kind: 'query'; sql: string; params: unknown[] } | { id: number; kind: 'close' };

/** The thread's answer to one request, or its start-up outcome. */
type ThreadMessage =
  | { kind: 'ready' }
  | { kind: 'failed'; error: ThreadError }
  | { kind: 'answer'; id: number; rows: SqlRow[] }
  | { kind: 'error'; id: number; error: ThreadError };

/** A PostgreSQL error as it crosses the thread boundary (an Error's own fields do not survive cloning). */
interface ThreadError {
  message: string;
  fields: Record<string, unknown>;
}

/**
 * The thread's code: plain CommonJS, so it runs the same under the compiled CLI and under the tests'
 * TypeScript transform. PGlite is required by absolute path (resolved by the caller), so the thread
 * finds it whatever the working directory.
 *
 * A statement text sent a second time becomes a named prepared statement: PGlite's query() parses and
 * plans every statement anew, which for a page's upsert (one statement of data-modifying CTEs) cost 3 to
 * 5 ms a page (preparing it took a quarter off the pull's CPU in bench/odoo-pull and sage-pull). Requests run one after another, in order (a prepared statement's
 * bind, execute and sync must not interleave with another request's messages).
 */
const threadSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite, protocol, parse } = require(workerData.pglitePath);
const wire = protocol.serialize;
const errorFields = ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'schema', 'severity', 'position', 'where', 'routine'];
const toThreadError = (e) => ({
  message: String((e && e.message) || e),
  fields: Object.fromEntries(errorFields.filter((k) => e && e[k] !== undefined).map((k) => [k, e[k]])),
});
const maxPrepared = 200;
const seen = new Map(); // statement text -> prepared statement, or the number of times it was sent
let preparedCount = 0;
PGlite.create({ dataDir: workerData.dataDir, startParams: [...PGlite.defaultStartParams, ...workerData.settings] }).then(
  (db) => {
    const send = async (message, into) => into.push(...(await db.execProtocol(message, { syncToFs: false })).messages);
    const exchange = async (messages) => {
      const answers = [];
      try {
        for (const message of messages) await send(message, answers);
      } finally {
        await send(wire.sync(), answers);
      }
      return answers;
    };
    const prepare = async (sql) => {
      const name = 'arbridge_' + preparedCount++;
      const types = parse.parseDescribeStatementResults(await exchange([wire.parse({ name, text: sql }), wire.describe({ type: 'S', name })]));
      return { name, types };
    };
    // The Bind message of a prepared statement is written here, into one buffer kept from page to page
    // (PGlite takes the message synchronously). PGlite's own writer counts each text parameter's UTF-8
    // length in JavaScript, a character at a time and twice (~9 ms for a page of 1,000 receivables, 6 %
    // of this thread's time), and copies a page's parameters through four new buffers of its size, which
    // glibc then keeps in this thread's arena. A jsonb parameter goes in binary form: a version byte, 1,
    // then its UTF-8 text; the others as text, as PGlite's serializers write them.
    const jsonbType = 3802;
    let bindBuffer = Buffer.alloc(64 * 1024);
    const bindMessage = (statement, params) => {
      const values = params.map((v, i) => {
        if (v == null) return null;
        if (statement.types[i] === jsonbType && typeof v === 'string') return { binary: true, text: v };
        const text = (db.serializers[statement.types[i]] || String)(v);
        return typeof text === 'string' ? { binary: false, text } : { binary: true, bytes: text };
      });
      // Each value's byte length, measured once (a page of records is ~0.5-1 MB of text).
      const sizes = values.map((v) => (v === null ? 0 : v.bytes ? v.bytes.byteLength : Buffer.byteLength(v.text) + (v.binary ? 1 : 0)));
      const name = Buffer.from(statement.name + '\0');
      const length = 4 + 1 + name.length + 2 + 2 * values.length + 2 + sizes.reduce((n, size) => n + 4 + size, 0) + 2;
      if (bindBuffer.length < length + 1) bindBuffer = Buffer.alloc(Math.max(length + 1, 2 * bindBuffer.length));
      const b = bindBuffer;
      let at = 0;
      b[at++] = 0x42; // 'B'
      at = b.writeInt32BE(length, at);
      b[at++] = 0; // the unnamed portal
      at += name.copy(b, at);
      at = b.writeInt16BE(values.length, at);
      for (const v of values) at = b.writeInt16BE(v !== null && v.binary ? 1 : 0, at);
      at = b.writeInt16BE(values.length, at);
      values.forEach((v, i) => {
        if (v === null) {
          at = b.writeInt32BE(-1, at);
          return;
        }
        at = b.writeInt32BE(sizes[i], at);
        if (v.bytes) at += Buffer.from(v.bytes.buffer, v.bytes.byteOffset, v.bytes.byteLength).copy(b, at);
        else {
          if (v.binary) b[at++] = 1;
          at += b.write(v.text, at);
        }
      });
      at = b.writeInt16BE(0, at); // results as text
      return b.subarray(0, at);
    };
    const runPrepared = async (statement, params) => {
      const answers = await exchange([bindMessage(statement, params), wire.describe({ type: 'P' }), wire.execute({})]);
      await db.syncToFs();
      const [result] = parse.parseResults(answers, db.parsers);
      return result ? result.rows : [];
    };
    const run = async (sql, params) => {
      const known = seen.get(sql);
      if (typeof known === 'object') return runPrepared(known, params);
      const rows = (await db.query(sql, params)).rows;
      // Prepared when it comes a second time and succeeds. The statement has run by then: a statement
      // that cannot be prepared runs unprepared from then on, and its rows are still answered.
      if (known === 1) seen.set(sql, await prepare(sql).catch(() => 'unprepared'));
      else if (known === undefined && seen.size < maxPrepared) seen.set(sql, 1);
      return rows;
    };
    let previous = Promise.resolve();
    parentPort.on('message', (request) => {
      const work = previous.then(() => (request.kind === 'close' ? db.close().then(() => []) : run(request.sql, request.params)));
      previous = work.catch(() => undefined);
      work.then(
        (rows) => parentPort.postMessage({ kind: 'answer', id: request.id, rows }),
        (e) => parentPort.postMessage({ kind: 'error', id: request.id, error: toThreadError(e) }),
      );
    });
    parentPort.postMessage({ kind: 'ready' });
  },
  (e) => parentPort.postMessage({ kind: 'failed', error: toThreadError(e) }),
);
`;

/**
 * PostgreSQL settings of the embedded store. PGlite's default buffer cache (128 MB) is touched in full
 * when it starts, and stays resident; 32 MB holds a page's indexes and the hot part of the record
 * tables, and the operating system's file cache holds the rest (measured: about 100 MB less resident,
 * no measurable change in the pull's rate).
 */
const settings = ['-c', 'shared_buffers=32MB'];

function toError(error: ThreadError): Error {
  return Object.assign(new Error(error.message), error.fields);
}

/**
 * PGlite (PostgreSQL in WebAssembly) on a thread of its own. On the caller's thread, PGlite's work
 * would run in turn with everything else (HTTP parsing, mapping, validation); on its own thread it
 * runs alongside, on another core, as a PostgreSQL server does. Statements go to PGlite in the order
 * they are sent, and PGlite runs them one at a time.
 */
export class PgliteThread {
  private readonly pending = new Map<number, { resolve: (rows: SqlRow[]) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private exitError: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (message: ThreadMessage) => {
      if (message.kind !== 'answer' && message.kind !== 'error') return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      // An idle thread must not keep the process alive (a store left open at exit); a busy one must.
      if (this.pending.size === 0) worker.unref();
      if (message.kind === 'answer') waiter.resolve(message.rows);
      else waiter.reject(toError(message.error));
    });
    const failAll = (error: Error): void => {
      this.exitError = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the embedded database thread stopped (exit code ${code})`)));
  }

  /**
   * Starts the thread and opens the data directory in it; rejects with PGlite's own error when it cannot.
   * A directory that holds no database yet gets one first (pglite-data-directory.ts), never in this process.
   */
  static async open(dataDir: string): Promise<PgliteThread> {
    const pglitePath = require.resolve('@electric-sql/pglite');
    if (!existsSync(join(dataDir, 'PG_VERSION'))) await createDataDirectory(pglitePath, dataDir);
    // The thread's JavaScript only passes statements and rows along: a small young generation is collected
    // often and cheaply, where V8's default lets ~30-40 MB of short-lived garbage build up first.
    const resourceLimits = { maxYoungGenerationSizeMb: 8 };
    const worker = new Worker(threadSource, { eval: true, workerData: { dataDir, settings, pglitePath }, resourceLimits });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: ThreadMessage): void => {
        if (message.kind === 'ready') done(null);
        else if (message.kind === 'failed') done(toError(message.error));
      };
      const onError = (error: Error): void => done(error);
      const onExit = (code: number): void => done(new Error(`the embedded database thread stopped while opening (exit code ${code})`));
      const done = (error: Error | null): void => {
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (error) {
          void worker.terminate();
          reject(error);
        } else resolve();
      };
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    });
    worker.unref();
    return new PgliteThread(worker);
  }

  /** Sends one statement; its rows come back as PGlite parsed them (dates as Date, int8 as number). */
  query<R extends SqlRow>(sql: string, params: readonly unknown[]): Promise<R[]> {
    return this.send({ kind: 'query', sql, params: [...params] }) as Promise<R[]>;
  }

  /** Closes the database (a clean shutdown of its data directory), then the thread. */
  async close(): Promise<void> {
    if (this.exitError) return;
    try {
      await this.send({ kind: 'close' });
    } finally {
      await this.worker.terminate();
    }
  }

  private send(request: { kind: 'query'; sql: string; params: unknown[] } | { kind: 'close' }): Promise<SqlRow[]> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.nextId++;
    return new Promise<SqlRow[]>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } satisfies ThreadRequest);
    });
  }
}
