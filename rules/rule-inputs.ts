import type { Customer, RuleField } from '../core/model';
import type { CustomerMetrics } from './customer-metrics';
import type { RiskAssessment } from './risk-score';

/** A value a rule sees: numbers (money in minor units), text, flags, tag lists, or null when unknown. */
export type RuleValue = number | string | boolean | readonly string[] | null;

/** What the rules see of one customer; stored with its assignment (invariant 7). */
export type RuleInputs = Record<RuleField, RuleValue>;

const round2 = (n: number | null): number | null => (n === null ? null : Math.round(n * 100) / 100);

/** The flat view rules are compiled against; ratios and days rounded to 2 decimals so that stored inputs read well. */
export function ruleInputsOf(metrics: CustomerMetrics, risk: RiskAssessment, customer: Pick<Customer, 'tags' | 'segment' | 'erpRiskCode'>): RuleInputs {
  return {
    openAmount: metrics.openAmount,
    overdueAmount: metrics.overdueAmount,
    oldestOverdueDays: metrics.oldestOverdueDays,
    dso: round2(metrics.dso),
    bestPossibleDso: round2(metrics.bestPossibleDso),
    add: round2(metrics.add),
    weightedDaysLate: round2(metrics.weightedDaysLate),
    trendDays: round2(metrics.trendDays),
    lateShare: round2(metrics.lateShare),
    openDisputes: metrics.openDisputes,
    brokenPromises: metrics.brokenPromises,
    exposure: round2(metrics.exposure),
    riskScore: risk.score,
    riskBand: risk.band,
    deteriorating: risk.deteriorating,
    erpRiskCode: customer.erpRiskCode,
    tags: customer.tags,
    segment: customer.segment,
  };
}
