/** The source of "now". Injected everywhere so that no behaviour depends on the machine's date. */
export interface Clock {
  now(): Date;
}

/** The real clock, for production only. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests and the demo: starts at a given instant and moves only when told. */
export class FakeClock implements Clock {
  private current: number;
  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
    if (Number.isNaN(this.current)) throw new RangeError(`invalid start instant: ${String(start)}`);
  }
  now(): Date {
    return new Date(this.current);
  }
  /** Moves the clock forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.current += ms;
  }
  set(instant: Date | string): void {
    this.current = new Date(instant).getTime();
  }
}
