import { existsSync } from 'node:fs';
import type { Store } from '../../core/store/store';
import { tenantConfigSchema, type TenantConfig } from '../../config/tenant-config';
import { print, type CliContext, type GlobalOptions } from './cli-context';
import { loadCliConfig } from './cli-config';

/** Options `plan` and `explain` share for a tenant with no configuration directory. */
export interface TenantSelection {
  tenant: string;
  /** Zone when there is no config directory (the demo's store). */
  timeZone: string;
  /** Company currency when there is no config directory. */
  currency: string;
}

/**
 * The tenant's settings for `plan` and `explain`: from the configuration directory when there is one;
 * otherwise (after `arbridge demo`) built from what the store holds, with the built-in plans and the
 * given zone and currency. Null, after printing why, when the tenant is unknown.
 */
export async function collectionsTenant(global: GlobalOptions, ctx: CliContext, store: Store, selection: TenantSelection): Promise<TenantConfig | null> {
  if (existsSync(global.config)) {
    const loaded = loadCliConfig(global, ctx, selection.tenant);
    return loaded?.[0]?.tenant ?? null;
  }
  const sourceIds = [...new Set((await store.listSyncStates(selection.tenant)).map((s) => s.sourceId))];
  if (sourceIds.length === 0) {
    print(ctx.err, `no configuration at ${global.config} and tenant "${selection.tenant}" has never been synced into the ${store.backend} store`);
    return null;
  }
  const parsed = tenantConfigSchema.safeParse({
    id: selection.tenant,
    name: selection.tenant,
    timeZone: selection.timeZone,
    currency: selection.currency,
    sources: sourceIds.map((id) => ({ id, type: 'stored', connection: {} })),
  });
  if (!parsed.success) {
    print(ctx.err, parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n'));
    return null;
  }
  return parsed.data;
}
