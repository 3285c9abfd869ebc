import { readAhead } from './read-ahead';

/** A connector-like page source that logs when each page is asked for and when it is closed. */
function pageSource(count: number, events: string[], failAt?: number): AsyncIterable<number> {
  return {
    async *[Symbol.asyncIterator]() {
      try {
        for (let page = 1; page <= count; page += 1) {
          events.push(`fetch ${page}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (page === failAt) throw new Error(`ERP refused page ${page}`);
          yield page;
        }
      } finally {
        events.push('closed');
      }
    },
  };
}

async function storeSlowly(page: number, events: string[]): Promise<void> {
  events.push(`store ${page} begins`);
  await new Promise((resolve) => setTimeout(resolve, 20));
  events.push(`store ${page} ends`);
}

describe('readAhead', () => {
  it('fetches the next page while the current one is stored, in order, never two pages ahead', async () => {
    const events: string[] = [];
    const stored: number[] = [];
    for await (const page of readAhead(pageSource(3, events))) {
      await storeSlowly(page, events);
      stored.push(page);
    }
    expect(stored).toEqual([1, 2, 3]);
    // Page 2 is asked for before page 1's store ends; page 3 only once page 1 is stored.
    expect(events.indexOf('fetch 2')).toBeLessThan(events.indexOf('store 1 ends'));
    expect(events.indexOf('fetch 3')).toBeGreaterThan(events.indexOf('store 1 ends'));
    expect(events.at(-1)).toBe('store 3 ends');
  });

  it('stores the pages before a failed fetch, then reports the failure', async () => {
    const events: string[] = [];
    const stored: number[] = [];
    await expect(
      (async () => {
        for await (const page of readAhead(pageSource(3, events, 2))) {
          await storeSlowly(page, events);
          stored.push(page);
        }
      })(),
    ).rejects.toThrow('ERP refused page 2');
    expect(stored).toEqual([1]);
  });

  it('closes the source, after the fetch in flight, when the consumer stops early', async () => {
    const events: string[] = [];
    for await (const page of readAhead(pageSource(5, events))) {
      await storeSlowly(page, events);
      break;
    }
    expect(events).toEqual(['fetch 1', 'fetch 2', 'store 1 begins', 'store 1 ends', 'closed']);
  });
});
