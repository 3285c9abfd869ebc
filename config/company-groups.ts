import { z } from 'zod';
import { currencyCodeSchema } from '../core/money/currency';
import { rateSchema } from '../core/money/exchange-rates';
import { slugSchema } from '../core/model/record-key';
import { currencySettingSchema } from './tenant-config';

/** A rate as written in YAML: `USD: 0.9215` arrives as a number and is kept as the decimal text written. */
const rateSettingSchema = z.preprocess((value) => (typeof value === 'number' ? String(value) : value), rateSchema);

/** A group of companies (tenants) of the firm, reported as one (`arbridge report --group <id>`). */
export const companyGroupSchema = z
  .object({
    /** Display name of the group in reports. */
    name: z.string().min(1),
    /** The tenant ids of its companies; each must be a tenant of the config directory. */
    members: z.array(slugSchema).min(1),
    /** Reporting currency (ISO 4217): the group's figures are also given converted into it. */
    currency: currencySettingSchema,
    /** Units of `currency` per unit of each member's company currency that differs from it (`USD: 0.9215`). */
    rates: z.record(currencyCodeSchema, rateSettingSchema).default({}),
    /** Where the rates come from and their date, printed with the report (`ECB reference, 2026-11-20`). */
    ratesSource: z.string().min(1).optional(),
  })
  .strict();
export type CompanyGroup = z.infer<typeof companyGroupSchema>;

/** firm.yaml's `groups`: group id → group. */
export const companyGroupsSchema = z.record(slugSchema, companyGroupSchema);
