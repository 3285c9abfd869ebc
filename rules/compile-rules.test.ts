import { parse } from 'yaml';
import { z } from 'zod';
import { assignmentRuleSchema } from '../core/model';
import { compileRules } from './compile-rules';
import type { RuleInputs } from './rule-inputs';

function inputs(overrides: Partial<RuleInputs> = {}): RuleInputs {
  return {
    openAmount: 0, overdueAmount: 0, oldestOverdueDays: 0, dso: 30, bestPossibleDso: 20, add: 10, weightedDaysLate: 0, trendDays: 0,
    lateShare: 0, openDisputes: 0, brokenPromises: 0, exposure: null, riskScore: 10, riskBand: 'low', deteriorating: false,
    erpRiskCode: null, tags: [], segment: null, ...overrides,
  };
}

/** "If DSO is over 60 days or risk is high, assign the strict plan", as a tenant writes it. */
const exampleYaml = `
- id: key-accounts
  priority: 5
  description: key accounts stay on the gentle plan unless risk is critical
  when:
    all:
      - { field: tags, in: [key-account] }
      - not: { field: riskBand, in: [critical] }
  plan: gentle
- id: slow-or-risky
  priority: 10
  description: DSO over 60 days or high risk
  when:
    any:
      - { field: dso, gte: 60 }
      - { field: riskBand, in: [high, critical] }
  plan: strict
- id: small-balances
  priority: 20
  when: { field: openAmount, lte: 500 }
  plan: small-accounts
`;
const rules = z.array(assignmentRuleSchema).parse(parse(exampleYaml));
const compiled = compileRules(rules, { currency: 'EUR', defaultPlan: 'standard', hysteresis: 0.1 });

describe('assignment rules', () => {
  it('expresses "DSO over 60 days or risk high → strict" in YAML', () => {
    expect(compiled.decide(inputs({ dso: 61, openAmount: 900_000 }))).toEqual({ planId: 'strict', ruleId: 'slow-or-risky', heldByHysteresis: false });
    expect(compiled.decide(inputs({ riskBand: 'high', openAmount: 900_000 })).planId).toBe('strict');
    expect(compiled.decide(inputs({ dso: 59, openAmount: 900_000 }))).toEqual({ planId: 'standard', ruleId: null, heldByHysteresis: false });
  });

  it('goes by priority, first match wins; tags, not and money in major units', () => {
    expect(compiled.decide(inputs({ tags: ['key-account'], dso: 90 })).ruleId).toBe('key-accounts');
    expect(compiled.decide(inputs({ tags: ['key-account'], riskBand: 'critical' })).ruleId).toBe('slow-or-risky');
    expect(compiled.decide(inputs({ openAmount: 50_000 })).planId).toBe('small-accounts'); // 500.00 EUR
    expect(compiled.decide(inputs({ openAmount: 50_001 })).planId).toBe('standard');
    expect(compiled.order).toEqual(['key-accounts', 'slow-or-risky', 'small-balances']);
  });

  it('between, and null metrics never match a number test', () => {
    const r = compileRules(z.array(assignmentRuleSchema).parse([{ id: 'mid', priority: 1, when: { field: 'exposure', between: [0.8, 1.2] }, plan: 'strict' }]), {
      currency: 'EUR', defaultPlan: 'standard', hysteresis: 0,
    });
    expect(r.decide(inputs({ exposure: 0.8 })).planId).toBe('strict');
    expect(r.decide(inputs({ exposure: 1.21 })).planId).toBe('standard');
    expect(r.decide(inputs({ exposure: null })).planId).toBe('standard');
  });

  it('has hysteresis: a customer on a rule stays until the threshold is missed by the margin', () => {
    const current = { planId: 'strict', ruleId: 'slow-or-risky' };
    const base = { openAmount: 900_000 };
    // Entering needs DSO ≥ 60; staying needs DSO ≥ 54 (10% margin).
    expect(compiled.decide(inputs({ ...base, dso: 57 })).planId).toBe('standard');
    expect(compiled.decide(inputs({ ...base, dso: 57 }), current)).toEqual({ planId: 'strict', ruleId: 'slow-or-risky', heldByHysteresis: true });
    expect(compiled.decide(inputs({ ...base, dso: 53 }), current).planId).toBe('standard');
    // Under \`not\`, the margin works the other way: "calm" (risk not ≥ 50) holds up to 54, not beyond.
    const calm = compileRules(z.array(assignmentRuleSchema).parse([{ id: 'calm', priority: 1, when: { not: { field: 'riskScore', gte: 50 } }, plan: 'gentle' }]), {
      currency: 'EUR', defaultPlan: 'standard', hysteresis: 0.1,
    });
    const onCalm = { planId: 'gentle', ruleId: 'calm' };
    expect(calm.decide(inputs({ riskScore: 52 })).planId).toBe('standard');
    expect(calm.decide(inputs({ riskScore: 52 }), onCalm).planId).toBe('gentle');
    expect(calm.decide(inputs({ riskScore: 56 }), onCalm).planId).toBe('standard');
  });

  it('refuses a rule that tests nothing', () => {
    const result = assignmentRuleSchema.safeParse({ id: 'x', priority: 1, when: { field: 'dso' }, plan: 'strict' });
    expect(result.success).toBe(false);
  });
});
