import { z } from 'zod';
import { companyGroupsSchema } from './company-groups';
import { collectionsSettingsSchema } from './rules-config';
import { reportingSettingsSchema } from './reporting-settings';
import { dispatchSettingsSchema } from './dispatch-config';
import { cronSchema, currencySettingSchema, stalenessLimitHoursSchema, timeZoneSettingSchema } from './tenant-config';

/**
 * Settings every tenant inherits unless its own file says otherwise. Objects are merged key by key,
 * lists and single values are replaced by the tenant's; see firm-defaults.ts.
 */
export const firmDefaultsSchema = z
  .object({
    /** Default IANA time zone of the firm's clients. */
    timeZone: timeZoneSettingSchema.optional(),
    /** Default company currency (ISO 4217). */
    currency: currencySettingSchema.optional(),
    /** Default staleness limit, in hours. */
    stalenessLimitHours: stalenessLimitHoursSchema.optional(),
    /** Default schedule (cron, in each tenant's own time zone). */
    schedule: z
      .object({
        /** When tenants pull from their ERPs. */
        sync: cronSchema.optional(),
      })
      .strict()
      .optional(),
    /**
     * Connection settings per source type (`odoo: { pageSize: 500 }`), merged under the `connection`
     * of every source of that type. Checked with each tenant's sources, by the connector's schema.
     */
    sourceDefaults: z.record(z.string().min(1), z.record(z.string(), z.unknown())).optional(),
    /** Firm-wide plans, rules and risk settings; a tenant's `collections` is merged over them (a plan of the same id replaces the firm's field by field, lists whole). */
    collections: collectionsSettingsSchema.optional(),
    /** Firm-wide channels, sender, windows and templates; a tenant's `dispatch` is merged over them key by key. */
    dispatch: dispatchSettingsSchema.partial().optional(),
    /** Firm-wide report settings (`dsoMethod`); a tenant's `reporting` is merged over them. */
    reporting: reportingSettingsSchema.partial().optional(),
  })
  .strict();
export type FirmDefaults = z.infer<typeof firmDefaultsSchema>;

/** `firm.yaml`: the firm-wide file of a config directory. Optional; a single company needs none. */
export const firmConfigSchema = z
  .object({
    /** The firm's display name, for reports that span its clients. */
    name: z.string().min(1).optional(),
    /** What every tenant inherits. */
    defaults: firmDefaultsSchema.default({}),
    /** Groups of companies among the tenants, each reported as one (`arbridge report --group <id>`). */
    groups: companyGroupsSchema.optional(),
  })
  .strict();
export type FirmConfig = z.infer<typeof firmConfigSchema>;

/** The firm settings when there is no firm file. */
export const noFirmConfig: FirmConfig = { defaults: {} };
