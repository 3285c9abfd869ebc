import type { Customer, RiskBand, RiskFactor, RiskPolicy } from '../core/model';
import type { CustomerMetrics } from './customer-metrics';

/** One factor's share of the score, for the explanation. */
export interface RiskContribution {
  factor: RiskFactor;
  /** The factor scaled to 0..1. */
  value: number;
  /** Points it adds to the score (value × its share of 100). */
  points: number;
  /** What it was computed from, in words. */
  basis: string;
}

/** A customer's risk: a 0..100 score, its band, the factors behind it, and the deteriorating-payer flag. */
export interface RiskAssessment {
  score: number;
  band: RiskBand;
  contributions: RiskContribution[];
  /** Paid on time in the window before, and clearly later in the recent one. */
  deteriorating: boolean;
}

const clamp01 = (n: number): number => (n < 0 ? 0 : n > 1 ? 1 : n);
const round1 = (n: number): number => Math.round(n * 10) / 10;

/** The band of a score under the policy. */
export function riskBandOf(score: number, bands: RiskPolicy['bands']): RiskBand {
  if (score >= bands.critical) return 'critical';
  if (score >= bands.high) return 'high';
  if (score >= bands.medium) return 'medium';
  return 'low';
}

/**
 * The transparent risk score: each factor scaled to 0..1, weighted, summed to 0..100 and rounded to
 * a whole number. Every point is accounted for in `contributions`, so `explain` can show why.
 */
export function assessRisk(metrics: CustomerMetrics, customer: Pick<Customer, 'erpRiskCode'>, policy: RiskPolicy): RiskAssessment {
  const code = customer.erpRiskCode?.trim().toLowerCase() ?? null;
  const codeScore = code === null ? undefined : lookupCode(policy.erpRiskCodes, code);
  const values: Record<RiskFactor, [number, string]> = {
    weightedDaysLate: [clamp01((metrics.weightedDaysLate ?? 0) / policy.fullScoreDaysLate), `${round1(metrics.weightedDaysLate ?? 0)} days late on average (weighted)`],
    oldestOverdue: [clamp01(metrics.oldestOverdueDays / policy.fullScoreOldestOverdueDays), `oldest item ${metrics.oldestOverdueDays} days past due`],
    overdueShare: [metrics.openAmount > 0 ? clamp01(metrics.overdueAmount / metrics.openAmount) : 0, 'share of the balance past due'],
    exposure: [clamp01(metrics.exposure ?? 0), metrics.exposure === null ? 'no credit limit' : `${Math.round(metrics.exposure * 100)}% of the credit limit used`],
    disputes: [clamp01(metrics.openDisputes / 3), `${metrics.openDisputes} open disputes`],
    brokenPromises: [clamp01(metrics.brokenPromises / 2), `${metrics.brokenPromises} broken promises to pay`],
    trend: [clamp01((metrics.trendDays ?? 0) / 30), metrics.trendDays === null ? 'no trend yet' : metrics.trendDays >= 0 ? `paying ${round1(metrics.trendDays)} days later than before` : `paying ${round1(-metrics.trendDays)} days earlier than before`],
    erpRiskCode: [
      (codeScore ?? 0) / 100,
      code === null ? 'no ERP risk code' : codeScore === undefined ? `ERP risk code "${customer.erpRiskCode}" not mapped (counts 0)` : `ERP risk code "${customer.erpRiskCode}" = ${codeScore}`,
    ],
  };
  const weights = Object.entries(policy.weights) as Array<[RiskFactor, number]>;
  const totalWeight = weights.reduce((sum, [, w]) => sum + w, 0);
  const contributions: RiskContribution[] = [];
  let raw = 0;
  for (const [factor, weight] of weights) {
    if (weight === 0 || totalWeight === 0) continue;
    const [value, basis] = values[factor];
    const points = (value * weight * 100) / totalWeight;
    raw += points;
    contributions.push({ factor, value, points: round1(points), basis });
  }
  const score = Math.min(100, Math.max(0, Math.round(raw)));
  const { onTimeDays, worseByDays } = policy.deteriorating;
  const deteriorating =
    metrics.previousDaysLate !== null &&
    metrics.recentDaysLate !== null &&
    metrics.previousDaysLate <= onTimeDays &&
    metrics.recentDaysLate >= metrics.previousDaysLate + worseByDays;
  return { score, band: riskBandOf(score, policy.bands), contributions, deteriorating };
}

function lookupCode(codes: Record<string, number>, code: string): number | undefined {
  for (const [key, value] of Object.entries(codes)) if (key.toLowerCase() === code) return value;
  return undefined;
}
