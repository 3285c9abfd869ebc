import { tenantConfigSchema, type TenantConfig } from '../../config/tenant-config';
import type { FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';

/**
 * A tenant (Europe/Paris, EUR) with one Odoo source `odoo` on a fake Odoo, as the loader would give it:
 * `apiKey` is the secret ref (`env:NAME`), `connection` adds settings (`pageSize: 10`, `version: 17`).
 * The object form of test/cli/odoo-tenant-yaml.ts, for tests that skip the config files.
 */
export function odooTenantConfig(
  id: string,
  odoo: FakeOdoo,
  options: { apiKey: string; name?: string; connection?: Record<string, string | number> },
): TenantConfig {
  return tenantConfigSchema.parse({
    id,
    name: options.name ?? id,
    timeZone: 'Europe/Paris',
    currency: 'EUR',
    sources: [{ id: 'odoo', type: 'odoo', connection: { url: odoo.url, database: odoo.db, username: odoo.login, apiKey: options.apiKey, ...options.connection } }],
  });
}
