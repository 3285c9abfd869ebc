import { z } from 'zod';
import { assignmentRuleSchema } from '../core/model/assignment-rule';
import { dunningPlanSchema, planIdSchema, planStepSchema, type DunningPlan } from '../core/model/dunning-plan';
import { metricsPolicySchema } from '../core/model/metrics-policy';
import { riskPolicySchema } from '../core/model/risk-policy';
import { closestMatch } from './closest-match';
import { defaultPlanId, defaultPlans } from './default-plans';

/**
 * A plan as a tenant or the firm writes it: like a built-in plan, but `name` may be left out when the
 * plan overrides one of the same id (the name is then inherited).
 */
export const configuredPlanSchema = z
  .object({
    /** What credit managers call the plan. */
    name: z.string().min(1).optional(),
    /** The steps, in increasing offset order. */
    steps: z.array(planStepSchema).min(1),
  })
  .strict();

/** "HH:MM", 24-hour. */
const localTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time as HH:MM such as 09:00');

/**
 * `collections:` in a tenant file (or under `defaults:` in firm.yaml): who gets which dunning plan and
 * how reminders are scheduled. Everything has a default; a tenant with no `collections` gets the
 * built-in plans and every customer on the default plan.
 */
export const collectionsSettingsSchema = z
  .object({
    /** Plans by id, added to the built-in standard, strict, gentle and small-accounts; a plan with a built-in id replaces it. */
    plans: z.record(planIdSchema, configuredPlanSchema).default({}),
    /** The plan when no rule matches. */
    defaultPlan: planIdSchema.default(defaultPlanId),
    /** Assignment rules, evaluated by priority, first match wins. */
    rules: z.array(assignmentRuleSchema).default([]),
    /** Risk score weights, bands and ERP risk codes. */
    risk: riskPolicySchema.prefault({}),
    /** Windows of the customer metrics. */
    metrics: metricsPolicySchema.prefault({}),
    /** Items and balances at or below this amount (major units of the company currency) are never dunned. */
    tolerance: z.number().nonnegative().default(5),
    /** Fraction by which a customer's current rule may miss its thresholds before the customer changes plan. */
    hysteresis: z.number().min(0).max(1).default(0.1),
    /** Local time (tenant's zone) at which the day's actions fall due. */
    sendAt: localTimeSchema.default('09:00'),
    /** The template ids that exist; when given, every plan step must name one of them. */
    templates: z.array(planIdSchema).optional(),
  })
  .strict()
  .superRefine((settings, ctx) => {
    const plans = effectivePlans(settings);
    const known = Object.keys(plans);
    const unknownPlan = (id: string, path: PropertyKey[]) => {
      if (plans[id]) return;
      const suggestion = closestMatch(id, known);
      ctx.addIssue({
        code: 'custom',
        path,
        message: `plan "${id}" is not defined (known: ${known.join(', ')})`,
        ...(suggestion ? { params: { suggestion } } : {}),
      });
    };
    unknownPlan(settings.defaultPlan, ['defaultPlan']);
    const ruleIds = new Map<string, number>();
    settings.rules.forEach((rule, index) => {
      unknownPlan(rule.plan, ['rules', index, 'plan']);
      const first = ruleIds.get(rule.id);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['rules', index, 'id'], message: `rule id "${rule.id}" is already used by rules[${first}]` });
      else ruleIds.set(rule.id, index);
    });
    for (const [id, plan] of Object.entries(settings.plans)) {
      const checked = dunningPlanSchema.safeParse({ name: plan.name ?? defaultPlans[id]?.name ?? id, steps: plan.steps });
      if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ ...issue, path: ['plans', id, ...issue.path] } as z.core.$ZodRawIssue);
    }
    if (settings.templates) {
      const templates = new Set(settings.templates);
      for (const [id, plan] of Object.entries(settings.plans)) {
        plan.steps.forEach((step, index) => {
          if (!templates.has(step.template)) ctx.addIssue({ code: 'custom', path: ['plans', id, 'steps', index, 'template'], message: `template "${step.template}" is not in templates` });
        });
      }
    }
  });
export type CollectionsSettings = z.infer<typeof collectionsSettingsSchema>;

/** The built-in plans with the configured ones laid over them, by id. */
export function effectivePlans(settings: Pick<CollectionsSettings, 'plans'>): Record<string, DunningPlan> {
  const plans: Record<string, DunningPlan> = { ...defaultPlans };
  for (const [id, plan] of Object.entries(settings.plans)) plans[id] = { name: plan.name ?? defaultPlans[id]?.name ?? id, steps: plan.steps };
  return plans;
}
