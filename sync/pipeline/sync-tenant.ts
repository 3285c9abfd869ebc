import { randomUUID } from 'node:crypto';
import { ArbridgeError, ConfigError } from '../../core/errors';
import { withContext, type Logger } from '../../core/logging/logger';
import { redactText } from '../../core/logging/secret-redaction';
import type { StreamName } from '../../core/model';
import type { PageWriteResult, Store } from '../../core/store/store';
import type { Clock } from '../../core/time/clock';
import type { AnyConnectorDefinition, ConnectorInstance } from '../../connectors/contract';
import { getConnector } from '../../connectors/registry';
import type { SourceConfig, TenantConfig } from '../../config/tenant-config';
import { validatePage, type ValidatedPage } from './page-validation';
import { readAhead } from './read-ahead';
import type { SourceFailure, StreamReport, SyncReport } from './sync-report';

export interface SyncTenantOptions {
  store: Store;
  tenant: TenantConfig;
  clock: Clock;
  logger: Logger;
  /** Only these sources (by id); all enabled sources when absent. */
  sourceIds?: readonly string[];
  /** Only these streams; every stream the connector offers when absent. */
  streams?: readonly StreamName[];
  /** Stops after the page being stored (SIGTERM): nothing half-written. */
  signal?: AbortSignal;
  /** Identifies the run in logs; generated when absent. */
  runId?: string;
  /** Called after each stored page, for progress output. */
  onPage?: (progress: { sourceId: string; stream: StreamName; pages: number; written: number; unchanged: number; quarantined: number }) => void;
  /** Resolves a source type to its connector; the static registry by default (tests may inject). */
  resolveConnector?: (type: string) => AnyConnectorDefinition;
}

