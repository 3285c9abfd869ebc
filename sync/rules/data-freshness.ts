import type { Store } from '../../core/store/store';
import type { TenantConfig } from '../../config/tenant-config';

/** A source whose data is too old to act on, and its oldest stream's last success. */
export interface StaleSource {
  sourceId: string;
  /** The oldest last success among its streams; null when a stream never completed a run. */
  lastSuccessAt: string | null;
}

/**
 * The enabled sources whose data is older than the tenant's staleness limit at `at` (invariant 1:
 * nothing is planned from stale data). A source is as fresh as its least recently completed stream.
 */
export async function staleSources(store: Store, tenant: TenantConfig, at: Date): Promise<StaleSource[]> {
  const states = await store.listSyncStates(tenant.id);
  const limitMs = tenant.stalenessLimitHours * 3_600_000;
  const stale: StaleSource[] = [];
  for (const source of tenant.sources.filter((s) => s.enabled)) {
    const mine = states.filter((s) => s.sourceId === source.id);
    const successes = mine.map((s) => s.lastSuccessAt);
    const oldest = mine.length === 0 || successes.includes(null) ? null : (successes as string[]).sort()[0] ?? null;
    if (oldest === null || at.getTime() - Date.parse(oldest) > limitMs) stale.push({ sourceId: source.id, lastSuccessAt: oldest });
  }
  return stale;
}
