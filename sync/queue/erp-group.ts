import type { TenantConfig } from '../../config/tenant-config';

/**
 * The rate-limit group of a tenant's jobs: the connector types it syncs (`odoo`, `sage100+sap`), so
 * that the limiter spreads the load each kind of ERP takes across all tenants that use it.
 */
export function erpGroupOf(tenant: TenantConfig): string {
  const types = [...new Set(tenant.sources.filter((s) => s.enabled).map((s) => s.type))].sort();
  return types.join('+') || 'none';
}
