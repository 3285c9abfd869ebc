import { createLogger, type Logger } from '../../core/logging/logger';
import { systemClock, type Clock } from '../../core/time/clock';

/** Options every command accepts. */
export interface GlobalOptions {
  /** Directory holding firm.yaml and tenants/*.yaml. */
  config: string;
  /** Embedded store directory, used when DATABASE_URL is not set. */
  dataDir: string;
  /** error | warn | info | debug */
  logLevel: string;
  /** json (for log collectors) or pretty (for a terminal). */
  logFormat: 'json' | 'pretty';
}

/** What a command needs from its surroundings; tests swap the output and the clock. */
export interface CliContext {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  logger: Logger;
  /** Aborted on SIGINT/SIGTERM so that syncs stop after the page being stored. */
  signal: AbortSignal;
}

/** Exit codes: 0 ok, 1 the run failed, 2 the configuration or a connection is wrong. */
export const exitCodes = { ok: 0, failed: 1, badConfig: 2 } as const;

export function createCliContext(options: GlobalOptions, overrides: Partial<CliContext> = {}): CliContext {
  const err = overrides.err ?? process.stderr;
  return {
    out: overrides.out ?? process.stdout,
    err,
    env: overrides.env ?? process.env,
    clock: overrides.clock ?? systemClock,
    logger: overrides.logger ?? createLogger({ level: options.logLevel, format: options.logFormat, stream: err }),
    signal: overrides.signal ?? new AbortController().signal,
  };
}

/** Writes lines to a stream. */
export function print(stream: NodeJS.WritableStream, ...lines: string[]): void {
  stream.write(lines.join('\n') + '\n');
}
