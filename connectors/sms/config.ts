import { z } from 'zod';
import { secretRefSchema } from '../../core/secret';

/** Settings every SMS provider shares. */
const common = {
  /** The sender the customer sees: a phone number in E.164 or an alphanumeric sender id. */
  from: z.string().min(1),
  /** Give up waiting for the provider after this many milliseconds (the outcome is then unknown). */
  timeoutMs: z.number().int().positive().default(15_000),
};

/** Twilio's Messages API: form-encoded To/From/Body, basic auth with the account SID and auth token. */
export const twilioSmsConfigSchema = z
  .object({
    provider: z.literal('twilio'),
    /** The account SID (AC...), the login of the basic auth. */
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected a Twilio account SID such as AC0123... (34 characters)'),
    /** The auth token, as env:NAME or file:path. */
    authToken: secretRefSchema,
    /** API root; changed only to reach a regional edge or a test double. */
    baseUrl: z.url().default('https://api.twilio.com'),
    ...common,
  })
  .strict();

/** Any provider with an HTTP API: one request per message, built from a template. */
export const genericSmsConfigSchema = z
  .object({
    provider: z.literal('generic'),
    /** The provider's send endpoint. */
    url: z.url(),
    /** HTTP method of the send request. */
    method: z.enum(['POST', 'PUT']).default('POST'),
    /** Authentication as one header whose value is a secret (with an optional prefix such as "Bearer "). */
    auth: z
      .object({
        /** Header name, such as Authorization or X-API-Key. */
        header: z.string().min(1).default('Authorization'),
        /** Written before the secret in the header value, such as "Bearer ". */
        prefix: z.string().default(''),
        /** The key or token, as env:NAME or file:path. */
        secret: secretRefSchema,
      })
      .strict()
      .optional(),
    /** How the body is encoded. */
    encoding: z.enum(['json', 'form']).default('json'),
    /** The body's fields; {to}, {text} and {from} in a value are replaced by the message's. */
    body: z.record(z.string(), z.string()).refine((b) => Object.values(b).some((v) => v.includes('{text}')), 'the body template must contain {text}'),
    /** Top-level field of the provider's JSON answer holding its message id. */
    idField: z.string().default('id'),
    /** How the provider says the recipient has opted out (replied STOP): a text its error answer contains. */
    optOutMarker: z.string().min(1).optional(),
    ...common,
  })
  .strict();

/** `dispatch.channels.sms`: a named provider or the generic HTTP shape. */
export const smsConfigSchema = z.discriminatedUnion('provider', [twilioSmsConfigSchema, genericSmsConfigSchema]);
export type SmsConfig = z.infer<typeof smsConfigSchema>;
export type TwilioSmsConfig = z.infer<typeof twilioSmsConfigSchema>;
export type GenericSmsConfig = z.infer<typeof genericSmsConfigSchema>;
