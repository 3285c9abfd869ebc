/**
 * Samples the process's resident set on an interval and on demand. The interval alone would miss
 * peaks while the event loop is busy (PGlite runs its queries synchronously), so the pull also
 * samples at every page.
 */
export class RssSampler {
  readonly start: number;
  max: number;
  readonly #timer: NodeJS.Timeout;

  constructor(intervalMs = 50) {
    this.start = process.memoryUsage.rss();
    this.max = this.start;
    this.#timer = setInterval(() => this.sample(), intervalMs);
    this.#timer.unref();
  }

  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.max) this.max = rss;
    return rss;
  }

  stop(): number {
    clearInterval(this.#timer);
    return this.sample();
  }
}
