/**
 * How a tenant inherits the firm's defaults, on the raw YAML data before validation (so that the
 * tenant's schema sees, and reports on, the settings that will actually apply):
 *
 * - mappings merge key by key, recursively; the tenant's value wins;
 * - lists and single values are replaced whole by the tenant's (a tenant cannot "unset" a default);
 * - `sourceDefaults[type]` is merged the same way under the `connection` of each source of that type.
 */
export function applyFirmDefaults(defaults: unknown, tenant: unknown): unknown {
  if (!isMapping(defaults) || !isMapping(tenant)) return tenant;
  const { sourceDefaults, ...tenantDefaults } = defaults;
  const merged = mergeSettings(tenantDefaults, tenant) as Record<string, unknown>;
  if (isMapping(sourceDefaults) && Array.isArray(merged.sources)) {
    merged.sources = merged.sources.map((source: unknown) => {
      if (!isMapping(source) || typeof source.type !== 'string') return source;
      const forType = sourceDefaults[source.type];
      if (!isMapping(forType)) return source;
      return { ...source, connection: mergeSettings(forType, source.connection ?? {}) };
    });
  }
  return merged;
}

/** `override` laid over `base`: mappings merged recursively, anything else replaced. */
export function mergeSettings(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isMapping(base) || !isMapping(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = mergeSettings(base[key], value);
  return out;
}

/** Where a tenant setting may have come from in firm.yaml, or null when firm.yaml cannot set it. */
export function firmPathOf(tenantPath: readonly PropertyKey[], sourceTypes: readonly unknown[]): PropertyKey[] | null {
  const [head, index, field, ...rest] = tenantPath;
  if (head === 'sources') {
    const type = typeof index === 'number' ? sourceTypes[index] : undefined;
    if (field !== 'connection' || typeof type !== 'string') return null;
    return ['defaults', 'sourceDefaults', type, ...rest];
  }
  if (head === undefined || head === 'id' || head === 'name') return null;
  return ['defaults', ...tenantPath];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
