import { z } from 'zod';
import { channelSchema } from '../core/model/action';
import { planIdSchema } from '../core/model/dunning-plan';
import { localDateSchema } from '../core/time/local-date';
import { localizedTemplateSchema } from './templates/message-template';

/** "HH:MM", 24-hour, in the tenant's zone. */
const localTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time as HH:MM such as 09:00');

/** Days of the week as written in config. */
export const weekdaySchema = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof weekdaySchema>;

/**
 * `dispatch:` in a tenant file (or under `defaults:` in firm.yaml): how planned actions go out.
 * Channel blocks are checked by each channel's own schema when dispatch starts (connectors/email, ...).
 */
export const dispatchSettingsSchema = z
  .object({
    /** Customer messages go out only between these local times (ERP write-backs are not held). */
    businessHours: z
      .object({ /** First minute a message may leave. */ start: localTimeSchema.default('09:00'), /** No message from this minute on. */ end: localTimeSchema.default('18:00') })
      .strict()
      .prefault({}),
    /** The days customer messages may leave. */
    workingDays: z.array(weekdaySchema).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    /** Public holidays and closures (YYYY-MM-DD): nothing goes to customers on these days. */
    daysOff: z.array(localDateSchema).default([]),
    /** At most this many messages per channel in any hour; the rest wait for a later run. */
    ratePerHour: z.partialRecord(channelSchema, z.number().int().positive()).default({}),
    /** Settings per channel (`email`, `sms`, `webhook`, `letter`); secrets as env:NAME or file:path. */
    channels: z.partialRecord(z.enum(['email', 'sms', 'webhook', 'letter']), z.record(z.string(), z.unknown())).default({}),
    /** Which source receives ERP write-backs (notes, activities, call tasks); the customer's own source when left out. */
    writeBackSource: z.string().optional(),
    /** The sender customers see in messages. */
    sender: z
      .object({
        /** Person or department signing the reminders. */
        name: z.string().min(1).default('Service comptabilité clients'),
        /** Contact email printed in messages. */
        email: z.string().default(''),
        /** Contact phone printed in messages. */
        phone: z.string().default(''),
        /** Postal address, for letters. */
        address: z.string().default(''),
      })
      .strict()
      .prefault({}),
    /** Language of customers whose language the ERP does not know. */
    defaultLanguage: z.string().regex(/^[a-z]{2}$/).default('fr'),
    /** Payment link, with {{customer.ref}}, {{action.id}}, {{totals.amount}} (decimal) filled in and URL-encoded. */
    paymentLink: z.string().url().optional(),
    /** Late-payment penalty rate as printed in the formal notice. */
    penaltyRate: z.string().default("trois fois le taux d'intérêt légal"),
    /** Attach the statement of account as a PDF to emails. */
    attachStatement: z.boolean().default(true),
    /** Template overrides by id and language; the built-in French and English ones otherwise. */
    templates: z.record(planIdSchema, localizedTemplateSchema).default({}),
  })
  .strict();
export type DispatchSettings = z.infer<typeof dispatchSettingsSchema>;
