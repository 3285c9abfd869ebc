import { moneyRuleFields, type AssignmentRule, type FieldCondition, type RuleCondition } from '../core/model';
import { toMinorUnits } from '../core/money/money';
import type { RuleInputs } from './rule-inputs';

type Test = (inputs: RuleInputs) => boolean;

/** Options of compileRules. */
export interface CompileRulesOptions {
  /** Company currency: money thresholds in the rules are major units of it. */
  currency: string;
  /** The plan when no rule matches. */
  defaultPlan: string;
  /**
   * Hysteresis: the rule a customer is already on keeps holding until its numeric thresholds are missed
   * by more than this fraction (0.1 = 10%), so a customer near a threshold does not flip plans daily.
   */
  hysteresis: number;
}

/** Which plan a customer gets, and why. */
export interface RuleDecision {
  planId: string;
  /** The rule that matched, null when the default plan applied. */
  ruleId: string | null;
  /** True when the customer's current rule held only thanks to hysteresis. */
  heldByHysteresis: boolean;
}

/** The customer's current assignment, as stored. */
export interface CurrentAssignment {
  planId: string;
  ruleId: string | null;
}

/** A tenant's rules compiled once per run into closures; `decide` runs per customer. */
export interface CompiledRules {
  decide(inputs: RuleInputs, current?: CurrentAssignment | null): RuleDecision;
  /** The rules in evaluation order (priority, then as written). */
  readonly order: readonly string[];
}

interface CompiledRule {
  id: string;
  planId: string;
  strict: Test;
  sticky: Test;
}

/**
 * Compiles rules to closures: thresholds are converted (money to minor units) and operators chosen
 * once, so per-customer evaluation is only comparisons. Each rule is compiled twice: `strict` to enter
 * it and `sticky` (thresholds relaxed by the hysteresis margin) to stay on it.
 */
export function compileRules(rules: readonly AssignmentRule[], options: CompileRulesOptions): CompiledRules {
  const ordered = rules.map((rule, index) => ({ rule, index })).sort((a, b) => a.rule.priority - b.rule.priority || a.index - b.index);
  const compiled: CompiledRule[] = ordered.map(({ rule }) => ({
    id: rule.id,
    planId: rule.plan,
    strict: compileCondition(rule.when, options.currency, 0, 1),
    sticky: compileCondition(rule.when, options.currency, options.hysteresis, 1),
  }));
  return {
    order: compiled.map((r) => r.id),
    decide(inputs, current) {
      for (const rule of compiled) {
        if (rule.strict(inputs)) return { planId: rule.planId, ruleId: rule.id, heldByHysteresis: false };
        if (current?.ruleId === rule.id && rule.sticky(inputs)) return { planId: rule.planId, ruleId: rule.id, heldByHysteresis: true };
      }
      return { planId: options.defaultPlan, ruleId: null, heldByHysteresis: false };
    },
  };
}

/**
 * `slack` relaxes numeric thresholds; `polarity` is -1 under an odd number of `not`s, where relaxing
 * the whole means tightening the inner test.
 */
function compileCondition(condition: RuleCondition, currency: string, slack: number, polarity: 1 | -1): Test {
  if ('all' in condition) {
    const parts = condition.all.map((c) => compileCondition(c, currency, slack, polarity));
    return (inputs) => parts.every((t) => t(inputs));
  }
  if ('any' in condition) {
    const parts = condition.any.map((c) => compileCondition(c, currency, slack, polarity));
    return (inputs) => parts.some((t) => t(inputs));
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not, currency, slack, polarity === 1 ? -1 : 1);
    return (inputs) => !inner(inputs);
  }
  return compileField(condition, currency, slack * polarity);
}

function compileField(condition: FieldCondition, currency: string, slack: number): Test {
  const field = condition.field;
  const isMoney = moneyRuleFields.has(field);
  const threshold = (value: number): number => (isMoney ? toMinorUnits(value, currency) : value);
  // Relaxed bounds: a lower bound moves down by slack×|t|, an upper bound up (negative slack tightens).
  const lower = (t: number): number => t - slack * Math.abs(t);
  const upper = (t: number): number => t + slack * Math.abs(t);
  const tests: Test[] = [];
  let low = -Infinity;
  let high = Infinity;
  if (condition.gte !== undefined) low = Math.max(low, lower(threshold(condition.gte)));
  if (condition.lte !== undefined) high = Math.min(high, upper(threshold(condition.lte)));
  if (condition.between !== undefined) {
    low = Math.max(low, lower(threshold(condition.between[0])));
    high = Math.min(high, upper(threshold(condition.between[1])));
  }
  if (low !== -Infinity || high !== Infinity) {
    tests.push((inputs) => {
      const value = inputs[field];
      return typeof value === 'number' && value >= low && value <= high;
    });
  }
  if (condition.in !== undefined) {
    const allowed = new Set<unknown>(condition.in.map((v) => (isMoney && typeof v === 'number' ? threshold(v) : v)));
    tests.push((inputs) => {
      const value = inputs[field];
      if (Array.isArray(value)) return value.some((v) => allowed.has(v));
      return value !== null && allowed.has(value);
    });
  }
  if (tests.length === 1) return tests[0] as Test;
  return (inputs) => tests.every((t) => t(inputs));
}
