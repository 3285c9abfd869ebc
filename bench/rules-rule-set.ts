import { z } from 'zod';
import { assignmentRuleSchema, moneyRuleFields, type AssignmentRule, type RuleCondition } from '../core/model';
import { toMinorUnits } from '../core/money/money';

/**
 * The 20 assignment rules bench/rules evaluates: a realistic firm rule set over tags, segment, risk,
 * DSO, lateness, disputes, promises and amounts, with all/any/not and every operator. Most customers
 * fall through many rules before one matches (or none does), so evaluation cost is not flattered.
 */
export const benchRules: AssignmentRule[] = z.array(assignmentRuleSchema).parse([
  { id: 'key-accounts-critical', priority: 1, when: { all: [{ field: 'tags', in: ['key-account'] }, { field: 'riskBand', in: ['critical'] }] }, plan: 'strict' },
  { id: 'key-accounts', priority: 2, when: { field: 'tags', in: ['key-account'] }, plan: 'gentle' },
  { id: 'public-sector', priority: 3, when: { field: 'segment', in: ['public'] }, plan: 'gentle' },
  { id: 'broken-promises', priority: 4, when: { field: 'brokenPromises', gte: 2 }, plan: 'strict' },
  { id: 'heavy-disputes', priority: 5, when: { field: 'openDisputes', gte: 3 }, plan: 'standard' },
  { id: 'deteriorating-large', priority: 6, when: { all: [{ field: 'deteriorating', in: [true] }, { field: 'openAmount', gte: 10_000 }] }, plan: 'strict' },
  { id: 'critical-risk', priority: 7, when: { field: 'riskScore', gte: 75 }, plan: 'strict' },
  { id: 'over-limit', priority: 8, when: { field: 'exposure', gte: 1 }, plan: 'strict' },
  { id: 'very-slow', priority: 9, when: { field: 'weightedDaysLate', gte: 45 }, plan: 'strict' },
  { id: 'slow-or-risky', priority: 10, when: { any: [{ field: 'dso', gte: 60 }, { field: 'riskBand', in: ['high', 'critical'] }] }, plan: 'strict' },
  { id: 'high-add', priority: 11, when: { field: 'add', gte: 30 }, plan: 'strict' },
  { id: 'old-items', priority: 12, when: { field: 'oldestOverdueDays', gte: 90 }, plan: 'strict' },
  { id: 'worsening', priority: 13, when: { field: 'trendDays', gte: 15 }, plan: 'standard' },
  { id: 'mostly-late', priority: 14, when: { all: [{ field: 'lateShare', gte: 0.6 }, { field: 'overdueAmount', gte: 2_000 }] }, plan: 'standard' },
  { id: 'erp-flagged', priority: 15, when: { field: 'erpRiskCode', in: ['bad', 'D'] }, plan: 'strict' },
  { id: 'small-balance', priority: 16, when: { field: 'openAmount', lte: 300 }, plan: 'small-accounts' },
  { id: 'small-young-overdue', priority: 17, when: { all: [{ field: 'overdueAmount', between: [0, 1_000] }, { field: 'oldestOverdueDays', lte: 30 }] }, plan: 'small-accounts' },
  { id: 'retail-calm', priority: 18, when: { all: [{ field: 'segment', in: ['retail'] }, { not: { field: 'riskBand', in: ['high', 'critical'] } }] }, plan: 'small-accounts' },
  { id: 'export-medium', priority: 19, when: { all: [{ field: 'tags', in: ['export'] }, { field: 'riskBand', in: ['medium'] }] }, plan: 'standard' },
  { id: 'good-payers', priority: 20, when: { all: [{ field: 'riskBand', in: ['low'] }, { field: 'weightedDaysLate', lte: 5 }] }, plan: 'gentle' },
]);

/** A json-rules-engine condition (the subset the translation produces). */
export type JreCondition =
  | { all: JreCondition[] }
  | { any: JreCondition[] }
  | { not: JreCondition }
  | { fact: string; operator: string; value: unknown };

/**
 * The same rule in json-rules-engine's terms: money thresholds in minor units (as the facts are),
 * `in` over tags as the custom `intersects` operator, `between` as two bounds.
 */
export function toJreCondition(condition: RuleCondition, currency: string): JreCondition {
  if ('all' in condition) return { all: condition.all.map((c) => toJreCondition(c, currency)) };
  if ('any' in condition) return { any: condition.any.map((c) => toJreCondition(c, currency)) };
  if ('not' in condition) return { not: toJreCondition(condition.not, currency) };
  const money = moneyRuleFields.has(condition.field);
  const value = (n: number): number => (money ? toMinorUnits(n, currency) : n);
  const parts: JreCondition[] = [];
  if (condition.gte !== undefined) parts.push({ fact: condition.field, operator: 'greaterThanInclusive', value: value(condition.gte) });
  if (condition.lte !== undefined) parts.push({ fact: condition.field, operator: 'lessThanInclusive', value: value(condition.lte) });
  if (condition.between !== undefined) {
    parts.push({ fact: condition.field, operator: 'greaterThanInclusive', value: value(condition.between[0]) });
    parts.push({ fact: condition.field, operator: 'lessThanInclusive', value: value(condition.between[1]) });
  }
  if (condition.in !== undefined) parts.push({ fact: condition.field, operator: condition.field === 'tags' ? 'intersects' : 'in', value: condition.in });
  return parts.length === 1 ? (parts[0] as JreCondition) : { all: parts };
}
