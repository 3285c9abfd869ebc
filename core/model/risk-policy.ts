import { z } from 'zod';

/** The factors of the risk score; each is scaled to 0..1 before its weight applies. */
export const riskFactorSchema = z.enum([
  'weightedDaysLate',
  'oldestOverdue',
  'overdueShare',
  'exposure',
  'disputes',
  'brokenPromises',
  'trend',
  'erpRiskCode',
]);
export type RiskFactor = z.infer<typeof riskFactorSchema>;

export const riskBandSchema = z.enum(['low', 'medium', 'high', 'critical']);
export type RiskBand = z.infer<typeof riskBandSchema>;

/** How the 0..100 risk score is computed and banded. */
export const riskPolicySchema = z
  .object({
    /** Relative weight of each factor; the weights are scaled to sum to 100 points. */
    weights: z.partialRecord(riskFactorSchema, z.number().nonnegative()).default({
      weightedDaysLate: 25,
      oldestOverdue: 20,
      overdueShare: 10,
      exposure: 10,
      disputes: 5,
      brokenPromises: 10,
      trend: 10,
      erpRiskCode: 10,
    }),
    /** Lowest score of each band above `low`. */
    bands: z
      .object({
        /** From this score, medium. */
        medium: z.number().min(0).max(100),
        /** From this score, high. */
        high: z.number().min(0).max(100),
        /** From this score, critical. */
        critical: z.number().min(0).max(100),
      })
      .strict()
      .refine((b) => b.medium < b.high && b.high < b.critical, 'expected medium < high < critical')
      .default({ medium: 25, high: 50, critical: 75 }),
    /** The ERP's own risk codes as 0..100 (case-insensitive); an unknown code counts 0 and is named in the explanation. */
    erpRiskCodes: z.record(z.string(), z.number().min(0).max(100)).default({}),
    /** Days late (weighted) that score the full weightedDaysLate factor. */
    fullScoreDaysLate: z.number().positive().default(60),
    /** Days past due of the oldest item that score the full oldestOverdue factor. */
    fullScoreOldestOverdueDays: z.number().positive().default(120),
    /** "Deteriorating payer": paid within `onTimeDays` (weighted) before, and now `worseByDays` later than that. */
    deteriorating: z
      .object({
        /** Weighted days late up to which the previous window counts as on time. */
        onTimeDays: z.number().nonnegative(),
        /** How much later the recent window must be. */
        worseByDays: z.number().positive(),
      })
      .strict()
      .default({ onTimeDays: 5, worseByDays: 10 }),
  })
  .strict();
export type RiskPolicy = z.infer<typeof riskPolicySchema>;
