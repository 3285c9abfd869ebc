import { z } from 'zod';
import { secretRefSchema } from '../../core/secret';

/** `dispatch.channels.email`: the tenant's SMTP relay and the sender its customers see. */
export const emailConfigSchema = z
  .object({
    /** SMTP host name. */
    host: z.string().min(1),
    /** SMTP port: 587 (submission, STARTTLS), 465 (implicit TLS) or 25. */
    port: z.number().int().min(1).max(65535).default(587),
    /** Implicit TLS from the first byte (port 465). */
    secure: z.boolean().default(false),
    /** Refuse to send unless the server upgrades with STARTTLS; on by default so a password never crosses in clear. */
    requireTLS: z.boolean().default(true),
    /** TLS checks. */
    tls: z
      .object({
        /** Verify the server's certificate; turn off only for a relay with a private CA you cannot install. */
        rejectUnauthorized: z.boolean().default(true),
        /** Name to verify the certificate against when it differs from `host`. */
        servername: z.string().optional(),
      })
      .strict()
      .prefault({}),
    /** SMTP AUTH; left out for a relay that trusts the network. */
    auth: z
      .object({
        /** Login. */
        user: z.string().min(1),
        /** Password, as env:NAME or file:path. */
        pass: secretRefSchema,
      })
      .strict()
      .optional(),
    /** The sender of the tenant's reminders. */
    from: z.object({ /** Display name. */ name: z.string().min(1).optional(), /** Address. */ address: z.email() }).strict(),
    /** Where replies go, when not to `from`. */
    replyTo: z.email().optional(),
    /** A copy of every reminder for the tenant's archive. */
    bcc: z.email().optional(),
    /** Give up on a silent server after this many milliseconds. */
    timeoutMs: z.number().int().positive().default(30_000),
  })
  .strict();
export type EmailConfig = z.infer<typeof emailConfigSchema>;
