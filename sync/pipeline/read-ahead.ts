/**
 * A connector's pages pulled one ahead: the next page's ERP calls and mapping run while the pipeline
 * validates and stores the current one, so a pull waits on the ERP and on the store at the same time
 * instead of in turn. Pages still reach the store in order, each with its own cursor, and at most two
 * pages are held at once, so memory stays bounded by the page size.
 *
 * When the consumer stops early (an abort, a failed store), the page being fetched is awaited and the
 * connector's iterator closed, so no ERP call is left running against a connection about to close.
 */
export async function* readAhead<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  let done = false;
  try {
    let next = iterator.next();
    for (;;) {
      const current = await next;
      if (current.done) {
        done = true;
        return;
      }
      next = iterator.next();
      // Keep a failure of the prefetch from going unhandled while the page before it is stored; it is
      // thrown at the next await, after that page has landed (as it would have been without read-ahead).
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    // A pending next() settles before return() runs (async generators queue their calls).
    if (!done) await iterator.return?.().catch(() => undefined);
  }
}
