import type { FakeOdoo } from '../../connectors/odoo/fake-server/fake-odoo-server';

/**
 * A tenant file (Europe/Paris, EUR) with one Odoo source on a fake Odoo, as an operator writes it:
 * `apiKey` is the secret ref (`env:NAME`, `file:./key`), `connection` adds settings (`pageSize: 10`),
 * `schedule` sets the sync cron.
 */
export function odooTenantYaml(id: string, odoo: FakeOdoo, options: { apiKey: string; connection?: Record<string, string | number>; schedule?: string }): string {
  return (
    [
      `id: ${id}`,
      `name: ${id}`,
      'timeZone: Europe/Paris',
      'currency: EUR',
      ...(options.schedule ? ['schedule:', `  sync: "${options.schedule}"`] : []),
      'sources:',
      '  - id: odoo',
      '    type: odoo',
      '    connection:',
      `      url: ${odoo.url}`,
      `      database: ${odoo.db}`,
      `      username: ${odoo.login}`,
      `      apiKey: ${options.apiKey}`,
      ...Object.entries(options.connection ?? {}).map(([key, value]) => `      ${key}: ${value}`),
    ].join('\n') + '\n'
  );
}
