import { z } from 'zod';
import { planIdSchema } from './dunning-plan';

/** What a rule condition can look at: a customer's metrics, its risk, tags and segment. */
export const ruleFieldSchema = z.enum([
  'openAmount',
  'overdueAmount',
  'oldestOverdueDays',
  'dso',
  'bestPossibleDso',
  'add',
  'weightedDaysLate',
  'trendDays',
  'lateShare',
  'openDisputes',
  'brokenPromises',
  'exposure',
  'riskScore',
  'riskBand',
  'deteriorating',
  'erpRiskCode',
  'tags',
  'segment',
]);
export type RuleField = z.infer<typeof ruleFieldSchema>;

/** Fields holding money: their thresholds are written in major units and compared exactly in minor units. */
export const moneyRuleFields: ReadonlySet<RuleField> = new Set(['openAmount', 'overdueAmount']);

/** A value a condition compares against. */
const ruleValueSchema = z.union([z.string(), z.number(), z.boolean()]);

/** A test of one field: every operator given must hold. */
export const fieldConditionSchema = z
  .object({
    /** The metric, risk figure, tag list or segment tested. */
    field: ruleFieldSchema,
    /** At least this (numbers). */
    gte: z.number().optional(),
    /** At most this (numbers). */
    lte: z.number().optional(),
    /** Within [low, high], both included (numbers). */
    between: z.tuple([z.number(), z.number()]).optional(),
    /** One of these values; for `tags`, any of the customer's tags. */
    in: z.array(ruleValueSchema).min(1).optional(),
  })
  .strict()
  .refine((c) => c.gte !== undefined || c.lte !== undefined || c.between !== undefined || c.in !== undefined, {
    message: 'give at least one of gte, lte, between or in',
  });
export type FieldCondition = z.infer<typeof fieldConditionSchema>;

/** A condition: a field test, or `all` / `any` / `not` of conditions. */
export type RuleCondition = FieldCondition | { all: RuleCondition[] } | { any: RuleCondition[] } | { not: RuleCondition };

const allConditionSchema = z.object({ all: z.array(z.lazy(() => ruleConditionSchema)).min(1) }).strict();
const anyConditionSchema = z.object({ any: z.array(z.lazy(() => ruleConditionSchema)).min(1) }).strict();
const notConditionSchema = z.object({ not: z.lazy(() => ruleConditionSchema) }).strict();

/**
 * A condition is told apart by its key (all, any, not, else a field test) before it is checked, so a
 * typo is reported against the one shape the user meant instead of against every shape of a union.
 */
const anyKey = z.unknown().optional();
const nested = z.lazy(() => ruleConditionSchema);
/**
 * Every key a condition may have, nested conditions checked first: an unknown key is compared with
 * these for a "did you mean", at any depth.
 */
const conditionKeysSchema = z
  .object({ field: anyKey, gte: anyKey, lte: anyKey, between: anyKey, in: anyKey, all: z.array(nested).optional(), any: z.array(nested).optional(), not: nested.optional() })
  .loose();

export const ruleConditionSchema: z.ZodType<RuleCondition> = conditionKeysSchema.transform((value, ctx): RuleCondition => {
  const keys = typeof value === 'object' && value !== null ? Object.keys(value) : [];
  const schema = keys.includes('all') ? allConditionSchema : keys.includes('any') ? anyConditionSchema : keys.includes('not') ? notConditionSchema : fieldConditionSchema;
  const result = (schema as z.ZodType<RuleCondition>).safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.issues.push({ ...issue, input: (issue as { input?: unknown }).input } as z.core.$ZodRawIssue);
  return z.NEVER;
});

/** A tenant rule: when its condition holds, the customer gets its plan. Lower priority numbers go first. */
export const assignmentRuleSchema = z
  .object({
    /** Names the rule in assignments and explanations. */
    id: planIdSchema,
    /** Evaluation order, lowest first; the first rule that matches wins. */
    priority: z.number().int(),
    /** What a credit manager reads in `explain`. */
    description: z.string().optional(),
    /** The condition. */
    when: ruleConditionSchema,
    /** The plan assigned when it matches. */
    plan: planIdSchema,
  })
  .strict();
export type AssignmentRule = z.infer<typeof assignmentRuleSchema>;
