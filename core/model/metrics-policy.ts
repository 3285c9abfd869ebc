import { z } from 'zod';

/** The windows customer metrics are computed over. */
export const metricsPolicySchema = z
  .object({
    /** DSO (total method) over the sales of this many days back from today. */
    dsoWindowDays: z.number().int().positive().default(90),
    /** Weighted days late and late share over invoices paid in this many months back. */
    lateWindowMonths: z.number().int().positive().default(12),
    /** Trend: weighted days late of the last this-many months against the same length before. */
    trendWindowMonths: z.number().int().positive().default(3),
    /** Upper bounds of the aging buckets in days past due (not due and "over the last" are added). */
    agingDays: z
      .array(z.number().int().positive())
      .min(1)
      .refine((days) => days.every((d, i) => i === 0 || d > (days[i - 1] as number)), 'expected increasing days such as [30, 60, 90, 120]')
      .default([30, 60, 90, 120]),
  })
  .strict();
export type MetricsPolicy = z.infer<typeof metricsPolicySchema>;
