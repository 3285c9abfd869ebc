import type { Logger } from '../../core/logging/logger';
import type { Receivable } from '../../core/model/receivable';
import type { Clock } from '../../core/time/clock';
import { ConfigError, PermanentError } from '../../core/errors';
import type { TenantConfig } from '../../config/tenant-config';
import type { AnyConnectorDefinition, ConnectorInstance, PushRequest } from '../../connectors/contract';
import { validatePage } from '../pipeline/page-validation';
import { openSource } from '../pipeline/sync-tenant';

/** What dispatch asks of a tenant's ERPs: the last-moment re-read and the write-back. */
export interface ErpGateway {
  /** The receivables as the ERP holds them now; null when the source's connector cannot read by key. */
  readReceivables(sourceId: string, externalIds: readonly string[]): Promise<Receivable[] | null>;
  /** An idempotent write-back (note, activity, level) through the source's connector. */
  push(sourceId: string, request: PushRequest): Promise<{ providerReference: string | null }>;
  close(): Promise<void>;
}

/** The gateway over the tenant's configured sources, each connector opened on first use. */
export function connectorGateway(
  tenant: TenantConfig,
  options: { clock: Clock; logger: Logger; signal?: AbortSignal; resolveConnector?: (type: string) => AnyConnectorDefinition },
): ErpGateway {
  const open = new Map<string, ConnectorInstance<unknown>>();
  const instanceOf = (sourceId: string): ConnectorInstance<unknown> => {
    const found = open.get(sourceId);
    if (found) return found;
    const source = tenant.sources.find((s) => s.id === sourceId);
    if (!source) throw new ConfigError('unknown_source', `tenant ${tenant.id} has no source ${sourceId}`);
    const { instance } = openSource(source, tenant, options);
    open.set(sourceId, instance);
    return instance;
  };
  return {
    async readReceivables(sourceId, externalIds) {
      const instance = instanceOf(sourceId);
      if (!instance.readReceivables) return null;
      const page = validatePage('receivables', await instance.readReceivables(externalIds), tenant.id, sourceId);
      if (page.quarantined.length > 0) options.logger.warn('re-read receivables rejected', { sourceId, rejected: page.quarantined.map((q) => `${q.externalId}: ${q.reason}`) });
      return page.records as Receivable[];
    },
    async push(sourceId, request) {
      const instance = instanceOf(sourceId);
      if (!instance.push) throw new PermanentError('no_write_back', `source ${sourceId} is read-only: its connector has no write-back`);
      return instance.push(request);
    },
    async close() {
      await Promise.all([...open.values()].map((i) => i.close().catch(() => undefined)));
      open.clear();
    },
  };
}
