import type { Store } from '../core/store/store';

/**
 * Collects garbage and lets freed buffers go back to the system before a starting RSS is noted (node
 * run with --expose-gc). PGlite's start leaves ~350 MB of loading garbage (ArrayBuffers of its bundle)
 * that only a second major GC, a moment later, returns: counted from before that, growth would hide
 * up to that much.
 */
export async function settleMemory(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let round = 0; round < 3; round++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Adds the wall time spent in savePage (a page with its cursor, one statement) to `add`: store time against the rest of a pull. */
export function timeSavePage(store: Store, add: (ms: number) => void): void {
  const savePage = store.savePage.bind(store);
  store.savePage = async (page) => {
    const began = performance.now();
    try {
      return await savePage(page);
    } finally {
      add(performance.now() - began);
    }
  };
}
