import { riskPolicySchema } from '../core/model';
import type { CustomerMetrics } from './customer-metrics';
import { assessRisk, riskBandOf } from './risk-score';

const policy = riskPolicySchema.parse({ erpRiskCodes: { A: 0, C: 60, D: 100 } });

function metrics(overrides: Partial<CustomerMetrics> = {}): CustomerMetrics {
  return {
    asOf: '2026-06-30', currency: 'EUR', openAmount: 100_000, overdueAmount: 0, openCredits: 0, aging: [], oldestOverdueDays: 0,
    dso: 30, bestPossibleDso: 30, add: 0, weightedDaysLate: 0, recentDaysLate: 0, previousDaysLate: 0, trendDays: 0, lateShare: 0,
    paidCount: 10, openDisputes: 0, brokenPromises: 0, exposure: 0.1, lastContactedOn: null, ...overrides,
  };
}

describe('risk score', () => {
  it('scores a good payer low and a bad one critical, every point accounted for', () => {
    const good = assessRisk(metrics(), { erpRiskCode: 'A' }, policy);
    expect(good.score).toBe(1); // 10% exposure × 10 points
    expect(good.band).toBe('low');
    const bad = assessRisk(
      metrics({ weightedDaysLate: 90, oldestOverdueDays: 150, overdueAmount: 100_000, exposure: 1.4, openDisputes: 3, brokenPromises: 2, trendDays: 40 }),
      { erpRiskCode: 'D' },
      policy,
    );
    expect(bad.score).toBe(100);
    expect(bad.band).toBe('critical');
    expect(Math.round(bad.contributions.reduce((s, c) => s + c.points, 0))).toBe(100);
  });

  it('takes the ERP risk code into account, and says when a code is not mapped', () => {
    const base = assessRisk(metrics(), { erpRiskCode: null }, policy).score;
    const coded = assessRisk(metrics(), { erpRiskCode: 'c' }, policy);
    expect(coded.score - base).toBe(6); // 60% of 10 points
    const unknown = assessRisk(metrics(), { erpRiskCode: 'ZZ' }, policy);
    expect(unknown.contributions.find((c) => c.factor === 'erpRiskCode')?.basis).toContain('not mapped');
  });

  it('uses the configured weights and bands', () => {
    const onlyLateness = riskPolicySchema.parse({ weights: { weightedDaysLate: 1 }, bands: { medium: 10, high: 40, critical: 90 } });
    const r = assessRisk(metrics({ weightedDaysLate: 30 }), { erpRiskCode: null }, onlyLateness);
    expect(r.score).toBe(50);
    expect(r.band).toBe('high');
    expect(riskBandOf(89.9, onlyLateness.bands)).toBe('high');
  });

  it('flags a deteriorating payer: on time before, clearly late now', () => {
    expect(assessRisk(metrics({ previousDaysLate: 2, recentDaysLate: 15 }), { erpRiskCode: null }, policy).deteriorating).toBe(true);
    expect(assessRisk(metrics({ previousDaysLate: 2, recentDaysLate: 8 }), { erpRiskCode: null }, policy).deteriorating).toBe(false);
    // Always late is a bad payer, not a deteriorating one.
    expect(assessRisk(metrics({ previousDaysLate: 30, recentDaysLate: 45 }), { erpRiskCode: null }, policy).deteriorating).toBe(false);
  });
});
