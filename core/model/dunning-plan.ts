import { z } from 'zod';
import { channelSchema } from './action';

/** A plan, step or template id: lower-case letters, digits, "-" and "_". */
export const planIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected a lower-case id of letters, digits, "-" or "_"');

/** One step of a dunning plan: what to do how many days from the oldest overdue item's due date. */
export const planStepSchema = z
  .object({
    /** Names the step inside its plan; part of each action's id, so never rename a step in use. */
    id: planIdSchema,
    /** Days after the due date (negative: a reminder before it is due). */
    offsetDays: z.number().int().min(-365).max(3650),
    /** Dunning level the step stands for (written back to the ERP as "set level = n"). */
    level: z.number().int().nonnegative(),
    /** How the customer is reached, or the ERP write-back, call task or webhook. */
    channel: channelSchema,
    /** The template id the message is rendered from. */
    template: planIdSchema,
    /** The step waits until the overdue amount it covers (credits netted) reaches this, in major units of the company currency. */
    minOverdueAmount: z.number().nonnegative().default(0),
    /** The step waits until this many days have passed since the customer was last contacted. */
    minDaysSinceLastContact: z.number().int().nonnegative().default(0),
    /** A person approves the action before it goes out. */
    requiresApproval: z.boolean().default(false),
    /** Hands the file to litigation with a dossier (statement of account, contact history); only the last step may. */
    litigation: z.boolean().default(false),
  })
  .strict();
export type PlanStep = z.infer<typeof planStepSchema>;

/** A dunning plan: ordered steps, each later than the one before. */
export const dunningPlanSchema = z
  .object({
    /** What credit managers call the plan. */
    name: z.string().min(1),
    /** The steps, in increasing offset order. */
    steps: z.array(planStepSchema).min(1),
  })
  .strict()
  .superRefine((plan, ctx) => {
    const seen = new Set<string>();
    plan.steps.forEach((step, index) => {
      if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['steps', index, 'id'], message: `step id "${step.id}" is used twice in this plan` });
      seen.add(step.id);
      const previous = plan.steps[index - 1];
      if (previous && step.offsetDays <= previous.offsetDays) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'offsetDays'], message: `expected more than the previous step's ${previous.offsetDays} days: steps go in increasing offset order` });
      }
      if (step.litigation && index !== plan.steps.length - 1) {
        ctx.addIssue({ code: 'custom', path: ['steps', index, 'litigation'], message: 'only the last step may hand the file to litigation' });
      }
    });
  });
export type DunningPlan = z.infer<typeof dunningPlanSchema>;
