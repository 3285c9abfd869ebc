import { z } from 'zod';
import { dsoMethodSchema } from '../core/kpi/dso-method';

/** How a tenant's KPIs are reported (`arbridge report`, `arbridge serve`); firm.yaml's `defaults.reporting` gives the default. */
export const reportingSettingsSchema = z
  .object({
    /** DSO method of the tenant's reports: `total` or `countback`; `--dso-method` overrides it for one run. */
    dsoMethod: dsoMethodSchema.default('total'),
  })
  .strict();
export type ReportingSettings = z.infer<typeof reportingSettingsSchema>;
