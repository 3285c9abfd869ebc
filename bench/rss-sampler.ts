/** The parts of process.memoryUsage() that tell where resident memory went (bytes). */
export interface MemoryBreakdown {
  rss: number;
  /** V8's JS heap in use. */
  heapUsed: number;
  /** Memory outside the JS heap held by JS objects: Buffers, ArrayBuffers, WebAssembly memories (their size, not what is resident). */
  external: number;
}

function breakdown(): MemoryBreakdown {
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}

/**
 * Samples the process's resident set on an interval and on demand. The interval alone would miss
 * peaks while the event loop is busy (PGlite runs its queries synchronously), so the pull also
 * samples at every page. At start and at each new peak it notes the breakdown, to tell JS heap from
 * native or WebAssembly memory.
 */
export class RssSampler {
  /** RSS when sampling began, bytes. */
  readonly start: number;
  readonly startUsage: MemoryBreakdown;
  /** Highest RSS sampled, bytes, and the breakdown when it was reached. */
  max: number;
  atMax: MemoryBreakdown;
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.startUsage = breakdown();
    this.atMax = this.startUsage;
    this.start = this.startUsage.rss;
    this.max = this.start;
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.max) {
      this.max = rss;
      this.atMax = breakdown();
    }
    return rss;
  }

  /** Stops sampling; returns the last RSS. */
  stop(): number {
    clearInterval(this.#timer);
    return this.sample();
  }

  /** The breakdown now (after stop(), the end of the measured work). */
  usage(): MemoryBreakdown {
    return breakdown();
  }
}
