import type { AnyConnectorDefinition, ConnectorInstance, Page } from '../connectors/contract';
import { getConnector } from '../connectors/registry';

/**
 * An experiment, not the product: pages pulled one ahead, so that the next page's HTTP calls and
 * mapping run while the pipeline validates and stores the current one. Pages still reach the store in
 * order, each with its own cursor. Used by the bench's `readahead` runs to measure what overlapping
 * fetch and store would gain.
 */
export async function* readAhead<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  let next = iterator.next();
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = iterator.next();
    // Keep a rejection of the prefetch from going unhandled while the consumer is busy; it is re-thrown on the next await.
    next.catch(() => undefined);
    yield current.value;
  }
}

/** The registry's connector with its pull wrapped in readAhead. */
export function readAheadConnector(type: string): AnyConnectorDefinition {
  const definition = getConnector(type);
  return {
    ...definition,
    create: (config, context) => {
      const instance = definition.create(config, context) as ConnectorInstance<unknown>;
      return {
        pull: (stream, cursor) => readAhead<Page<unknown>>(instance.pull(stream, cursor)),
        testConnection: () => instance.testConnection(),
        close: () => instance.close(),
      };
    },
  };
}
