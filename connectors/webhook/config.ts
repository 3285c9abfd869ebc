import { z } from 'zod';
import { secretRefSchema } from '../../core/secret';

/** `dispatch.channels.webhook`: where the tenant's system receives each reminder as signed JSON. */
export const webhookConfigSchema = z
  .object({
    /** The receiving endpoint (https in production: the body names customers and amounts). */
    url: z.url(),
    /** Shared secret of the HMAC-SHA256 signature, as env:NAME or file:path. */
    secret: secretRefSchema,
    /** Give up waiting for an answer after this many milliseconds (the outcome is then unknown). */
    timeoutMs: z.number().int().positive().default(15_000),
    /** Retries after the first attempt on a 5xx, 408, 429 or a connection that could not be opened. */
    retries: z.number().int().min(0).max(10).default(3),
    /** First wait between attempts (ms), doubled each time. */
    retryDelayMs: z.number().int().min(0).default(1_000),
  })
  .strict();
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;
