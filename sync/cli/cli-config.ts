import type { TenantConfig } from '../../config/tenant-config';
import { loadConfig, ConfigValidationError, type LoadedConfig } from '../../config/load-config';
import { listConnectors } from '../../connectors/registry';
import { print, type CliContext, type GlobalOptions } from './cli-context';

/** A tenant's settings (relative `file:` secrets already tied to its file's directory) and the file they came from. */
export interface LoadedTenant {
  /** The validated settings, firm defaults applied. */
  tenant: TenantConfig;
  /** The absolute path of the tenant's file. */
  file: string;
}

/** The default of ARBRIDGE_SWEEP_EVERY_HOURS: each stream's deletions sweep once a day. */
export const defaultSweepEveryHours = 24;

/**
 * Hours between two deletions sweeps of a stream for `worker` and `run`, from ARBRIDGE_SWEEP_EVERY_HOURS
 * (0 turns the sweep off; a day when unset or not a number).
 */
export function sweepEveryHoursFrom(env: NodeJS.ProcessEnv): number {
  const value = Number(env.ARBRIDGE_SWEEP_EVERY_HOURS?.trim() || defaultSweepEveryHours);
  return Number.isFinite(value) && value >= 0 ? value : defaultSweepEveryHours;
}

/**
 * Loads the whole configuration (firm file and tenants), each source's connection checked by its
 * connector's own schema. On a problem it prints every `file:line:col: path: message` line and returns null.
 */
export function loadWholeConfig(global: GlobalOptions, ctx: CliContext): LoadedConfig | null {
  try {
    return loadConfig(global.config, { connectors: listConnectors() });
  } catch (error) {
    if (!(error instanceof ConfigValidationError)) throw error;
    print(ctx.err, error.message);
    return null;
  }
}

/** The tenants a command works on (all, or `onlyTenant`), with their files; null (printed) on a problem. */
export function loadCliConfig(global: GlobalOptions, ctx: CliContext, onlyTenant?: string): LoadedTenant[] | null {
  const config = loadWholeConfig(global, ctx);
  if (!config) return null;
  const { tenants, files } = config;
  const selected = onlyTenant ? tenants.filter((t) => t.id === onlyTenant) : tenants;
  if (onlyTenant && selected.length === 0) {
    print(ctx.err, `${global.config}: no tenant "${onlyTenant}" (known: ${tenants.map((t) => t.id).join(', ') || 'none'})`);
    return null;
  }
  return selected.map((tenant) => ({ tenant, file: files[tenant.id] ?? global.config }));
}
