/** The parts of a node-odbc connection the executor uses. */
export interface OdbcConnectionLike {
  query(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>> & { columns?: ReadonlyArray<{ name: string }> }>;
  close(): Promise<void>;
}

interface Waiter {
  resolve(connection: OdbcConnectionLike): void;
  reject(error: unknown): void;
}

/**
 * At most `size` ODBC connections, opened on first need and lent one query at a time. A node-odbc
 * connection runs one statement at a time, so a page's lookups and the next page's read need a
 * connection each to overlap. node-odbc's own pool opens its initial connections eagerly and does not
 * report a failed open to the caller that needed it; this one does both.
 */
export class OdbcConnectionPool {
  readonly #idle: OdbcConnectionLike[] = [];
  readonly #waiting: Waiter[] = [];
  /** Connections open or being opened. */
  #opened = 0;
  #closed = false;

  constructor(
    private readonly open: () => Promise<OdbcConnectionLike>,
    private readonly size: number,
  ) {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`bad pool size ${size}`);
  }

  /**
   * Runs `work` on a connection of its own, waiting for one to be free. A connection whose work failed is
   * closed rather than lent again: after a network error it may be dead, and the retry needs a new one.
   */
  async use<T>(work: (connection: OdbcConnectionLike) => Promise<T>): Promise<T> {
    const connection = await this.#acquire();
    let result: T;
    try {
      result = await work(connection);
    } catch (error) {
      void this.#closeOne(connection);
      this.#openForWaiter();
      throw error;
    }
    this.#release(connection);
    return result;
  }

  /** Closes the idle connections now and the busy ones when their query ends. */
  async close(): Promise<void> {
    this.#closed = true;
    const idle = this.#idle.splice(0);
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new Error('the ODBC connections were closed'));
    await Promise.all(idle.map((c) => this.#closeOne(c)));
  }

  #acquire(): Promise<OdbcConnectionLike> {
    if (this.#closed) return Promise.reject(new Error('the ODBC connections were closed'));
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.#opened >= this.size) return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
    this.#opened++;
    return this.open().catch((error: unknown) => {
      this.#opened--;
      this.#openForWaiter();
      throw error;
    });
  }

  /** A connection was lost (failed to open, or closed after a failure): a query waiting for one opens its own. */
  #openForWaiter(): void {
    const waiter = this.#waiting.shift();
    if (waiter) this.#acquire().then(waiter.resolve, waiter.reject);
  }

  #release(connection: OdbcConnectionLike): void {
    if (this.#closed) {
      void this.#closeOne(connection);
      return;
    }
    const waiter = this.#waiting.shift();
    if (waiter) waiter.resolve(connection);
    else this.#idle.push(connection);
  }

  async #closeOne(connection: OdbcConnectionLike): Promise<void> {
    this.#opened--;
    await connection.close().catch(() => undefined);
  }
}
