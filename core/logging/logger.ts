import winston from 'winston';
import { redactText, redactValue } from './secret-redaction';

/** The fields that tie a log line to its tenant and run. */
export interface LogContext {
  tenantId?: string;
  runId?: string;
  sourceId?: string;
  stream?: string;
  [key: string]: unknown;
}

export type Logger = winston.Logger;

const redactSecrets = winston.format((info) => {
  const safe = redactValue({ ...info }) as winston.Logform.TransformableInfo;
  for (const key of Object.keys(info)) delete (info as Record<string, unknown>)[key];
  Object.assign(info, safe);
  if (typeof info.message === 'string') info.message = redactText(info.message);
  return info;
});

export interface LoggerOptions {
  /** Minimum level written: error, warn, info, debug. */
  level?: string;
  /** `json` for machines (one object per line), `pretty` for a terminal. */
  format?: 'json' | 'pretty';
  /** Where lines go; defaults to stderr so that command output on stdout stays clean. */
  stream?: NodeJS.WritableStream;
}

/** Creates the root logger. Every line passes through secret redaction before any transport. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const format =
    options.format === 'pretty'
      ? winston.format.combine(
          redactSecrets(),
          winston.format.timestamp(),
          winston.format.printf(({ level, message, timestamp, tenantId, runId, ...rest }) => {
            const scope = [tenantId, runId].filter(Boolean).join(' ');
            const extra = Object.keys(rest).length ? ' ' + JSON.stringify(rest) : '';
            return `${String(timestamp)} ${level}${scope ? ` [${scope}]` : ''} ${String(message)}${extra}`;
          }),
        )
      : winston.format.combine(redactSecrets(), winston.format.timestamp(), winston.format.json());
  return winston.createLogger({
    level: options.level ?? 'info',
    format,
    transports: [new winston.transports.Stream({ stream: options.stream ?? process.stderr })],
  });
}

/** A child logger that stamps tenant, run and any other context on every line. */
export function withContext(logger: Logger, context: LogContext): Logger {
  return logger.child(context);
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}
