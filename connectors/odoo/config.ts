import { z } from 'zod';
import { secretRefSchema } from '../../core/secret';

/** Which wire protocol to speak: `auto` probes the server (JSON-2 on 19+, JSON-RPC before). */
export const odooProtocolSchema = z.enum(['auto', 'json-rpc', 'json-2']);
export type OdooProtocolChoice = z.infer<typeof odooProtocolSchema>;

/** The Odoo series this connector knows field by field. */
export const odooVersionSchema = z.union([z.literal(16), z.literal(17), z.literal(18), z.literal(19)]);
export type OdooVersion = z.infer<typeof odooVersionSchema>;

/** The `connection` block of an Odoo source. */
export const odooConfigSchema = z
  .object({
    /** Base URL of the Odoo server, e.g. https://acme.odoo.com (no trailing path). */
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), 'expected an http:// or https:// URL')
      .transform((u) => u.replace(/\/+$/, '')),
    /** Database name (sent as X-Odoo-Database on JSON-2, as the first execute_kw argument on JSON-RPC). */
    database: z.string().min(1),
    /** Login of the bot user (usually an email); the API key belongs to this user. */
    username: z.string().min(1),
    /** The user's API key, as env:NAME or file:path; never written in config. */
    apiKey: secretRefSchema,
    /** Wire protocol: auto (probe), json-rpc (/jsonrpc, 16–19) or json-2 (/json/2, 19+). */
    protocol: odooProtocolSchema.default('auto'),
    /** Odoo major version, to skip the probe; detected when absent. */
    version: odooVersionSchema.optional(),
    /** Companies to read, one pass each (company-dependent fields are read per company); all of the user's when absent. */
    companyIds: z.array(z.number().int().positive()).min(1).optional(),
    /** Records read per call (one page of a stream). */
    pageSize: z.number().int().min(1).max(5000).default(500),
    /** Minutes re-read before the saved write_date watermark, for transactions that committed late. */
    overlapMinutes: z.number().int().min(1).max(24 * 60).default(10),
    /** Timeout of one HTTP request, in milliseconds. */
    timeoutMs: z.number().int().positive().default(120_000),
    /** Retries of one call after a transient failure (never after an auth or config error). */
    maxRetries: z.number().int().min(0).max(20).default(4),
    /** First backoff delay between retries, in milliseconds; doubles on each retry. */
    retryBaseDelayMs: z.number().int().min(0).default(1_000),
    /** Longest Retry-After (ms) the connector waits inside a run; longer asks fail the call as rate-limited. */
    maxRetryAfterMs: z.number().int().min(0).default(120_000),
  })
  .strict();

export type OdooConfig = z.infer<typeof odooConfigSchema>;
export type OdooConfigInput = z.input<typeof odooConfigSchema>;
