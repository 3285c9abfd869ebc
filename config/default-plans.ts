import { z } from 'zod';
import { dunningPlanSchema, type DunningPlan } from '../core/model/dunning-plan';

/**
 * The plans every tenant has unless it (or the firm) defines a plan of the same id. Offsets count from
 * the due date of the oldest overdue item; template ids name the firm's templates.
 */
const plans = {
  standard: {
    name: 'Standard',
    steps: [
      { id: 'pre-due', offsetDays: -3, level: 0, channel: 'email', template: 'reminder-before-due', minOverdueAmount: 0 },
      { id: 'first-reminder', offsetDays: 3, level: 1, channel: 'email', template: 'first-reminder' },
      { id: 'second-reminder', offsetDays: 15, level: 2, channel: 'email', template: 'second-reminder', minDaysSinceLastContact: 7 },
      { id: 'call', offsetDays: 25, level: 2, channel: 'call_task', template: 'call-script', minDaysSinceLastContact: 5 },
      { id: 'formal-notice', offsetDays: 35, level: 3, channel: 'letter', template: 'formal-notice', minOverdueAmount: 50, requiresApproval: true },
      { id: 'litigation', offsetDays: 60, level: 4, channel: 'call_task', template: 'litigation-handover', minOverdueAmount: 200, requiresApproval: true, litigation: true },
    ],
  },
  strict: {
    name: 'Strict',
    steps: [
      { id: 'first-reminder', offsetDays: 1, level: 1, channel: 'email', template: 'first-reminder' },
      { id: 'second-reminder', offsetDays: 8, level: 2, channel: 'email', template: 'second-reminder' },
      { id: 'call', offsetDays: 12, level: 2, channel: 'call_task', template: 'call-script' },
      { id: 'erp-block', offsetDays: 15, level: 3, channel: 'erp', template: 'dunning-level' },
      { id: 'formal-notice', offsetDays: 21, level: 3, channel: 'letter', template: 'formal-notice', requiresApproval: true },
      { id: 'litigation', offsetDays: 40, level: 4, channel: 'call_task', template: 'litigation-handover', requiresApproval: true, litigation: true },
    ],
  },
  gentle: {
    name: 'Gentle (key accounts)',
    steps: [
      { id: 'courtesy', offsetDays: 7, level: 1, channel: 'email', template: 'courtesy-reminder' },
      { id: 'second-reminder', offsetDays: 21, level: 2, channel: 'email', template: 'second-reminder', minDaysSinceLastContact: 10 },
      { id: 'account-manager-call', offsetDays: 40, level: 2, channel: 'call_task', template: 'call-script', minDaysSinceLastContact: 10 },
      { id: 'formal-notice', offsetDays: 75, level: 3, channel: 'letter', template: 'formal-notice', requiresApproval: true },
    ],
  },
  'small-accounts': {
    name: 'Small accounts (email only)',
    steps: [
      { id: 'first-reminder', offsetDays: 5, level: 1, channel: 'email', template: 'first-reminder', minOverdueAmount: 20 },
      { id: 'second-reminder', offsetDays: 20, level: 2, channel: 'email', template: 'second-reminder', minOverdueAmount: 20 },
      { id: 'final-reminder', offsetDays: 40, level: 3, channel: 'email', template: 'final-reminder', minOverdueAmount: 20 },
    ],
  },
};

/** The built-in plans, validated by the same schema as a tenant's own. */
export const defaultPlans: Readonly<Record<string, DunningPlan>> = z.record(z.string(), dunningPlanSchema).parse(plans);

/** The plan a customer gets when no rule matches, unless configured otherwise. */
export const defaultPlanId = 'standard';
