import { z } from 'zod';
import { currencyCodeSchema } from '../core/money/currency';
import { slugSchema } from '../core/model/record-key';
import { timeZoneSchema } from '../core/time/time-zone';

/** One ERP connection of a tenant. Its `connection` block is checked by the connector's own schema. */
export const sourceConfigSchema = z
  .object({
    /** Names this connection inside the tenant (`odoo-main`); part of every record's key. */
    id: slugSchema,
    /** Connector type: `odoo`, `sage100`, `sap`. */
    type: z.string().min(1),
    /** Connector settings; secrets as `env:NAME` or `file:path`. */
    connection: z.record(z.string(), z.unknown()),
    /** Set to false to keep a source in config without syncing it. */
    enabled: z.boolean().default(true),
  })
  .strict();
export type SourceConfig = z.infer<typeof sourceConfigSchema>;

/** When the tenant's jobs run, as cron expressions in the tenant's time zone. */
export const scheduleSchema = z
  .object({
    /** Pull from the ERPs. */
    sync: z.string().min(1).default('0 */2 * * *'),
  })
  .strict();

/** One client company (tenant): its identity, zone, currency, ERP sources and schedule. */
export const tenantConfigSchema = z
  .object({
    /** Stable id, used in every key: lower-case letters, digits, - and _. */
    id: slugSchema,
    /** Display name. */
    name: z.string().min(1),
    /** IANA zone in which "today" and due dates are read. */
    timeZone: timeZoneSchema,
    /** Company currency (ISO 4217). */
    currency: currencyCodeSchema,
    /** The ERP connections to sync. */
    sources: z.array(sourceConfigSchema).min(1),
    schedule: scheduleSchema.default({ sync: '0 */2 * * *' }),
    /** No action is planned from data older than this (invariant 1). */
    stalenessLimitHours: z.number().positive().default(26),
  })
  .strict()
  .superRefine((tenant, ctx) => {
    const seen = new Set<string>();
    tenant.sources.forEach((source, index) => {
      if (seen.has(source.id)) {
        ctx.addIssue({ code: 'custom', path: ['sources', index, 'id'], message: `source id "${source.id}" is used twice in this tenant` });
      }
      seen.add(source.id);
    });
  });
export type TenantConfig = z.infer<typeof tenantConfigSchema>;
