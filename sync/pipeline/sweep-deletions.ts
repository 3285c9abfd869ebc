import { TransientError } from '../../core/errors';
import { withContext, type Logger } from '../../core/logging/logger';
import type { StreamName } from '../../core/model';
import type { Store, SweepResult } from '../../core/store/store';
import type { Clock } from '../../core/time/clock';
import type { AnyConnectorDefinition, ConnectorInstance } from '../../connectors/contract';
import { getConnector } from '../../connectors/registry';
import type { TenantConfig } from '../../config/tenant-config';
import type { SourceFailure } from './sync-report';
import { failureOf, openSource } from './sync-tenant';

/** What a deletions sweep runs with. */
export interface SweepTenantOptions {
  /** Where the records are marked. */
  store: Store;
  /** The tenant whose enabled sources are swept. */
  tenant: TenantConfig;
  /** Stamps `deleted_at` and the sweep time. */
  clock: Clock;
  /** Where each stream's outcome is logged. */
  logger: Logger;
  /** Only these sources (by id); every enabled source when absent. */
  sourceIds?: readonly string[];
  /** Only the streams whose last sweep is older than this (or that were never swept); all of them when absent. */
  dueBefore?: Date;
  /** Stops before the next stream (SIGTERM); the stream being listed is then left as it was. */
  signal?: AbortSignal;
  /** Resolves a source type to its connector; the static registry by default (tests may inject). */
  resolveConnector?: (type: string) => AnyConnectorDefinition;
  /**
   * Connector instances already open, by source id (the sync's, see keepSourcesOpen): a source found
   * here is swept with its instance, which is left open; the others are opened, and closed after.
   */
  openSources?: ReadonlyMap<string, OpenedSource>;
}

/** A source's connector and an open instance of it. */
export interface OpenedSource {
  definition: AnyConnectorDefinition;
  instance: ConnectorInstance<unknown>;
}

/** Connector instances that outlive the sync that opened them, for the sweep that follows it. */
export interface HeldSources {
  /** Given to syncTenant: resolves connectors as `resolveConnector` does, recording each instance it creates and deferring its close. */
  resolveConnector: (type: string) => AnyConnectorDefinition;
  /** The instances created so far, by source id: sweepTenant's `openSources`. */
  opened: ReadonlyMap<string, OpenedSource>;
  /** Closes every instance created (a failed close is logged; it changes no outcome). */
  close(): Promise<void>;
}

/**
 * Lets a sweep run on the connector instances of the sync just before it, instead of logging in to
 * each source a second time: syncTenant, given `resolveConnector`, opens its sources as usual, but their
 * close waits for `close()`, which the caller runs once the sweep is done (in a `finally`).
 */
export function keepSourcesOpen(logger: Logger, resolveConnector: (type: string) => AnyConnectorDefinition = getConnector): HeldSources {
  const opened = new Map<string, OpenedSource>();
  const closeOne = async (sourceId: string, instance: ConnectorInstance<unknown>) => {
    try {
      await instance.close();
    } catch (error) {
      logger.warn('connector instance did not close cleanly', { sourceId, error });
    }
  };
  return {
    opened,
    resolveConnector: (type) => {
      const definition = resolveConnector(type);
      return {
        ...definition,
        create: (config, context) => {
          const instance = definition.create(config, context) as ConnectorInstance<unknown>;
          const earlier = opened.get(context.sourceId);
          if (earlier) void closeOne(context.sourceId, earlier.instance);
          opened.set(context.sourceId, { definition, instance });
          // The instance itself (its methods bound to it: connectors keep private fields), but a close
          // that waits for the holder's.
          return new Proxy(instance, {
            get(target, prop) {
              if (prop === 'close') return async () => undefined;
              const value: unknown = Reflect.get(target, prop, target);
              return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
            },
          });
        },
      };
    },
    async close() {
      const all = [...opened];
      opened.clear();
      for (const [sourceId, { instance }] of all) await closeOne(sourceId, instance);
    },
  };
}

/** One stream's sweep. */
export interface StreamSweep extends SweepResult {
  sourceId: string;
  stream: StreamName;
}

/** What a tenant's sweep did. */
export interface SweepReport {
  streams: StreamSweep[];
  /** Sources whose connector cannot list its keys: their deletions are not detected. */
  unsupported: string[];
  failures: SourceFailure[];
}

/**
 * The deletions sweep of a tenant: for each source whose connector lists the keys it still holds
 * (`liveKeys`), each stream's stored records absent from the listing are marked deleted, and those
 * listed again are live again, one transaction per stream. A listing that fails (the ERP down mid-way)
 * marks nothing in that stream; the source's later streams wait for the next sweep.
 */
export async function sweepTenant(options: SweepTenantOptions): Promise<SweepReport> {
  const { store, tenant, clock } = options;
  const report: SweepReport = { streams: [], unsupported: [], failures: [] };
  const sources = tenant.sources.filter((s) => s.enabled && (!options.sourceIds || options.sourceIds.includes(s.id)));
  for (const source of sources) {
    if (options.signal?.aborted) break;
    const log = withContext(options.logger, { tenantId: tenant.id, sourceId: source.id });
    const borrowed = options.openSources?.get(source.id);
    let opened: OpenedSource;
    try {
      opened = borrowed ?? openSource(source, tenant, { ...options, logger: log });
    } catch (error) {
      report.failures.push(failureOf(source.id, null, error));
      log.error('deletions sweep could not open the source; nothing marked', { error });
      continue;
    }
    const { definition, instance } = opened;
    try {
      const listKeys = instance.liveKeys?.bind(instance);
      if (!listKeys) {
        report.unsupported.push(source.id);
        continue;
      }
      for (const stream of definition.streams as readonly StreamName[]) {
        if (options.signal?.aborted) break;
        const key = { tenantId: tenant.id, sourceId: source.id, stream };
        if (options.dueBefore) {
          const last = await store.lastSweptAt(key);
          if (last && last >= options.dueBefore) continue;
        }
        try {
          const scope = instance.sweepScope?.(stream) ?? undefined;
          const result = await store.sweepDeleted(key, completeListing(listKeys(stream), options.signal), clock.now(), scope);
          report.streams.push({ sourceId: source.id, stream, ...result });
          log.info('deletions swept', { stream, ...result });
        } catch (error) {
          report.failures.push(failureOf(source.id, stream, error));
          log.error('deletions sweep failed; nothing marked in this stream', { stream, error });
          break;
        }
      }
    } finally {
      if (!borrowed) await instance.close();
    }
  }
  return report;
}

/**
 * The listing as the store reads it, failing at its end when the stop signal came during it: a
 * connector may end a listing early on a stop, and a partial listing must mark nothing.
 */
async function* completeListing(keys: AsyncIterable<string[]>, signal: AbortSignal | undefined): AsyncGenerator<string[]> {
  yield* keys;
  if (signal?.aborted) throw new TransientError('interrupted', 'stopped before the listing of keys ended: nothing marked');
}
