import { z } from 'zod';
import { currencyCodeSchema } from '../core/money/currency';
import { slugSchema } from '../core/model/record-key';
import { isKnownTimeZone } from '../core/time/time-zone';
import { closestMatch } from './closest-match';
import { collectionsSettingsSchema } from './rules-config';
import { dispatchSettingsSchema } from './dispatch-config';
import { reportingSettingsSchema } from './reporting-settings';

/**
 * Issues may carry `params.suggestion`: the value the user most likely meant. The error formatter
 * prints it after what was found ("...found "Europe/Pari"; did you mean "Europe/Paris"?").
 */
function suggestionParams(suggestion: string | null): { params?: { suggestion: string } } {
  return suggestion === null ? {} : { params: { suggestion } };
}

/** An IANA time zone such as Europe/Paris; a near miss gets a suggestion. */
export const timeZoneSettingSchema = z.string().superRefine((name, ctx) => {
  if (isKnownTimeZone(name)) return;
  const zones = Intl.supportedValuesOf('timeZone');
  // "Paris" alone is a common shorthand: offer the zone whose city it names.
  const byCity = zones.find((zone) => zone.toLowerCase().endsWith(`/${name.toLowerCase()}`)) ?? null;
  ctx.addIssue({
    code: 'custom',
    message: 'expected an IANA time zone such as Europe/Paris',
    ...suggestionParams(byCity ?? closestMatch(name, [...zones, 'UTC'])),
  });
});

/** An ISO 4217 currency code, upper case; `eur` is answered with `EUR`. */
export const currencySettingSchema = z.string().superRefine((code, ctx) => {
  if (currencyCodeSchema.safeParse(code).success) return;
  const upper = code.trim().toUpperCase();
  ctx.addIssue({
    code: 'custom',
    message: 'expected an ISO 4217 currency code such as EUR',
    ...suggestionParams(currencyCodeSchema.safeParse(upper).success ? upper : null),
  });
});

/**
 * A cron expression of 5 fields (minute hour day month weekday), optionally 6 with seconds first.
 * Only the shape is checked here; the scheduler's parser has the last word.
 */
export const cronSchema = z
  .string()
  .trim()
  .regex(/^[\d*/,?LW#A-Za-z-]+(\s+[\d*/,?LW#A-Za-z-]+){4,5}$/, 'expected a cron expression of 5 fields such as "0 */2 * * *"');

/** No action is planned from data older than this many hours (invariant 1). */
export const stalenessLimitHoursSchema = z.number().positive();

/** One ERP connection of a tenant. Its `connection` block is checked by the connector's own schema. */
export const sourceConfigSchema = z
  .object({
    /** Names this connection inside the tenant (`odoo-main`); part of every record's key. */
    id: slugSchema,
    /** Connector type: `odoo`, `sage100`, `sap`. */
    type: z.string().min(1),
    /** Connector settings; secrets as `env:NAME` or `file:path`. */
    connection: z.record(z.string(), z.unknown()),
    /** Set to false to keep a source in config without syncing it (its connection is then not checked). */
    enabled: z.boolean().default(true),
  })
  .strict();
export type SourceConfig = z.infer<typeof sourceConfigSchema>;

/** The default sync schedule: every two hours, on the hour. */
export const defaultSyncCron = '0 */2 * * *';

/** When the tenant's jobs run, as cron expressions in the tenant's time zone. */
export const scheduleSchema = z
  .object({
    /** Pull from the ERPs. */
    sync: cronSchema.default(defaultSyncCron),
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
    timeZone: timeZoneSettingSchema,
    /** Company currency (ISO 4217). */
    currency: currencySettingSchema,
    /** The ERP connections to sync. */
    sources: z.array(sourceConfigSchema).min(1),
    /** When jobs run; defaults to a sync every two hours. */
    schedule: scheduleSchema.default({ sync: defaultSyncCron }),
    /** No action is planned from data older than this (invariant 1). */
    stalenessLimitHours: stalenessLimitHoursSchema.default(26),
    /** Dunning plans, assignment rules, risk and schedule settings; built-in plans when left out. */
    collections: collectionsSettingsSchema.prefault({}),
    /** Channels, sending windows, rate limits and templates of outgoing messages; nothing is sent without channel settings. */
    dispatch: dispatchSettingsSchema.prefault({}),
    /** How its KPIs are reported: the DSO method (`total` by default, or firm.yaml's). */
    reporting: reportingSettingsSchema.prefault({}),
  })
  .strict()
  .superRefine(
    (tenant, ctx) => {
      const firstIndexById = new Map<string, number>();
      (tenant.sources as unknown[]).forEach((source, index) => {
        const id = (source as { id?: unknown } | null)?.id;
        if (typeof id !== 'string') return;
        const first = firstIndexById.get(id);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['sources', index, 'id'],
            message: `source id "${id}" is already used by sources[${first}]; give each source its own id`,
          });
        } else {
          firstIndexById.set(id, index);
        }
      });
    },
    // Runs even when other fields are wrong, so that every problem is reported in one pass.
    { when: (payload) => Array.isArray((payload.value as { sources?: unknown } | null)?.sources) },
  );
export type TenantConfig = z.infer<typeof tenantConfigSchema>;
