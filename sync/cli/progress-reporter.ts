/** Reports progress of long work: a redrawn bar on a terminal, plain lines otherwise (logs, CI, pipes). */
export interface ProgressReporter {
  /** `done` of `total` units (total null when unknown), with what is being worked on. */
  update(done: number, total: number | null, label: string): void;
  /** Ends the bar (a terminal gets its line back). */
  finish(): void;
}

/** Where progress goes and whether it is a terminal. */
export interface ProgressTarget {
  write(chunk: string): unknown;
  /** True on an interactive terminal: the bar is redrawn in place. */
  isTTY?: boolean;
}

/** Width of the bar in characters. */
const barWidth = 24;

/**
 * A progress reporter for `target`. On a terminal one line is redrawn in place; elsewhere a line is
 * written per update, so a log collector sees each step and nothing is garbled by carriage returns.
 */
export function createProgressReporter(target: ProgressTarget, what: string): ProgressReporter {
  let drawn = false;
  if (target.isTTY) {
    return {
      update(done, total, label) {
        const bar =
          total !== null && total > 0
            ? `[${'#'.repeat(Math.round((Math.min(done, total) / total) * barWidth)).padEnd(barWidth, '-')}] ${done}/${total}`
            : `${done}`;
        target.write(`\r\u001b[2K${what} ${bar} ${label}`);
        drawn = true;
      },
      finish() {
        if (drawn) target.write('\n');
        drawn = false;
      },
    };
  }
  return {
    update(done, total, label) {
      target.write(`${what}: ${total === null ? done : `${done}/${total}`} ${label}\n`);
    },
    finish() {},
  };
}