/** Builds a connector instance for a source, with its connection block validated by the connector. */
export function openSource(source: SourceConfig, tenant: TenantConfig, options: Pick<SyncTenantOptions, 'clock' | 'logger' | 'signal' | 'resolveConnector'>): {
  definition: AnyConnectorDefinition;
  instance: ConnectorInstance<unknown>;
} {
  const definition = (options.resolveConnector ?? getConnector)(source.type);
  const parsed = definition.configSchema.safeParse(source.connection);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `connection.${i.path.map(String).join('.')}: ${i.message}`).join('; ');
    throw new ConfigError('bad_connection', `source ${source.id}: ${detail}`);
  }
  const instance = definition.create(parsed.data, {
    tenantId: tenant.id,
    sourceId: source.id,
    timeZone: tenant.timeZone,
    currency: tenant.currency,
    clock: options.clock,
    logger: options.logger,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { definition, instance };
}

export function failureOf(sourceId: string, stream: StreamName | null, error: unknown): SourceFailure {
  if (error instanceof ArbridgeError) {
    return { sourceId, stream, code: error.code, reason: error.reason, message: redactText(error.message) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { sourceId, stream, code: 'permanent', reason: 'unexpected', message: redactText(message) };
}

/**
 * The in-process pipeline for one tenant: for each source and stream, pull pages from the saved
 * cursor, validate them against the model (rejects go to quarantine), and store each page with its
 * cursor in one transaction. A failing source is reported and the others go on.
 */
export async function syncTenant(options: SyncTenantOptions): Promise<SyncReport> {
  const { store, tenant, clock } = options;
  const runId = options.runId ?? randomUUID();
  const log = withContext(options.logger, { tenantId: tenant.id, runId });
  const startedAt = clock.now().toISOString();
  const streams: StreamReport[] = [];
  const failures: SourceFailure[] = [];
  let interrupted = false;

  const sources = tenant.sources.filter((s) => s.enabled && (!options.sourceIds || options.sourceIds.includes(s.id)));
  for (const source of sources) {
    if (options.signal?.aborted) break;
    const sourceLog = withContext(log, { sourceId: source.id });
    let opened: ReturnType<typeof openSource>;
    try {
      opened = openSource(source, tenant, { ...options, logger: sourceLog });
    } catch (error) {
      failures.push(failureOf(source.id, null, error));
      sourceLog.error('source cannot be opened', { error });
      continue;
    }
    const { definition, instance } = opened;
    try {
      for (const stream of definition.streams as readonly StreamName[]) {
        if (options.streams && !options.streams.includes(stream)) continue;
        if (options.signal?.aborted) {
          interrupted = true;
          break;
        }
        try {
          const report = await syncStream(options, definition, instance, source.id, stream, withContext(sourceLog, { stream }));
          streams.push(report.stream);
          if (report.interrupted) {
            interrupted = true;
            break;
          }
        } catch (error) {
          failures.push(failureOf(source.id, stream, error));
          sourceLog.error('stream failed; the source\'s later streams wait for the next run', { stream, error });
          // Later streams refer to earlier ones (receivables to customers, allocations to both), and a
          // connection that failed once usually fails them all: stop here, report once, retry next run.
          break;
        }
      }
    } finally {
      await instance.close();
    }
  }
  return { tenantId: tenant.id, runId, startedAt, finishedAt: clock.now().toISOString(), streams, failures, interrupted };
}

async function syncStream(
  options: SyncTenantOptions,
  definition: AnyConnectorDefinition,
  instance: ConnectorInstance<unknown>,
  sourceId: string,
  stream: StreamName,
  log: Logger,
): Promise<{ stream: StreamReport; interrupted: boolean }> {
  const { store, tenant, clock } = options;
  const began = Date.now();
  const key = { tenantId: tenant.id, sourceId, stream };
  const state = await store.getSyncState(key);
  let cursor: unknown = null;
  if (state?.cursor != null) {
    const parsed = definition.cursorSchema.safeParse(state.cursor);
    if (parsed.success) cursor = parsed.data;
    else log.warn('stored cursor is not valid for this connector version; pulling the stream from the start');
  }
  const report: StreamReport = { sourceId, stream, pages: 0, written: 0, unchanged: 0, quarantined: 0, durationMs: 0 };
  let lastCursor = cursor;
  let interrupted = false;
  // One page's write may be in flight while the next page is validated: on PostgreSQL the server
  // stores it on its own core meanwhile. Writes still go one at a time, in page order.
  let inFlight: { write: Promise<PageWriteResult>; cursor: unknown; quarantined: ValidatedPage['quarantined'] } | null = null;
  const landInFlight = async (): Promise<void> => {
    if (!inFlight) return;
    const { write, cursor: pageCursor, quarantined } = inFlight;
    inFlight = null;
    const result = await write;
    lastCursor = pageCursor;
    report.pages += 1;
    report.written += result.written;
    report.unchanged += result.unchanged;
    report.quarantined += result.quarantined;
    for (const q of quarantined) log.warn('row quarantined', { externalId: q.externalId, reason: q.reason });
    options.onPage?.({ ...report });
  };
  try {
    for await (const page of readAhead(instance.pull(stream, cursor))) {
      const { records, quarantined } = validatePage(stream, page.rows, tenant.id, sourceId);
      await landInFlight();
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
      const write = store.savePage({ ...key, records, quarantined, cursor: page.cursor, at: clock.now(), completesRun: false });
      // Handled here so that a failure while the next page is fetched is not an unhandled rejection;
      // landInFlight still throws it.
      write.catch(() => undefined);
      inFlight = { write, cursor: page.cursor, quarantined };
    }
    if (!interrupted) {
      await landInFlight();
      interrupted = options.signal?.aborted === true;
    }
  } finally {
    // A failed pull or store: the write already sent lands (or fails) before the stream is reported.
    if (inFlight) await inFlight.write.catch(() => undefined);
  }
  if (!interrupted) {
    // An empty page that only stamps the run as complete, in the same transactional path.
    await store.savePage({ ...key, records: [], quarantined: [], cursor: lastCursor, at: clock.now(), completesRun: true });
  }
  report.durationMs = Date.now() - began;
  log.info('stream synced', { ...report });
  return { stream: report, interrupted };
}
